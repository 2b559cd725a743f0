"""Episode pages: an episode's title, synopsis, community rating and discussion thread,
opened as the reader reaches it; marking it watched, rating it and posting in its thread.
The page is built by `render_page` from three parts: the episode itself, its rating
section and its thread, each with the context function beside its routes.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import gating
from app.comments import service as comment_service
from app.comments.forms import ReportForm, ThreadCommentForm
from app.episodes import queries as episode_queries
from app.extensions import db, limiter, member_or_address
from app.htmx import fragment, wants_fragment
from app.models import Show
from app.permissions import can_post
from app.progress import service as progress_service
from app.progress.rules import PROGRESS_LIMIT, Progress, watched_up_to
from app.ratings import queries as rating_queries
from app.ratings import service as rating_service
from app.ratings.forms import EpisodeRatingForm
from app.shows.queries import get_show_or_404
from app.urls import page_number, whole_number

bp = Blueprint("episodes", __name__)


# --- The episode page and "watched" (episode pages) ------------------------------------


@bp.get("/shows/<slug>/episodes/<int:episode>")
def show(slug: str, episode: int):
    """The episode page: open to a reader who has reached `episode`; below it a
    placeholder, or with `?reveal=1` the episode for this response alone (nothing is
    remembered). htmx gets the page's main part, which the reveal swaps in place."""
    show = _show_or_404(slug, episode)
    progress = progress_service.progress_for(show)
    revealed = request.args.get("reveal") == "1"
    if wants_fragment():
        context = _page_context(show, episode, progress, {"revealed": revealed})
        return fragment("episodes/_main.html", **context)
    return render_page(show, episode, progress, revealed=revealed)


@bp.post("/shows/<slug>/episodes/<int:episode>/watched")
@limiter.limit(PROGRESS_LIMIT, key_func=member_or_address)
def watched(slug: str, episode: int):
    """Set my progress to at least `episode`, never lower (already further: nothing
    changes, and the reader is told). htmx gets the opened main part and, out of band,
    the rest of the page that depends on progress; a plain form the episode page."""
    show = _show_or_404(slug, episode)
    before = progress_service.progress_for(show)
    after = watched_up_to(before, episode, show.episode_count)
    notice = None
    if after is before:
        notice = f"You are already at episode {before.episodes_watched}: nothing changed."
    else:
        progress_service.save_progress(show, after)
        db.session.commit()
    if wants_fragment():
        progress = progress_service.progress_for(show)
        context = _page_context(show, episode, progress, {"notice": notice})
        return fragment("episodes/_watched.html", **context)
    flash(notice or f"Episode {episode} marked watched.", "info" if notice else "success")
    return redirect(url_for("episodes.show", slug=show.slug, episode=episode), 303)


def render_page(show: Show, episode: int, progress: Progress, **overrides):
    """The full episode page for a reader at `progress`. `overrides` change parts of its
    context: `rating_form=` and `thread_form=` (a rejected form with its errors, passed
    as `form=` to rating_section / thread_section), `thread_page=` (else the request's
    `?page=`), `revealed=True` (open for this response although the reader is below
    it) and `notice=` (a sentence above the episode)."""
    context = _page_context(show, episode, progress, overrides)
    return render_template("episodes/page.html", **context)


def _show_or_404(slug: str, episode: int) -> Show:
    """The show with this slug, or a 404, also when it has no episode `episode`."""
    show = get_show_or_404(slug)
    if not episode_queries.is_episode_of(show, episode):
        abort(404)
    return show


def _page_context(show: Show, episode: int, progress: Progress, overrides: dict) -> dict:
    """What the page and its parts show this reader. Nothing of a withheld episode
    enters it: its row, rating and thread only when it is open (reached or revealed),
    the neighbours' titles only by the reader's real progress, never by a reveal."""
    rows = episode_queries.rows_around(show, episode)
    is_open = progress.has_seen(episode) or bool(overrides.get("revealed"))
    context = {
        "show": show,
        "episode": episode,
        "progress": progress,
        "is_open": is_open,
        "revealed": is_open and not progress.has_seen(episode),  # open for this response only
        "episode_row": rows.get(episode) if is_open else None,
        "neighbours": {
            number: rows[number].title
            for number in (episode - 1, episode + 1)
            if number in rows and progress.has_seen(number) and rows[number].title
        },
        "notice": overrides.get("notice"),
    }
    if not is_open:
        return context
    page = overrides.get("thread_page") or request.args.get("page", 1, type=page_number)
    sections = {
        **rating_section(show, episode, progress, form=overrides.get("rating_form")),
        **thread_section(show, episode, progress, form=overrides.get("thread_form"), page=page),
    }
    return {**sections, **context}


# --- Episode ratings (ratings) ----------------------------------------------------------


RATING_LIMIT = "120 per hour"  # a binge-watcher rates one episode after another


def rating_section(show: Show, episode: int, progress: Progress, form=None) -> dict:
    """The context of templates/episodes/_rating.html: the episode's community rating
    (None while the reader's "numbers that spoil" setting hides the show's numbers) and,
    for a member not banned who has watched it, their rating form (`form`: a rejected
    one, with its errors). One query."""
    user_id = current_user.id if current_user.is_authenticated else None
    summary, own = rating_queries.summary_and_own(show, episode, user_id)
    may_rate = can_post(current_user) and progress.has_seen(episode)
    return {
        "rating_summary": None if progress.numbers_hidden else summary,
        "rating_min": rating_queries.min_ratings(),
        "own_rating": own,
        "rating_form": form or (EpisodeRatingForm.filled(own) if may_rate else None),
    }


@bp.post("/shows/<slug>/episodes/<int:episode>/rating")
@login_required
@limiter.limit(RATING_LIMIT, key_func=member_or_address)
def rate(slug: str, episode: int):
    """Rate an episode I have watched, change my rating or remove it ("none"). htmx gets
    the rating section, a plain form the episode page (403: banned, or not watched)."""
    show = _show_or_404(slug, episode)
    progress = progress_service.progress_for(show)
    rating_service.ensure_may_rate(current_user, episode, progress)
    form = EpisodeRatingForm()
    if not form.validate_on_submit():
        if wants_fragment():
            return _rating_fragment(show, episode, progress, form=form, status=422)
        return render_page(show, episode, progress, rating_form=form)  # 200, with the error
    if form.value() is None:
        rating_service.remove(current_user, show, episode)
    else:
        rating_service.rate(current_user, show, episode, form.value())
    db.session.commit()
    if wants_fragment():
        return _rating_fragment(show, episode, progress)
    flash(_rating_saved(episode, form.value()), "success")
    anchor = f"rating-{show.id}-{episode}"  # the rating section's id
    return redirect(url_for("episodes.show", slug=show.slug, episode=episode, _anchor=anchor), 303)


def _rating_fragment(show: Show, episode: int, progress: Progress, *, form=None, status=200):
    context = rating_section(show, episode, progress, form=form)
    return fragment("episodes/_rating.html", status=status, show=show, episode=episode,
                    progress=progress, **context)  # fmt: skip


def _rating_saved(episode: int, value: float | None) -> str:
    if value is None:
        return f"Your rating of episode {episode} is removed."
    return f"You rated episode {episode} {value:.1f}."


# --- The episode's discussion thread (threads) ----------------------------------------


THREAD_COMMENT_LIMIT = "60 per hour"  # as review comments (reviews.COMMENT_LIMIT)


def thread_section(show: Show, episode: int, progress: Progress, form=None, page: int = 1) -> dict:
    """The context of templates/episodes/_thread.html: a page of the episode's thread
    (top-level comments oldest first, each with its replies), every comment gated for
    this reader, and the forms. Called only while the episode is open to the reader.

    Spoilers beyond their progress stay withheld with a reveal each; `?spoiler=N` (the
    reveal without JavaScript) shows episode N in this page's comments, and the
    thread's own episode is shown when the reader opened the page by its reveal. `form`
    is a rejected comment or reply form, shown with its errors and the typed text."""
    thread = comment_service.thread_page(show, episode, page)
    shown = {_spoiler_arg(show), None if progress.has_seen(episode) else episode} - {None}

    def gate(comment):
        return gating.render_comment(comment, progress=progress.episodes_watched,
                                     kept=shown, comment_page=thread.page.page)  # fmt: skip

    items = [
        (c, gate(c), [(reply, gate(reply)) for reply in thread.replies[c.id]])
        for c in thread.page.items
    ]
    top_ids = {c.id for c in thread.page.items}
    replying = form is not None and form.parent_id.data in top_ids  # else the error is the form's
    return {
        "thread_items": items,
        "comment_page": thread.page,
        "thread_count": comment_service.thread_count(show, episode),
        "thread_may_post": can_post(current_user) and progress.has_seen(episode),
        "thread_form": None if replying else form,
        "thread_reply_form": form if replying else None,
        "thread_spoiler": _spoiler_arg(show),
        "thread_reader_at": progress.episodes_watched,
        "report_form": ReportForm(formdata=None),
    }


def _spoiler_arg(show: Show) -> int | None:
    """`?spoiler=N`, an episode of the show, or None (junk is ignored)."""
    number = request.args.get("spoiler", type=whole_number)
    return number if number is not None and 1 <= number <= show.episode_count else None


@bp.post("/shows/<slug>/episodes/<int:episode>/comments")
@login_required
@limiter.limit(THREAD_COMMENT_LIMIT, key_func=member_or_address)
def add_comment(slug: str, episode: int):
    """Comment in the episode's thread, or reply one level deep (`parent_id`): members
    who have watched the episode (403 otherwise, and when banned). htmx gets the new
    comment and a fresh form; a plain form the episode page at the comment."""
    show = _show_or_404(slug, episode)
    comment_service.thread_stamp(current_user, show, episode)
    progress = progress_service.progress_for(show)
    form = ThreadCommentForm(episode_count=show.episode_count)
    valid, parent = _thread_form_and_parent(form, show, episode)
    if not valid:
        if wants_fragment():
            return _thread_form_fragment(show, episode, form, status=422)
        return render_page(show, episode, progress, thread_form=form)  # 200, keeps the text
    comment = comment_service.add_thread_comment(
        show, episode, current_user, form.body.data, form.body.segments, parent=parent
    )
    db.session.commit()
    if wants_fragment():
        return _thread_added(show, episode, progress, comment)
    return redirect(comment_service.location(comment, reader_at=progress.episodes_watched), 303)


def _thread_form_and_parent(form, show: Show, episode: int):
    """(valid, the comment replied to or None): the form's fields, then its parent."""
    if not form.validate_on_submit():
        return False, None
    try:
        return True, comment_service.reply_parent(show, episode, form.parent_id.data)
    except comment_service.BadParent as error:
        form.parent_id.errors = [str(error)]
        return False, None


def _thread_form_fragment(show: Show, episode: int, form, *, status: int = 200):
    """The thread's comment form, or the reply form of `form.parent_id`, on its own."""
    return fragment("episodes/_thread_form.html", status=status, show=show, episode=episode,
                    form=form, parent_id=form.parent_id.data)  # fmt: skip


def _thread_added(show: Show, episode: int, progress: Progress, comment):
    """htmx's answer to a post: a fresh form in place of the one sent, and out of band
    the new comment at the end of its list and the thread's new count."""
    body = gating.render_comment(comment, progress=progress.episodes_watched)
    return fragment(
        "episodes/_thread_added.html", show=show, episode=episode, comment=comment, body=body,
        replies=[], parent_id=comment.parent_id, report_form=ReportForm(formdata=None),
        thread_count=comment_service.thread_count(show, episode), thread_may_post=True,
        thread_reader_at=progress.episodes_watched,
    )  # fmt: skip
