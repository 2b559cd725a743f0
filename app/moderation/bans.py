"""How long a ban lasts, and lifting bans that have ended. They flush only.

A ban stops restricting the moment `user.banned_until` passes (`User.is_banned_now`,
asked by every permission). The member's scores rejoin the show statistics only when the
ban is *lifted*, a write: at their next sign-in or post (`end_if_over`), or by `flask
--app wsgi users end-bans` (`end_all_over`, for a periodic job). Until then the flag
stays set and the statistics, which follow the flag, stay exact; no GET ever writes.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.models.user import as_utc, utcnow
from app.moderation.actionlog import record
from app.scores import service as scores

# The `until` choices of the ban form: label, length (None: permanent).
DURATIONS: dict[str, tuple[str, timedelta | None]] = {
    "1d": ("1 day", timedelta(days=1)),
    "7d": ("7 days", timedelta(days=7)),
    "30d": ("30 days", timedelta(days=30)),
    "permanent": ("Permanently", None),
}
RECENT = timedelta(hours=24)  # "hide their comments of the last 24 hours"


def ends_at(until: str, *, now: datetime | None = None) -> datetime | None:
    """When a ban of length `until` (a DURATIONS key) given now ends; None: never."""
    length = DURATIONS[until][1]
    return None if length is None else (now or utcnow()) + length


def end_text(when: datetime | str | None) -> str:
    """A ban's end (a time, or one in ISO form as the log keeps it) as the site writes
    it: "until 8 December 2026, 14:00 UTC", or "permanently"."""
    if when is None:
        return "permanently"
    when = as_utc(datetime.fromisoformat(when) if isinstance(when, str) else when)
    return f"until {when.day} {when:%B %Y, %H:%M} UTC"


def end_if_over(user: User) -> bool:
    """Lift `user`'s ban if it has ended (their scores rejoin the statistics) and log it
    as the site's action; True when it did."""
    if not (user.is_authenticated and user.ban_has_ended):
        return False
    # Re-read under the member's lock: a second request lifting it at once finds it
    # lifted, so their scores rejoin once.
    user = db.session.scalars(
        select(User)
        .where(User.id == user.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if not user.ban_has_ended:
        return False
    until = as_utc(user.banned_until)
    scores.set_banned(user, False)
    record(None, "user_ban_ended", user, reason="The ban ended.",
           details={"until": until.isoformat(timespec="minutes")})  # fmt: skip
    return True


def end_all_over() -> int:
    """Lift every ban that has ended; the number lifted."""
    ended = db.session.scalars(
        select(User).where(User.is_banned, User.banned_until <= utcnow()).order_by(User.id)
    )
    return sum(end_if_over(user) for user in list(ended))
