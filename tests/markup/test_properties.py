"""Property tests: no withheld sentinel ever reaches a reader, whatever the markup.

Hypothesis settings: max_examples=200 and deadline=None for each test (rendering runs
Markdown and bleach per spoiler, so timings vary), which keeps this module to a few
seconds. The function-scoped autouse fixture from tests/fixtures/app.py (the network
guard) is safe to share between examples, hence its health check is suppressed.
"""

import json
from dataclasses import dataclass

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.markup import SpoilerSyntaxError, excerpt, gate, render_document
from tests.markup.helpers import Withhold, assert_balanced, assert_safe, show, visible_text

EPISODES = 12
SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Filler text: Markdown punctuation but no spoiler marker characters ([ < | ! ~), and
# lower-case letters only, so it can never spell an upper-case sentinel.
FILLER = st.text(alphabet="abcdefg xyz0123456789\n\t*_#->`.,()&;:=\\", max_size=30)
SYNTAXES = {
    "bb": ("[spoiler]", "[/spoiler]"),
    "reddit": (">!", "!<"),
    "discord": ("||", "||"),
    "anilist": ("~!", "!~"),
    "goodreads": ("<spoiler>", "</spoiler>"),
}
MARKER_HEAVY = st.lists(
    st.sampled_from(
        list("ab \n*_#>`()")
        + [
            "[spoiler]",
            "[/spoiler]",
            "[spoiler ep=3]",
            "[spoiler ep=",
            ">!",
            "!<",
            "||",
            "~!",
            "!~",
            "<spoiler>",
            "</spoiler>",
            "](http://x/",
            "![",
            "[x](",
        ]
    ),  # fmt: skip
    max_size=40,
).map("".join)


@dataclass(frozen=True)
class Piece:
    """A chunk of a generated review: filler, or a spoiler holding a unique sentinel."""

    text: str
    sentinel: str | None = None
    episode: int | None = None


@st.composite
def spoiler_pieces(draw, *, syntaxes=tuple(SYNTAXES), number=0):
    syntax = draw(st.sampled_from(syntaxes))
    tagged = syntax == "bb" and draw(st.booleans())
    episode = draw(st.integers(1, EPISODES)) if tagged else EPISODES
    opener, closer = SYNTAXES[syntax]
    if tagged:
        opener = f"[spoiler ep={episode}]"
    sentinel = f"KESTREL-{number}-EP{episode}-Z"
    body = f"{draw(FILLER)} {sentinel} {draw(FILLER)}"
    if draw(st.booleans()):
        return Piece(f"\n{opener}\n{body}\n{closer}\n", sentinel, episode)
    return Piece(f" {opener}{body}{closer} ", sentinel, episode)


@st.composite
def documents(draw, *, syntaxes=tuple(SYNTAXES)):
    pieces = []
    for number in range(draw(st.integers(1, 6))):
        pieces.append(Piece(draw(FILLER)))
        pieces.append(draw(spoiler_pieces(syntaxes=syntaxes, number=number)))
    pieces.append(Piece(draw(FILLER)))
    return pieces


def render_or_skip(pieces):
    # Filler may open a fenced code block around a block spoiler, a clear form error;
    # such examples say nothing about leaks, so they are skipped.
    try:
        return render_document("".join(piece.text for piece in pieces), episode_count=EPISODES)
    except SpoilerSyntaxError:
        assume(False)


def words(html: str) -> set[str]:
    return set(visible_text(html).split())


@SETTINGS
@given(
    pieces=documents(),
    progress=st.integers(0, EPISODES),
    reveal=st.sets(st.integers(1, EPISODES), max_size=2),
)
def test_gate_any_document_never_shows_a_withheld_sentinel(pieces, progress, reveal):
    segments = render_or_skip(pieces)
    withhold = Withhold()
    html = gate(segments, progress=progress, reveal=reveal, show=show, withhold=withhold).html
    seen = words(html)
    spoilers = [piece for piece in pieces if piece.sentinel]
    hidden = [p for p in spoilers if p.episode > progress and p.episode not in reveal]
    for piece in spoilers:
        assert (piece.sentinel in seen) is (piece not in hidden), piece.sentinel
    assert sorted(ref.episode for ref in withhold.refs) == sorted(p.episode for p in hidden)
    assert all(ref.html is None for ref in withhold.refs)
    assert_balanced(html)
    assert_safe(html)


@SETTINGS
@given(pieces=documents(syntaxes=("reddit", "discord", "anilist", "goodreads")))
def test_gate_foreign_syntax_spoilers_stay_hidden_below_last_episode(pieces):
    segments = render_or_skip(pieces)
    spoilers = [piece for piece in pieces if piece.sentinel]
    withhold = Withhold()
    html = gate(segments, progress=EPISODES - 1, show=show, withhold=withhold).html
    assert not {piece.sentinel for piece in spoilers} & words(html)
    assert len(withhold.refs) == len(spoilers)  # control: each one became a placeholder
    finished = gate(segments, progress=EPISODES, show=show, withhold=Withhold()).html
    assert {piece.sentinel for piece in spoilers} <= words(finished)  # control


@SETTINGS
@given(pieces=documents(), max_chars=st.integers(1, 120))
def test_excerpt_never_contains_spoiler_text(pieces, max_chars):
    segments = render_or_skip(pieces)
    text = excerpt(segments, max_chars=max_chars)
    assert "KESTREL" not in text
    assert len(text) <= max_chars
    assert "KESTREL" in json.dumps(segments)  # control: the sentinels were stored


@SETTINGS
@given(pieces=documents(), progress=st.integers(0, EPISODES), max_chars=st.integers(1, 200))
def test_gate_max_chars_leaves_balanced_prefix(pieces, progress, max_chars):
    segments = render_or_skip(pieces)
    full = gate(segments, progress=progress, show=show, withhold=Withhold()).html
    cut = gate(segments, progress=progress, show=show, withhold=Withhold(), max_chars=max_chars)
    assert_balanced(cut.html)
    assert full.startswith(cut.html)
    assert cut.truncated is (cut.html != full)


@SETTINGS
@given(text=st.one_of(st.text(max_size=200), MARKER_HEAVY))
def test_render_document_any_text_returns_segments_or_raises_syntax_error(text):
    try:
        segments = render_document(text, episode_count=EPISODES)
    except SpoilerSyntaxError as error:
        assert error.message.startswith(f"Line {error.line}: ")
        assert 1 <= error.line <= text.count("\n") + text.count("\r") + 1
        return
    assert json.loads(json.dumps(segments)) == segments
    html = gate(segments, progress=0, show=show, withhold=Withhold()).html
    assert_balanced(html)
    assert_safe(html)
