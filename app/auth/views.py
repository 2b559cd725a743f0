"""Sign up, sign in, sign out."""

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from app.auth import service as auth_service
from app.auth.forms import LoginForm, SignupForm
from app.extensions import db, limiter
from app.models import User
from app.moderation import bans
from app.progress import service as progress_service
from app.security import safe_next_path

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
LOGIN_LIMIT = "20 per minute"  # every sign-in from one address: each one hashes a password
FAILED_LOGIN_LIMIT = "5 per minute"  # failures per account and address
FAILED_LOGINS_PER_ADDRESS = "50 per hour"  # failures per address, whatever the accounts


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
