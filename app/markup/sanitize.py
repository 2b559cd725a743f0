"""Markdown to safe HTML: the one place that decides which HTML users may produce.

Decisions:
- Raw HTML typed by users is *escaped* (shown as text), never passed through: the
  Markdown parser's raw-HTML rules are switched off, so `<script>` arrives as text.
- Headings keep the author's levels here; `render_document` alone places them, putting
  a document's highest heading at h4 (render.TOP_HEADING), and `app.gating` moves them
  to fit the title they sit under.
- Images are dropped (tag and all); links keep only an href whose scheme is http,
  https or mailto, checked by us after bleach on the decoded value; any other link
  loses its tag and keeps its text. Every kept link gets `rel="nofollow ugc noopener"`.
- No user attribute survives except a link's href: no class, id, style, on*, data-*
  or hx-*, so user text can neither forge a spoiler placeholder nor trigger a request.
"""

import html
import re
from collections.abc import Iterator
from typing import Any

import bleach
import markdown
from bleach.html5lib_shim import Filter
from markdown.extensions import Extension

from app.markup.limits import Prepared, prepare

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
# One tag of our sanitised output. Bleach escapes "<" in text and always quotes
# attribute values, but leaves ">" raw inside them, so quoted values are skipped whole.
SANITISED_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")

# Checked on the decoded href, so "&#106;avascript:" is seen as "javascript:". Anything
# else is refused, relative URLs and bleach's blind spot "javascript:123" included.
_SAFE_HREF = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
# Browsers ignore tabs, newlines and leading controls in URLs; refusing every
# whitespace or control character closes "java\tscript:" and friends at once.
_URL_JUNK = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
# An inline fragment is one paragraph: a blank line inside becomes a hard line break.
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
# Every block rule of Python-Markdown but "empty" and "paragraph".
_BLOCK_RULES = (
    "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference",
)  # fmt: skip


def to_html(text: str, *, inline: bool = False) -> str:
    """Render user Markdown as sanitised HTML (a one-off; see `HtmlRenderer`)."""
    return HtmlRenderer().render(prepare(text, inline=inline))


class HtmlRenderer:
    """Markdown + bleach, set up once for the many fragments of one document.

    Building the Markdown parsers and the bleach cleaner costs more than rendering a
    short spoiler, so `render_document` makes one renderer per call. It keeps parser
    state between fragments: never share one between threads.
    """

    def __init__(self) -> None:
        self._block = _markdown(inline=False)
        self._inline = _markdown(inline=True)
        self._cleaner = _cleaner()

    def render(self, piece: Prepared) -> str:
        """Render a piece of user Markdown (see `limits.prepare`) as sanitised HTML.

        An inline piece renders as phrasing content only (no <p>, lists or headings),
        fit to sit inside a sentence; blank lines become <br>. A plain one (words and
        punctuation no rule touches) is its own rendering.
        """
        if piece.plain:
            return piece.text.strip()
        if piece.inline:
            text = _BLANK_LINES.sub("  \n", piece.text.strip())
            rendered = self._inline.reset().convert(text)
            rendered = rendered.removeprefix("<p>").removesuffix("</p>")
        else:
            rendered = self._block.reset().convert(piece.text)
        return piece.restore(self._cleaner.clean(rendered))


def is_safe_href(href: str) -> bool:
    """Tell whether a decoded href may be kept: http, https or mailto, nothing hidden."""
    return _URL_JUNK.search(href) is None and _SAFE_HREF.match(href) is not None


def _markdown(*, inline: bool) -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=[] if inline else ["fenced_code", "sane_lists"], output_format="html"
    )
    _UserMarkdown(inline=inline).extendMarkdown(md)
    return md


def _cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_SCHEMES,
        strip=True,
        strip_comments=True,
        filters=[_LinkFilter],
    )


class _UserMarkdown(Extension):
    """Python-Markdown tuned for user text: raw HTML off."""

    def __init__(self, *, inline: bool) -> None:
        super().__init__()
        self.inline = inline

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Switch off raw HTML and, for inline text, every block rule."""
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        if self.inline:
            for name in _BLOCK_RULES:
                md.parser.blockprocessors.deregister(name)


class _LinkFilter(Filter):
    """Runs after bleach's sanitiser: refuse unsafe hrefs, add rel to the rest."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        dropped: list[bool] = []  # one entry per open <a>: was its tag dropped?
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                # Bleach hands attributes over undecoded; decode as a browser would,
                # check, and emit the decoded value, so what we checked is what is sent.
                href = html.unescape(token["data"].get((None, "href"), ""))
                keep = is_safe_href(href)
                dropped.append(not keep)
                if not keep:
                    continue
                token["data"] = {(None, "href"): href, (None, "rel"): LINK_REL}
            elif token["type"] == "EndTag" and token["name"] == "a" and dropped and dropped.pop():
                continue
            yield token
