"""Render a review once, at write time, into its stored "segments".

Segments are plain JSON: a list of top-level blocks, each a list of parts.

- A plain part is ``{"html": str}``: sanitised HTML outside any spoiler.
- A spoiler part is ``{"ep": int, "block": bool, "html": str}``: the spoiler's own
  sanitised HTML (inline HTML for an inline spoiler, block HTML for a block one).
- A block spoiler is always a top-level block of its own, holding that one part (one
  written inside a list or quote ends that list or quote there). A paragraph
  (or heading, list, quote, code block) with inline spoilers is one block whose parts
  alternate plain HTML and spoilers; its plain parts are unbalanced fragments such
  as ``"<p>Loved it. "`` and only the whole block is balanced.

So cutting the page after any block leaves balanced HTML, and the server at read time
only joins stored strings (see `spoilers.gate`). Example, for a show of 16 episodes::

    render_document("Loved it. ||He lives.|| Worth it.\\n\\n[spoiler ep=9]\\nShe *knew*.\\n"
                    "[/spoiler]", episode_count=16)
    [
        [{"html": "<p>Loved it. "}, {"ep": 16, "block": False, "html": "He lives."},
         {"html": " Worth it.</p>"}],
        [{"ep": 9, "block": True, "html": "<p>She <em>knew</em>.</p>"}],
    ]

Pipeline: each spoiler in the source is swapped for an opaque token carrying a random
nonce made for this call (users cannot forge one), the rest goes through Markdown and
bleach, and the sanitised HTML is cut at the tokens. Each spoiler's own Markdown is
rendered separately, so withheld text never shares a string with anything else.
A token that lands in an attribute, in link text, or nowhere (an image's alt text, a
dropped link) is a SpoilerSyntaxError: its spoiler could not be shown or gated there.
Before anything is rendered, the markup guard (`app.markup.limits`) reads every piece of
Markdown (the text around the spoilers and each spoiler): it defuses what can never be
markup and refuses, with MarkupTooComplex, a document that would render too slowly.
"""

import re
import secrets
import textwrap
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import TypedDict

from app.markup.limits import Budget, Prepared, prepare
from app.markup.parse import Spoiler, SpoilerSyntaxError, normalize_newlines, parse
from app.markup.sanitize import SANITISED_TAG, HtmlRenderer


class PlainPart(TypedDict):
    """Sanitised HTML outside any spoiler."""

    html: str


class SpoilerPart(TypedDict):
    """One spoiler: its episode, whether it is a block, and its sanitised HTML."""

    ep: int
    block: bool
    html: str


Part = PlainPart | SpoilerPart
Block = list[Part]
Segments = list[Block]

# Letters and digits only, so Markdown and bleach pass it through untouched anywhere.
_TOKEN_HEAD = "SPOILER"
_VOID_TAGS = frozenset({"br", "hr"})


def render_document(text: str, *, episode_count: int) -> Segments:
    """Parse, validate and render a review body into its segments.

    Untagged and foreign-syntax spoilers get `episode_count` as their episode.
    Raises SpoilerSyntaxError for bad markup, ValueError if `episode_count` < 1.
    """
    if episode_count < 1:
        raise ValueError("episode_count must be at least 1")
    text = normalize_newlines(text)
    spoilers = parse(text, episode_count=episode_count)
    nonce = _nonce_absent_from(text)
    main, lines = _with_tokens(text, spoilers, nonce)
    pieces = _prepared_spoilers(main, lines, spoilers, nonce)
    renderer = HtmlRenderer()
    html = renderer.render(main)
    splitter = _Splitter(spoilers, pieces, nonce, renderer)
    return _top_heading_at(splitter.segments(html), TOP_HEADING)


def _prepared_spoilers(
    main: Prepared, lines: Callable[[int], int], spoilers: list[Spoiler], nonce: str
) -> list[Prepared]:
    """Each spoiler's own Markdown, ready to render on its own, once the whole document
    (the text around them, `main`, and each spoiler) is known to render fast enough.

    Raises MarkupTooComplex (a SpoilerSyntaxError naming the construct and the line),
    before anything is rendered, as soon as the estimate goes over the budget.
    """
    tokens = [len(_token(nonce, index, spoiler)) for index, spoiler in enumerate(spoilers)]
    budget = Budget()
    budget.add(main, lines, tokens=sum(tokens))
    pieces = []
    for spoiler, token in zip(spoilers, tokens, strict=True):
        if spoiler.is_block:
            piece = prepare(textwrap.dedent(spoiler.source))
        else:
            piece = prepare(spoiler.source, inline=True)
        budget.add_spoiler(piece, spoiler.line, token=token)
        budget.add(piece, lambda at, s=spoiler: s.line + s.source.count("\n", 0, at))
        pieces.append(piece)
    return pieces


def _token(nonce: str, index: int, spoiler: Spoiler) -> str:
    """What stands for spoiler `index` in the text around it (a block one's token is a
    paragraph of its own)."""
    token = f"{_TOKEN_HEAD}{nonce}X{index}X"
    return f"\n\n{token}\n\n" if spoiler.is_block else token


TOP_HEADING = 4  # a review's own title is an h3 in lists; its headings come below it
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def _top_heading_at(segments: Segments, top: int) -> Segments:
    """Shift every heading of the document so its highest one is h`top` (at most h6),
    keeping their relative levels: a review that only uses `###` still starts at `top`."""
    levels = [int(m.group(2)) for block in segments for part in block
              for m in _HEADING_TAG.finditer(part["html"])]  # fmt: skip
    if not levels:
        return segments
    by = top - min(levels)
    for block in segments:
        for part in block:
            part["html"] = shift_headings(part["html"], by)
    return segments


def shift_headings(html: str, by: int) -> str:
    """Move every heading tag of sanitised HTML `by` levels (kept within h1..h6).

    Safe on our own output: user text cannot hold a literal tag, bleach escaped it.
    """
    if not by:
        return html
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(max(int(m.group(2)) + by, 1), 6)}", html)


def _nonce_absent_from(text: str) -> str:
    # 64 random bits already make a clash hopeless; checking makes it impossible.
    while True:
        nonce = secrets.token_hex(8)
        if nonce not in text:
            return nonce


def _with_tokens(
    text: str, spoilers: list[Spoiler], nonce: str
) -> tuple[Prepared, Callable[[int], int]]:
    """The source with each spoiler replaced by its token, a block one as a paragraph,
    prepared for Markdown; and a function from its offsets to the lines of `text`."""
    pieces: list[str] = []
    starts: list[tuple[int, int]] = []  # (offset here, offset in text) of each stretch
    last = length = 0
    for index, spoiler in enumerate(spoilers):
        pieces.append(text[last : spoiler.start])
        starts.append((length, last))
        length += spoiler.start - last
        pieces.append(_token(nonce, index, spoiler))
        length += len(pieces[-1])
        last = spoiler.end
    pieces.append(text[last:])
    starts.append((length, last))

    def line_of(at: int) -> int:
        here, there = starts[bisect_right(starts, (at, len(text))) - 1]
        return text.count("\n", 0, there + at - here) + 1

    return prepare("".join(pieces)), line_of


def _top_level_blocks(html: str) -> list[str]:
    """Cut sanitised HTML into its top-level elements.

    Bleach serialises a tree, so its output is balanced and "<" only starts a tag
    (SANITISED_TAG copes with the ">" bleach leaves inside quoted attribute values).
    """
    blocks: list[str] = []
    depth = start = pos = 0
    for tag in SANITISED_TAG.finditer(html):
        if depth == 0:
            _add_loose_text(blocks, html[pos : tag.start()])
            start = tag.start()
        if tag.group(2).lower() not in _VOID_TAGS:
            depth += -1 if tag.group(1) else 1
        if depth <= 0:
            depth = 0
            blocks.append(html[start : tag.end()])
        pos = tag.end()
    if depth > 0:
        blocks.append(html[start:])
    else:
        _add_loose_text(blocks, html[pos:])
    return blocks


def _add_loose_text(blocks: list[str], text: str) -> None:
    # Markdown wraps all text in elements; only the newlines between blocks are loose.
    if text.strip():
        blocks.append(text)


def _misplaced(spoiler: Spoiler) -> SpoilerSyntaxError:
    return SpoilerSyntaxError(
        spoiler.line,
        f"Line {spoiler.line}: a spoiler cannot sit inside a link address, an image or "
        "another attribute; move it out.",
    )


class _Splitter:
    """Cuts one document's sanitised HTML at its spoiler tokens."""

    def __init__(
        self, spoilers: list[Spoiler], pieces: list[Prepared], nonce: str, renderer: HtmlRenderer
    ) -> None:
        self.spoilers = spoilers
        self.pieces = pieces  # each spoiler's own Markdown, prepared
        self.renderer = renderer
        self.token = re.compile(f"{_TOKEN_HEAD}{nonce}X([0-9]+)X")
        self.placed: set[int] = set()

    def segments(self, html: str) -> Segments:
        """Return the segments of `html`; raises if a spoiler is misplaced or lost."""
        segments = [self._block(block) for block in _top_level_blocks(html)]
        for index, spoiler in enumerate(self.spoilers):
            if index not in self.placed:
                raise _misplaced(spoiler)
        return segments

    def _block(self, block: str) -> Block:
        alone = self.token.fullmatch(block.removeprefix("<p>").removesuffix("</p>"))
        if alone and block.startswith("<p>") and self.spoilers[int(alone[1])].is_block:
            return [self._take(int(alone[1]), in_link=False, own_block=True)]
        parts: Block = []
        plain: list[str] = []
        link_depth = 0
        for tag_or_text in _tags_and_text(block):
            if tag_or_text.startswith("<"):
                self._refuse_in_tag(tag_or_text)
                link_depth += _link_step(tag_or_text)
                plain.append(tag_or_text)
                continue
            pieces = self.token.split(tag_or_text)
            for number, piece in enumerate(pieces):
                if number % 2 == 0:
                    plain.append(piece)
                    continue
                _flush(plain, parts)
                parts.append(self._take(int(piece), in_link=link_depth > 0, own_block=False))
        _flush(plain, parts)
        return parts

    def _refuse_in_tag(self, tag: str) -> None:
        found = self.token.search(tag)
        if found:
            raise _misplaced(self.spoilers[int(found[1])])

    def _take(self, index: int, *, in_link: bool, own_block: bool) -> SpoilerPart:
        """Render spoiler `index` where its token was found, refusing bad places."""
        spoiler = self.spoilers[index]
        line = spoiler.line
        if index in self.placed:
            raise _misplaced(spoiler)
        if in_link:
            raise SpoilerSyntaxError(
                line,
                f"Line {line}: a spoiler cannot sit inside link text; put the link inside "
                "the spoiler instead.",
            )
        if spoiler.is_block and not own_block:
            raise SpoilerSyntaxError(
                line,
                f"Line {line}: a spoiler on its own lines cannot sit inside a code block; "
                "move it out.",
            )
        self.placed.add(index)
        html = self.renderer.render(self.pieces[index])
        return {"ep": spoiler.episode, "block": spoiler.is_block, "html": html}


def _tags_and_text(html: str) -> Iterator[str]:
    """Yield each tag and each run of text; in bleach output text never starts with "<"."""
    pos = 0
    for tag in SANITISED_TAG.finditer(html):
        if tag.start() > pos:
            yield html[pos : tag.start()]
        yield tag.group(0)
        pos = tag.end()
    if pos < len(html):
        yield html[pos:]


def _link_step(tag: str) -> int:
    """+1 for an opening <a>, -1 for a closing one, 0 for any other tag."""
    match = SANITISED_TAG.match(tag)
    if match is None or match.group(2).lower() != "a":
        return 0
    return -1 if match.group(1) else 1


def _flush(plain: list[str], parts: Block) -> None:
    html = "".join(plain)
    plain.clear()
    if html:
        parts.append({"html": html})
