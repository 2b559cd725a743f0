"""Reads about who follows and who blocks whom (issue 18).

The feed and notifications hide blocked members' activity through `hidden_member_ids`
(a set, for Python-side filters) or `hidden_members_select` (a subquery, for
`NOT IN (...)` inside one SQL statement, so their queries stay flat).
"""

from dataclasses import dataclass

from sqlalchemy import Select, exists, func, select, union

from app.extensions import db
from app.models import Block, Follow, User

PER_PAGE = 30  # people per page of a followers, following or blocked list


@dataclass(frozen=True)
class SocialSummary:
    """What a profile shows of its member's follows, as seen by one reader."""

    followers: int
    following: int
    is_following: bool = False  # the reader follows the member
    is_blocking: bool = False  # the reader blocked the member
    is_blocked_by: bool = False  # the member blocked the reader


def social_summary(viewer, member: User) -> SocialSummary:
    """Follower and following counts of `member` and the reader's relation to them, in
    one query (anonymous readers and the member themselves have no relation)."""
    columns = [
        select(func.count()).where(Follow.followed_id == member.id).scalar_subquery(),
        select(func.count()).where(Follow.follower_id == member.id).scalar_subquery(),
    ]
    related = viewer.is_authenticated and viewer.id != member.id
    if related:
        columns += [
            exists().where(Follow.follower_id == viewer.id, Follow.followed_id == member.id),
            exists().where(Block.blocker_id == viewer.id, Block.blocked_id == member.id),
            exists().where(Block.blocker_id == member.id, Block.blocked_id == viewer.id),
        ]
    row = db.session.execute(select(*columns)).one()
    return SocialSummary(*(bool(v) if i > 1 else v for i, v in enumerate(row)))


def is_following(follower_id: int, followed_id: int) -> bool:
    """True when `follower_id` follows `followed_id`."""
    query = exists().where(Follow.follower_id == follower_id, Follow.followed_id == followed_id)
    return bool(db.session.scalar(select(query)))


def is_blocked(blocker_id: int, blocked_id: int) -> bool:
    """True when `blocker_id` blocked `blocked_id`."""
    query = exists().where(Block.blocker_id == blocker_id, Block.blocked_id == blocked_id)
    return bool(db.session.scalar(select(query)))


def blocked_ids(user_id: int) -> set[int]:
    """The ids of the members `user_id` blocked (one direction only)."""
    return set(db.session.scalars(select(Block.blocked_id).where(Block.blocker_id == user_id)))


def hidden_members_select(user_id: int) -> Select:
    """A SELECT of the member ids whose activity `user_id` does not see: those they
    blocked and those who blocked them. Use it as `Model.author_id.not_in(...)`."""
    return union(
        select(Block.blocked_id.label("id")).where(Block.blocker_id == user_id),
        select(Block.blocker_id.label("id")).where(Block.blocked_id == user_id),
    )


def hidden_member_ids(viewer) -> set[int]:
    """The ids of members whose activity the reader does not see (both directions of
    every block they are part of); none for an anonymous reader."""
    if not viewer.is_authenticated:
        return set()
    return set(db.session.scalars(hidden_members_select(viewer.id)))


def followers_page(member: User, page: int):
    """A page of the members who follow `member`, the newest follow first."""
    return _people(Follow, Follow.follower_id, Follow.followed_id == member.id, page)


def following_page(member: User, page: int):
    """A page of the members `member` follows, the newest follow first."""
    return _people(Follow, Follow.followed_id, Follow.follower_id == member.id, page)


def blocked_page(member: User, page: int):
    """A page of the members `member` blocked, the newest block first (their own page)."""
    return _people(Block, Block.blocked_id, Block.blocker_id == member.id, page)


def _people(model, person_id, condition, page: int):
    """A page of the members `person_id` names in the rows of `model` that match."""
    query = (
        select(User)
        .join(model, person_id == User.id)
        .where(condition)
        .order_by(model.created_at.desc(), User.id.desc())
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
