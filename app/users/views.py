"""Profiles and the signed-in user's account settings."""

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from app.auth import mails as auth_mails
from app.auth import service as auth_service
from app.auth.forms import AccountForm
from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.lists import queries as lists_queries
from app.media import service as media_service
from app.media.forms import AvatarForm, prepared
from app.models import User
from app.permissions import can_see_list, ensure
from app.progress import service as progress_service
from app.progress.forms import NumbersDefaultForm
from app.reviews.queries import reviews_by
from app.security import safe_next_path
from app.urls import accepts_image, page_number
from app.users import queries as social
from app.users import service as social_service
from app.users.stats import profile_stats

bp = Blueprint("users", __name__)
log = logging.getLogger(__name__)
ACCOUNT_REFUSALS_LIMIT = "10 per hour"  # refused changes, wrong current passwords among them
SOCIAL_LIMIT = "120 per hour"  # each of follow, unfollow, block, unblock (like helpful votes)


def _refused(response) -> bool:
    """Only refused changes count: a saved one redirects."""
    return response.status_code != 303


@bp.get("/users/<username>")
def profile(username: str):
    """A user's public profile."""
    user = User.by_username(username) or abort(404)
    return render_template(
        "users/profile.html",
        user=user,
        reviews=reviews_by(user),
        is_owner=_is_owner(user),
        summary=social.social_summary(current_user, user),
        lists=lists_queries.lists_for_profile(user),
        **profile_stats(user, viewer=current_user, year=request.args.get("year", type=int)),
    )


@bp.get("/users/<username>/list")
def watch_list(username: str):
    """A member's list, grouped by status; hidden from others if they chose so."""
    user = User.by_username(username) or abort(404)
    ensure(can_see_list(current_user, user))
    groups = progress_service.entries_by_status(user)
    return render_template("users/list.html", user=user, groups=groups, is_owner=_is_owner(user))


@bp.get("/users/<username>/followers")
def followers(username: str):
    """The members who follow `username`, newest first."""
    user = User.by_username(username) or abort(404)
    page = social.followers_page(user, request.args.get("page", 1, type=page_number))
    return render_template("users/people.html", user=user, page=page, kind="followers")


@bp.get("/users/<username>/following")
def following(username: str):
    """The members `username` follows, newest first."""
    user = User.by_username(username) or abort(404)
    page = social.following_page(user, request.args.get("page", 1, type=page_number))
    return render_template("users/people.html", user=user, page=page, kind="following")


@bp.get("/users/<username>/blocked")
@login_required
def blocked(username: str):
    """The members I blocked, each with Unblock: my own page only."""
    user = User.by_username(username) or abort(404)
    ensure(_is_owner(user), "Only its owner sees whom a member blocked.")
    page = social.blocked_page(user, request.args.get("page", 1, type=page_number))
    return render_template("users/people.html", user=user, page=page, kind="blocked")


@bp.post("/users/<username>/follow")
@login_required
@limiter.limit(SOCIAL_LIMIT, key_func=member_or_address)
def follow(username: str):
    """Follow a member (twice is once); not yourself, not while banned or blocked."""
    return _relate(username, social_service.follow, "You follow {}.")


@bp.post("/users/<username>/unfollow")
@login_required
@limiter.limit(SOCIAL_LIMIT, key_func=member_or_address)
def unfollow(username: str):
    """Stop following a member."""
    return _relate(username, social_service.unfollow, "You no longer follow {}.")


@bp.post("/users/<username>/block")
@login_required
@limiter.limit(SOCIAL_LIMIT, key_func=member_or_address)
def block(username: str):
    """Block a member: follows between you end, and they cannot follow you."""
    return _relate(username, social_service.block, "You blocked {}.")


@bp.post("/users/<username>/unblock")
@login_required
@limiter.limit(SOCIAL_LIMIT, key_func=member_or_address)
def unblock(username: str):
    """Lift a block."""
    return _relate(username, social_service.unblock, "You unblocked {}.")


def _relate(username: str, action, done: str):
    """Load the member, act, commit; htmx gets the profile's follow buttons again, a
    plain form goes back to `next` (a path on this site) or to the profile."""
    member = User.by_username(username) or abort(404)
    action(current_user._get_current_object(), member)
    db.session.commit()
    back = safe_next_path(request.form.get("next"))
    if wants_fragment():
        summary = social.social_summary(current_user, member)
        return fragment("users/_follow_buttons.html", user=member, summary=summary,
                        is_owner=False, next_path=back)  # fmt: skip
    flash(done.format(member.username), "success")
    return redirect(back or url_for("users.profile", username=member.username), 303)


def _is_owner(user: User) -> bool:
    """True when the reader is `user` (their own profile or list: "you", "your")."""
    return current_user.is_authenticated and current_user.id == user.id


@bp.route("/account", methods=["GET", "POST"])
@accepts_image
@login_required
@limiter.limit(ACCOUNT_REFUSALS_LIMIT, methods=["POST"], key_func=member_or_address,
               deduct_when=_refused)  # fmt: skip
def account():
    """Change email or password (the current password is required), or the picture:
    the page's forms post here, told apart by the picture form's fields and the numbers
    setting's (`hide_numbers`)."""
    if request.method == "POST" and ("avatar" in request.files or "remove_avatar" in request.form):
        return _change_avatar()
    if request.method == "POST" and "hide_numbers" in request.form:
        return _change_numbers()
    form = AccountForm(email=current_user.email, is_list_public=current_user.is_list_public)
    if form.validate_on_submit():
        try:
            changed = auth_service.update_account(
                current_user,
                current_password=form.current_password.data,
                email=form.email.data,
                new_password=form.new_password.data,
                is_list_public=form.is_list_public.data,
            )
        except auth_service.AccountError as error:
            form[error.field].errors.append(error.message)
        else:
            db.session.commit()
            if "password" in changed:
                # The password change rotated the session token; keep this session valid.
                login_user(current_user._get_current_object())
            _flash_changes(changed, new_email=form.email.data)
            return redirect(url_for("users.account"), 303)
    return _account_page(form=form)


def _flash_changes(changed: list[str], *, new_email: str) -> None:
    """Say what was saved; a new address is only asked for: mail it the link that makes
    the change (issue 19), and say so, or that the mail could not go."""
    saved = [name for name in changed if name != "email"]
    if saved or "email" not in changed:
        flash(_changed_message(saved), "success")
    if "email" not in changed:
        return
    new_email = auth_service.normalise_email(new_email)
    try:
        auth_mails.send_email_change(current_user._get_current_object(), new_email)
    except Exception:  # smtplib's errors, OSError: the member may simply try again
        log.exception("email change mail not sent", extra={"actor": current_user.id})
        flash("We could not send the confirmation mail just now; your email address "
              "is unchanged. Please try again later.", "error")  # fmt: skip
        return
    flash(f"We sent a link to {new_email}: your email address changes when you open it.",
          "success")  # fmt: skip


def _account_page(**forms):
    """The account page with its forms, empty or as given (rejected ones keep their errors)."""
    member = current_user._get_current_object()
    forms.setdefault("form", AccountForm(email=member.email, is_list_public=member.is_list_public,
                                         formdata=None))  # fmt: skip
    forms.setdefault("avatar_form", AvatarForm())
    forms.setdefault("numbers_form", NumbersDefaultForm.filled(member.hide_numbers_percent))
    return render_template("users/account.html", **forms)


def _change_numbers():
    """The account-wide "numbers that spoil" setting (no password needed: it changes
    only what the member sees)."""
    numbers_form = NumbersDefaultForm()
    if not numbers_form.validate_on_submit():
        return _account_page(numbers_form=numbers_form)
    progress_service.set_numbers_default(current_user._get_current_object(), numbers_form.percent())
    db.session.commit()
    flash("Your setting for scores and ratings was saved.", "success")
    return redirect(url_for("users.account", _anchor="numbers"), 303)


def _change_avatar():
    """A new picture (a refused file keeps the old one, with the reason on the form), or
    none: no password needed, as nothing private changes."""
    member = current_user._get_current_object()
    if "remove_avatar" in request.form:
        media_service.remove_avatar(member)
        db.session.commit()
        flash("Your picture was removed.", "success")
        return redirect(url_for("users.account"), 303)
    avatar_form = AvatarForm()
    if not avatar_form.validate_on_submit():
        return _account_page(avatar_form=avatar_form)
    media_service.set_avatar(member, prepared(avatar_form.avatar))
    db.session.commit()
    flash("Your picture was updated.", "success")
    return redirect(url_for("users.account"), 303)


def _changed_message(changed: list[str]) -> str:
    if not changed:
        return "Nothing changed."
    return "Your " + " and ".join(changed) + (" were" if len(changed) > 1 else " was") + " updated."
