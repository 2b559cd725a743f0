"""Notifications and the header's unread count (issue 18)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.notifications import queries, service
from app.notifications.forms import MarkReadForm, SettingsForm

bp = Blueprint("notifications", __name__)
bp.add_app_template_global(queries.badge_text, "badge_text")
READ_LIMIT = "600 per hour"  # one click per notification read, now and then "all"
SETTINGS_LIMIT = "60 per hour"
STOP_POLLING = 286  # htmx stops an `every` poll on this status


def _page_context(page_number: int) -> dict:
    """The page of notifications `page_number` (clamped), as the reader sees it."""
    page = queries.notifications_page(current_user.id, max(1, min(page_number, 10_000)))
    return {"page": page, "entries": queries.entries(page.items)}


@bp.get("/notifications")
@login_required
def index():
    """The member's notifications, newest first; htmx gets the list alone."""
    context = _page_context(request.args.get("page", 1, type=int))
    if wants_fragment():
        return fragment("notifications/_list.html", **context)
    off = service.opted_out(current_user.id)
    return render_template(
        "notifications/index.html", settings_form=SettingsForm.filled(off), **context
    )


@bp.get("/notifications/unread")
def unread():
    """The header's unread badge (htmx polls it); a signed-out reader's poll stops, and a
    plain browser goes to the notifications page."""
    if not current_user.is_authenticated:
        if wants_fragment():
            return "", STOP_POLLING
        return redirect(url_for("auth.login", next=url_for("notifications.index")))
    if not wants_fragment():
        return redirect(url_for("notifications.index"))
    return fragment("notifications/_unread.html", unread=queries.unread_count(current_user.id))


@bp.post("/notifications/read")
@login_required
@limiter.limit(READ_LIMIT, key_func=member_or_address)
def read():
    """Mark one notification read (`id`) or all of them; htmx gets the item or the list
    back with the header's badge, a plain browser the page (`page`) again."""
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    one = queries.get_own_or_404(current_user.id, form.id.data) if form.id.data else None
    service.mark_read(current_user, one.id if one else None)
    db.session.commit()
    page_number = form.page.data or 1
    if not wants_fragment():
        back = url_for("notifications.index", page=page_number if page_number > 1 else None)
        return redirect(back, 303)
    unread = queries.unread_count(current_user.id)
    if one is not None:
        (entry,) = queries.entries([one])
        return fragment("notifications/_item_swap.html", entry=entry, unread=unread)
    return fragment("notifications/_list_swap.html", unread=unread, **_page_context(page_number))


@bp.post("/notifications/settings")
@login_required
@limiter.limit(SETTINGS_LIMIT, key_func=member_or_address)
def settings():
    """Choose which kinds of notification to receive (unchecked: turned off)."""
    form = SettingsForm()
    if not form.validate_on_submit():
        abort(400)
    service.set_opt_outs(current_user, form.turned_off())
    db.session.commit()
    if wants_fragment():
        return fragment("notifications/_settings.html", settings_form=form, saved=True)
    flash("Your notification settings were saved.", "success")
    return redirect(url_for("notifications.index", _anchor="notification-settings"), 303)
