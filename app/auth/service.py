"""Account operations: they flush, the view commits."""

from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import User
from app.models.user import new_session_token, utcnow

# Checked when no user matches, so a missing account takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class AccountError(Exception):
    """A business rule refused the change; `field` names the form field to blame."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalise_email(email: str) -> str:
    """Emails are compared and stored lower-case, without surrounding spaces."""
    return email.strip().lower()


def register(*, username: str, email: str, password: str) -> User:
    """Create a user; raise AccountError if the username or email is taken."""
    username = username.strip()
    email = normalise_email(email)
    if User.by_username(username) is not None:
        raise AccountError("username", "That username is taken.")
    if User.by_login(email) is not None:
        raise AccountError("email", "An account with that email already exists.")
    user = User(username=username, email=email)
    user.set_password(password)
    db.session.add(user)
    _flush_or_explain(user)
    return user


def authenticate(name_or_email: str, password: str) -> User | None:
    """The user with these credentials, or None."""
    user = User.by_login(name_or_email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None


def end_sessions(user: User) -> None:
    """Sign `user` out everywhere: rotating the session token voids every session and
    remember-me cookie that carries the old one (`User.get_id` holds it)."""
    user.session_token = new_session_token()
    db.session.flush()


def update_account(
    user: User,
    *,
    current_password: str,
    email: str,
    new_password: str | None,
    is_list_public: bool = True,
) -> list[str]:
    """Change password and list privacy after checking the current password, and check
    a new email address.

    Returns the names of what changed, with "email" when a new address was asked for: the
    address itself changes only when the link mailed to it is followed (`change_email`).
    Raises AccountError on a wrong password or a taken email.
    """
    if not user.check_password(current_password):
        raise AccountError("current_password", "Your current password is not correct.")
    changed = []
    email = normalise_email(email)
    if email != user.email:
        _ensure_email_free(user, email)
        changed.append("email")
    if new_password:
        user.set_password(new_password)
        changed.append("password")
    if is_list_public != user.is_list_public:
        user.is_list_public = is_list_public
        changed.append("list privacy")
    _flush_or_explain(user)
    return changed


def change_email(user: User, new_email: str) -> None:
    """Move `user` to `new_email`, which the link they followed proved theirs (so it is
    verified too); raise AccountError if another account took it meanwhile."""
    new_email = normalise_email(new_email)
    _ensure_email_free(user, new_email)
    user.email = new_email
    user.email_verified_at = utcnow()
    _flush_or_explain(user)


def mark_email_verified(user: User) -> None:
    """Record that `user` read a link mailed to their address (the first time counts)."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()


def reset_password(user: User, password: str) -> None:
    """Set a new password from a reset link: this signs the member out everywhere (a new
    session token) and voids the link (its fingerprint covers the password hash). The
    link came to their address, so the address counts as verified."""
    user.set_password(password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.flush()


def account_for_email(email: str) -> User | None:
    """The live (not deleted) account using `email`, or None."""
    user = User.by_login(normalise_email(email)) if "@" in email else None
    return user if user is not None and user.deleted_at is None else None


def _ensure_email_free(user: User, email: str) -> None:
    other = User.by_login(email)
    if other is not None and other.id != user.id:
        raise AccountError("email", "An account with that email already exists.")


def _flush_or_explain(user: User) -> None:
    """Flush; a unique-constraint race becomes the same AccountError as the checks above."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AccountError("username", "That username or email is taken.") from None
