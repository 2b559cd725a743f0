"""Concurrent adds to one list (two tabs, a double click) get distinct positions in the
order they ran, and a show added twice at once lands once."""

import threading

from sqlalchemy import select

from app.extensions import db
from app.lists import service
from app.models import ListItem, Show, ShowList, User
from tests.concurrency import run_threads

THREADS = 6


def add(app, user_id: int, list_id: int, show_ids: list[int], errors: list) -> None:
    try:
        with app.app_context():
            user, show_list = db.session.get(User, user_id), db.session.get(ShowList, list_id)
            for show_id in show_ids:
                try:
                    service.add(show_list, user, db.session.get(Show, show_id))
                    db.session.commit()
                except service.AlreadyInList:
                    db.session.rollback()
    except Exception as error:  # reported to the main thread, which fails the test
        errors.append(repr(error))


def test_concurrent_adds_number_items_without_gaps_or_twins(app, make_user, make_show, make_list):
    owner = make_user()
    show_list = make_list(owner)
    shows = [make_show().id for _ in range(THREADS * 2)]
    errors: list[str] = []
    # Each thread adds its own two shows and one show every thread tries: it lands once.
    shared = make_show().id
    threads = [
        threading.Thread(target=add, args=(app, owner.id, show_list.id,
                                           [shows[2 * n], shared, shows[2 * n + 1]], errors))
        for n in range(THREADS)
    ]  # fmt: skip
    run_threads(threads)
    assert not errors, errors
    db.session.expire_all()
    positions = db.session.scalars(
        select(ListItem.position).where(ListItem.list_id == show_list.id)
    ).all()
    assert sorted(positions) == list(range(1, THREADS * 2 + 2))
