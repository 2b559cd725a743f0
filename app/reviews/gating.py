"""How a review reaches one reader: stored segments joined for their progress.

The markup module decides what is shown; this module wraps each spoiler in the page's
elements (labels, placeholders with their reveal links, DOM ids) and decides whose
progress applies. Markup is built with `Markup.format`, which escapes every value.
"""

from collections.abc import Callable

from flask import url_for
from flask_login import current_user
from markupsafe import Markup

from app.markup import GateResult, SpoilerRef, gate, render_document, spoilers_for
from app.models import Review, Show
from app.progress import service as progress_service
from app.reviews.queries import SORT_LABELS, ReviewListArgs, my_helpful_votes, show_reviews

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


def spoiler_id(prefix: str, ref: SpoilerRef) -> str:
    """The DOM id of one spoiler of one review or comment, the same shown or withheld."""
    return f"{prefix}-spoiler-{ref.index}"


def sees_everything(author_id: int) -> bool:
    """Authors read their own spoilers, and moderators everyone's, all labelled."""
    return current_user.is_authenticated and (
        current_user.id == author_id or current_user.is_moderator
    )


def reader_progress(show: Show) -> int:
    """The episode the current reader has reached on `show`."""
    return progress_service.progress_for(show).episodes_watched


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


def review_prefix(review_id: int) -> str:
    """How the DOM ids of a review's spoilers begin."""
    return f"review-{review_id}"


def render_review(
    review: Review, *, progress: int, reveal: tuple[int, ...] = (), max_chars: int | None = None
) -> GateResult:
    """The review body for a reader at `progress`, with `reveal`ed episodes shown too."""
    if sees_everything(review.author_id):
        progress = review.show.episode_count
    return gated(
        review.segments,
        prefix=review_prefix(review.id),
        progress=progress,
        reveal=reveal,
        max_chars=max_chars,
        links=lambda episode: (
            url_for("reviews.show", review_id=review.id, reveal=episode),
            url_for("reviews.reveal", review_id=review.id, episode=episode),
        ),
    )


def preview(body: str, show: Show) -> Markup:
    """A draft as its author will see it: every spoiler shown and labelled.

    Raises SpoilerSyntaxError for bad markup, as publishing would.
    """
    segments = render_document(body, episode_count=show.episode_count)
    return gated(
        segments, prefix="preview", progress=show.episode_count, links=lambda _episode: ("", "")
    ).html


CARD_CHARS = 1000


def reviews_section(show: Show, args: ReviewListArgs, *, progress: int) -> dict:
    """Everything the show page's review list needs: the page of reviews, each cut to
    about CARD_CHARS visible characters for this reader, and the reader's votes."""
    page = show_reviews(show, args, progress=progress)
    cards = [
        (review, render_review(review, progress=progress, max_chars=CARD_CHARS))
        for review in page.items
    ]
    return {
        "show": show,
        "review_page": page,
        "cards": cards,
        "voted": my_helpful_votes(page.items),
        "list_args": args,
        "sorts": SORT_LABELS,
        "reader_episode": progress,
    }
