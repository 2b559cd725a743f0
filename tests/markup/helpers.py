"""Shared pieces for the markup tests: recording callbacks and HTML inspectors."""

import html
import re
from html.parser import HTMLParser

from markupsafe import Markup

from app.markup import SpoilerRef
from app.markup.sanitize import ALLOWED_TAGS, LINK_REL

VOID_TAGS = frozenset({"br", "hr"})
# The test wrappers below add these tags, and only these, without attributes.
WRAPPER_TAGS = frozenset({"span", "div"})
SAFE_HREF = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son\w*\s*=", re.IGNORECASE)
TAG = re.compile(r"""<[a-zA-Z/](?:[^>"']|"[^"]*"|'[^']*')*>""")


def show(ref: SpoilerRef) -> Markup:
    """Wrap a shown spoiler the way a template would, labelled with its episode."""
    tag = "div" if ref.is_block else "span"
    return Markup("<{0}>Episode {1}: {2}</{0}>").format(tag, ref.episode, ref.html)


class Withhold:
    """A `withhold` callback that records the refs it was given."""

    def __init__(self) -> None:
        self.refs: list[SpoilerRef] = []

    def __call__(self, ref: SpoilerRef) -> Markup:
        self.refs.append(ref)
        tag = "div" if ref.is_block else "span"
        return Markup("<{0}>Spoiler for episode {1} — reveal</{0}>").format(tag, ref.episode)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")


def _collect(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def assert_balanced(markup: str) -> None:
    """Every element opened is closed, in order."""
    collector = _collect(markup)
    assert not collector.errors, collector.errors
    assert not collector.stack, f"left open: {collector.stack}"


def assert_safe(markup: str) -> None:
    """No script, no event handler, no attribute but a safe href and our rel."""
    assert "<script" not in markup.lower()
    for tag in TAG.findall(markup):
        assert not EVENT_ATTRIBUTE.search(tag), tag
    for name, attrs in _collect(markup).tags:
        assert name in ALLOWED_TAGS | WRAPPER_TAGS, name
        for attr, value in attrs:
            assert (name, attr) in {("a", "href"), ("a", "rel")}, (name, attr)
            if attr == "href":
                assert value is not None and SAFE_HREF.match(value), value
                assert not re.search(r"[\s\x00-\x1f]", value), value
            else:
                assert value == LINK_REL


def visible_text(markup: str) -> str:
    """The text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())
