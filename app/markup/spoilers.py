"""Read-time spoiler gating over stored segments (see `app.markup.render` for the shape).

Nothing here runs Markdown or bleach: the stored strings were sanitised at write time,
and these functions only choose and join them. The caller supplies the wrappers
(`show`, `withhold`), so this module needs no templates and no URLs.
"""

import html as html_lib
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace

from markupsafe import Markup

from app.markup.render import Segments, SpoilerPart
from app.markup.sanitize import SANITISED_TAG

# Tags after which text reads as a new word (blocks, list items, line breaks).
_BREAKING_TAGS = frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                            "pre", "blockquote"})  # fmt: skip
_ELLIPSIS = "…"


@dataclass(frozen=True)
class SpoilerRef:
    """One spoiler as the caller sees it when wrapping it or building its placeholder.

    `index` is the spoiler's 0-based position among all spoilers of the document, stable
    for the stored segments, for unique DOM ids (`review-12-spoiler-3`). `html` is the
    spoiler's sanitised HTML for `show`; it is always None for `withhold`.
    """

    episode: int
    is_block: bool
    index: int
    html: Markup | None = None


@dataclass(frozen=True)
class GateResult:
    """The gated HTML, and whether blocks were left out because of `max_chars`."""

    html: Markup
    truncated: bool


def gate(
    segments: Segments,
    *,
    progress: int,
    reveal: Collection[int] = (),
    show: Callable[[SpoilerRef], Markup],
    withhold: Callable[[SpoilerRef], Markup],
    max_chars: int | None = None,
) -> GateResult:
    """Join the document for a reader at episode `progress`.

    A spoiler with episode <= progress or in `reveal` goes to `show` with its html; any
    other goes to `withhold` without it, and its text never reaches the result. With
    `max_chars`, stop after the first top-level block at which the visible text (plain
    parts and shown spoilers, not the callers' wrappers) reaches max_chars; blocks are
    never cut, so the result stays balanced HTML.
    """
    pieces: list[Markup] = []
    visible = 0
    index = 0
    for number, block in enumerate(segments):
        seen: list[str] = []  # html of the parts this reader is shown, for max_chars
        for part in block:
            if "ep" not in part:
                pieces.append(Markup(part["html"]))  # sanitised at write time
                seen.append(part["html"])
                continue
            ref = SpoilerRef(episode=part["ep"], is_block=part["block"], index=index)
            index += 1
            if ref.episode <= progress or ref.episode in reveal:
                pieces.append(show(replace(ref, html=Markup(part["html"]))))
                seen.append(part["html"])
            else:
                pieces.append(withhold(ref))
        pieces.append(Markup("\n"))
        if max_chars is None or number + 1 == len(segments):
            continue
        visible += sum(_text_length(html) for html in seen)
        if visible >= max_chars:
            return GateResult(html=Markup("").join(pieces), truncated=True)
    return GateResult(html=Markup("").join(pieces), truncated=False)


def spoilers_for(segments: Segments, episode: int) -> list[SpoilerRef]:
    """Return every spoiler of exactly `episode`, with its html, in document order.

    For the per-episode reveal endpoint: each ref's `index` matches the one `gate`
    gave the placeholder it replaces.
    """
    return [
        SpoilerRef(episode=episode, is_block=part["block"], index=index, html=Markup(part["html"]))
        for index, part in _spoiler_parts(segments)
        if part["ep"] == episode
    ]


def episodes_in(segments: Segments) -> list[int]:
    """Return the distinct episodes the document's spoilers are tagged with, sorted."""
    return sorted({part["ep"] for _, part in _spoiler_parts(segments)})


def excerpt(segments: Segments, *, max_chars: int) -> str:
    """Return plain text of the non-spoiler parts, whitespace collapsed, at most max_chars.

    Every spoiler, inline or block, is dropped entirely. A longer text is cut at a word
    boundary and ends with "…". The result is text, not HTML: escape it when output.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    texts = [_plain_text(part["html"]) for block in segments for part in block if "ep" not in part]
    return _shorten(" ".join(" ".join(texts).split()), max_chars)


def _spoiler_parts(segments: Segments) -> Iterator[tuple[int, SpoilerPart]]:
    index = 0
    for block in segments:
        for part in block:
            if "ep" in part:
                yield index, part
                index += 1


def _plain_text(html: str) -> str:
    """The text a browser would show for an HTML fragment, tags removed, entities decoded."""
    return html_lib.unescape(SANITISED_TAG.sub(_tag_as_text, html))


def _tag_as_text(tag: re.Match[str]) -> str:
    return " " if tag.group(2).lower() in _BREAKING_TAGS else ""


def _text_length(html: str) -> int:
    return len(" ".join(_plain_text(html).split()))


def _shorten(text: str, max_chars: int) -> str:
    """Cut `text` to at most max_chars, at a word boundary, ending with "…"."""
    if len(text) <= max_chars:
        return text
    head = text[: max_chars - 1]
    if text[max_chars - 1].isalnum() and " " in head:  # the cut would split a word
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:") + _ELLIPSIS
