"""Concurrent raters keep the episode statistics exact, on PostgreSQL and on SQLite.

8 threads, each with its own app context and database session like concurrent requests,
rate, change and remove ratings of the same few episodes for members they share (and
one thread bans and unbans one of them meanwhile). Afterwards the table must equal a
recomputation; a tampered row must not.
"""

import random
import threading

from sqlalchemy import update

from app import pagecache
from app.extensions import db
from app.models import EpisodeStats, Show, User
from app.moderation import service as moderation
from app.ratings import service as ratings
from app.ratings import stats
from tests.concurrency import run_threads

THREADS = 8
OPERATIONS_PER_THREAD = 40
EPISODES = (1, 2, 3)
VALUES = [None, None] + [half / 2 for half in range(2, 21)]  # None: remove


def operate(app, thread: int, user_ids: list[int], show_id: int, errors: list) -> None:
    rng = random.Random(thread)
    try:
        with app.app_context():
            show = db.session.get(Show, show_id)
            for _ in range(OPERATIONS_PER_THREAD):
                user = db.session.get(User, rng.choice(user_ids[1:]))
                episode, value = rng.choice(EPISODES), rng.choice(VALUES)
                if value is None:
                    ratings.remove(user, show, episode)
                else:
                    ratings.rate(user, show, episode, value)
                db.session.commit()
    except Exception as error:  # reported to the main thread, which fails the test
        errors.append(f"thread {thread}: {error!r}")


def ban_and_unban(app, user_id: int, moderator_id: int, show_id: int, errors: list) -> None:
    """Toggle one rater's ban while the others write (their ratings leave and rejoin)."""
    try:
        with app.app_context():
            show = db.session.get(Show, show_id)
            moderator = db.session.get(User, moderator_id)
            for round_ in range(10):
                user = db.session.get(User, user_id)
                if not user.is_banned:
                    ratings.rate(user, show, EPISODES[round_ % 3], 2.5)
                    db.session.commit()
                    moderation.ban(user, moderator, reason="Test", until="permanent")
                else:
                    moderation.unban(user, moderator, reason="Test")
                db.session.commit()
    except Exception as error:
        errors.append(f"bans: {error!r}")


def test_concurrent_raters_keep_episode_statistics_exact(app, make_show, make_user, make_rater):
    show = make_show(episodes=4)
    user_ids = [make_rater(show, episode=4).id for _ in range(10)]  # contention on members
    moderator = make_user(role="moderator")
    errors: list[str] = []
    threads = [
        threading.Thread(target=operate, args=(app, n, user_ids, show.id, errors))
        for n in range(THREADS - 1)
    ]
    bans = (app, user_ids[0], moderator.id, show.id, errors)
    threads.append(threading.Thread(target=ban_and_unban, args=bans))
    run_threads(threads)
    assert not errors, errors
    db.session.expire_all()
    assert stats.drifts() == []
    counts = [db.session.get(EpisodeStats, (show.id, n)) for n in EPISODES]
    assert all(row is not None for row in counts)
    assert 0 < sum(row.rating_count for row in counts) <= len(EPISODES) * len(user_ids)
    result = app.test_cli_runner().invoke(args=["stats", "check"])
    assert result.exit_code == 0, result.output
    # Positive control: the check does see a lost update.
    db.session.execute(
        update(EpisodeStats)
        .where(EpisodeStats.show_id == show.id, EpisodeStats.episode == 1)
        .values(rating_sum=EpisodeStats.rating_sum + 0.5)
    )
    pagecache.changed(db.session, show.id)
    db.session.commit()
    assert len(stats.drifts()) == 1
    assert app.test_cli_runner().invoke(args=["stats", "check"]).exit_code == 1
