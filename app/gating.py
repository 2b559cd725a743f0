"""How gated text (reviews, comments) reaches one reader: stored segments joined for
their progress.

The markup module decides what is shown; this module wraps each spoiler in the page's
elements (labels, placeholders with their reveal links, DOM ids) and decides whose
progress applies. Markup is built with `Markup.format`, which escapes every value.
Callers pass the reader's progress in (`progress_service.progress_for`).
"""

from collections.abc import Callable, Collection
from typing import NamedTuple

from flask import url_for
from flask_login import current_user
from markupsafe import Markup

from app.markup import (
    TOP_HEADING,
    GateResult,
    Segments,
    SpoilerRef,
    SpoilerSyntaxError,
    gate,
    render_document,
    shift_headings,
    spoilers_for,
)
from app.models import Comment, Review, Show
from app.permissions import is_held_from, sees_every_spoiler
from app.places import comment_url
from app.places import dom_id as dom_id  # re-exported: views build DOM ids as gating.dom_id

SHOWN = {
    True: Markup(
        '<div id="{id}" class="spoiler block shown" data-episode="{ep}" tabindex="-1"{oob}>'
        '<p class="spoiler-label">Episode {ep}</p>{controls}{html}</div>'
    ),
    False: Markup(
        '<span id="{id}" class="spoiler inline shown" data-episode="{ep}" tabindex="-1"{oob}>'
        '<span class="spoiler-label">Episode {ep}</span> {html}{controls}</span>'
    ),
}
WITHHELD = {
    True: Markup(
        '<div id="{id}" class="spoiler block withheld" data-episode="{ep}"{oob}>'
        '<a href="{href}" hx-post="{keep}" hx-swap="none">'
        "Spoiler for episode {ep} — reveal</a></div>"
    ),
    False: Markup(
        '<span id="{id}" class="spoiler inline withheld" data-episode="{ep}"{oob}>'
        '<a href="{href}" hx-post="{keep}" hx-swap="none">'
        "Spoiler for episode {ep} — reveal</a></span>"
    ),
}
# "Keep revealed" and "Hide again" on a spoiler shown beyond the reader's progress. They
# are buttons of the page's one hidden form (base.html), so they work without JavaScript
# inside a sentence too, where a <form> may not stand.
CONTROLS_FORM = "spoiler-controls"
CONTROLS = {
    True: Markup('<p class="spoiler-controls">{buttons}</p>'),
    False: Markup(' <span class="spoiler-controls">{buttons}</span>'),
}
BUTTON = Markup(
    '<button type="submit" form="{form}" formaction="{url}" hx-post="{url}" hx-swap="none"'
    ' class="link">{label}<span class="visually-hidden"> (episode {ep})</span></button>'
)
OOB = Markup(' hx-swap-oob="true"')
NOTHING = Markup("")
# In place of a review's or comment's text while it is held (permissions.is_held_from).
HELD_NOTICE = Markup('<p class="held-notice">Held for review: reported as an unmarked spoiler.</p>')


def spoiler_id(prefix: str, ref: SpoilerRef) -> str:
    """The DOM id of one spoiler of one review or comment, the same shown or withheld."""
    return f"{prefix}-spoiler-{ref.index}"


class Links(NamedTuple):
    """The addresses of one episode's placeholder and controls in one review or comment."""

    page: str  # GET: the review page with the episode shown (no JavaScript)
    keep: str  # POST: reveal the episode and keep it revealed (app/reveals.py)
    hide: str  # POST: hide it again


NO_LINKS = Links("", "", "")


def _shown(ref: SpoilerRef, prefix: str, controls: Markup, oob: Markup = NOTHING) -> Markup:
    return SHOWN[ref.is_block].format(
        id=spoiler_id(prefix, ref), ep=ref.episode, html=ref.html, controls=controls, oob=oob
    )


def _withheld(ref: SpoilerRef, prefix: str, links: Links, oob: Markup = NOTHING) -> Markup:
    return WITHHELD[ref.is_block].format(
        id=spoiler_id(prefix, ref), ep=ref.episode, href=links.page, keep=links.keep, oob=oob
    )


def _controls(ref: SpoilerRef, links: Links, *, kept: bool) -> Markup:
    """The buttons of a spoiler shown beyond the reader's progress: "Hide again", and
    "Keep revealed" before it when only this request reveals it (`?reveal=N`)."""
    labels = ("Hide again",) if kept else ("Keep revealed", "Hide again")
    urls = {"Keep revealed": links.keep, "Hide again": links.hide}
    buttons = Markup(" ").join(
        BUTTON.format(form=CONTROLS_FORM, url=urls[label], label=label, ep=ref.episode)
        for label in labels
    )
    return CONTROLS[ref.is_block].format(buttons=buttons)


def gated(
    segments: list,
    *,
    prefix: str,
    progress: int,
    links: Callable[[int], Links],
    reveal: tuple[int, ...] = (),
    kept: Collection[int] = (),
    max_chars: int | None = None,
) -> GateResult:
    """Stored `segments` for a reader at `progress`, with `reveal`ed and `kept` episodes
    shown too (kept: remembered, app/reveals.py).

    Each spoiler's DOM id starts with `prefix` ("review-5"); a withheld one and the
    controls of one shown beyond `progress` use `links(episode)`.
    """
    urls: dict[int, Links] = {}  # url_for is costly; a text repeats its episodes

    def links_of(episode: int) -> Links:
        if episode not in urls:
            urls[episode] = links(episode)
        return urls[episode]

    def show(ref: SpoilerRef) -> Markup:
        if ref.episode <= progress:
            return _shown(ref, prefix, NOTHING)
        return _shown(ref, prefix, _controls(ref, links_of(ref.episode), kept=ref.episode in kept))

    def withhold(ref: SpoilerRef) -> Markup:
        return _withheld(ref, prefix, links_of(ref.episode))

    return gate(
        segments,
        progress=progress,
        reveal=(*reveal, *kept),
        show=show,
        withhold=withhold,
        max_chars=max_chars,
    )


def revealed(segments: list, *, prefix: str, episode: int) -> Markup:
    """Every spoiler of `episode`, each an out-of-band swap for its placeholder (the GET
    reveal: nothing is remembered, so the spoilers come without controls)."""
    return NOTHING.join(
        _shown(ref, prefix, NOTHING, OOB) for ref in spoilers_for(segments, episode)
    )


def swaps(
    segments: list, *, prefix: str, episode: int, progress: int, kept: bool, links: Links
) -> Markup:
    """Every spoiler of `episode` as an out-of-band swap, as the reader sees it now that
    they keep it revealed or hid it again: shown if they reached it or `kept` it (with
    "Hide again" when beyond `progress`), its placeholder otherwise."""
    parts = []
    for ref in spoilers_for(segments, episode):
        if episode <= progress:
            parts.append(_shown(ref, prefix, NOTHING, OOB))
        elif kept:
            parts.append(_shown(ref, prefix, _controls(ref, links, kept=True), OOB))
        else:
            parts.append(_withheld(ref, prefix, links, OOB))
    return NOTHING.join(parts)


def _page_arg(comment_page: int | None) -> int | None:
    return comment_page if comment_page and comment_page > 1 else None


def review_links(review_id: int, episode: int, comment_page: int | None = None) -> Links:
    """A review's links for `episode`. On its page they carry the page of comments the
    reader is on (`comments=`), so a reply swaps the spoilers of exactly those comments;
    a card's carry none, and the reply swaps the review's alone."""
    return Links(
        url_for("reviews.show", review_id=review_id, reveal=episode,
                page=_page_arg(comment_page)),
        url_for("reviews.keep_revealed", review_id=review_id, episode=episode,
                comments=comment_page),
        url_for("reviews.hide_again", review_id=review_id, episode=episode,
                comments=comment_page),
    )  # fmt: skip


def comment_links(
    comment: Comment, episode: int, comment_page: int | None, reader_at: int | None = None
) -> Links:
    """A comment's links for `episode`. Under a review, revealing one keeps the episode
    of its review revealed (the whole page), and "Hide again" is the review's. In a
    thread, the reveal is the thread page's (`?spoiler=N`, `?comments=`: the page of the
    thread), not remembered; `reader_at` is the reader's progress (`places.thread_url`)."""
    keep = url_for("comments.keep_revealed", comment_id=comment.id, episode=episode,
                   comments=comment_page)  # fmt: skip
    page = comment_url(comment, page=comment_page or 1, reveal=episode, reader_at=reader_at)
    if comment.in_thread:
        hide = url_for("comments.hide_again", comment_id=comment.id, episode=episode,
                       comments=comment_page)  # fmt: skip
        return Links(page, keep, hide)
    return Links(page, keep, review_links(comment.review_id, episode, comment_page).hide)


def revealable(text, episode: int) -> bool:
    """Whether the reader may reveal `episode` of `text`, a review or comment (or a row
    with its `segments`, `held_at` and `author_id`): it has spoilers of that episode and
    they may read it (not held from them; a comment neither hidden nor deleted)."""
    if getattr(text, "status", "visible") != "visible" or is_held_from(current_user, text):
        return False
    return bool(spoilers_for(text.segments, episode))


def _progress_of(author_id: int, progress: int, episode_count: int) -> int:
    """Authors and moderators read every spoiler: their progress is the last episode."""
    return episode_count if sees_every_spoiler(current_user, author_id) else progress


def page_swaps(
    review: Review,
    comments: list[Comment],
    *,
    episode: int,
    progress: int,
    kept: bool,
    comment_page: int | None,
) -> Markup:
    """Every spoiler of `episode` on the review's page, as out-of-band swaps after the
    reader kept it revealed or hid it again: the review's and those of `comments` (the
    page of comments they are on), which they may read. Withheld, held or hidden text
    never enters the reply."""
    episode_count = review.show.episode_count
    texts = [(review, dom_id("review", review.id), review_links(review.id, episode, comment_page))]
    texts += [
        (c, dom_id("comment", c.id), comment_links(c, episode, comment_page))
        for c in comments
        if c.status == "visible"
    ]
    return NOTHING.join(
        swaps(
            text.segments,
            prefix=prefix,
            episode=episode,
            kept=kept,
            links=links,
            progress=_progress_of(text.author_id, progress, episode_count),
        )
        for text, prefix, links in texts
        if not is_held_from(current_user, text)
    )


def thread_swaps(
    comments: list[Comment], *, episode: int, progress: int, kept: bool, comment_page: int | None
) -> Markup:
    """Every spoiler of `episode` in `comments` (a page of one episode's thread), as
    out-of-band swaps once the reader revealed it (`kept`: shown, with "Hide again") or
    hid it again. Held, hidden and deleted text never enters the reply."""
    return NOTHING.join(
        swaps(
            c.segments,
            prefix=dom_id("comment", c.id),
            episode=episode,
            kept=kept,
            links=comment_links(c, episode, comment_page, reader_at=progress),
            progress=_progress_of(c.author_id, progress, c.show.episode_count),
        )
        for c in comments
        if c.status == "visible" and not is_held_from(current_user, c)
    )


def first_on_page(review: Review, comments: list[Comment], episode: int) -> str:
    """The DOM id of the first spoiler of `episode` on the review's page (the review's,
    else a comment's), where a plain "Keep revealed" or "Hide again" returns to; else
    the review's."""
    for prefix, segments in (
        (dom_id("review", review.id), review.segments),
        *((dom_id("comment", c.id), c.segments) for c in comments if c.status == "visible"),
    ):
        refs = spoilers_for(segments, episode)
        if refs:
            return spoiler_id(prefix, refs[0])
    return dom_id("review", review.id)


def render_review(
    review: Review,
    *,
    progress: int,
    reveal: tuple[int, ...] = (),
    kept: Collection[int] = (),
    comment_page: int | None = None,
    max_chars: int | None = None,
    title_level: int = TOP_HEADING - 1,
) -> GateResult:
    """The review body for a reader at `progress`, with `reveal`ed and `kept` episodes
    shown too; on the review page, `comment_page` is the page of comments below it
    (`review_links`).

    Its headings start one level below the review's title, an h`title_level`
    (`_under_title`). A review held from this reader is the held notice, none of its text.
    """
    if is_held_from(current_user, review):
        return GateResult(HELD_NOTICE, False)
    if sees_every_spoiler(current_user, review.author_id):
        progress = review.show.episode_count
    result = gated(
        review.segments,
        prefix=dom_id("review", review.id),
        progress=progress,
        reveal=reveal,
        kept=kept,
        max_chars=max_chars,
        links=lambda episode: review_links(review.id, episode, comment_page),
    )
    return GateResult(_under_title(result.html, title_level), result.truncated)


def _under_title(html: Markup, title_level: int) -> Markup:
    """A stored body's headings (its highest at TOP_HEADING, as under an h3) moved to
    start one level below an h`title_level`: the one place that moves them."""
    shift = title_level + 1 - TOP_HEADING
    return Markup(shift_headings(html, shift)) if shift else html


def preview(
    segments: Segments, show: Show, *, prefix: str = "preview", title_level: int = TOP_HEADING - 1
) -> Markup:
    """Rendered text with every spoiler shown and labelled: a draft as its author will
    see it, or a version in an edit history."""
    html = gated(
        segments, prefix=prefix, progress=show.episode_count, links=lambda _episode: NO_LINKS
    ).html
    return _under_title(html, title_level)


def render_comment(
    comment: Comment,
    *,
    progress: int,
    reveal: tuple[int, ...] = (),
    kept: Collection[int] = (),
    comment_page: int | None = None,
) -> Markup:
    """The comment body for a reader at `progress` (the held notice when it is held from
    them), with `reveal`ed and `kept` episodes shown too (of its review, or of its
    thread's page); `comment_page` is the page of comments it is on."""
    if is_held_from(current_user, comment):
        return HELD_NOTICE
    reader_at = progress
    if sees_every_spoiler(current_user, comment.author_id):
        progress = comment.show.episode_count
    return gated(
        comment.segments,
        prefix=dom_id("comment", comment.id),
        progress=progress,
        reveal=reveal,
        kept=kept,
        links=lambda episode: comment_links(comment, episode, comment_page, reader_at),
    ).html


def in_full(target: Review | Comment) -> Markup:
    """A review or comment with every spoiler shown and labelled (moderators' queue)."""
    if isinstance(target, Comment):
        return render_comment(target, progress=target.show.episode_count)
    return render_review(target, progress=target.show.episode_count).html


HISTORY_TITLE_LEVEL = 2  # each version is an h2 on a history page


def as_it_was(body: str, *, show: Show, prefix: str) -> Markup:
    """A version of a review or comment as its edit history shows it (to the author and
    moderators only): every spoiler shown and labelled, headings under the page's h2.

    Earlier versions keep only their text, so it is rendered here; a text the parser no
    longer accepts (the show has fewer episodes now) is shown as typed, escaped.
    """
    try:
        segments = render_document(body, episode_count=show.episode_count)
    except SpoilerSyntaxError:
        return Markup('<pre class="as-typed">{}</pre>').format(body)
    return preview(segments, show, prefix=prefix, title_level=HISTORY_TITLE_LEVEL)
