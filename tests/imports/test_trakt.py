"""Reading Trakt's JSON export (issue 19): plays grouped by show, ratings kept exactly, films
and specials left out and counted, every bad file refused with where and why."""

import json

import pytest

from app.imports import trakt
from app.imports.history import History, ImportRefused
from tests.imports.hostile_zips import fixture, make_zip, spy_opens

CLOY = {
    "title": "Crash Landing on You",
    "year": 2019,
    "ids": {"trakt": 152971, "slug": "crash-landing-on-you", "tvdb": 368049, "imdb": "tt10850932"},
}


def play(season=1, number=1, show=CLOY, **extra):
    return {
        "id": 1,
        "watched_at": "2020-02-02T13:01:00.000Z",
        "action": "watch",
        "type": "episode",
        "episode": {"season": season, "number": number, "title": "Episode", "ids": {}},
        "show": show,
        **extra,
    }


def as_file(items) -> bytes:
    return json.dumps(items).encode()


def by_title(history: History) -> dict:
    return {show.title: show for show in history.shows}


def test_watched_history_alone_gives_shows_seasons_plays_and_dates():
    history = trakt.parse(fixture("trakt", "watched-history.json"), "watched-history.json")
    assert history.source == "trakt"
    shows = by_title(history)
    assert sorted(shows) == [
        "Crash Landing on You",
        "Guardian: The Lonely and Great God",
        "Hospital Playlist",
        "Twenty-Five Twenty-One “2521”",
    ]
    cloy = shows["Crash Landing on You"]
    assert (cloy.seasons, cloy.plays, cloy.year) == ({1: 16}, 17, 2019)  # the finale twice
    assert (cloy.first_watched, cloy.last_watched) == (
        "2020-02-02T13:01:00Z",
        "2024-02-14T20:00:00Z",
    )
    assert cloy.ids == {
        "trakt": "152971",
        "slug": "crash-landing-on-you",
        "tvdb": "368049",
        "imdb": "tt10850932",
        "tmdb": "94796",
    }
    playlist = shows["Hospital Playlist"]
    assert (playlist.seasons, playlist.plays) == ({1: 12, 2: 6}, 18)
    goblin = shows["Guardian: The Lonely and Great God"]
    assert goblin.ids == {
        "slug": "guardian-the-lonely-and-great-god",
        "tvdb": "318719",
        "tmdb": "67915",
    }
    assert shows["Twenty-Five Twenty-One “2521”"].ids == {}
    assert all(show.score is None and not show.followed for show in history.shows)
    assert history.skipped == [
        "1 special episode play skipped: season 0 holds specials, which we do not count",
        "1 film play skipped: films are not shows",
    ]


def test_ratings_file_alone_is_told_apart_by_content():
    history = trakt.parse(fixture("trakt", "ratings-shows.json"), "export (2).json")
    assert [(s.title, s.score, s.seasons, s.plays) for s in history.shows] == [
        ("Crash Landing on You", 9.0, {}, 0),
        ("Move to Heaven", 10.0, {}, 0),
        ("My Mister", 8.0, {}, 0),
    ]
    assert all(isinstance(show.score, float) for show in history.shows)


def test_episode_ratings_file_alone_keeps_season_and_number():
    history = trakt.parse(fixture("trakt", "ratings-episodes.json"), "ratings-episodes.json")
    shows = by_title(history)
    assert shows["Crash Landing on You"].episode_ratings == {"1:16": 10.0}
    assert shows["Hospital Playlist"].episode_ratings == {"2:1": 8.0}
    assert history.skipped == ["1 rating of special episodes skipped: season 0 holds specials"]


def test_zip_of_the_export_merges_plays_and_ratings_and_reads_nothing_else(monkeypatch):
    data = make_zip(
        [
            ("trakt-export/", b""),
            ("trakt-export/Watched-History.json", fixture("trakt", "watched-history.json")),
            ("trakt-export/ratings-shows.json", fixture("trakt", "ratings-shows.json")),
            ("trakt-export/ratings_episodes.json", fixture("trakt", "ratings-episodes.json")),
            ("trakt-export/user-profile.json", b'{"token": "\xff\xfe never read'),
            ("trakt-export/lists-watchlist.json", b"[not json"),
        ]
    )
    opened = spy_opens(monkeypatch)
    history = trakt.parse(data, "trakt.zip")
    assert sorted(opened) == [
        "trakt-export/Watched-History.json",
        "trakt-export/ratings-shows.json",
        "trakt-export/ratings_episodes.json",
    ]
    shows = by_title(history)
    cloy = shows["Crash Landing on You"]
    assert (cloy.seasons, cloy.score, cloy.episode_ratings) == ({1: 16}, 9.0, {"1:16": 10.0})
    assert (shows["Move to Heaven"].score, shows["Move to Heaven"].seasons) == (10.0, {})
    assert shows["Hospital Playlist"].episode_ratings == {"2:1": 8.0}
    assert len(history.shows) == 6
    assert len(history.skipped) == 3


def test_zip_without_trakt_files_is_refused():
    data = make_zip([("user-profile.json", b"{}")])
    with pytest.raises(ImportRefused, match="holds none of the Trakt files we read: watched-hist"):
        trakt.parse(data, "trakt.zip")


def test_zip_with_a_non_json_member_is_refused():
    data = make_zip([("watched-history.json", b"[]"), ("history.csv", b"a,b")])
    with pytest.raises(ImportRefused, match="holds 'history.csv', which is not an export file"):
        trakt.parse(data, "trakt.zip")


def test_shows_group_by_trakt_id_then_slug_then_title_and_year():
    renamed = {**CLOY, "title": "Crash Landing On You (2019)"}
    by_slug = {"title": "Signal", "year": 2016, "ids": {"trakt": None, "slug": "signal"}}
    first = {"title": "Kingdom", "year": 2019, "ids": {}}
    remake = {"title": "Kingdom", "year": 2029}
    items = [play(1, 2, renamed), play(1, 1), play(1, 3, by_slug), play(1, 4, by_slug)]
    items += [play(1, 1, first), play(2, 1, remake)]
    history = trakt.parse(as_file(items), "watched-history.json")
    assert [(s.title, s.year, s.seasons) for s in history.shows] == [
        ("Crash Landing On You (2019)", 2019, {1: 2}),
        ("Signal", 2016, {1: 4}),
        ("Kingdom", 2019, {1: 1}),
        ("Kingdom", 2029, {2: 1}),
    ]


def test_extra_or_missing_optional_fields_are_fine():
    show = {"title": "Signal", "year": "2016", "ids": "none", "network": "tvN"}
    item = play(1, 5, show, watched_at=None, progress=100, sharing={"twitter": False})
    del item["id"]
    [signal] = trakt.parse(as_file([item]), "watched-history.json").shows
    assert (signal.title, signal.year, signal.ids, signal.seasons) == ("Signal", None, {}, {1: 5})
    assert signal.first_watched is None


def test_bom_is_accepted():
    data = b"\xef\xbb\xbf" + as_file([play()])
    assert trakt.parse(data, "watched-history.json").shows[0].seasons == {1: 1}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"watched_at": ', r"^history.json is not valid JSON \(line 1, column 17: Expecting"),
        (b"\xff\xfe[]", r"^history.json is not UTF-8 text"),
        (b'{"history": []}', r"^history.json should hold a list of plays or ratings, not an obj"),
        (b"[]", r"^history.json holds neither Trakt plays .* nor ratings"),
        (b"[1, 2]", r"^history.json holds neither Trakt plays"),
        (b"[" * 100_000 + b"]" * 100_000, r"^history.json is nested too deeply"),
    ],
)
def test_unreadable_files_are_refused(data, message):
    with pytest.raises(ImportRefused, match=message):
        trakt.parse(data, "history.json")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"show": {"year": 2019}}, "item 2: no show title"),
        ({"show": {"title": "  "}}, "item 2: no show title"),
        ({"show": "Signal"}, "item 2: no show"),
        ({"type": None}, "item 2: no type"),
        ({"episode": {"number": 3}}, "item 2: the episode has no season number"),
        ({"episode": {"season": 1, "number": "3"}}, "item 2: the episode has no episode number"),
        ({"episode": {"season": 1, "number": 0}}, "item 2: the episode has no episode number"),
        ({"episode": {"season": -1, "number": 2}}, "item 2: the episode has no season number"),
        ({"episode": {"season": True, "number": 2}}, "item 2: the episode has no season number"),
    ],
)
def test_plays_of_the_wrong_shape_are_refused_with_where(bad, message):
    items = [play(), {**play(), **bad}]
    with pytest.raises(ImportRefused, match=f"^watched-history.json, {message}"):
        trakt.parse(as_file(items), "watched-history.json")


def test_a_play_that_is_not_an_object_is_refused_with_where():
    with pytest.raises(ImportRefused, match="^watched-history.json, item 2: a string, where a"):
        trakt.parse(as_file([play(), "S01E02"]), "watched-history.json")


@pytest.mark.parametrize("rating", [0, 11, 7.5, "8", True, None, -3])
def test_ratings_that_are_not_whole_1_to_10_are_refused(rating):
    items = [
        {"rated_at": "2020-03-01T10:00:00.000Z", "rating": 9, "type": "show", "show": CLOY},
        {"rated_at": "2020-03-01T10:00:00.000Z", "rating": rating, "type": "show", "show": CLOY},
    ]
    with pytest.raises(
        ImportRefused,
        match=rf"^ratings-shows.json, item 2: rating {rating!r} is not a whole number from 1 to 10",
    ):
        trakt.parse(as_file(items), "ratings-shows.json")


def test_only_films_is_refused_with_what_was_skipped():
    film = {
        "watched_at": "2020-02-09T19:00:00.000Z",
        "type": "movie",
        "movie": {"title": "Parasite"},
    }
    with pytest.raises(
        ImportRefused,
        match=r"no episode plays and no show ratings \(1 film play skipped: films are not shows\)",
    ):
        trakt.parse(as_file([film]), "watched-history.json")


def test_history_round_trips_through_json():
    data = make_zip(
        [
            ("watched-history.json", fixture("trakt", "watched-history.json")),
            ("ratings-shows.json", fixture("trakt", "ratings-shows.json")),
            ("ratings-episodes.json", fixture("trakt", "ratings-episodes.json")),
        ]
    )
    history = trakt.parse(data, "trakt.zip")
    assert History.from_json(history.to_json()) == history
