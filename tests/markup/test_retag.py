"""Re-tagging text: paragraphs are counted the way the queue shows them, and a wrap holds
exactly the chosen ones."""

import pytest

from app.markup import render_document, spoilers_for
from app.markup.retag import RetagError, paragraphs, wrap_paragraphs, wrap_passage

TEXT = "\n\nFirst one.\n\nSecond,\nover two lines.\n \n\n- a list\n- of two\n\nLast.\n"


def test_paragraphs_are_the_blocks_between_blank_lines():
    assert [p.text for p in paragraphs(TEXT)] == [
        "First one.",
        "Second,\nover two lines.",
        "- a list\n- of two",
        "Last.",
    ]
    assert [p.number for p in paragraphs(TEXT)] == [1, 2, 3, 4]
    for p in paragraphs(TEXT):
        assert TEXT[p.start : p.end] == p.text


def test_paragraphs_read_windows_line_endings():
    assert [p.text for p in paragraphs("One.\r\n\r\nTwo.\r\n")] == ["One.", "Two."]


def test_paragraphs_of_blank_text_are_none():
    assert paragraphs("") == [] and paragraphs(" \n\n \n") == []


def test_wrap_holds_exactly_the_chosen_paragraphs():
    wrapped = wrap_paragraphs(TEXT, [2, 4], episode=3)
    assert wrapped == (
        "\n\nFirst one.\n\n[spoiler ep=3]\nSecond,\nover two lines.\n[/spoiler]\n \n\n"
        "- a list\n- of two\n\n[spoiler ep=3]\nLast.\n[/spoiler]\n"
    )
    segments = render_document(wrapped, episode_count=5)
    hidden = " ".join(str(html) for html in spoilers_for(segments, 3))
    assert "over two lines" in hidden and "Last." in hidden
    assert "First one" not in hidden and "a list" not in hidden


def test_neighbouring_paragraphs_share_one_spoiler():
    wrapped = wrap_paragraphs(TEXT, [3, 2], episode=1)
    assert wrapped.count("[spoiler ep=1]") == 1
    assert (
        "[spoiler ep=1]\nSecond,\nover two lines.\n \n\n- a list\n- of two\n[/spoiler]" in wrapped
    )


@pytest.mark.parametrize(
    ("numbers", "message"),
    [([], "Choose at least one paragraph"), ([5], "There is no paragraph 5: the text has 4."),
     ([0, 1], "There is no paragraph 0")],
)  # fmt: skip
def test_wrap_refuses_paragraphs_the_text_lacks(numbers, message):
    with pytest.raises(RetagError, match=message):
        wrap_paragraphs(TEXT, numbers, episode=1)


def test_passage_is_wrapped_inline_or_as_a_block():
    assert wrap_passage("A B C", " B ", episode=2) == "A [spoiler ep=2]B[/spoiler] C"
    assert wrap_passage("x\ny\nz", "x\ny", episode=2) == "[spoiler ep=2]\nx\ny\n[/spoiler]\nz"
    with pytest.raises(RetagError, match="copy it exactly"):
        wrap_passage("A B C", "D", episode=2)
