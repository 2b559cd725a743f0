"""Importing watch history: upload a file, see the matches, confirm (issue 19). Plain
forms throughout; htmx adds nothing here but a 422 fragment for a refused upload."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.imports import forms
from app.imports import service as imports
from app.imports.forms import UploadForm
from app.imports.history import ImportRefused
from app.models import HistoryImport
from app.urls import accepts_upload

bp = Blueprint("imports", __name__)
# Reading an archive costs a moment of a worker: plenty for a person, not for a loop.
UPLOAD_LIMIT = "20 per hour"
CONFIRM_LIMIT = "30 per hour"  # confirming or discarding


def _staged_or_404(import_id: int) -> HistoryImport:
    """The member's own staged import; 404 for anybody else's, or an expired one."""
    staged = imports.staged_import(current_user, import_id)
    if staged is None:
        abort(404)
    return staged


@bp.route("/account/import", methods=["GET", "POST"])
@accepts_upload("IMPORT_MAX_BYTES")
@login_required
@limiter.limit(UPLOAD_LIMIT, methods=["POST"], key_func=member_or_address)
def upload():
    """The upload form; a readable file is staged and the member sent to its matches."""
    form = UploadForm()
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            staged = imports.stage(current_user._get_current_object(), form.source.data,
                                   upload_file.read(), upload_file.filename or "")  # fmt: skip
        except ImportRefused as refused:
            form.file.errors.append(str(refused))
        else:
            db.session.commit()
            return redirect(url_for("imports.review", import_id=staged.id), 303)
    if request.method == "POST" and wants_fragment():
        return fragment("imports/_upload_form.html", status=422, form=form)
    return render_template("imports/upload.html", form=form)


@bp.get("/account/import/<int:import_id>")
@login_required
def review(import_id: int):
    """The matches of a staged import, for the member to check, choose and confirm."""
    return _review_page(_staged_or_404(import_id))


def _review_page(staged: HistoryImport, *, items=None, error: str | None = None):
    items = items if items is not None else imports.proposals(staged)
    kinds = {kind: [item for item in items if item.kind == kind]
             for kind in ("choose", "matched", "unknown")}  # fmt: skip
    return render_template("imports/review.html", staged=staged, kinds=kinds, error=error,
                           history=imports.history_of(staged),
                           progress=imports.progress_on(current_user, items),
                           field_name=forms.field_name, skip=forms.SKIP)  # fmt: skip


@bp.post("/account/import/<int:import_id>/confirm")
@login_required
@limiter.limit(CONFIRM_LIMIT, key_func=member_or_address)
def confirm(import_id: int):
    """Write the chosen matches in one transaction, then show the member their list."""
    staged = _staged_or_404(import_id)
    items = imports.proposals(staged)
    try:
        chosen = forms.choices(items, request.form)
        result = imports.apply(current_user._get_current_object(), imports.history_of(staged),
                               chosen, items=items)  # fmt: skip
    except ValueError as error:  # ImportRefused included
        db.session.rollback()
        return _review_page(staged, error=str(error))
    imports.discard(staged)
    db.session.commit()
    flash(f"Import done: {result.summary()}", "success")
    for message in result.messages:
        flash(message, "info")
    return redirect(url_for("users.watch_list", username=current_user.username), 303)


@bp.post("/account/import/<int:import_id>/discard")
@login_required
@limiter.limit(CONFIRM_LIMIT, key_func=member_or_address)
def discard(import_id: int):
    """Forget a staged import without writing anything."""
    imports.discard(_staged_or_404(import_id))
    db.session.commit()
    flash("Import discarded: nothing was written.", "success")
    return redirect(url_for("imports.upload"), 303)
