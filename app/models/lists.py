"""Members' named lists of shows, ordered, with a note per show (issue 18)."""

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.moderated import Moderated
from app.models.show import Show
from app.models.user import User, utcnow

LIST_STATUSES = ("visible", "hidden")
NAME_LIMIT = 100
DESCRIPTION_LIMIT = 2000
NOTE_LIMIT = 500


class ShowList(Moderated, db.Model):
    """A member's named list of shows: public (anyone reads it, it counts on show pages)
    or private (its owner only). Name, description and notes are plain text.

    Moderated like a comment: readers report it, a moderator hides or restores it
    (`status`), and enough unmarked-spoiler reports hold it (`held_at`). A hidden or
    held list is its owner's and the moderators' only (app/permissions.py).
    """

    __tablename__ = "show_list"
    __table_args__ = (Index("ix_show_list_owner_id_id", "owner_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(NAME_LIMIT))
    description: Mapped[str] = mapped_column(Text, default="")
    is_public: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(
        Enum(*LIST_STATUSES, name="show_list_status", native_enum=False,
             create_constraint=True, length=20),
        default="visible",
    )  # fmt: skip
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship()
    items: Mapped[list["ListItem"]] = relationship(
        back_populates="show_list",
        cascade="all, delete-orphan",
        order_by="(ListItem.position, ListItem.id)",
        passive_deletes=True,
    )

    @property
    def author_id(self) -> int:
        """The owner, under the name the report and moderation predicates read."""
        return self.owner_id

    @property
    def author(self) -> User:
        """The owner (the moderation queue's "by" and ban form read `author`)."""
        return self.owner

    @property
    def is_hidden(self) -> bool:
        """Hidden by a moderator."""
        return self.status == "hidden"

    @property
    def counts(self) -> bool:
        """Readers other than its owner can find it: public, visible and not held."""
        return self.is_public and self.status == "visible" and self.held_at is None


class ListItem(db.Model):
    """One show in a list at `position` (ascending; gaps allowed), with a note."""

    __tablename__ = "list_item"
    __table_args__ = (
        UniqueConstraint("list_id", "show_id"),
        Index("ix_list_item_list_id_position", "list_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("show_list.id", ondelete="CASCADE"))
    show_id: Mapped[int] = mapped_column(ForeignKey("show.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    note: Mapped[str] = mapped_column(String(NOTE_LIMIT), default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    show_list: Mapped[ShowList] = relationship(back_populates="items")
    show: Mapped[Show] = relationship()
