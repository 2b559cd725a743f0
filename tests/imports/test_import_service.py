"""Writing an import (issue 19): progress only ever rises, clamped to the show; statuses
follow; scores only where the member has none; statistics stay exact; a bad file writes
nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.imports import service as imports
from app.imports.history import History, ImportRefused, WatchedShow
from app.models import EpisodeRating, HistoryImport, ProgressEvent, ShowStats, WatchEntry
from app.models.user import utcnow
from app.progress.rules import Progress
from app.progress.service import find_entry, save_entry
from app.scores.service import drifts
from tests.imports.flow_zips import tvtime_zip


def history(*shows: WatchedShow, source: str = "trakt") -> History:
    return History(source=source, shows=list(shows))


def run(user, hist: History) -> imports.Result:
    """Apply every confident match, as the command line does, and commit."""
    items = imports.matching.propose(hist, imports.matching.Catalogue.load())
    result = imports.apply(user, hist, imports.confident_choices(items), items=items)
    db.session.commit()
    return result


def entry_of(user, show) -> tuple[int, str, float | None] | None:
    db.session.expire_all()
    entry = find_entry(user.id, show.id)
    return (entry.episodes_watched, entry.status, entry.score) if entry else None


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_sets_progress_across_seasons_and_completes(make_user, make_show):
    member = make_user()
    kingdom = make_show("Kingdom", episodes=12)
    run_on = make_show("Run On", episodes=16)
    result = run(member, history(WatchedShow(title="Kingdom", seasons={1: 6, 2: 6}),
                                 WatchedShow(title="Run On", seasons={1: 5})))  # fmt: skip
    assert entry_of(member, kingdom) == (12, "completed", None)
    assert entry_of(member, run_on) == (5, "watching", None)
    assert result.summary() == "2 shows updated."
    assert drifts() == []


def test_import_never_lowers_progress(make_user, make_show):
    member = make_user()
    show = make_show("Run On", episodes=16)
    save_entry(member, show, Progress(10, "watching"))
    db.session.commit()
    result = run(member, history(WatchedShow(title="Run On", seasons={1: 4})))
    assert entry_of(member, show) == (10, "watching", None)
    assert (result.updated, result.already) == (0, 1)
    assert "1 already as far or further" in result.summary()


def test_import_clamps_to_episode_count(make_user, make_show):
    member = make_user()
    show = make_show("Hospital Playlist", episodes=12)
    run(member, history(WatchedShow(title="Hospital Playlist", seasons={1: 12, 2: 12})))
    assert entry_of(member, show) == (12, "completed", None)


def test_import_is_idempotent(make_user, make_show):
    member = make_user()
    show = make_show("Run On", episodes=16)
    hist = history(WatchedShow(title="Run On", seasons={1: 7}, score=8.0))
    first = run(member, hist)
    events = count(ProgressEvent)
    second = run(member, hist)
    assert (first.updated, first.scores) == (1, 1)
    assert (second.updated, second.already, second.scores) == (0, 1, 0)
    assert entry_of(member, show) == (7, "watching", 8.0)
    assert count(ProgressEvent) == events
    assert drifts() == []


def test_source_status_is_kept_with_imported_progress(make_user, make_show):
    member = make_user()
    dropped = make_show("Signal", episodes=16)
    held = make_show("Stranger", episodes=16)
    done_early = make_show("Kingdom", episodes=6)
    run(member, history(
        WatchedShow(title="Signal", episodes_watched=3, status="dropped"),
        WatchedShow(title="Stranger", episodes_watched=5, status="on_hold"),
        WatchedShow(title="Kingdom", episodes_watched=4, status="completed"),
        source="unspoiled",
    ))  # fmt: skip
    assert entry_of(member, dropped) == (3, "dropped", None)
    assert entry_of(member, held) == (5, "on_hold", None)
    # "completed" short of the last episode would open spoilers: watching, at 4.
    assert entry_of(member, done_early) == (4, "watching", None)


def test_followed_unwatched_show_is_planned_only_without_entry(make_user, make_show):
    member = make_user()
    new = make_show("Move to Heaven", episodes=10)
    dropped = make_show("Signal", episodes=16)
    save_entry(member, dropped, Progress(0, "dropped"))
    db.session.commit()
    run(member, history(WatchedShow(title="Move to Heaven", followed=True),
                        WatchedShow(title="Signal", followed=True), source="tvtime"))  # fmt: skip
    assert entry_of(member, new) == (0, "plan_to_watch", None)
    assert entry_of(member, dropped) == (0, "dropped", None)


def test_score_never_overwrites_and_counts_in_stats(app_settings, make_user, make_show):
    member = make_user()
    scored = make_show("Signal", episodes=16)
    unscored = make_show("Stranger", episodes=16)
    save_entry(member, scored, Progress(16, "completed"), score=6.0)
    db.session.commit()
    hist = history(WatchedShow(title="Signal", seasons={1: 16}, score=9.0),
                   WatchedShow(title="Stranger", seasons={1: 16}, score=7.0))  # fmt: skip
    result = run(member, hist)
    assert entry_of(member, scored) == (16, "completed", 6.0)
    assert entry_of(member, unscored) == (16, "completed", 7.0)
    assert result.scores == 1
    assert db.session.get(ShowStats, unscored.id).rating_count == 1
    assert drifts() == []


def test_banned_members_score_is_kept_but_not_counted(make_user, make_show):
    member = make_user()
    member.is_banned = True
    db.session.commit()
    show = make_show("Signal", episodes=16)
    run(member, history(WatchedShow(title="Signal", seasons={1: 16}, score=9.0,
                                    episode_ratings={"1:2": 8.0})))  # fmt: skip
    assert entry_of(member, show) == (16, "completed", 9.0)
    assert db.session.get(ShowStats, show.id).rating_count == 0
    assert count(EpisodeRating) == 0
    assert drifts() == []


def test_episode_ratings_within_new_progress_only(make_user, make_show):
    member = make_user()
    show = make_show("Kingdom", episodes=12)
    result = run(member, history(WatchedShow(
        title="Kingdom", seasons={1: 6, 2: 2},
        episode_ratings={"1:3": 8.0, "2:2": 9.5, "2:5": 10.0, "0:1": 7.0, "1:4": 7.3},
    )))  # fmt: skip
    rows = db.session.execute(select(EpisodeRating.episode, EpisodeRating.rating)).all()
    assert sorted(rows) == [(3, 8.0), (8, 9.5)]
    assert result.episode_ratings == 2
    assert entry_of(member, show)[0] == 8


def test_season_entry_gets_its_own_progress(make_user, make_show):
    member = make_user()
    first = make_show("Hospital Playlist", episodes=12)
    second = make_show("Hospital Playlist Season 2", episodes=12)
    run(member, history(WatchedShow(title="Hospital Playlist", seasons={1: 12, 2: 4})))
    assert entry_of(member, first) == (12, "completed", None)
    assert entry_of(member, second) == (4, "watching", None)


def test_skipped_and_ambiguous_shows_write_nothing(make_user, make_show):
    member = make_user()
    make_show("Signal", year=2016)
    make_show("Signal", year=2018)
    result = run(member, history(WatchedShow(title="Signal", seasons={1: 3}),
                                 WatchedShow(title="Nowhere", seasons={1: 3})))  # fmt: skip
    assert (result.updated, result.skipped) == (0, 2)
    assert count(WatchEntry) == 0


def test_a_chosen_show_gone_from_the_catalogue_refuses_everything(make_user, make_show):
    member = make_user()
    show = make_show("Run On", episodes=16)
    gone = make_show("Signal", episodes=16)
    hist = history(WatchedShow(title="Run On", seasons={1: 3}),
                   WatchedShow(title="Signal", seasons={1: 3}))  # fmt: skip
    with pytest.raises(ImportRefused, match="no longer in the catalogue"):
        imports.apply(member, hist, {"0": show.id, "1": gone.id + 1000})
    db.session.rollback()
    assert entry_of(member, show) is None


def test_stage_keeps_the_parsed_file_and_replaces_older_ones(make_user, demo_catalogue):
    member, other = make_user(), make_user()
    stale = HistoryImport(user_id=other.id, source="tvtime", payload="{}",
                          created_at=utcnow() - timedelta(days=2))  # fmt: skip
    db.session.add(stale)
    db.session.commit()
    data = tvtime_zip([("Run On", 1, 1), ("Run On", 1, 2)])
    imports.stage(member, "tvtime", data, "first.zip")
    second = imports.stage(member, "tvtime", data, "second.zip")
    db.session.commit()
    kept = db.session.execute(select(HistoryImport.user_id, HistoryImport.filename)).all()
    assert kept == [(member.id, "second.zip")]
    [item] = imports.proposals(second)
    assert (item.proposed.slug, item.episodes) == ("run-on", 2)


@pytest.mark.parametrize(
    ("source", "data", "message"),
    [
        ("tvtime", b"", "The file is empty"),
        ("tvtime", b"not a zip at all", "zip"),
        ("netflix", b"{}", "Unknown source"),
        ("trakt", b"{broken json", "JSON"),
    ],
)
def test_stage_refuses_bad_files_and_writes_nothing(make_user, source, data, message):
    member = make_user()
    with pytest.raises(ImportRefused) as refused:
        imports.stage(member, source, data, "export.zip")
    assert message.lower() in str(refused.value).lower()
    db.session.rollback()
    assert count(HistoryImport) == 0
