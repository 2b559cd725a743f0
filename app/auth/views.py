"""Sign up, sign in, sign out."""

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import mails, tokens
from app.auth import service as auth_service
from app.auth.forms import LoginForm, ResetPasswordForm, ResetRequestForm, SignupForm
from app.extensions import db, limiter, member_or_address
from app.models import User
from app.moderation import bans
from app.progress import service as progress_service
from app.security import safe_next_path

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
LOGIN_LIMIT = "20 per minute"  # every sign-in from one address: each one hashes a password
FAILED_LOGIN_LIMIT = "5 per minute"  # failures per account and address
FAILED_LOGINS_PER_ADDRESS = "50 per hour"  # failures per address, whatever the accounts
RESET_REQUESTS_PER_EMAIL = "5 per hour"  # links mailed to one address, whoever asks
RESET_REQUESTS_PER_ADDRESS = "20 per hour"  # requests from one network address
NEW_PASSWORDS_LIMIT = "20 per hour"  # each one hashes a password
VERIFICATION_MAILS_LIMIT = "5 per hour"  # "send the link again", per member


def _login_failed(response) -> bool:
    """Only failed sign-ins count against the failure limits."""
    return response.status_code != 303


def _account_at_address() -> str:
    """Failures count per account, however it was named (username or email), and per
    address, so a stranger elsewhere cannot lock the member out."""
    return f"login:{_login_account()}:{get_remote_address()}"


def _failures_at_address() -> str:
    return f"login-failures:{get_remote_address()}"


def _login_account() -> str:
    """The account the typed name resolves to, or the name itself if none does."""
    typed = request.form.get("username", "").strip()[:254]
    user = User.by_login(typed) if typed.isprintable() else None
    return f"user:{user.id}" if user is not None else f"name:{typed.lower()}"


def _next_or_home():
    """Back to the form's `next` (a hidden field), or the URL's, when it is on this site."""
    target = request.form.get("next") or request.args.get("next")
    return redirect(safe_next_path(target) or url_for("pages.home"), 303)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def signup():
    """Create an account and sign it in."""
    if current_user.is_authenticated:
        return _next_or_home()
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = auth_service.register(
                username=form.username.data, email=form.email.data, password=form.password.data
            )
        except auth_service.AccountError as error:
            form[error.field].errors.append(error.message)
        else:
            login_user(user)
            progress_service.merge_session_progress(user)
            db.session.commit()
            log.info("user signed up", extra={"actor": user.id})
            _send_verification_or_log(user)
            flash(f"Welcome to Unspoiled, {user.username}!", "success")
            return _next_or_home()
    return render_template("auth/signup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(FAILED_LOGIN_LIMIT, methods=["POST"], key_func=_account_at_address,
               deduct_when=_login_failed)  # fmt: skip
@limiter.limit(FAILED_LOGINS_PER_ADDRESS, methods=["POST"], key_func=_failures_at_address,
               deduct_when=_login_failed)  # fmt: skip
def login():
    """Sign in with a username or email; `next` may only point at this site."""
    if current_user.is_authenticated:
        return _next_or_home()
    form = LoginForm()
    if form.validate_on_submit():
        user = auth_service.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            progress_service.merge_session_progress(user)
            bans.end_if_over(user)  # an ended ban is lifted: their scores count again
            db.session.commit()
            flash(f"Signed in as {user.username}.", "success")
            return _next_or_home()
        log.info("failed sign-in", extra={"login": form.username.data[:100]})
        form.password.errors.append("Incorrect username or password.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out on every device (POST only, so a link or image cannot sign anyone out)."""
    if current_user.is_authenticated:
        auth_service.end_sessions(current_user)
        db.session.commit()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("pages.home"), 303)


def _reset_email() -> str:
    """Reset requests count per typed address, whatever network they come from."""
    return "reset:" + auth_service.normalise_email(request.form.get("email", ""))[:254]


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(RESET_REQUESTS_PER_ADDRESS, methods=["POST"])
@limiter.limit(RESET_REQUESTS_PER_EMAIL, methods=["POST"], key_func=_reset_email)
def reset_request():
    """Ask for a reset link. The answer never says whether an account uses the address,
    in its words or its timing (the mail is sent in the background)."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = auth_service.account_for_email(form.email.data)
        if user is not None:
            mails.send_password_reset(user)
            log.info("password reset asked", extra={"actor": user.id})
        return redirect(url_for("auth.reset_request", sent=1), 303)
    sent = request.method == "GET" and request.args.get("sent") == "1"
    return render_template("auth/reset_request.html", form=form, sent=sent)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(NEW_PASSWORDS_LIMIT, methods=["POST"])
def reset_password(token: str):
    """Choose a new password from a mailed link; the member is signed in here and out
    everywhere else."""
    try:
        user = tokens.user_for_reset(token)
    except tokens.TokenError as error:
        return _bad_link("reset", error)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        auth_service.reset_password(user, form.password.data)
        login_user(user)
        progress_service.merge_session_progress(user)
        bans.end_if_over(user)
        db.session.commit()
        log.info("password reset", extra={"actor": user.id})
        flash("Your new password is set, and you are signed in.", "success")
        return redirect(url_for("pages.home"), 303)
    return render_template("auth/reset_password.html", form=form, user=user)


@bp.get("/verify-email/<token>")
def verify_email(token: str):
    """Mark the address verified: opening the mailed link is the proof. A GET that
    writes, as the link in a mail must be; doing it twice changes nothing."""
    try:
        user = tokens.user_for_verification(token)
    except tokens.TokenError as error:
        return _bad_link("verify", error)
    auth_service.mark_email_verified(user)
    db.session.commit()
    flash(f"Thank you: {user.email} is verified.", "success")
    return _to_account_of(user)


@bp.post("/account/verify")
@login_required
@limiter.limit(VERIFICATION_MAILS_LIMIT, key_func=member_or_address)
def resend_verification():
    """Mail the verification link again (the account page's button)."""
    member = current_user._get_current_object()
    if member.email_verified_at is not None:
        flash("Your email address is already verified.", "info")
    elif _send_verification_or_log(member):
        flash(f"We sent a new link to {member.email}.", "success")
    else:
        flash("We could not send the mail just now. Please try again later.", "error")
    return redirect(url_for("users.account"), 303)


@bp.get("/account/email/<token>")
def confirm_email(token: str):
    """Apply a change of address: the link reached the new mailbox, so it is verified."""
    try:
        change = tokens.email_change(token)
        auth_service.change_email(change.user, change.new_email)
    except tokens.TokenError as error:
        return _bad_link("change", error)
    except auth_service.AccountError:
        return _bad_link("taken", tokens.TokenError())
    db.session.commit()
    log.info("email changed", extra={"actor": change.user.id})
    flash(f"Your email address is now {change.user.email}.", "success")
    return _to_account_of(change.user)


def _bad_link(purpose: str, error: tokens.TokenError):
    """A friendly 400 page that says what to do next."""
    page = render_template("auth/bad_link.html", purpose=purpose, expired=error.expired)
    return page, 400


def _to_account_of(user):
    """The account page when `user` is the one signed in here, else the sign-in page."""
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("users.account"), 303)
    return redirect(url_for("auth.login"), 303)


def _send_verification_or_log(user) -> bool:
    """Send the verification mail; a failure is logged, not raised (the account exists
    either way, and the account page offers to send it again)."""
    try:
        mails.send_verification(user)
    except Exception:  # smtplib's errors, OSError, a refused address: none may lose the account
        log.exception("verification mail not sent", extra={"actor": user.id})
        return False
    return True
