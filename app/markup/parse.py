"""Find and validate the spoilers in a review's Markdown source.

Accepted markup (tag names are case-insensitive):

- ``[spoiler ep=7]...[/spoiler]`` spoils episode 7. The episode may be written
  ``ep=7``, ``ep = 7``, ``ep="7"`` or ``ep='7'``; nothing else may stand in the tag.
- ``[spoiler]...[/spoiler]`` spoils the whole show: its episode is the show's last one.
- Pasted foreign syntaxes are untagged spoilers too: Reddit ``>!...!<``, Discord
  ``||...||``, AniList ``~!...!~`` and Goodreads ``<spoiler>...</spoiler>``.

There is no escape: markup counts everywhere, code spans and code blocks included,
because reading a spoiler as plain text would leak it. ``[spoilers]`` and
``[spoiler-free]`` are not tags (the name must be followed by a space, ``=`` or ``]``).

A spoiler is a *block* when its opening tag starts its own line and its closing tag
ends its own line (spaces and tabs aside); otherwise it is *inline*.

Every problem raises `SpoilerSyntaxError` with the line of the offending marker and
one sentence for the form. Nothing here knows about HTML.
"""

import re
from dataclasses import dataclass

# Order matters only where two markers could start at the same character; the
# lookahead keeps "!</spoiler>" and "!<spoiler>" from being read as Reddit's "!<".
_MARKER = re.compile(
    r"""
      (?P<bb_open>\[spoiler(?![\w-])(?P<bb_attrs>[^\]\n]*)(?P<bb_end>\])?)
    | (?P<bb_close>\[/spoiler[ \t]*\])
    | (?P<gr_open><spoiler(?![\w-])(?P<gr_attrs>[^>\n]*)(?P<gr_end>>)?)
    | (?P<gr_close></spoiler[ \t]*>)
    | (?P<reddit_open>>!)
    | (?P<reddit_close>!<(?!/?spoiler(?![\w-])))
    | (?P<anilist_open>~!)
    | (?P<anilist_close>!~)
    | (?P<discord>\|\|)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_EPISODE = re.compile(
    r"""ep[ \t]*=[ \t]*(?:"(?P<dq>[-+]?[0-9]+)"|'(?P<sq>[-+]?[0-9]+)'|(?P<bare>[-+]?[0-9]+))""",
    re.IGNORECASE | re.ASCII,
)
# How each syntax is written, for messages: (opener, closer).
_SYNTAX_NAMES = {
    "bb": ("[spoiler]", "[/spoiler]"),
    "gr": ("<spoiler>", "</spoiler>"),
    "reddit": (">!", "!<"),
    "anilist": ("~!", "!~"),
    "discord": ("||", "||"),
}
# Longer numbers are out of range for any show; checking the length first keeps int()
# away from Python's limit on very long digit strings.
_MAX_EPISODE_DIGITS = 6
# More spoilers than this could never render within the markup guard's budget
# (limits.py: each is a render of its own); refusing them here spares reading the rest.
MAX_SPOILERS = 2_000


class SpoilerSyntaxError(ValueError):
    """Spoiler markup the form must reject, with the line it starts on.

    `message` is one sentence fit for the form, already starting with "Line N:".
    """

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Spoiler:
    """One spoiler found in the source, with where it sits."""

    episode: int  # untagged spoilers are gated at the show's last episode
    is_block: bool
    source: str  # the Markdown inside the tags
    line: int  # line of the opening tag, for messages
    start: int  # the source text[start:end] is what the spoiler replaces:
    end: int  # whole lines for a block, the tags and content for an inline one


@dataclass(frozen=True)
class _Marker:
    syntax: str
    opens: bool
    closes: bool
    episode: int | None  # None: untagged (or a closer)
    line: int
    start: int
    end: int


def first_marker(text: str) -> str | None:
    """The first spoiler marker in `text`, as written (any syntax, opening or closing,
    e.g. "[spoiler ep=9]" or "||"), or None: for plain text that must hold no spoiler."""
    match = _MARKER.search(text)
    return None if match is None else match.group()


def normalize_newlines(text: str) -> str:
    """Return `text` with every line ending as "\\n", the only one Markdown splits on."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str, *, episode_count: int) -> list[Spoiler]:
    """Return the spoilers of `text` in document order.

    `text` must already have "\\n" line endings (see `normalize_newlines`).
    Raises SpoilerSyntaxError for unclosed, stray, mismatched or nested markers,
    malformed or out-of-range episodes, empty spoilers and more than MAX_SPOILERS.
    """
    spoilers: list[Spoiler] = []
    opened: _Marker | None = None
    line, last = 1, 0
    for match in _MARKER.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        marker = _read_marker(match, line=line, episode_count=episode_count)
        if opened is None:
            if len(spoilers) == MAX_SPOILERS:
                raise SpoilerSyntaxError(
                    line,
                    f"Line {line}: too many spoilers to display quickly (at most "
                    f"{MAX_SPOILERS:,}); merge neighbouring spoilers of the same episode.",
                )
            opened = _open(marker)
        elif marker.closes and marker.syntax == opened.syntax:
            spoilers.append(_close(text, opened, marker, episode_count=episode_count))
            opened = None
        else:
            _reject_inside(opened, marker)
    if opened is not None:
        closer = _SYNTAX_NAMES[opened.syntax][1]
        raise SpoilerSyntaxError(
            opened.line,
            f"Line {opened.line}: the spoiler opened here is never closed; end it with {closer}.",
        )
    return spoilers


def _open(marker: _Marker) -> _Marker:
    if not marker.opens:
        closer = _SYNTAX_NAMES[marker.syntax][1]
        raise SpoilerSyntaxError(
            marker.line, f"Line {marker.line}: {closer} closes a spoiler that was never opened."
        )
    return marker


def _reject_inside(opened: _Marker, marker: _Marker) -> None:
    """Raise for a marker met while another spoiler is open and that does not close it."""
    if marker.opens:
        raise SpoilerSyntaxError(
            marker.line,
            f"Line {marker.line}: spoilers cannot be nested; close the spoiler opened on "
            f"line {opened.line} first.",
        )
    closer = _SYNTAX_NAMES[marker.syntax][1]
    opener = _SYNTAX_NAMES[opened.syntax][0]
    raise SpoilerSyntaxError(
        marker.line,
        f"Line {marker.line}: {closer} does not match the {opener} opened on line {opened.line}.",
    )


def _read_marker(match: re.Match[str], *, line: int, episode_count: int) -> _Marker:
    """Classify one regex match, validating a tag's attributes."""
    kind = match.lastgroup or ""  # the outermost group, e.g. "bb_open", never "bb_attrs"
    episode = None
    if kind == "bb_open":
        episode = _bb_episode(match, line=line, episode_count=episode_count)
    elif kind == "gr_open":
        _check_goodreads_tag(match, line=line)
    syntax, _, role = kind.partition("_")
    return _Marker(
        syntax=syntax,
        opens=role in ("open", ""),
        closes=role in ("close", ""),
        episode=episode,
        line=line,
        start=match.start(),
        end=match.end(),
    )


def _bb_episode(match: re.Match[str], *, line: int, episode_count: int) -> int | None:
    """The episode of a `[spoiler ...]` tag: None when untagged; raises when malformed."""
    if match.group("bb_end") is None:
        raise SpoilerSyntaxError(
            line, f"Line {line}: the [spoiler tag is missing its closing bracket ]."
        )
    attrs = match.group("bb_attrs").strip(" \t")
    if not attrs:
        return None
    found = _EPISODE.fullmatch(attrs)
    if found is None:
        raise SpoilerSyntaxError(
            line, f"Line {line}: write the episode as a whole number, as in [spoiler ep=7]."
        )
    digits = found.group("dq") or found.group("sq") or found.group("bare")
    episode = int(digits) if len(digits.lstrip("+-")) <= _MAX_EPISODE_DIGITS else None
    if episode is None or not 1 <= episode <= episode_count:
        raise SpoilerSyntaxError(
            line,
            f"Line {line}: episode {digits} is out of range; this show has episodes "
            f"1 to {episode_count}.",
        )
    return episode


def _check_goodreads_tag(match: re.Match[str], *, line: int) -> None:
    if match.group("gr_end") is None:
        raise SpoilerSyntaxError(line, f"Line {line}: the <spoiler tag is missing its closing >.")
    if match.group("gr_attrs").strip(" \t"):
        raise SpoilerSyntaxError(
            line, f"Line {line}: <spoiler> takes no episode; write [spoiler ep=7] instead."
        )


def _close(text: str, opened: _Marker, closer: _Marker, *, episode_count: int) -> Spoiler:
    """Build the Spoiler between two matching markers; raises when it is empty."""
    source = text[opened.end : closer.start]
    if not source.strip():
        raise SpoilerSyntaxError(opened.line, f"Line {opened.line}: this spoiler is empty.")
    line_start = text.rfind("\n", 0, opened.start) + 1
    line_end = text.find("\n", closer.end)
    line_end = len(text) if line_end == -1 else line_end
    is_block = not text[line_start : opened.start].strip(" \t") and not text[
        closer.end : line_end
    ].strip(" \t")
    return Spoiler(
        episode=episode_count if opened.episode is None else opened.episode,
        is_block=is_block,
        source=source,
        line=opened.line,
        start=line_start if is_block else opened.start,
        end=line_end if is_block else closer.end,
    )
