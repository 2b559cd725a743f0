"""Concurrent writers keep the statistics exact, on PostgreSQL and on SQLite.

8 threads, each with its own app context and database session, set, change and remove
scores and move progress across the eligibility line for members they share, like
concurrent requests. Afterwards the table must equal a recomputation.
"""

import random
import threading

from app.extensions import db
from app.models import Show, ShowStats, User
from app.progress.rules import Progress
from app.progress.service import KEEP, save_entry
from app.scores import service as scores
from tests.concurrency import run_threads

THREADS = 8
OPERATIONS_PER_THREAD = 40
SCORES = [None] + [half / 2 for half in range(2, 21)]


def operate(app, thread: int, user_ids: list[int], show_id: int, errors: list) -> None:
    rng = random.Random(thread)
    try:
        with app.app_context():
            show = db.session.get(Show, show_id)
            for _ in range(OPERATIONS_PER_THREAD):
                user = db.session.get(User, rng.choice(user_ids))
                episodes = rng.choice([0, 1, 3, 4, 10, 16])
                status = "completed" if episodes == 16 else "watching"
                score = rng.choice(SCORES) if rng.random() < 0.8 else KEEP
                save_entry(user, show, Progress(episodes, status), score=score)
                db.session.commit()
    except Exception as error:  # reported to the main thread, which fails the test
        errors.append(repr(error))


def test_concurrent_score_writers_keep_statistics_exact(app, make_show, make_user):
    show = make_show(episodes=16)
    user_ids = [make_user().id for _ in range(12)]  # fewer members than operations: contention
    errors: list[str] = []
    threads = [
        threading.Thread(target=operate, args=(app, n, user_ids, show.id, errors))
        for n in range(THREADS)
    ]
    run_threads(threads)
    assert not errors, errors
    db.session.expire_all()
    assert scores.drifts() == []
    row = db.session.get(ShowStats, show.id)
    assert row.rating_count == scores.recompute([show.id])[show.id]["rating_count"]
    assert 0 < row.rating_count <= len(user_ids)  # control: some scores counted
    result = app.test_cli_runner().invoke(args=["stats", "check"])
    assert result.exit_code == 0, result.output
