"""Matching a history's shows with the catalogue (issue 19): by slug, titles, year, and
seasons with catalogue entries of their own."""

from app.imports.history import History, WatchedShow
from app.imports.matching import Catalogue, propose


def matched(*shows: WatchedShow):
    return propose(History(source="trakt", shows=list(shows)), Catalogue.load())


def test_title_matches_ignoring_case_spaces_and_punctuation(make_show):
    show = make_show("Move to Heaven", year=2021)
    [item] = matched(WatchedShow(title="MOVE-TO heaven!", seasons={1: 4}))
    assert item.kind == "matched"
    assert item.proposed.id == show.id
    assert item.episodes == 4


def test_native_and_alternative_titles_match(make_show):
    show = make_show("Stranger", native_title="비밀의 숲", alt_titles=["Secret Forest"])
    by_alt, by_native = matched(
        WatchedShow(title="Secret Forest", seasons={1: 3}),
        WatchedShow(title="Unknown English", native_title="비밀의 숲", seasons={1: 2}),
    )
    assert by_alt.proposed.id == show.id
    assert by_native.proposed.id == show.id


def test_slug_wins_over_titles(make_show):
    make_show("Signal", slug="signal")
    ours = make_show("Signal", slug="signal-2018", year=2018)
    [item] = matched(WatchedShow(title="Signal", slug="signal-2018", episodes_watched=5))
    assert (item.kind, item.proposed.id, item.episodes) == ("matched", ours.id, 5)


def test_year_narrows_same_titles_with_one_year_tolerance(make_show):
    make_show("Signal", year=2016)
    remake = make_show("Signal", year=2018)
    exact, near, plain = matched(
        WatchedShow(title="Signal", year=2018, seasons={1: 1}),
        WatchedShow(title="Signal", year=2019, seasons={1: 1}),
        WatchedShow(title="Signal", seasons={1: 1}),
    )
    assert exact.kind == "matched" and exact.proposed.id == remake.id
    assert near.kind == "matched" and near.proposed.id == remake.id
    assert plain.kind == "choose" and len(plain.candidates) == 2
    assert plain.proposed is None


def test_title_of_another_year_is_offered_not_taken(make_show):
    show = make_show("Kingdom", year=2019)
    [item] = matched(WatchedShow(title="Kingdom", year=2008, seasons={1: 2}))
    assert item.kind == "choose"
    assert [entry.id for entry in item.candidates] == [show.id]


def test_unknown_show_has_no_candidates(make_show):
    make_show("Run On")
    [item] = matched(WatchedShow(title="Completely Unknown", seasons={1: 2}))
    assert (item.kind, item.candidates, item.proposed) == ("unknown", (), None)


def test_seasons_count_in_one_sequence_without_season_entries(make_show):
    make_show("Kingdom", episodes=12)
    [item] = matched(WatchedShow(title="Kingdom", seasons={1: 6, 2: 4}))
    assert item.episodes == 10
    assert item.watched_text == "S1 6, S2 4 -> episode 10"


def test_season_with_its_own_entry_maps_onto_it(make_show):
    first = make_show("Hospital Playlist", episodes=12, year=2020)
    second = make_show("Hospital Playlist 2", episodes=12, year=2021)
    s1, s2 = matched(WatchedShow(title="Hospital Playlist", year=2020, seasons={1: 12, 2: 4}))
    assert (s1.key, s1.proposed.id, s1.episodes, s1.seasons) == ("0", first.id, 12, (1,))
    assert (s2.key, s2.proposed.id, s2.episodes, s2.seasons) == ("0-s2", second.id, 4, (2,))
    assert s1.primary and not s2.primary
    assert s2.label == "Hospital Playlist (season 2)"


def test_season_entry_found_by_alternative_title_and_later_seasons_follow_it(make_show):
    make_show("Wise Doctor Life", episodes=12)
    second = make_show("Second Run", episodes=20, alt_titles=["Wise Doctor Life: Season 2"])
    s1, rest = matched(WatchedShow(title="Wise Doctor Life", seasons={1: 12, 2: 10, 3: 5}))
    assert s1.episodes == 12
    assert (rest.proposed.id, rest.seasons, rest.episodes) == (second.id, (2, 3), 15)
    assert rest.episode_of("3:2") == 12
    assert rest.episode_of("1:2") is None
    assert s1.episode_of("1:2") == 2


def test_catalogue_is_read_in_one_query(make_show, count_queries):
    for number in range(5):
        make_show(f"Show number {number}")
    shows = [WatchedShow(title=f"Show number {n}", seasons={1: 1, 2: 1}) for n in range(5)]
    with count_queries() as counter:
        items = matched(*shows)
    assert len(items) == 5 and all(item.kind == "matched" for item in items)
    assert counter.count == 1
