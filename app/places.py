"""Where a comment lives: the page that shows it, at its anchor, and the DOM ids pages
give things.

A comment is under a review (the review page, `?page=` of its comments) or in an
episode's discussion thread (the episode page, `?page=` of the thread). Every link,
redirect and "next" address of a comment is built here, so neither kind is assumed
anywhere else; its show is `Comment.show`.
"""

from flask import url_for

from app.models import Comment, Show


def dom_id(kind: str, ident: int, *parts: str | int) -> str:
    """The DOM id of a thing on a page: `dom_id("review", 12, "spoiler", 3)` is
    "review-12-spoiler-3". Pages, fragments and out-of-band swaps all build ids here."""
    return "-".join(str(piece) for piece in (kind, ident, *parts))


def _page_arg(page: int | None) -> int | None:
    return page if page and page > 1 else None


def thread_url(
    show: Show,
    episode: int,
    *,
    page: int | None = None,
    spoiler: int | None = None,
    reader_at: int | None = None,
    anchor: str | None = None,
) -> str:
    """An episode's page at its thread: `page` of its top-level comments, `spoiler` an
    episode whose spoilers its comments show (`?spoiler=N`, the reveal without
    JavaScript). A reader at progress `reader_at` below the episode opened the page by
    its reveal (`?reveal=1`), which the address keeps, or they would land on the
    placeholder."""
    opened = 1 if reader_at is not None and reader_at < episode else None
    return url_for("episodes.show", slug=show.slug, episode=episode, reveal=opened,
                   page=_page_arg(page), spoiler=spoiler, _anchor=anchor)  # fmt: skip


def comment_url(
    comment: Comment,
    *,
    page: int | None = None,
    reveal: int | None = None,
    reader_at: int | None = None,
) -> str:
    """The page that shows `comment`, at its anchor, with episode `reveal` shown.

    Under a review: the review page (`page` of its comments). In a thread: the episode
    page at `page` of the thread when the caller knows it (it is on that page), else the
    comment's permalink (`comments.permalink`), which finds the page (a query) and
    redirects there: a template never queries for it."""
    anchor = dom_id("comment", comment.id)
    if not comment.in_thread:
        return url_for("reviews.show", review_id=comment.review_id, reveal=reveal,
                       page=_page_arg(page), _anchor=anchor)  # fmt: skip
    if page is None:
        return url_for("comments.permalink", comment_id=comment.id, reveal=reveal)
    return thread_url(comment.show, comment.episode, page=page, spoiler=reveal,
                      reader_at=reader_at, anchor=anchor)  # fmt: skip
