"""Reading TV Time's GDPR export (issue 19): only the named files are read, shows are grouped
by TVDB id, specials and films are left out and counted, and every bad file is refused with
the file and the reason."""

import csv
import io
import os
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.imports import tvtime
from app.imports.history import History, ImportRefused
from tests.imports.hostile_zips import fixture, make_zip, spy_opens, with_encrypted_flag

MB = 1024 * 1024
WATCHED = "Tracking-Prod-Records-V2.csv"


def export(*extra, watched=True, followed=True, votes=True, folder="TV Time GDPR/"):
    """A realistic export: the fixture files under names spelt as exports spell them, and
    the account files that must never be read (booby-trapped: not even UTF-8)."""
    members = [(folder, b"")]
    if watched:
        members.append((folder + WATCHED, fixture("tvtime", "tracking-prod-records-v2.csv")))
    if followed:
        members.append((folder + "Followed_TV_Show.csv", fixture("tvtime", "followed_tv_show.csv")))
        members.append(
            (folder + "user-tv-show-data.csv", fixture("tvtime", "user_tv_show_data.csv"))
        )
    if votes:
        votes_file = fixture("tvtime", "ratings3-prod-episode-votes.csv")
        members.append((folder + "ratings3-prod-episode-votes.csv", votes_file))
    members += [
        (folder + "login_history.csv", b"\xff\xfe\x00password_hash\x00\x80\x81"),
        (folder + "access_token.csv", b"token,\xc3\x28\n"),
        (folder + "user_password.csv", b"\x80" * 64),
    ]
    return make_zip(members + list(extra))


def by_title(history: History) -> dict:
    return {show.title: show for show in history.shows}


def test_export_gives_shows_grouped_with_seasons_plays_and_dates(monkeypatch):
    opened = spy_opens(monkeypatch)
    history = tvtime.parse(export(), "tvtime-export.zip")
    assert history.source == "tvtime"
    assert [show.title for show in history.shows] == [
        "Crash Landing on You",
        "Hospital Playlist",
        "Move to Heaven",
        "나의 아저씨",
        'Love, Death & Robots "Volume" One',
        "Signal",
        "Itaewon Class",
    ]
    shows = by_title(history)
    cloy = shows["Crash Landing on You"]
    assert (cloy.seasons, cloy.plays, cloy.ids) == ({1: 9}, 10, {"tvdb": "368049"})
    assert (cloy.first_watched, cloy.last_watched) == (
        "2020-02-02T21:01:00Z",
        "2023-12-24T20:00:00Z",
    )
    assert cloy.followed is True and cloy.score is None and cloy.episode_ratings == {}
    playlist = shows["Hospital Playlist"]
    assert (playlist.seasons, playlist.plays, playlist.followed) == ({1: 12, 2: 4}, 17, False)
    assert playlist.last_watched == "2024-01-05T12:00:00Z"  # the rewatch of episode 1
    heaven = shows["Move to Heaven"]
    assert (heaven.seasons, heaven.plays, heaven.followed) == ({1: 10}, 10, True)
    assert heaven.first_watched == "2021-05-14T01:00:00Z"
    assert shows["나의 아저씨"].seasons == {1: 3}
    for title in ("Signal", "Itaewon Class"):
        assert (shows[title].seasons, shows[title].plays, shows[title].followed) == ({}, 0, True)
    assert "Kingdom" not in shows and "Squid Game" not in shows  # no longer followed
    assert history.skipped == [
        "1 special episode play skipped: season 0 holds specials, which we do not count",
        "1 play of episodes numbered 0 skipped: TV Time lost their numbers",
        "1 film play skipped: films are not shows",
        "episode votes not imported: TV Time's votes have no scale we can map",
    ]
    assert sorted(opened) == [
        "TV Time GDPR/Followed_TV_Show.csv",
        "TV Time GDPR/Tracking-Prod-Records-V2.csv",
        "TV Time GDPR/user-tv-show-data.csv",
    ]


def test_account_files_are_never_opened_even_when_damaged(monkeypatch):
    opened = spy_opens(monkeypatch)
    history = tvtime.parse(export(), "tvtime.zip")
    assert history.shows
    assert not [name for name in opened if "login" in name or "token" in name or "pass" in name]


def test_votes_note_only_when_the_votes_file_is_there():
    history = tvtime.parse(export(votes=False), "tvtime.zip")
    assert not [line for line in history.skipped if "votes" in line]


def test_newest_watched_file_wins_and_the_older_ones_are_not_read(monkeypatch):
    data = export(
        ("TV Time GDPR/watched_on_episode.csv", fixture("tvtime", "watched_on_episode.csv"))
    )
    opened = spy_opens(monkeypatch)
    history = tvtime.parse(data, "tvtime.zip")
    assert "Prison Playbook" not in by_title(history)
    assert "TV Time GDPR/watched_on_episode.csv" not in opened


def test_older_watched_file_with_columns_in_another_order_and_no_bom():
    data = make_zip([("watched_on_episode.csv", fixture("tvtime", "watched_on_episode.csv"))])
    history = tvtime.parse(data, "tvtime.zip")
    shows = by_title(history)
    assert list(shows) == ["Prison Playbook", "Signal"]
    playbook = shows["Prison Playbook"]
    assert (playbook.seasons, playbook.plays, playbook.ids) == ({1: 5}, 5, {})
    assert playbook.first_watched == "2018-04-01T21:00:00Z"
    assert history.skipped == [
        "1 special episode play skipped: season 0 holds specials, which we do not count"
    ]


def test_followed_files_alone_give_followed_shows_with_nothing_watched():
    history = tvtime.parse(export(watched=False, votes=False), "tvtime.zip")
    assert [(s.title, s.seasons, s.followed) for s in history.shows] == [
        ("Crash Landing on You", {}, True),
        ("Signal", {}, True),
        ("Move to Heaven", {}, True),
        ("Itaewon Class", {}, True),
    ]


def test_watched_file_uploaded_alone_is_read():
    data = fixture("tvtime", "tracking-prod-records-v2.csv")
    history = tvtime.parse(data, "tracking-prod-records-v2.csv")
    assert by_title(history)["Hospital Playlist"].seasons == {1: 12, 2: 4}


def test_rows_without_ids_group_by_name_and_borrow_an_id_another_row_gave():
    rows = (
        "series_name,season_number,episode_number,s_id,created_at\n"
        "Signal,1,1,,2016-01-22\n"
        "Signal,1,2,305288,2016-01-23\n"
        "Run On,1,1,,\n"
        "run on,1,4,,not a date\n"
    )
    history = tvtime.parse(make_zip([(WATCHED, rows)]), "tvtime.zip")
    signal, run_on = history.shows
    assert (signal.ids, signal.seasons, signal.plays) == ({"tvdb": "305288"}, {1: 2}, 2)
    assert signal.first_watched == "2016-01-22T00:00:00Z"
    assert (run_on.title, run_on.seasons, run_on.first_watched) == ("Run On", {1: 4}, None)


def test_rows_without_numbers_or_names_are_skipped_and_counted():
    rows = (
        "key,series_name,season_number,episode_number\n"
        "watch-episode-1,Signal,1,3\n"
        "watch-episode-2,Signal,,\n"
        "watch-episode-3,,1,2\n"
        "user-series-9,Signal,,\n"
        "tracking-stats,,,\n"
    )
    history = tvtime.parse(make_zip([(WATCHED, rows)]), "tvtime.zip")
    assert [(s.title, s.seasons) for s in history.shows] == [("Signal", {1: 3})]
    assert history.skipped == [
        "1 row without a season or episode number skipped",
        "1 row without a show name skipped",
    ]


@pytest.mark.parametrize(
    "data",
    [
        make_zip([("readme.csv", "hello\n")]),
        make_zip([("Unspoiled/export.csv", "a,b\n")]),
    ],
)
def test_zip_without_the_expected_files_says_which_files_are_expected(data):
    with pytest.raises(ImportRefused) as refused:
        tvtime.parse(data, "tvtime.zip")
    message = str(refused.value)
    assert message.startswith("This zip holds none of the TV Time files we read")
    for name in ("tracking-prod-records-v2.csv", "watched_on_episode.csv", "followed_tv_show.csv"):
        assert name in message


def test_non_csv_member_is_refused():
    with pytest.raises(ImportRefused, match="holds 'TV Time GDPR/avatar.png', which is not an"):
        tvtime.parse(export(("TV Time GDPR/avatar.png", b"\x89PNG")), "tvtime.zip")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a zip archive"),
        (b"<html>Sign in to TV Time</html>", "not a zip archive"),
        (make_zip([]), "This zip archive is empty"),
        (export()[:2000], "not a zip archive, or it is damaged"),
        (with_encrypted_flag(export()), "This export is password-protected"),
    ],
)
def test_hostile_or_broken_uploads_are_refused(data, message):
    with pytest.raises(ImportRefused, match=message):
        tvtime.parse(data, "tvtime.zip")


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("s_id,season_number,episode_number", "series_name"),
        ("series_name,episode_number,created_at", "season_number"),
        ("series_name,season_number", "episode_number"),
    ],
)
def test_missing_required_column_names_the_file_and_the_column(header, column):
    data = make_zip([(WATCHED, f"{header}\n1,2,3\n")])
    with pytest.raises(
        ImportRefused, match=f"^{WATCHED} has no {column} column: this is not the TV Time file"
    ):
        tvtime.parse(data, "tvtime.zip")


def test_missing_followed_column_names_the_file():
    data = make_zip([("followed_tv_show.csv", "tv_show_id,tv_show_name\n1,Signal\n")])
    with pytest.raises(ImportRefused, match="^followed_tv_show.csv has no active column"):
        tvtime.parse(data, "tvtime.zip")


def test_invalid_utf8_is_refused_naming_the_file():
    rows = b"series_name,season_number,episode_number\nSignal,1,1\n" + b"\xc3\x28,1,2\n"
    with pytest.raises(ImportRefused, match=f"^{WATCHED} is not UTF-8 text .*position 52[)]"):
        tvtime.parse(make_zip([(WATCHED, rows)]), "tvtime.zip")


def test_number_that_is_not_a_number_is_refused_with_its_line():
    rows = "series_name,season_number,episode_number\nSignal,1,1\nSignal,one,2\n"
    with pytest.raises(
        ImportRefused, match=f"^{WATCHED}, line 3: season number 'one' is not a whole number"
    ):
        tvtime.parse(make_zip([(WATCHED, rows)]), "tvtime.zip")


def test_unreadable_csv_is_refused_with_its_line():
    """A quote that never closes swallows the rest of the file into one field."""
    rows = (
        'series_name,season_number,episode_number\nSignal,1,1\n"Signal,1,2\n' + "S,1,3\n" * 30_000
    )
    with pytest.raises(ImportRefused, match=f"^{WATCHED}, line 3: not readable as CSV"):
        tvtime.parse(make_zip([(WATCHED, rows)]), "tvtime.zip")


def test_25_mb_of_junk_is_refused():
    junk = os.urandom(25 * MB).translate(bytes(b"abcdefgh,\n"[i % 10] for i in range(256)))
    with pytest.raises(ImportRefused, match=f"^{WATCHED} has no series_name column"):
        tvtime.parse(make_zip([(WATCHED, junk)], level=1), "tvtime.zip")


def test_file_that_only_has_nothing_to_import_is_refused_with_what_was_skipped():
    rows = "series_name,season_number,episode_number\nSignal,0,1\n"
    with pytest.raises(
        ImportRefused,
        match=r"no watched episodes and no followed shows \(1 special episode play skipped",
    ):
        tvtime.parse(make_zip([(WATCHED, rows)]), "tvtime.zip")


def test_file_names_with_a_service_prefix_are_found():
    """Exports spell names with prefixes too ("tvtime-…", "TVTIME_…"): matched by their end."""
    rows = fixture("tvtime", "tracking-prod-records-v2.csv")
    followed = fixture("tvtime", "followed_tv_show.csv")
    data = make_zip([("x/tvtime-" + WATCHED, rows), ("x/TVTIME_followed_tv_show.csv", followed),
                     ("x/tvtime-login_history.csv", b"\x80" * 8)])  # fmt: skip
    expected = tvtime.parse(export(votes=False), "tvtime.zip")
    history = tvtime.parse(data, "tvtime.zip")
    assert {s.title for s in history.shows} >= {s.title for s in expected.shows if s.seasons}
    assert any(s.followed for s in history.shows)


def test_two_candidate_watched_files_are_refused():
    rows = fixture("tvtime", "tracking-prod-records-v2.csv")
    data = make_zip([("a/" + WATCHED, rows), ("b/tracking_prod_records_v2.csv", rows)])
    with pytest.raises(ImportRefused, match="two files that could be tracking-prod-records-v2"):
        tvtime.parse(data, "tvtime.zip")


def test_history_round_trips_through_json():
    history = tvtime.parse(export(), "tvtime.zip")
    assert History.from_json(history.to_json()) == history


ROWS = st.lists(
    st.tuples(
        st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=12),
        st.integers(0, 3),
        st.integers(1, 30),
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(rows=ROWS)
def test_any_watched_file_round_trips_and_counts_every_play(rows):
    """Property: whatever the titles (quotes, commas, any script), the History survives JSON
    and accounts for every row: each non-special play counted once, under its show."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["created_at", "series_name", "season_number", "episode_number"])
    writer.writerows(
        (when.isoformat(), name, season, number) for name, season, number, when in rows
    )
    watched = [row for row in rows if row[0].strip() and row[1] > 0]
    if not watched:
        return
    history = tvtime.parse(make_zip([(WATCHED, text.getvalue())]), "tvtime.zip")
    assert History.from_json(history.to_json()) == history
    assert sum(show.plays for show in history.shows) == len(watched)
    for show in history.shows:
        mine = [r for r in watched if r[0].strip().casefold() == show.title.casefold()]
        assert show.seasons == {s: max(n for _, s2, n, _ in mine if s2 == s) for _, s, _, _ in mine}
