"""A watch-history import between upload and confirmation (issue 19): the parsed file,
kept until the member confirms or discards the matches, or it expires."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.user import utcnow

IMPORT_SOURCES = ("tvtime", "trakt", "unspoiled")


class HistoryImport(db.Model):
    """One upload, parsed: `payload` is the History as JSON (app/imports/history.py), so the
    confirmation page and the write read the file once, at upload."""

    __tablename__ = "history_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255), default="")
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
