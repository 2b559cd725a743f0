"""Concurrent posters keep an episode thread's comment count exact, on PostgreSQL and on
SQLite: 8 threads, each with its own app context and database session like concurrent
requests, post top-level comments and replies into the same thread. Afterwards the
count equals a recomputation (`flask stats check` exits 0); a tampered count does not."""

import random
import threading

from sqlalchemy import func, select, update

from app.comments import service as comment_service
from app.extensions import db
from app.markup import render_document
from app.models import Comment, EpisodeThread, Show, User
from app.progress.rules import Progress
from app.progress.service import save_entry
from tests.concurrency import run_threads

THREADS = 8
POSTS_PER_THREAD = 15
EPISODE = 2


def write(app, thread: int, user_ids: list[int], show_id: int, errors: list) -> None:
    rng = random.Random(thread)
    try:
        with app.app_context():
            show = db.session.get(Show, show_id)
            segments = render_document(f"Post from thread {thread}.", episode_count=10)
            for _ in range(POSTS_PER_THREAD):
                author = db.session.get(User, rng.choice(user_ids))
                top_level = Comment.parent_id.is_(None), Comment.show_id == show_id
                tops = db.session.scalars(select(Comment.id).where(*top_level)).all()
                parent_id = rng.choice(tops) if tops and rng.random() < 0.5 else None
                parent = comment_service.reply_parent(show, EPISODE, parent_id)
                comment_service.add_thread_comment(show, EPISODE, author, "Post.", segments,
                                                   parent=parent)  # fmt: skip
                db.session.commit()
    except Exception as error:  # reported to the main thread, which fails the test
        errors.append(f"thread {thread}: {error!r}")


def test_concurrent_posts_keep_the_thread_count_exact(app, make_show, make_user):
    show = make_show(episodes=10)
    user_ids = []
    for _ in range(4):
        user = make_user()
        save_entry(user, show, Progress(5, "watching"))
        user_ids.append(user.id)
    db.session.commit()
    errors: list[str] = []
    threads = [
        threading.Thread(target=write, args=(app, n, user_ids, show.id, errors))
        for n in range(THREADS)
    ]
    run_threads(threads)
    assert not errors, errors
    db.session.expire_all()
    posted = db.session.scalar(select(func.count(Comment.id)))
    assert posted == THREADS * POSTS_PER_THREAD
    assert db.session.get(EpisodeThread, (show.id, EPISODE)).comment_count == posted
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.parent_id.is_not(None)))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["stats", "check"])
    assert result.exit_code == 0, result.output
    # Positive control: the check does see a lost update.
    db.session.execute(update(EpisodeThread).values(comment_count=EpisodeThread.comment_count - 1))
    db.session.commit()
    assert comment_service.thread_counts_drift()
    assert runner.invoke(args=["stats", "check"]).exit_code == 1
