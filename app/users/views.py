"""Profiles and the signed-in user's account settings."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user

from app.auth import service as auth_service
from app.auth.forms import AccountForm
from app.extensions import db
from app.models import User

bp = Blueprint("users", __name__)


@bp.get("/users/<username>")
def profile(username: str):
    """A user's public profile."""
    user = User.by_username(username) or abort(404)
    return render_template("users/profile.html", user=user)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change email or password; the current password is required."""
    form = AccountForm(email=current_user.email)
    if form.validate_on_submit():
        try:
            changed = auth_service.update_account(
                current_user,
                current_password=form.current_password.data,
                email=form.email.data,
                new_password=form.new_password.data,
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
    return render_template("users/account.html", form=form)


def _changed_message(changed: list[str]) -> str:
    if not changed:
        return "Nothing changed."
    return "Your " + " and ".join(changed) + (" were" if len(changed) > 1 else " was") + " updated."
