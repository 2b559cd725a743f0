"""Admins add and edit shows."""

import logging

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from app.admin.forms import ShowForm
from app.extensions import db
from app.media import service as media_service
from app.media.forms import prepared
from app.models import Show
from app.permissions import admin_required
from app.shows import service as show_service
from app.shows.queries import get_show_or_404
from app.shows.records import RecordInvalid, parse_record
from app.urls import accepts_image

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger(__name__)


@bp.route("/shows/new", methods=["GET", "POST"])
@accepts_image
@admin_required
def new_show():
    """Add a show."""
    return _edit(ShowForm(), show=None)


@bp.route("/shows/<slug>/edit", methods=["GET", "POST"])
@accepts_image
@admin_required
def edit_show(slug: str):
    """Edit a show's facts and episode titles."""
    show = get_show_or_404(slug)
    form = ShowForm()
    if not form.is_submitted():
        form.fill_from(show)
    return _edit(form, show=show)


def _edit(form: ShowForm, *, show):
    if form.validate_on_submit():
        try:
            record = parse_record(form.to_record_data())
            _check_slug_free(record.slug, show)
        except RecordInvalid as error:
            for name, message in error.errors.items():
                form[name].errors.append(_sentence(message))
        else:
            saved, _ = show_service.save_show(record, show=show)
            _apply_poster(form, saved)
            db.session.commit()
            log.info("show saved", extra={"actor": current_user.id, "show": saved.id})
            flash(f"Saved {saved.title}.", "success")
            return redirect(url_for("shows.show", slug=saved.slug), 303)
    return render_template("admin/show_form.html", form=form, show=show)


def _apply_poster(form: ShowForm, show: Show) -> None:
    """A new poster if one was sent (checked by the form), else remove it if asked."""
    poster = prepared(form.poster)
    if poster is not None:
        media_service.set_poster(show, poster)
    elif form.remove_poster.data:
        media_service.remove_poster(show)


def _sentence(message: str) -> str:
    """'is required' -> 'This field is required.'; 'must be ...' -> 'Must be ....'"""
    text = (
        f"This field {message}" if message.startswith("is ") else message[0].upper() + message[1:]
    )
    return text + "."


def _check_slug_free(slug: str, show: Show | None) -> None:
    """A new show may not take an existing slug, nor an edit another show's."""
    other = db.session.scalar(select(Show.id).where(Show.slug == slug))
    if other is not None and (show is None or other != show.id):
        raise RecordInvalid({"slug": "is already used by another show"})
