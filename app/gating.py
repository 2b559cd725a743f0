"""How gated text (reviews, comments) reaches one reader: stored segments joined for
their progress.

The markup module decides what is shown; this module wraps each spoiler in the page's
elements (labels, placeholders with their reveal links, DOM ids) and decides whose
progress applies. Markup is built with `Markup.format`, which escapes every value.
Callers pass the reader's progress in (`progress_service.progress_for`).
"""

from collections.abc import Callable

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
from app.permissions import sees_every_spoiler

SHOWN = {
    True: Markup(
        '<div id="{id}" class="spoiler block shown" data-episode="{ep}" tabindex="-1"{oob}>'
        '<p class="spoiler-label">Episode {ep}</p>{html}</div>'
    ),
    False: Markup(
        '<span id="{id}" class="spoiler inline shown" data-episode="{ep}" tabindex="-1"{oob}>'
        '<span class="spoiler-label">Episode {ep}</span> {html}</span>'
    ),
}
WITHHELD = {
    True: Markup(
        '<div id="{id}" class="spoiler block withheld" data-episode="{ep}">'
        '<a href="{href}" hx-get="{reveal}" hx-swap="none">'
        "Spoiler for episode {ep} — reveal</a></div>"
    ),
    False: Markup(
        '<span id="{id}" class="spoiler inline withheld" data-episode="{ep}">'
        '<a href="{href}" hx-get="{reveal}" hx-swap="none">'
        "Spoiler for episode {ep} — reveal</a></span>"
    ),
}
OOB = Markup(' hx-swap-oob="true"')


def dom_id(kind: str, ident: int, *parts: str | int) -> str:
    """The DOM id of a thing on a page: `dom_id("review", 12, "spoiler", 3)` is
    "review-12-spoiler-3". Pages, fragments and out-of-band swaps all build ids here."""
    return "-".join(str(piece) for piece in (kind, ident, *parts))


def spoiler_id(prefix: str, ref: SpoilerRef) -> str:
    """The DOM id of one spoiler of one review or comment, the same shown or withheld."""
    return f"{prefix}-spoiler-{ref.index}"


def gated(
    segments: list,
    *,
    prefix: str,
    progress: int,
    links: Callable[[int], tuple[str, str]],
    reveal: tuple[int, ...] = (),
    max_chars: int | None = None,
) -> GateResult:
    """Stored `segments` for a reader at `progress`, with `reveal`ed episodes shown too.

    Each spoiler's DOM id starts with `prefix` ("review-5"); a withheld one links to
    `links(episode)`: the no-JavaScript address and the htmx reveal URL.
    """
    urls: dict[int, tuple[str, str]] = {}  # url_for is costly; a text repeats its episodes

    def show(ref: SpoilerRef) -> Markup:
        return SHOWN[ref.is_block].format(
            id=spoiler_id(prefix, ref), ep=ref.episode, html=ref.html, oob=""
        )

    def withhold(ref: SpoilerRef) -> Markup:
        if ref.episode not in urls:
            urls[ref.episode] = links(ref.episode)
        href, reveal_url = urls[ref.episode]
        return WITHHELD[ref.is_block].format(
            id=spoiler_id(prefix, ref), ep=ref.episode, href=href, reveal=reveal_url
        )

    return gate(
        segments,
        progress=progress,
        reveal=reveal,
        show=show,
        withhold=withhold,
        max_chars=max_chars,
    )


def revealed(segments: list, *, prefix: str, episode: int) -> Markup:
    """Every spoiler of `episode`, each an out-of-band swap for its placeholder."""
    return Markup("").join(
        SHOWN[ref.is_block].format(
            id=spoiler_id(prefix, ref), ep=ref.episode, html=ref.html, oob=OOB
        )
        for ref in spoilers_for(segments, episode)
    )


def render_review(
    review: Review,
    *,
    progress: int,
    reveal: tuple[int, ...] = (),
    max_chars: int | None = None,
    title_level: int = TOP_HEADING - 1,
) -> GateResult:
    """The review body for a reader at `progress`, with `reveal`ed episodes shown too.

    Its headings start one level below the review's title, an h`title_level`
    (`_under_title`).
    """
    if sees_every_spoiler(current_user, review.author_id):
        progress = review.show.episode_count
    result = gated(
        review.segments,
        prefix=dom_id("review", review.id),
        progress=progress,
        reveal=reveal,
        max_chars=max_chars,
        links=lambda episode: (
            url_for("reviews.show", review_id=review.id, reveal=episode),
            url_for("reviews.reveal", review_id=review.id, episode=episode),
        ),
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
        segments, prefix=prefix, progress=show.episode_count, links=lambda _episode: ("", "")
    ).html
    return _under_title(html, title_level)


def render_comment(comment: Comment, *, progress: int, reveal: tuple[int, ...] = ()) -> Markup:
    """The comment body for a reader at `progress`."""
    if sees_every_spoiler(current_user, comment.author_id):
        progress = comment.review.show.episode_count
    anchor = dom_id("comment", comment.id)
    return gated(
        comment.segments,
        prefix=anchor,
        progress=progress,
        reveal=reveal,
        links=lambda episode: (
            url_for("reviews.show", review_id=comment.review_id, reveal=episode, _anchor=anchor),
            url_for("comments.reveal", comment_id=comment.id, episode=episode),
        ),
    ).html


def in_full(target: Review | Comment) -> Markup:
    """A review or comment with every spoiler shown and labelled (moderators' queue)."""
    if isinstance(target, Comment):
        return render_comment(target, progress=target.review.show.episode_count)
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
