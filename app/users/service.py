"""Following and blocking (issue 18): each operation flushes; the view commits.

Every operation first locks both members' rows (in id order, so two members acting on
each other at once cannot deadlock): a follow that checks for a block and a block that
ends the follows then run one after the other, never past each other.
"""

import logging

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from werkzeug.exceptions import BadRequest

from app.extensions import db
from app.models import Block, Follow, User
from app.notifications.service import notify
from app.permissions import can_post, ensure
from app.users.queries import is_blocked

log = logging.getLogger(__name__)
INSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


class SelfTarget(BadRequest):
    """A member tried to follow or block themselves (400, with the reason)."""


def follow(follower: User, followed: User) -> bool:
    """`follower` follows `followed`; True when the follow is new (following twice is
    once). Raises SelfTarget, or NotAllowed when a ban holds or a block stands between
    them (either way round). A new follow notifies `followed`."""
    if follower.id == followed.id:
        raise SelfTarget("You cannot follow yourself.")
    ensure(can_post(follower), "Your account is banned: you cannot follow members.")
    _lock_pair(follower.id, followed.id)
    name = followed.username
    ensure(not is_blocked(followed.id, follower.id), f"You cannot follow {name}: they blocked you.")
    ensure(not is_blocked(follower.id, followed.id), f"You blocked {name}: unblock them to follow.")
    added = _insert_once(Follow, follower_id=follower.id, followed_id=followed.id)
    if added:
        notify(followed.id, "follow", actor_id=follower.id)
    return added


def unfollow(follower: User, followed: User) -> bool:
    """`follower` stops following `followed`; True when there was a follow to end."""
    statement = delete(Follow).where(
        Follow.follower_id == follower.id, Follow.followed_id == followed.id
    )
    return db.session.execute(statement).rowcount > 0


def block(blocker: User, blocked: User) -> bool:
    """`blocker` blocks `blocked`, ending any follow between them in both directions;
    True when the block is new. Banned members may block (it protects them)."""
    if blocker.id == blocked.id:
        raise SelfTarget("You cannot block yourself.")
    _lock_pair(blocker.id, blocked.id)
    ended = db.session.execute(
        delete(Follow).where(
            or_(
                and_(Follow.follower_id == blocker.id, Follow.followed_id == blocked.id),
                and_(Follow.follower_id == blocked.id, Follow.followed_id == blocker.id),
            )
        )
    ).rowcount
    added = _insert_once(Block, blocker_id=blocker.id, blocked_id=blocked.id)
    if added:
        log.info("member blocked", extra={"actor": blocker.id, "member": blocked.id,
                                          "follows_ended": ended})  # fmt: skip
    return added


def unblock(blocker: User, blocked: User) -> bool:
    """`blocker` lifts their block of `blocked`; True when there was one. Follows ended
    by the block stay ended."""
    statement = delete(Block).where(Block.blocker_id == blocker.id, Block.blocked_id == blocked.id)
    return db.session.execute(statement).rowcount > 0


def _insert_once(model, **values) -> bool:
    """Insert one row unless it exists; True when it was inserted (one statement, so a
    double click never conflicts; RETURNING says what happened on both engines)."""
    insert = INSERTS[db.session.get_bind().dialect.name](model)
    key = next(iter(model.__table__.primary_key.columns))
    statement = insert.values(**values).on_conflict_do_nothing().returning(key)
    return db.session.execute(statement).first() is not None


def _lock_pair(first_id: int, second_id: int) -> None:
    """Lock both members' rows, lower id first (app/scores/service.lock_member's way: a
    row lock on PostgreSQL; on SQLite the write transaction begins)."""
    ids = sorted((first_id, second_id))
    db.session.execute(select(User.id).where(User.id.in_(ids)).order_by(User.id).with_for_update())
