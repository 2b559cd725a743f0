"""Spoiler markup: what is accepted, and the form message for everything that is not."""

import pytest

from app.markup import SpoilerSyntaxError, render_document
from app.markup.parse import normalize_newlines, parse

EPISODES = 16

NEVER_CLOSED = "the spoiler opened here is never closed; end it with"
MALFORMED = "write the episode as a whole number, as in [spoiler ep=7]."
IN_ATTRIBUTE = (
    "a spoiler cannot sit inside a link address, an image or another attribute; move it out."
)
IN_LINK_TEXT = "a spoiler cannot sit inside link text; put the link inside the spoiler instead."
NESTED_LINE_1 = "spoilers cannot be nested; close the spoiler opened on line 1 first."

BAD_INPUTS = [
    ("Fine.\n\n[spoiler ep=3]\nHe dies.\n", 3, f"{NEVER_CLOSED} [/spoiler]."),
    ("a >!b", 1, f"{NEVER_CLOSED} !<."),
    ("a || b", 1, f"{NEVER_CLOSED} ||."),
    ("a ~!b", 1, f"{NEVER_CLOSED} !~."),
    ("<spoiler>b", 1, f"{NEVER_CLOSED} </spoiler>."),
    ("a\nb[/spoiler]", 2, "[/spoiler] closes a spoiler that was never opened."),
    ("Thanks!<3", 1, "!< closes a spoiler that was never opened."),
    ("Saranghae!~", 1, "!~ closes a spoiler that was never opened."),
    ("x\n\n</SPOILER>", 3, "</spoiler> closes a spoiler that was never opened."),
    ("[spoiler]a [spoiler]b[/spoiler] c[/spoiler]", 1, NESTED_LINE_1),
    ("[spoiler ep=2]\na\n>!b!<\n[/spoiler]", 3, NESTED_LINE_1),
    ("<spoiler>a ||b||</spoiler>", 1, NESTED_LINE_1),
    ("||a ~!b!~ c||", 1, NESTED_LINE_1),
    ("[spoiler]a!~", 1, "!~ does not match the [spoiler] opened on line 1."),
    (">!a\n\n</spoiler>", 3, "</spoiler> does not match the >! opened on line 1."),
    ("[spoiler ep=0]x[/spoiler]", 1, "episode 0 is out of range; this show has episodes 1 to 16."),
    (
        "[spoiler ep=-2]x[/spoiler]",
        1,
        "episode -2 is out of range; this show has episodes 1 to 16.",
    ),
    (
        "[spoiler ep=17]x[/spoiler]",
        1,
        "episode 17 is out of range; this show has episodes 1 to 16.",
    ),
    (
        "[spoiler ep=9999999999]x[/spoiler]",
        1,
        "episode 9999999999 is out of range; this show has episodes 1 to 16.",
    ),  # fmt: skip
    ("[spoiler ep=abc]x[/spoiler]", 1, MALFORMED),
    ("[spoiler ep=]x[/spoiler]", 1, MALFORMED),
    ("[spoiler ep=3.5]x[/spoiler]", 1, MALFORMED),
    ("[spoiler ep=7 extra]x[/spoiler]", 1, MALFORMED),
    ("[spoiler=7]x[/spoiler]", 1, MALFORMED),
    ("[spoiler ep=\"7']x[/spoiler]", 1, MALFORMED),
    ("[spoiler alert] he dies", 1, MALFORMED),
    ("[spoiler ep=7\nx[/spoiler]", 1, "the [spoiler tag is missing its closing bracket ]."),
    ("<spoiler ep=3>x</spoiler>", 1, "<spoiler> takes no episode; write [spoiler ep=7] instead."),
    ("<spoiler\nx</spoiler>", 1, "the <spoiler tag is missing its closing >."),
    ("a [spoiler ep=2] [/spoiler] b", 1, "this spoiler is empty."),
    ("a\n\n[spoiler]\n\n[/spoiler]", 3, "this spoiler is empty."),
    ("a |||| b", 1, "this spoiler is empty."),
    ("[x](http://a/[spoiler]s[/spoiler])", 1, IN_ATTRIBUTE),
    ('[x](http://a "[spoiler]s[/spoiler]")', 1, IN_ATTRIBUTE),
    ("![[spoiler]s[/spoiler]](http://x/y.png)", 1, IN_ATTRIBUTE),
    ("<http://a/||s||>", 1, IN_ATTRIBUTE),
    ("[x](http://a/?q=>[spoiler]s[/spoiler])", 1, IN_ATTRIBUTE),
    ("[x](http://a/?q='>||s||)", 1, IN_ATTRIBUTE),
    ("[x][r]\n\n[r]: http://a/>!s!<", 3, IN_ATTRIBUTE),
    ("Text.\n\n[r]: http://a/>!s!<", 3, IN_ATTRIBUTE),
    ("[see [spoiler]s[/spoiler]](http://a)", 1, IN_LINK_TEXT),
    (
        "```\n[spoiler]\ns\n[/spoiler]\n```",
        2,
        "a spoiler on its own lines cannot sit inside a code block; move it out.",
    ),  # fmt: skip
    ("ok\r\n\r\nok\r\n[spoiler ep=x]y[/spoiler]", 4, MALFORMED),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_INPUTS)
def test_render_document_with_bad_markup_raises_line_and_message(text, line, message):
    with pytest.raises(SpoilerSyntaxError) as caught:
        render_document(text, episode_count=EPISODES)
    assert caught.value.line == line
    assert caught.value.message == f"Line {line}: {message}"
    assert str(caught.value) == caught.value.message


GOOD_INPUTS = [
    ("Intro [spoiler ep=7]he lives[/spoiler] outro", [(7, False)]),
    (
        '[spoiler ep = 7]a[/spoiler] and [SPOILER EP="8"]b[/Spoiler ] and '
        "[spoiler ep='9']c[/spoiler]",
        [(7, False), (8, False), (9, False)],
    ),  # fmt: skip
    ("[spoiler ep=+3]a[/spoiler].", [(3, False)]),
    ("[spoiler]\nShe *knew*.\n[/spoiler]", [(16, True)]),
    ("  [spoiler ep=2]First line\nsecond[/spoiler]  \nafter", [(2, True)]),
    ("Reddit >!twist!< here", [(16, False)]),
    (">!\ntwist\n!<", [(16, True)]),
    ("Discord ||twist|| here", [(16, False)]),
    ("AniList ~!twist!~ here", [(16, False)]),
    ("Goodreads <spoiler>twist</spoiler> here", [(16, False)]),
    ("<SPOILER>\ntwist\n</Spoiler>", [(16, True)]),
    ("<spoiler>He dies!</spoiler> and >!wow!!< and ~!yes!!~", [(16, False)] * 3),
    ("`code [spoiler ep=4]x[/spoiler]`", [(4, False)]),
    ("[spoilers] and [spoiler-free] are words", []),
    ("Nothing to hide.", []),
]


@pytest.mark.parametrize(("text", "expected"), GOOD_INPUTS)
def test_parse_with_good_markup_finds_episode_and_kind(text, expected):
    spoilers = parse(normalize_newlines(text), episode_count=EPISODES)
    assert [(s.episode, s.is_block) for s in spoilers] == expected
    render_document(text, episode_count=EPISODES)  # control: renders without error


def test_parse_untagged_spoiler_is_gated_at_last_episode():
    (spoiler,) = parse("[spoiler]x[/spoiler] y", episode_count=10)
    assert spoiler.episode == 10
    assert spoiler.source == "x"


def test_parse_block_spoiler_replaces_whole_lines():
    text = "before\n  [spoiler ep=2]\n  body\n  [/spoiler] \nafter"
    (spoiler,) = parse(text, episode_count=5)
    assert spoiler.is_block
    assert text[spoiler.start : spoiler.end] == "  [spoiler ep=2]\n  body\n  [/spoiler] "
    assert spoiler.line == 2


def test_parse_spoiler_with_text_before_opener_is_inline():
    (spoiler,) = parse("Then [spoiler ep=2]\nbody\n[/spoiler]", episode_count=5)
    assert not spoiler.is_block


def test_render_document_with_zero_episodes_is_a_programming_error():
    with pytest.raises(ValueError, match="episode_count"):
        render_document("text", episode_count=0)


def test_normalize_newlines_turns_cr_and_crlf_into_lf():
    assert normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
