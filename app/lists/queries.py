"""Reading lists of shows: a profile's lists, a show's count, a list's page."""

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import exists, func, select
from sqlalchemy.orm import contains_eager, selectinload
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models import ListItem, Show, ShowList, User
from app.permissions import can_read_show_list

PREVIEW_SHOWS = 4  # the first shows a profile's list card names


@dataclass(frozen=True)
class ListCard:
    """One list on a profile: the list, how many shows it holds and its first titles."""

    show_list: ShowList
    count: int
    titles: tuple[str, ...]


def counted_lists():
    """The condition of a list other readers find: public, visible, not held."""
    return (ShowList.is_public, ShowList.status == "visible", ShowList.held_at.is_(None))


def lists_for_profile(owner: User) -> list[ListCard]:
    """The lists `owner`'s profile shows the current reader, newest first: all of them to
    the owner, the public visible ones to everyone else (two queries)."""
    query = select(ShowList).where(ShowList.owner_id == owner.id)
    if not (current_user.is_authenticated and current_user.id == owner.id):
        query = query.where(*counted_lists())
    lists = db.session.scalars(query.order_by(ShowList.id.desc())).all()
    if not lists:
        return []
    ranked = (
        select(ListItem.list_id, Show.title,
               func.row_number().over(partition_by=ListItem.list_id,
                                      order_by=(ListItem.position, ListItem.id)).label("rank"),
               func.count().over(partition_by=ListItem.list_id).label("total"))
        .join(Show, Show.id == ListItem.show_id)
        .where(ListItem.list_id.in_([item.id for item in lists]))
        .subquery()
    )  # fmt: skip
    rows = db.session.execute(
        select(ranked.c.list_id, ranked.c.title, ranked.c.total)
        .where(ranked.c.rank <= PREVIEW_SHOWS)
        .order_by(ranked.c.list_id, ranked.c.rank)
    ).all()
    titles: dict[int, list[str]] = {}
    totals: dict[int, int] = {}
    for list_id, title, total in rows:
        titles.setdefault(list_id, []).append(title)
        totals[list_id] = total
    return [ListCard(one, totals.get(one.id, 0), tuple(titles.get(one.id, ()))) for one in lists]


def list_count(show: Show) -> int:
    """How many public, visible lists hold `show` (one query)."""
    return db.session.scalar(
        select(func.count())
        .select_from(ListItem)
        .join(ShowList, ShowList.id == ListItem.list_id)
        .where(ListItem.show_id == show.id, *counted_lists())
    )


def get_list_or_404(list_id: int) -> ShowList:
    """The list, if the current reader may read it; a 404 otherwise (a private list's
    existence is not revealed). Its owner loads with it."""
    show_list = db.session.scalar(
        select(ShowList).where(ShowList.id == list_id).options(selectinload(ShowList.owner))
    )
    if show_list is None or not can_read_show_list(current_user, show_list):
        raise NotFound()
    return show_list


def items_of(show_list: ShowList) -> list[ListItem]:
    """The list's items in order, each with its show (one query)."""
    return list(
        db.session.scalars(
            select(ListItem)
            .where(ListItem.list_id == show_list.id)
            .join(ListItem.show)
            .options(contains_eager(ListItem.show))
            .order_by(ListItem.position, ListItem.id)
        )
    )


@dataclass(frozen=True)
class OwnList:
    """One of the reader's lists, and whether it holds a given show already."""

    id: int
    name: str
    holds_show: bool


def own_lists(user: User, show: Show) -> list[OwnList]:
    """`user`'s lists, newest first, each saying whether it holds `show` (one query)."""
    holds = exists().where(ListItem.list_id == ShowList.id, ListItem.show_id == show.id)
    rows = db.session.execute(
        select(ShowList.id, ShowList.name, holds.label("holds"))
        .where(ShowList.owner_id == user.id)
        .order_by(ShowList.id.desc())
    ).all()
    return [OwnList(row.id, row.name, bool(row.holds)) for row in rows]
