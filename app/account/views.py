"""Deleting your account (issue 19): the password, a choice about reviews and comments,
then everything personal goes in one transaction and the member is signed out."""

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from app.account import service as account_service
from app.account.forms import DeleteAccountForm
from app.extensions import db, limiter, member_or_address

bp = Blueprint("account", __name__)
DELETE_LIMIT = "10 per hour"  # each try checks a password: no guessing through this form


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(DELETE_LIMIT, methods=["POST"], key_func=member_or_address)
def delete():
    """What goes and what may stay, then the form; a wrong password deletes nothing.
    Banned members may delete their account too: leaving is not posting."""
    member = current_user._get_current_object()
    form = DeleteAccountForm(member)
    if not form.validate_on_submit():
        return render_template("account/delete.html", form=form)
    avatar_key = account_service.delete_account(member, keep_content=form.keep_content.data)
    db.session.commit()
    account_service.remove_avatar_files(avatar_key)
    session.clear()  # their anonymous progress and anything else of theirs
    logout_user()  # after the clear: it marks the remember-me cookie for removal
    flash("Your account has been deleted.", "success")
    return redirect(url_for("pages.home"), 303)
