"""A bounded cost for every render: defuse what can never be markup, refuse what is slow.

Python-Markdown and bleach render prose at about half a microsecond a character, but
some shapes of text cost far more (measured at 60,000 characters, issue 14):

- each "[" scans ahead for its "]" three times (links, references, short references),
  and each "](" for its ")": a run of unmatched brackets is quadratic ("[" * 8000 took
  12 s); so is a backtick run looking for its closing run;
- each inline match (emphasis, escape, entity, line break) copies the rest of its
  paragraph, and each heading, rule or underline peeled off a block copies the rest of
  the block: many of them in one long paragraph are quadratic too;
- every element (paragraph, list item, emphasis, link) costs ~40 µs through Markdown and
  bleach, every spoiler (a render of its own) ~100 µs: 20,000 one-letter paragraphs
  take a second;
- lists and quotes nest by recursion: a few hundred levels raise RecursionError.

So `prepare` reads each piece of Markdown once, in linear time, before it is rendered.
It *defuses* characters that provably cannot be markup, swapping them for stand-ins that
Markdown passes through as text and that `Prepared.restore` puts back after bleach: a
"[" with no matching "]" in its paragraph (it can never open a link), and a "(" with no
")" after it in a paragraph without quotes (it can never close a link's address). The
output is the same; only the futile scans are gone. It *measures* the rest: an estimate
of the render's time from counts of what the text holds, with weights measured on this
stack. `Budget` adds up a document's pieces and refuses one whose estimate exceeds
`BUDGET_NS`, or whose lists and quotes nest deeper than `MAX_DEPTH`, with a sentence
naming the costliest construct and a line. Rendering therefore never takes much longer
than the budget, whatever the text (bench/markup.py measures it).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.markup.parse import SpoilerSyntaxError

BUDGET_NS = 80_000_000  # the estimated render time a document may take
MAX_DEPTH = 16  # lists and quotes inside one another
STOP_NS = 2 * BUDGET_NS  # a piece estimated this slow is refused without reading on

# Weights, in nanoseconds, measured on this stack (bench/markup.py compares the
# estimate with the real time of every family it renders).
CHARACTER_NS = 500  # every character, markup or not
SPOILER_NS = 110_000  # a spoiler with markup: a Markdown and bleach run of its own
PLAIN_SPOILER_NS = 10_000  # a spoiler of plain words, which needs neither
ELEMENT_NS = 45_000  # a paragraph, list item, heading, rule or code fence
MARK_NS = 30_000  # an emphasis or backtick run, a line break
LINK_NS = 60_000  # a link (an address after "]")
LIGHT_NS = 12_000  # a "[" that opens no link, an escape, an escaped "<", ">" or "&"
SCAN_NS = 150  # per character a bracket, address or backtick run scans ahead
COPY_NS = 0.5  # per character of paragraph copied by an inline match
HEADING_PEEL_NS = 2  # per character of block searched and copied by a peeled heading
RULE_PEEL_NS = 20  # the same for a rule, underline or reference definition
FENCE_NS = 3  # per character of text a code fence's search runs over
STAND_IN_NS = 400  # a defused character, beyond its CHARACTER_NS (bleach reads it slower)

# What Markdown backslash-escapes; an escaped character is never markup.
_ESCAPABLE = r"\\`*_{}\[\]()>#+\-.!"
_INLINE = re.compile(
    rf"(?P<escape>\\[{_ESCAPABLE}])|(?P<open>\[)|(?P<close>\])|(?P<lparen>\()|(?P<rparen>\))"
    r"|(?P<tick>`+)|(?P<emphasis>\*+|_+)|(?P<brk>  \n)"
    # Markdown's autolinks, <https://...> and <name@host>, before a lone "<" or ">"
    r"|(?P<autolink><(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>|<[^<> !]+@[^@<> ]+>)"
    r"|(?P<entity>[<>&])"
)
# The marks only counted: group -> (construct, cost, whether Markdown matches it, which
# copies the rest of the paragraph; "<", ">" and "&" are only escaped by the serialisers).
_COUNTED = {
    "escape": ("escape", LIGHT_NS, 1),
    "emphasis": ("emphasis", MARK_NS, 1),
    "brk": ("line break", MARK_NS, 1),
    "autolink": ("link", LINK_NS, 1),
    "entity": ("entity", LIGHT_NS, 0),
}
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
# A line that may begin with block markup: quotes, list items, headings, rules, fences,
# reference definitions (a digit may start an ordered list item).
_BLOCK_START = re.compile(r"^[ \t]*[>*+\-#=`~\[0-9]", re.MULTILINE)
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|[0-9]{1,9}\.)(?=[ \t]))")
_INDENT = re.compile(r"[ \t]*")
_HEADING = re.compile(r"[ \t]*#")
_RULE = re.compile(
    r"[ \t]*(?:=+[ \t]*$|-+[ \t]*$|(?:[-*_][ \t]*){3,}$|\[[^\]\n]*\]:)", re.MULTILINE
)
_FENCE = re.compile(r"[ \t]*(?:`{3,}|~{3,})")
_QUOTES = ("'", '"')
# An inline spoiler of words and punctuation that no Markdown rule and no HTML escape
# touches: rendered, it is itself (tests/markup/test_limits.py checks it).
_PLAIN = re.compile(r"(?:[^\W_]|[ .,;:?!'\"/%$@+=~^|{}()\-–—…‘’“”])*")

# For messages: construct -> (what there is too much of, what the author can do).
_ADVICE = {
    "character": ("characters", "split it into parts"),
    "spoiler": ("spoilers", "merge neighbouring spoilers of the same episode"),
    "paragraph": ("paragraphs", "join short paragraphs"),
    "list item": ("list items", "join short items"),
    "heading": ("headings", "use fewer headings"),
    "rule": ("rules and underlines", "use fewer of them"),
    "fence": ("code fences (```)", "use fewer code blocks"),
    "emphasis": ("emphasis marks (* and _)", "use less emphasis"),
    "link": ("links", "use fewer links"),
    "bracket": ("“[” brackets", r"write \[ for a literal bracket"),
    "escape": ("backslash escapes", "use fewer backslashes"),
    "entity": ("“<”, “>” and “&” characters", "use fewer of them"),
    "line break": ("line breaks (two spaces at a line's end)", "end fewer lines with spaces"),
    "backtick": ("backticks (`)", r"write \` for a literal backtick"),
    "far bracket": ("“[” that close far away or not at all", r"write \[ for a literal bracket"),
    "far address": ("“](” whose “)” is far away or missing", r"write \( for a literal one"),
    "far backtick": ("unmatched backticks (`)", r"write \` for a literal backtick"),
    "long paragraph": ("marks in one long paragraph", "put blank lines between paragraphs"),
    "heading peel": ("headings without blank lines between them", "add blank lines"),
    "rule peel": ("rules and underlines without blank lines around them", "add blank lines"),
}


class MarkupTooComplex(SpoilerSyntaxError):
    """Markup that would take too long to render, refused like bad spoiler markup (so
    every form and caller that handles SpoilerSyntaxError shows its sentence)."""


@dataclass
class Cost:
    """One construct's share of an estimated render time."""

    ns: float = 0
    worst_ns: float = -1
    worst_at: int = 0  # where its costliest occurrence is (an offset, or a line)

    def add(self, ns: float, at: int) -> None:
        """Add an occurrence costing `ns` at `at`, remembering the costliest."""
        self.ns += ns
        if ns > self.worst_ns:
            self.worst_ns, self.worst_at = ns, at


@dataclass
class Prepared:
    """One piece of Markdown ready to render, and what rendering it will cost."""

    text: str  # the source with its inert characters swapped for stand-ins
    inline: bool  # rendered as phrasing content (an inline spoiler)
    plain: bool = False  # inline, and rendered as itself (no Markdown, no bleach)
    stand_ins: dict[str, str] = field(default_factory=dict)  # stand-in -> character
    costs: dict[str, Cost] = field(default_factory=dict)  # offsets in the piece
    too_deep: int | None = None  # the first line nesting lists and quotes too deep
    stopped: bool = False  # the reading stopped early: the piece is far over budget

    def restore(self, html: str) -> str:
        """Put the defused characters back into the rendered HTML."""
        for stand_in, character in self.stand_ins.items():
            html = html.replace(stand_in, character)
        return html


def prepare(text: str, *, inline: bool = False) -> Prepared:
    """Defuse and measure one piece of Markdown (`inline`: an inline spoiler's, which
    Markdown reads as one paragraph without block markup)."""
    return _Reader(text, inline=inline).read()


class Budget:
    """The estimated render time of one document, added up piece by piece; it refuses
    the document (MarkupTooComplex) as soon as the total is over BUDGET_NS."""

    def __init__(self) -> None:
        self.costs: dict[str, Cost] = {}  # worst_at: a line of the author's text
        self.total = 0.0

    def add(self, piece: Prepared, line_of: Callable[[int], int], *, tokens: int = 0) -> None:
        """Add `piece`; `line_of` turns an offset in it into a line of the author's text.
        `tokens` of its characters stand for spoilers: they are charged to the spoilers
        (see `add_spoiler`), not to the text.

        Raises MarkupTooComplex for lists and quotes nested too deeply, or over budget.
        """
        if piece.too_deep is not None:
            line = line_of(piece.too_deep)
            raise MarkupTooComplex(
                line, f"Line {line}: lists and quotes nest more than {MAX_DEPTH} levels deep here."
            )
        for construct, cost in piece.costs.items():
            total = self.costs.setdefault(construct, Cost())
            if cost.worst_ns > total.worst_ns:
                total.worst_ns, total.worst_at = cost.worst_ns, line_of(cost.worst_at)
            total.ns += cost.ns
            self.total += cost.ns
        self.costs["character"].ns -= CHARACTER_NS * tokens
        self.total -= CHARACTER_NS * tokens
        self._check(over=piece.stopped)

    def add_spoiler(self, piece: Prepared, line: int, *, token: int) -> None:
        """Add a spoiler whose tag is on `line`: the render of its own Markdown `piece`,
        and the `token` characters that stand for it in the text around it."""
        ns = (PLAIN_SPOILER_NS if piece.plain else SPOILER_NS) + CHARACTER_NS * token
        self.costs.setdefault("spoiler", Cost()).add(ns, line)
        self.total += ns
        self._check()

    def _check(self, *, over: bool = False) -> None:
        """Raise MarkupTooComplex, naming the costliest construct, when over budget."""
        if self.total <= BUDGET_NS and not over:
            return
        construct, cost = max(self.costs.items(), key=lambda item: item[1].ns)
        what, advice = _ADVICE[construct]
        line = cost.worst_at
        raise MarkupTooComplex(line, f"Line {line}: too many {what} to display quickly; {advice}.")


class _Reader:
    """One linear pass over a piece: its regions (paragraphs), their marks, the costs."""

    def __init__(self, text: str, *, inline: bool) -> None:
        self.text = text
        self.inline = inline
        self.costs: dict[str, Cost] = {}
        self.estimate = 0.0
        self.swaps: list[tuple[int, str]] = []  # (offset, character) to defuse
        self.too_deep: int | None = None

    def read(self) -> Prepared:
        """Read the whole piece (or until it is certainly over budget)."""
        if self.inline and _PLAIN.fullmatch(self.text.strip()):
            return Prepared(self.text, inline=True, plain=True)
        self.charge("character", CHARACTER_NS * len(self.text), 0)
        prepared = Prepared(self.text, self.inline, costs=self.costs)
        if not self.inline:
            self._fences()
        for start, end in self._regions():
            if self.estimate > STOP_NS:  # refused anyway: spare the rest of the reading
                break
            self._region(start, end)
        prepared.stopped = self.estimate > STOP_NS
        prepared.too_deep = self.too_deep
        if self.swaps:
            prepared.text, prepared.stand_ins = _swapped(self.text, self.swaps)
            self.charge("character", STAND_IN_NS * len(self.swaps), 0)
        return prepared

    def charge(self, construct: str, ns: float, at: int) -> None:
        """Add an occurrence of `construct` costing `ns` at offset `at`."""
        self.costs.setdefault(construct, Cost()).add(ns, at)
        self.estimate += ns

    def _regions(self) -> list[tuple[int, int]]:
        """Runs of non-blank lines: Markdown never reads text across a blank line as one
        paragraph, except in an inline spoiler (one region)."""
        if self.inline:
            return [(0, len(self.text))]
        regions, start = [], 0
        for blank in _BLANK_LINE.finditer(self.text):
            if blank.start() > start:
                regions.append((start, blank.start()))
            start = blank.end()
        if start < len(self.text):
            regions.append((start, len(self.text)))
        return regions

    def _region(self, start: int, end: int) -> None:
        region = self.text[start:end]
        code = "`" in region or "~~~" in region
        quoted = any(quote in region for quote in _QUOTES)
        length = end - start
        if not self.inline:  # an inline spoiler's paragraph is in SPOILER_NS
            self.charge("paragraph", ELEMENT_NS, start)
            headings, rules = self._block_starts(start, end)
            self.charge("heading peel", HEADING_PEEL_NS * headings * length, start)
            self.charge("rule peel", RULE_PEEL_NS * rules * length, start)
        marks = _Marks(self)
        for match in _INLINE.finditer(self.text, start, end):
            marks.note(match)
            if self.estimate > STOP_NS:
                return
        marks.settle_ticks(end)
        marks.settle_parens(end, quoted=quoted, code=code)
        marks.settle_brackets(end, code=code)
        self.charge("long paragraph", COPY_NS * marks.count * length, start)

    def _block_starts(self, start: int, end: int) -> tuple[int, int]:
        """Charge the block markup at line starts; return how many headings and how many
        rules get peeled off their block (each a search and a copy of the rest of it)."""
        headings = rules = 0
        for line in _BLOCK_START.finditer(self.text, start, end):
            at, depth = line.start(), 0
            while depth <= MAX_DEPTH and (container := _CONTAINER.match(self.text, at, end)):
                if self.text[container.end() - 1] != ">":  # a quote's ">" is an entity
                    self.charge("list item", ELEMENT_NS, at)
                depth, at = depth + 1, container.end()
            if depth:
                indent = _INDENT.match(self.text, line.start()).group().expandtabs(4)
                if depth + len(indent) // 4 > MAX_DEPTH and self.too_deep is None:
                    self.too_deep = line.start()
            if _HEADING.match(self.text, at, end):
                self.charge("heading", ELEMENT_NS, at)
                headings += 1
            elif _RULE.match(self.text, at, end):
                self.charge("rule", ELEMENT_NS, at)
                rules += 1
        return headings, rules

    def _fences(self) -> None:
        """Each code fence line costs a search through the whole text."""
        for line in _BLOCK_START.finditer(self.text):
            if _FENCE.match(self.text, line.start()):
                self.charge("fence", ELEMENT_NS + FENCE_NS * len(self.text), line.start())
                if self.estimate > STOP_NS:
                    return


class _Marks:
    """The inline marks of one region, gathered in one pass over their matches."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.count = 0  # inline matches, each copying the rest of the paragraph
        self.open: list[int] = []  # "[" not matched (yet)
        self.pairs: list[tuple[int, int]] = []  # matched "[" and "]"
        self.parens: list[tuple[int, bool]] = []  # (offset, opens)
        self.addresses: list[int] = []  # "(" right after a "]"
        self.ticks: list[tuple[int, int]] = []  # backtick runs: (offset, length)
        self.last_close = -1  # the last ")"

    def note(self, match: re.Match[str]) -> None:
        """Take one match of _INLINE."""
        kind, at = match.lastgroup or "", match.start()
        if kind in _COUNTED:
            construct, ns, copies = _COUNTED[kind]
            self.reader.charge(construct, ns, at)
            self.count += copies
        elif kind == "open":
            self.open.append(at)
        elif kind == "close":
            if self.open:
                self.pairs.append((self.open.pop(), at))
        elif kind == "tick":
            self.ticks.append((at, match.end() - at))
            self._mark("backtick", MARK_NS, at)
        else:
            self.parens.append((at, kind == "lparen"))
            if kind == "rparen":
                self.last_close = at
            elif at and self.reader.text[at - 1] == "]":
                self.addresses.append(at)

    def _mark(self, construct: str, ns: float, at: int) -> None:
        self.count += 1
        self.reader.charge(construct, ns, at)

    def settle_brackets(self, end: int, *, code: bool) -> None:
        """Defuse each unmatched "[": it can never open a link. With a code span about,
        which hides what it holds from the link parser, defuse none and assume each "["
        scans to the end of the paragraph."""
        if not code:
            self.reader.swaps.extend((at, "[") for at in self.open)
        for at in self.open if code else ():
            self.reader.charge("bracket", LIGHT_NS, at)
            self.reader.charge("far bracket", 3 * SCAN_NS * (end - at), at)
        for opened, closed in self.pairs:
            self.reader.charge("bracket", LIGHT_NS, opened)
            reach = (end if code else closed) - opened
            self.reader.charge("far bracket", 3 * SCAN_NS * reach, opened)
            if self.reader.estimate > STOP_NS:
                return

    def settle_parens(self, end: int, *, quoted: bool, code: bool) -> None:
        """Defuse each "(" that no ")" follows, in a paragraph without quotes (a quote
        could start a link title): it can never end a link's address. Charge the scan
        of each other link address, to its ")" or, when unsure, the paragraph's end."""
        inert = set() if quoted else {at for at, opens in self.parens
                                      if opens and at > self.last_close}  # fmt: skip
        self.reader.swaps.extend((at, "(") for at in inert)
        closes = {} if code else _matching(self.parens)
        for at in self.addresses:
            if at in inert:
                continue  # Markdown will not even look for its ")"
            close = closes.get(at, end)
            if close < end and not _ends_at(self.reader.text, at, close):
                close = end  # an open quote: the address may run on past the ")"
            self._mark("link", LINK_NS, at)
            self.reader.charge("far address", SCAN_NS * (close - at), at)
            if self.reader.estimate > STOP_NS:
                return

    def settle_ticks(self, end: int) -> None:
        """Charge the backtick runs' scans, following Markdown: a run scans ahead for
        the next run of its own length and the code span ends there, or it fails. After
        a failure Markdown skips too far and may land inside a run, so each later
        backtick is assumed to scan to the end of the paragraph."""
        following: dict[int, int] = {}
        after: list[int | None] = []  # index of the next run of the same length
        for index in range(len(self.ticks) - 1, -1, -1):
            after.append(following.get(self.ticks[index][1]))
            following[self.ticks[index][1]] = index
        after.reverse()
        index = 0
        while index < len(self.ticks):
            at, length = self.ticks[index]
            closing = after[index]
            if closing is None:
                for at, length in self.ticks[index:]:
                    self.reader.charge("far backtick", SCAN_NS * (end - at) * length, at)
                return
            self.reader.charge("far backtick", SCAN_NS * (self.ticks[closing][0] - at), at)
            index = closing + 1


def _ends_at(text: str, start: int, close: int) -> bool:
    """Whether Markdown's scan of the link address text[start:close] (from its "(" to
    the ")" that closes it) stops at that ")": yes without quotes, and after a closed
    title ("..." or '...')."""
    quotes = [text.find(quote, start, close) for quote in _QUOTES]
    if max(quotes) < 0:
        return True
    last = close - 1
    while last > start and text[last] in " \t\n":
        last -= 1
    return text[last] in _QUOTES and text.count(text[last], start, last) >= 2


def _matching(parens: list[tuple[int, bool]]) -> dict[int, int]:
    """The ")" that closes each "(" (unescaped ones, as Markdown sees them)."""
    closes, stack = {}, []
    for at, opens in parens:
        if opens:
            stack.append(at)
        elif stack:
            closes[stack.pop()] = at
    return closes


def _swapped(text: str, swaps: list[tuple[int, str]]) -> tuple[str, dict[str, str]]:
    """`text` with each swapped character replaced by its stand-in, a private-use
    character absent from the text; and the stand-ins, to restore."""
    free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    stand_ins = {character: next(free) for character in sorted({c for _, c in swaps})}
    pieces, last = [], 0
    for at, character in sorted(swaps):
        pieces.append(text[last:at])
        pieces.append(stand_ins[character])
        last = at + 1
    pieces.append(text[last:])
    return "".join(pieces), {stand_in: character for character, stand_in in stand_ins.items()}
