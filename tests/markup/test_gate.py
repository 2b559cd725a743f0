"""Read time: gating, reveal, truncation, per-episode lookup and excerpts."""

import pytest
from markupsafe import Markup

from app.markup import SpoilerRef, episodes_in, excerpt, gate, render_document, spoilers_for
from tests.markup.helpers import Withhold, assert_balanced, show, visible_text

REVIEW = (
    "Opening thoughts, spoiler-free.\n\n"
    "The bus scene [spoiler ep=3]KESTREL-EP3[/spoiler] hit hard, and ||KESTREL-ALL|| too.\n\n"
    "[spoiler ep=9]\nKESTREL-EP9 first paragraph.\n\n- KESTREL-EP9 list\n[/spoiler]\n\n"
    "Closing thoughts ~!KESTREL-ALL2!~ and >!KESTREL-ALL3!<.\n\n"
    "[spoiler ep=3]\nKESTREL-EP3B\n[/spoiler]"
)
SENTINELS = {
    "KESTREL-EP3": 3,
    "KESTREL-EP3B": 3,
    "KESTREL-EP9": 9,
    "KESTREL-ALL": 16,
    "KESTREL-ALL2": 16,
    "KESTREL-ALL3": 16,
}


@pytest.fixture(name="segments")
def fixture_segments():
    return render_document(REVIEW, episode_count=16)


def present(html: str, sentinel: str) -> bool:
    """Whole-word presence, so KESTREL-EP3 is not found inside KESTREL-EP3B."""
    return sentinel in visible_text(html).replace(".", " ").split()


@pytest.mark.parametrize("progress", [0, 2, 3, 8, 9, 15, 16])
def test_gate_withholds_every_spoiler_above_progress(segments, progress):
    withhold = Withhold()
    html = gate(segments, progress=progress, show=show, withhold=withhold).html
    for sentinel, episode in SENTINELS.items():
        assert present(html, sentinel) is (episode <= progress), sentinel
    hidden = sorted(ref.episode for ref in withhold.refs)
    assert hidden == sorted(e for e in [3, 16, 9, 16, 16, 3] if e > progress)
    assert html.count("Spoiler for episode") == len(withhold.refs)  # control: placeholders


def test_gate_withhold_callback_never_receives_html(segments):
    withhold = Withhold()
    gate(segments, progress=0, show=show, withhold=withhold)
    assert len(withhold.refs) == 6  # control: every spoiler reached the callback
    assert all(ref.html is None for ref in withhold.refs)


def test_gate_reveal_shows_that_episode_only(segments):
    withhold = Withhold()
    html = gate(segments, progress=2, reveal={9}, show=show, withhold=withhold).html
    assert present(html, "KESTREL-EP9")
    assert "Episode 9:" in html
    assert not present(html, "KESTREL-EP3")
    assert not present(html, "KESTREL-ALL")
    assert {ref.episode for ref in withhold.refs} == {3, 16}


def test_gate_gives_each_spoiler_its_document_index(segments):
    shown: list[SpoilerRef] = []

    def record(ref: SpoilerRef) -> Markup:
        shown.append(ref)
        return Markup("")

    gate(segments, progress=16, show=record, withhold=Withhold())
    assert [(ref.index, ref.episode, ref.is_block) for ref in shown] == [
        (0, 3, False),
        (1, 16, False),
        (2, 9, True),
        (3, 16, False),
        (4, 16, False),
        (5, 3, True),
    ]
    assert shown[0].html == Markup("KESTREL-EP3")


def test_gate_escapes_plain_string_from_callback(segments):
    html = gate(segments, progress=0, show=show, withhold=lambda ref: "<b>raw</b>").html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html
    assert "<b>raw</b>" not in html


def test_gate_without_max_chars_is_whole_and_balanced(segments):
    result = gate(segments, progress=16, show=show, withhold=Withhold())
    assert not result.truncated
    assert_balanced(result.html)
    assert present(result.html, "KESTREL-EP3B")  # the last block is there


@pytest.mark.parametrize("max_chars", [1, 10, 31, 32, 60, 100, 150, 10_000])
@pytest.mark.parametrize("progress", [0, 16])
def test_gate_max_chars_cuts_between_blocks_only(segments, max_chars, progress):
    full = gate(segments, progress=progress, show=show, withhold=Withhold()).html
    result = gate(segments, progress=progress, show=show, withhold=Withhold(), max_chars=max_chars)
    assert_balanced(result.html)
    assert full.startswith(result.html)
    assert result.truncated is (result.html != full)


def test_gate_max_chars_stops_after_block_reaching_limit(segments):
    first = "Opening thoughts, spoiler-free."
    result = gate(segments, progress=0, show=show, withhold=Withhold(), max_chars=len(first))
    assert result.truncated
    assert result.html == Markup(f"<p>{first}</p>\n")
    longer = gate(segments, progress=0, show=show, withhold=Withhold(), max_chars=len(first) + 1)
    assert longer.html.count("<p>") == 2  # the second block was needed to reach the limit


def test_gate_max_chars_counts_only_what_the_reader_sees(segments):
    # Shown spoilers count towards the limit; withheld ones (and the wrappers) do not.
    hidden = gate(segments, progress=0, show=show, withhold=Withhold(), max_chars=100)
    shown = gate(segments, progress=16, show=show, withhold=Withhold(), max_chars=100)
    assert not hidden.truncated
    assert shown.truncated
    assert not present(shown.html, "KESTREL-ALL2")  # cut before the closing paragraph


def test_gate_max_chars_on_last_block_is_not_truncated():
    segments = render_document("Only one long paragraph here.", episode_count=1)
    result = gate(segments, progress=0, show=show, withhold=Withhold(), max_chars=3)
    assert not result.truncated
    assert "Only one" in result.html


def test_spoilers_for_returns_only_that_episode(segments):
    refs = spoilers_for(segments, 3)
    assert [(ref.index, ref.is_block) for ref in refs] == [(0, False), (5, True)]
    assert [ref.html for ref in refs] == [Markup("KESTREL-EP3"), Markup("<p>KESTREL-EP3B</p>")]
    assert all(ref.episode == 3 for ref in refs)


def test_spoilers_for_episode_without_spoilers_is_empty(segments):
    assert spoilers_for(segments, 4) == []
    assert len(spoilers_for(segments, 16)) == 3  # control


def test_episodes_in_lists_distinct_sorted_episodes(segments):
    assert episodes_in(segments) == [3, 9, 16]
    assert episodes_in(render_document("No spoilers.", episode_count=4)) == []


def test_excerpt_drops_every_spoiler(segments):
    text = excerpt(segments, max_chars=10_000)
    assert "KESTREL" not in text
    assert text == (
        "Opening thoughts, spoiler-free. The bus scene hit hard, and too. Closing thoughts and ."
    )


@pytest.mark.parametrize(
    ("max_chars", "expected"),
    [
        (31, "Opening thoughts, spoiler-free."),
        (30, "Opening thoughts…"),
        (17, "Opening thoughts…"),
        (18, "Opening thoughts…"),
        (8, "Opening…"),
        (5, "Open…"),
        (1, "…"),
    ],
)
def test_excerpt_cuts_at_word_boundary_with_ellipsis(max_chars, expected):
    segments = render_document("Opening   thoughts,\nspoiler-free.", episode_count=1)
    text = excerpt(segments, max_chars=max_chars)
    assert text == expected
    assert len(text) <= max_chars


def test_excerpt_is_plain_text_with_entities_decoded():
    segments = render_document("**Bold** & <i>raw</i>\n\n- one\n- two", episode_count=1)
    assert excerpt(segments, max_chars=100) == "Bold & <i>raw</i> one two"


def test_excerpt_with_zero_max_chars_is_a_programming_error(segments):
    with pytest.raises(ValueError, match="max_chars"):
        excerpt(segments, max_chars=0)


def test_excerpt_link_with_angle_bracket_in_address_keeps_only_link_text():
    segments = render_document("See [the clip](http://a.example/?q=>x) now.", episode_count=1)
    assert excerpt(segments, max_chars=100) == "See the clip now."
