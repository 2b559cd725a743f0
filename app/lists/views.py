"""Lists of shows: a list's page, making and editing lists, adding, removing, moving and
noting shows, reporting a list. Every write is rate limited per member; moving and
removing work as plain forms, and htmx swaps the list's items in place."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.comments.forms import ReportForm
from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.lists import queries
from app.lists import service as lists
from app.lists.forms import (
    NOTE_HINT,
    AddItemForm,
    ChooseListForm,
    ListForm,
    MoveForm,
    NoteForm,
)
from app.models import ShowList
from app.moderation import service as moderation
from app.permissions import can_edit_show_list, can_post, ensure
from app.shows.queries import get_show_or_404

bp = Blueprint("lists", __name__)
LIST_LIMIT = "30 per hour"  # making, renaming and deleting lists
ITEM_LIMIT = "300 per hour"  # adding, removing, moving, noting: a reorder is many moves
REPORT_LIMIT = "30 per hour"
ITEMS = "lists/_items.html"


def _editable_or_404(list_id: int) -> ShowList:
    """The list, 404 unless the reader may read it, 403 unless they may change it."""
    show_list = queries.get_list_or_404(list_id)
    ensure(can_edit_show_list(current_user, show_list), "Only the list's owner can change it.")
    return show_list


def _page(show_list: ShowList, **forms):
    """The list's page, with any rejected form (`add_form=`, `list_form=`)."""
    return render_template("lists/show.html", show_list=show_list,
                           items=queries.items_of(show_list), note_hint=NOTE_HINT,
                           add_form=forms.get("add_form") or AddItemForm(formdata=None),
                           report_form=ReportForm(formdata=None))  # fmt: skip


def _items(show_list: ShowList, *, status: int = 200, add_form: AddItemForm | None = None):
    """The list's items and add form: the fragment every htmx edit answers with."""
    return fragment(ITEMS, status=status, show_list=show_list, note_hint=NOTE_HINT,
                    items=queries.items_of(show_list),
                    add_form=add_form or AddItemForm(formdata=None))  # fmt: skip


def _done(show_list: ShowList, *, anchor: str | None = None):
    """After an edit of the items: the fragment for htmx, else back to the list."""
    if wants_fragment():
        return _items(show_list)
    return redirect(url_for("lists.show", list_id=show_list.id, _anchor=anchor), 303)


def _rejected(show_list: ShowList, form):
    """An item edit that failed validation: htmx gets the items again (422), a plain
    browser the list with the form's messages."""
    if wants_fragment():
        return _items(show_list, status=422)
    flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("lists.show", list_id=show_list.id), 303)


@bp.get("/lists/<int:list_id>")
def show(list_id: int):
    """A list's page: its shows in order with their notes; its owner's tools."""
    show_list = queries.get_list_or_404(list_id)
    if wants_fragment():
        return _items(show_list)
    return _page(show_list)


@bp.route("/lists/new", methods=["GET", "POST"])
@login_required
@limiter.limit(LIST_LIMIT, methods=["POST"], key_func=member_or_address)
def new():
    """Make a list (public unless unticked), then go to it to add shows."""
    ensure(can_post(current_user), "You cannot make lists now.")
    form = ListForm()
    if not form.is_submitted():
        form.is_public.data = True
    if not form.validate_on_submit():
        return render_template("lists/form.html", form=form, show_list=None)
    show_list = lists.create(current_user, name=form.name.data,
                             description=form.description.data or "",
                             is_public=form.is_public.data)  # fmt: skip
    db.session.commit()
    flash("List made: add its first show.", "success")
    return redirect(url_for("lists.show", list_id=show_list.id), 303)


@bp.route("/lists/<int:list_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.limit(LIST_LIMIT, methods=["POST"], key_func=member_or_address)
def edit(list_id: int):
    """Rename a list, change its description, make it public or private."""
    show_list = _editable_or_404(list_id)
    form = ListForm(obj=show_list)
    if not form.validate_on_submit():
        return render_template("lists/form.html", form=form, show_list=show_list)
    lists.edit(show_list, current_user, name=form.name.data,
               description=form.description.data or "", is_public=form.is_public.data)  # fmt: skip
    db.session.commit()
    flash("List saved.", "success")
    return redirect(url_for("lists.show", list_id=show_list.id), 303)


@bp.post("/lists/<int:list_id>/delete")
@login_required
@limiter.limit(LIST_LIMIT, key_func=member_or_address)
def delete(list_id: int):
    """Delete a list for good; back to the owner's profile."""
    show_list = _editable_or_404(list_id)
    name = show_list.name
    lists.delete(show_list, current_user)
    db.session.commit()
    flash(f"List “{name}” deleted.", "success")
    return redirect(url_for("users.profile", username=current_user.username), 303)


@bp.post("/lists/<int:list_id>/items")
@login_required
@limiter.limit(ITEM_LIMIT, key_func=member_or_address)
def add_item(list_id: int):
    """Add a show (by title or slug) at the end of the list, with a note."""
    show_list = _editable_or_404(list_id)
    form = AddItemForm()
    if form.validate_on_submit():
        try:
            show = lists.find_show(form.slug.data)
            lists.add(show_list, current_user, show, note=form.note.data or "")
        except (lists.UnknownShow, lists.AlreadyInList) as refused:
            db.session.rollback()
            form.slug.errors.append(refused.description)
        else:
            db.session.commit()
            return _done(show_list, anchor=f"list-{show_list.id}-items")
    if wants_fragment():
        return _items(show_list, status=422, add_form=form)
    return _page(show_list, add_form=form)


@bp.post("/lists/<int:list_id>/items/<slug>/delete")
@login_required
@limiter.limit(ITEM_LIMIT, key_func=member_or_address)
def remove_item(list_id: int, slug: str):
    """Take a show off the list."""
    show_list = _editable_or_404(list_id)
    lists.remove(show_list, current_user, lists.item_or_404(show_list, slug))
    db.session.commit()
    return _done(show_list, anchor=f"list-{show_list.id}-items")


@bp.post("/lists/<int:list_id>/items/<slug>/move")
@login_required
@limiter.limit(ITEM_LIMIT, key_func=member_or_address)
def move_item(list_id: int, slug: str):
    """Move a show one place up or down (`direction`), or to `position` (1 is the top)."""
    show_list = _editable_or_404(list_id)
    item = lists.item_or_404(show_list, slug)
    form = MoveForm()
    if not form.validate_on_submit():
        return _rejected(show_list, form)
    lists.move(show_list, current_user, item, direction=form.direction.data or None,
               position=form.position.data)  # fmt: skip
    db.session.commit()
    return _done(show_list, anchor=f"item-{item.id}")


@bp.post("/lists/<int:list_id>/items/<slug>/note")
@login_required
@limiter.limit(ITEM_LIMIT, key_func=member_or_address)
def set_note(list_id: int, slug: str):
    """Replace a show's note in the list (empty clears it)."""
    show_list = _editable_or_404(list_id)
    item = lists.item_or_404(show_list, slug)
    form = NoteForm()
    if not form.validate_on_submit():
        return _rejected(show_list, form)
    lists.set_note(show_list, current_user, item, form.note.data or "")
    db.session.commit()
    return _done(show_list, anchor=f"item-{item.id}")


@bp.post("/lists/<int:list_id>/report")
@login_required
@limiter.limit(REPORT_LIMIT, key_func=member_or_address)
def report(list_id: int):
    """Report a list to the moderators (its name, description or notes)."""
    show_list = queries.get_list_or_404(list_id)
    form = ReportForm()
    back, action = (url_for(f"lists.{name}", list_id=show_list.id) for name in ("show", "report"))
    if not form.validate_on_submit():
        if wants_fragment():
            return fragment("comments/_report_form.html", status=422, form=form,
                            owner_id=f"list-{show_list.id}", action=action)  # fmt: skip
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back, 303)
    moderation.report(show_list, current_user, reason=form.reason.data, note=form.note.data or "")
    db.session.commit()
    if wants_fragment():
        return fragment("comments/_reported.html", owner_id=f"list-{show_list.id}")
    flash("Thank you: a moderator will look at your report.", "success")
    return redirect(back, 303)


@bp.route("/lists/add/<slug>", methods=["GET", "POST"])
@login_required
@limiter.limit(ITEM_LIMIT, methods=["POST"], key_func=member_or_address)
def add_show(slug: str):
    """From a show's page: choose one of my lists (and a note) to add the show to; htmx
    gets the chooser, or its answer, in place (the show page's "Add to a list")."""
    show = get_show_or_404(slug)
    ensure(can_post(current_user), "You cannot change lists now.")
    form = ChooseListForm.for_lists(queries.own_lists(current_user, show))
    added = _add_chosen(show, form) if form.validate_on_submit() else None
    if added is not None and not wants_fragment():
        flash(f"{show.title} added to “{added.name}”.", "success")
        return redirect(url_for("shows.show", slug=show.slug), 303)
    if added is not None:
        form = ChooseListForm.for_lists(queries.own_lists(current_user, show))
    context = {"show": show, "form": form, "added": added}
    if wants_fragment():
        return fragment("lists/_choose.html", status=422 if form.errors else 200, **context)
    return render_template("lists/choose.html", **context)


def _add_chosen(show, form: ChooseListForm) -> ShowList | None:
    """Add `show` to the chosen list and commit; None (and the form's error) when it is
    there already."""
    show_list = _editable_or_404(form.list_id.data)
    try:
        lists.add(show_list, current_user, show, note=form.note.data or "")
    except lists.AlreadyInList as refused:
        db.session.rollback()
        form.list_id.errors.append(refused.description)
        return None
    db.session.commit()
    return show_list
