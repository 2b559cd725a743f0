"""Profiles and the signed-in user's account settings."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from app.auth import service as auth_service
from app.auth.forms import AccountForm
from app.extensions import db, limiter, member_or_address
from app.media import service as media_service
from app.media.forms import AvatarForm, prepared
from app.models import User
from app.permissions import can_see_list, ensure
from app.progress import service as progress_service
from app.progress.forms import NumbersDefaultForm
from app.reviews.queries import reviews_by
from app.urls import accepts_image

bp = Blueprint("users", __name__)
ACCOUNT_REFUSALS_LIMIT = "10 per hour"  # refused changes, wrong current passwords among them


def _refused(response) -> bool:
    """Only refused changes count: a saved one redirects."""
    return response.status_code != 303


@bp.get("/users/<username>")
def profile(username: str):
    """A user's public profile."""
    user = User.by_username(username) or abort(404)
    return render_template(
        "users/profile.html", user=user, reviews=reviews_by(user), is_owner=_is_owner(user)
    )


@bp.get("/users/<username>/list")
def watch_list(username: str):
    """A member's list, grouped by status; hidden from others if they chose so."""
    user = User.by_username(username) or abort(404)
    ensure(can_see_list(current_user, user))
    groups = progress_service.entries_by_status(user)
    return render_template("users/list.html", user=user, groups=groups, is_owner=_is_owner(user))


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
            flash(_changed_message(changed), "success")
            return redirect(url_for("users.account"), 303)
    return _account_page(form=form)


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
