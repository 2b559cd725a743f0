"""Signed, timed tokens for the links we mail (issue 19): password reset, address
verification, change of address.

Each purpose signs with its own salt, so a token made for one is refused by the others.
Nothing is stored: what makes a token stop working is in the token itself, checked
against the account as it is now. A token for an account that no longer exists or was
deleted (`deleted_at`) never works.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.extensions import db
from app.models import User

RESET_MAX_AGE = timedelta(hours=1)
VERIFY_MAX_AGE = timedelta(days=7)
CHANGE_MAX_AGE = timedelta(hours=24)
_SALTS = {
    "reset": "unspoiled.password-reset",
    "verify": "unspoiled.verify-email",
    "change": "unspoiled.change-email",
}


class TokenError(Exception):
    """The link cannot be used; `expired` tells a link that is too old (worth asking for
    again) from one that is malformed, used, for another purpose or for a gone account."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class EmailChange:
    """A confirmed request to move `user` to the address `new_email`."""

    user: User
    new_email: str


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALTS[purpose])


def _load(purpose: str, token: str, max_age: timedelta) -> dict:
    """The token's payload; raises TokenError when it is bad, too old or not a dict."""
    try:
        payload = _serializer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except SignatureExpired:
        raise TokenError(expired=True) from None
    except BadSignature:
        raise TokenError() from None
    if not isinstance(payload, dict):
        raise TokenError()
    return payload


def _live_user(user_id: object) -> User:
    """The account with this id, if it exists and was not deleted; else TokenError."""
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.deleted_at is not None:
        raise TokenError()
    return user


def _fingerprint(user: User) -> str:
    """A digest of the password hash and the address: a reset link stops working once
    the password was changed (by this link or otherwise: single use) or the address."""
    material = f"{user.password_hash}\n{user.email}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def reset_token(user: User) -> str:
    """A link token to choose a new password, good for an hour and for one change."""
    return _serializer("reset").dumps({"id": user.id, "fp": _fingerprint(user)})


def user_for_reset(token: str) -> User:
    """The member a reset token was made for; raises TokenError when it cannot be used."""
    payload = _load("reset", token, RESET_MAX_AGE)
    user = _live_user(payload.get("id"))
    if payload.get("fp") != _fingerprint(user):
        raise TokenError()
    return user


def verify_token(user: User) -> str:
    """A link token proving `user` reads mail at their current address (7 days)."""
    return _serializer("verify").dumps({"id": user.id, "email": user.email})


def user_for_verification(token: str) -> User:
    """The member whose address the token verifies; raises TokenError, also when the
    address changed since the link was sent."""
    payload = _load("verify", token, VERIFY_MAX_AGE)
    user = _live_user(payload.get("id"))
    if payload.get("email") != user.email:
        raise TokenError()
    return user


def change_token(user: User, new_email: str) -> str:
    """A link token, mailed to `new_email`, that moves `user` there (24 hours)."""
    payload = {"id": user.id, "old": user.email, "new": new_email}
    return _serializer("change").dumps(payload)


def email_change(token: str) -> EmailChange:
    """The change a token confirms; raises TokenError, also when the account's address
    is no longer the one the change started from (changed or confirmed already)."""
    payload = _load("change", token, CHANGE_MAX_AGE)
    user = _live_user(payload.get("id"))
    new_email = payload.get("new")
    if payload.get("old") != user.email or not isinstance(new_email, str):
        raise TokenError()
    return EmailChange(user=user, new_email=new_email)
