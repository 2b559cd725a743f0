"""Changing lists of shows: create, edit, delete, add, remove, move, note. They flush
only; the view commits.

Each write takes the owner's lock first (`scores.lock_member`), so two adds sent at once
(two tabs, a double click) are numbered one after the other (max + 1) and a duplicate is
found by the check, not by the unique key. A write that changes what a show page counts
("In 12 lists": public, visible lists) notes the show for app/pagecache.py: ListItem
rows are in its SHOW_TABLES, and changes to a whole list call `pagecache.changed` for
each of its shows.
"""

from sqlalchemy import func, or_, select
from werkzeug.exceptions import Conflict, NotFound

from app import pagecache
from app.extensions import db
from app.feed import service as feed
from app.models import ListItem, Show, ShowList, User
from app.models.user import utcnow
from app.permissions import can_edit_show_list, can_post, ensure
from app.scores.service import lock_member


class AlreadyInList(Conflict):
    """The show is in the list already."""


class UnknownShow(NotFound):
    """No show has that slug or title."""


def _ensure_owner(user: User, show_list: ShowList) -> None:
    ensure(can_edit_show_list(user, show_list), "Only the list's owner can change it.")
    lock_member(user.id)


def create(owner: User, *, name: str, description: str, is_public: bool) -> ShowList:
    """A new, empty list of `owner`'s."""
    ensure(can_post(owner), "You cannot make lists now.")
    lock_member(owner.id)
    show_list = ShowList(owner=owner, name=name.strip(), description=description.strip(),
                         is_public=is_public)  # fmt: skip
    db.session.add(show_list)
    db.session.flush()
    return show_list


def edit(show_list: ShowList, user: User, *, name: str, description: str, is_public: bool):
    """Rename, describe, make public or private; show pages recount when the list's
    visibility changes."""
    _ensure_owner(user, show_list)
    if is_public != show_list.is_public:
        note_shows(show_list)
    show_list.name = name.strip()
    show_list.description = description.strip()
    show_list.is_public = is_public
    show_list.updated_at = utcnow()


def delete(show_list: ShowList, user: User) -> None:
    """Delete the list and its items (and its reports, by the database's cascade)."""
    _ensure_owner(user, show_list)
    note_shows(show_list)
    db.session.delete(show_list)
    db.session.flush()


def find_show(text: str) -> Show:
    """The show whose slug, or else title, is `text` (a title ignoring case); UnknownShow
    otherwise."""
    text = text.strip()
    show = db.session.scalar(select(Show).where(Show.slug == text))
    if show is None:
        show = db.session.scalar(
            select(Show).where(func.lower(Show.title) == text.lower()).order_by(Show.id).limit(1)
        )
    if show is None:
        raise UnknownShow(f"No show is called “{text}”: use its title or the end of its address.")
    return show


def add(show_list: ShowList, user: User, show: Show, *, note: str = "") -> ListItem:
    """Put `show` at the end of the list, with `note`. AlreadyInList when it is there.
    A public list's new show goes into its owner's followers' feeds."""
    _ensure_owner(user, show_list)
    if _item(show_list, show.id) is not None:
        raise AlreadyInList(f"{show.title} is in this list already.")
    last = db.session.scalar(
        select(func.max(ListItem.position)).where(ListItem.list_id == show_list.id)
    )
    item = ListItem(show_list=show_list, show=show, position=(last or 0) + 1, note=note.strip())
    db.session.add(item)
    show_list.updated_at = utcnow()
    db.session.flush()
    if show_list.is_public:
        feed.record("list_item", actor_id=user.id, show_id=show.id, target_id=show_list.id)
    return item


def item_or_404(show_list: ShowList, slug: str) -> ListItem:
    """The item of the show with `slug` in the list, or a 404."""
    item = db.session.scalar(
        select(ListItem).join(Show).where(ListItem.list_id == show_list.id, Show.slug == slug)
    )
    if item is None:
        raise NotFound("That show is not in this list.")
    return item


def remove(show_list: ShowList, user: User, item: ListItem) -> None:
    """Take a show off the list (the others keep their order)."""
    _ensure_owner(user, show_list)
    db.session.delete(item)
    show_list.updated_at = utcnow()
    db.session.flush()


def set_note(show_list: ShowList, user: User, item: ListItem, note: str) -> None:
    """Replace the show's note in the list."""
    _ensure_owner(user, show_list)
    item.note = note.strip()
    show_list.updated_at = utcnow()
    db.session.flush()


def move(show_list: ShowList, user: User, item: ListItem, *, direction: str | None = None,
         position: int | None = None) -> None:  # fmt: skip
    """Move a show one place `direction` ("up" or "down": it swaps places with its
    neighbour; at either end nothing moves), or to `position` (1 is the top; past the
    end is the end): the list is renumbered 1..n."""
    _ensure_owner(user, show_list)
    db.session.refresh(item)  # positions as the lock now sees them
    if position is None:
        _swap(show_list, item, up=direction == "up")
    else:
        _place(show_list, item, position)
    show_list.updated_at = utcnow()
    db.session.flush()


def _swap(show_list: ShowList, item: ListItem, *, up: bool) -> None:
    order = (ListItem.position, ListItem.id)
    if up:
        order = (ListItem.position.desc(), ListItem.id.desc())
        beyond = or_(ListItem.position < item.position,
                     (ListItem.position == item.position) & (ListItem.id < item.id))  # fmt: skip
    else:
        beyond = or_(ListItem.position > item.position,
                     (ListItem.position == item.position) & (ListItem.id > item.id))  # fmt: skip
    neighbour = db.session.scalar(
        select(ListItem).where(ListItem.list_id == show_list.id, beyond).order_by(*order).limit(1)
    )
    if neighbour is None:
        return
    if neighbour.position == item.position:  # equal positions: renumber, then swap
        _renumber(show_list)
    item.position, neighbour.position = neighbour.position, item.position


def _place(show_list: ShowList, item: ListItem, position: int) -> None:
    items = [other for other in _ordered(show_list) if other.id != item.id]
    items.insert(min(position, len(items) + 1) - 1, item)
    for number, other in enumerate(items, start=1):
        other.position = number


def _renumber(show_list: ShowList) -> None:
    for number, other in enumerate(_ordered(show_list), start=1):
        other.position = number


def _ordered(show_list: ShowList) -> list[ListItem]:
    return list(
        db.session.scalars(
            select(ListItem)
            .where(ListItem.list_id == show_list.id)
            .order_by(ListItem.position, ListItem.id)
            .execution_options(populate_existing=True)
        )
    )


def _item(show_list: ShowList, show_id: int) -> ListItem | None:
    return db.session.scalar(
        select(ListItem).where(ListItem.list_id == show_list.id, ListItem.show_id == show_id)
    )


def note_shows(show_list: ShowList) -> None:
    """The list starts or stops counting on its shows' pages (made public or private,
    deleted, hidden, held or restored): note each show for app/pagecache.py."""
    show_ids = db.session.scalars(select(ListItem.show_id).where(ListItem.list_id == show_list.id))
    for show_id in show_ids:
        pagecache.changed(db.session, show_id)
