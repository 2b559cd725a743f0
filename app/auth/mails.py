"""The mails about an account (issue 19): each builds its link and sends it through
app/mail.py. Views call these after they commit."""

from app import mail
from app.auth import tokens
from app.models import User
from app.security import external_url


def send_verification(user: User) -> None:
    """Ask `user` to confirm their address; raises when the mail cannot be sent."""
    link = external_url("auth.verify_email", token=tokens.verify_token(user))
    mail.send(user.email, "Confirm your email address", "verify_email", user=user, link=link,
              days=tokens.VERIFY_MAX_AGE.days)  # fmt: skip


def send_password_reset(user: User) -> None:
    """Mail `user` a link to choose a new password. Sent in the background: the page that
    asked answers as fast whether or not an account uses the address."""
    link = external_url("auth.reset_password", token=tokens.reset_token(user))
    mail.send_in_background(user.email, "Choose a new password", "reset_password",
                            user=user, link=link)  # fmt: skip


def send_email_change(user: User, new_email: str) -> None:
    """Mail the confirmation link to `new_email` (raises when it cannot be sent), and a
    notice to the current address, in the background, so the owner hears of it."""
    link = external_url("auth.confirm_email", token=tokens.change_token(user, new_email))
    mail.send(new_email, "Confirm your new email address", "confirm_email", user=user,
              link=link, hours=int(tokens.CHANGE_MAX_AGE.total_seconds() // 3600))  # fmt: skip
    mail.send_in_background(user.email, "Your email address is about to change",
                            "email_change_notice", user=user, new_email=_masked(new_email),
                            reset_link=external_url("auth.reset_request"))  # fmt: skip


def _masked(address: str) -> str:
    """`address` with most of its local part hidden ("m***@example.com"): the old mailbox
    may no longer be the member's, and its reader need not learn the new one."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
