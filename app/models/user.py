"""Accounts: a user with a role, a password hash and a ban (which may end by itself)."""

import secrets
import unicodedata
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import Enum, SmallInteger, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, validates
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db

ROLES = ("user", "moderator", "admin")
# How a deleted account's kept reviews and comments are signed (issue 19).
FORMER_MEMBER = "a former member"


def utcnow() -> datetime:
    """The current time, timezone-aware, for `*_at` columns."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """`value` as an aware UTC time (SQLite returns naive datetimes, stored in UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def username_key(name: str) -> str:
    """The form of a username that makes it unique: NFKC-normalised and case-folded, so
    "Minji", "MINJI" and fullwidth "ｍｉｎｊｉ" are one name."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def new_session_token() -> str:
    """A random token; changing it signs the user out everywhere (sessions and remember-me)."""
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    """An account. Usernames keep the form they were given and are unique by
    `username_key` (set with the name); emails are stored lower-case."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    # Folding can lengthen a name (NFKC of one character may be several).
    username_key: Mapped[str] = mapped_column(String(120), index=True, unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(
        Enum(*ROLES, name="role", native_enum=False, create_constraint=True, length=20),
        default="user",
    )
    # The ban on record: show statistics leave out the scores of members whose flag is
    # set (`stats check` recomputes from it). Whether the ban still holds is
    # `is_banned_now`: a ban with an end stops restricting at `banned_until` (NULL:
    # permanent) and the flag is cleared later, by app/moderation/bans.py.
    is_banned: Mapped[bool] = mapped_column(default=False)
    is_list_public: Mapped[bool] = mapped_column(default=True)
    ban_reason: Mapped[str | None] = mapped_column(Text)
    banned_until: Mapped[datetime | None]
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    # The content hash naming the avatar's WebP files (app/images.py); None: initials.
    avatar_key: Mapped[str | None] = mapped_column(String(20))
    # "Numbers that spoil" (issue 17): on the shows on their list, hide the score, sub-ratings
    # and episode ratings until they have watched this share of the episodes, in percent
    # (rounded up to an episode; app/progress/rules.py); None: never hidden (the default).
    hide_numbers_percent: Mapped[int | None] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Email (issue 19): when the member proved the address is theirs (a link mailed to it);
    # None: not yet.
    email_verified_at: Mapped[datetime | None]
    # Account deletion (issue 19): the row stays as "a former member" when the member kept
    # their reviews and comments (app/account/service.py); everything personal is gone.
    deleted_at: Mapped[datetime | None]

    @validates("username")
    def _set_username_key(self, _name: str, username: str) -> str:
        self.username_key = username_key(username)
        return username

    def set_password(self, password: str) -> None:
        """Hash and store `password` (scrypt) and sign the user out of other sessions."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        """True when `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Flask-Login's id: the user id plus the session token, so a password change logs out."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_banned_now(self) -> bool:
        """True while a ban holds: every "may they post" rule asks this, never the flag."""
        return self.is_banned and not self.ban_has_ended

    @property
    def ban_has_ended(self) -> bool:
        """True when the member is flagged banned but the ban's end has passed (it is
        lifted, and their scores rejoin the statistics, at their next sign-in or post, or
        by `flask users end-bans`)."""
        return (
            bool(self.is_banned)
            and self.banned_until is not None
            and as_utc(self.banned_until) <= utcnow()
        )

    @property
    def is_former_member(self) -> bool:
        """True for a deleted account kept as a tombstone (app/account/service.py): no
        profile, no sign-in; what it kept is signed FORMER_MEMBER."""
        return self.deleted_at is not None

    @property
    def display_name(self) -> str:
        """The name pages show for this member: their username, or FORMER_MEMBER."""
        return FORMER_MEMBER if self.is_former_member else self.username

    @property
    def is_moderator(self) -> bool:
        """Moderators and admins may moderate."""
        return self.role in ("moderator", "admin")

    @classmethod
    def by_username(cls, username: str) -> "User | None":
        """The member whose username is `username` in any case or width, or None (a
        deleted account is nobody: its profile and its pages are 404)."""
        return db.session.scalar(
            select(cls).where(
                cls.username_key == username_key(username.strip()), cls.deleted_at.is_(None)
            )
        )

    @classmethod
    def by_login(cls, name_or_email: str) -> "User | None":
        """The user with this username (in any case or width) or email (in any case), or None."""
        if "@" in name_or_email:
            return db.session.scalar(
                select(cls).where(
                    cls.email == name_or_email.strip().lower(), cls.deleted_at.is_(None)
                )
            )
        return cls.by_username(name_or_email)
