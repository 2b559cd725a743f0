"""The consistency rules of progress: completed if and only if every episode is watched."""

import pytest

from app.progress.rules import Progress, merged, next_episode, reconcile


@pytest.mark.parametrize(
    ("episodes", "status", "previous", "expected"),
    [
        (3, "watching", None, Progress(3, "watching")),
        (10, "watching", "watching", Progress(10, "completed")),
        (3, "completed", "watching", Progress(10, "completed")),
        (3, "completed", "completed", Progress(3, "watching")),
        (0, "plan_to_watch", None, Progress(0, "plan_to_watch")),
        (2, "plan_to_watch", None, Progress(2, "watching")),
        (4, "dropped", "watching", Progress(4, "dropped")),
        (4, "on_hold", "watching", Progress(4, "on_hold")),
        (10, "dropped", "watching", Progress(10, "completed")),
    ],
)
def test_reconcile_keeps_completed_and_episode_count_in_step(episodes, status, previous, expected):
    result = reconcile(episodes=episodes, status=status, episode_count=10, previous_status=previous)
    assert result == expected


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Progress(), Progress(1, "watching")),
        (Progress(0, "plan_to_watch"), Progress(1, "watching")),
        (Progress(8, "watching"), Progress(9, "watching")),
        (Progress(9, "watching"), Progress(10, "completed")),
        (Progress(4, "dropped"), Progress(5, "watching")),
    ],
)
def test_next_episode_adds_one_and_completes_at_the_end(before, after):
    assert next_episode(before, 10) == after


@pytest.mark.parametrize(
    ("session", "saved", "kept"),
    [
        (Progress(5, "watching"), None, "session"),
        (Progress(5, "watching"), Progress(3, "watching"), "session"),
        (Progress(2, "watching"), Progress(3, "dropped"), "saved"),
        (Progress(3, "watching"), Progress(3, "on_hold"), "saved"),
    ],
)
def test_merge_keeps_the_further_progress(session, saved, kept):
    assert merged(session, saved) is (session if kept == "session" else saved)
