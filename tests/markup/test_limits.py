"""The markup guard (app/markup/limits.py): every shape of text that rendered slowly
(issue 14) is either defused (rendered as before, without the slow scans) or refused
with a sentence naming the construct and the line. These tests check what the guard
decides, never how long anything takes (bench/markup.py measures that).
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.markup import SpoilerSyntaxError, render_document
from app.markup.limits import MAX_DEPTH, Prepared, prepare
from app.markup.sanitize import HtmlRenderer

REVIEW = 60_000
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def rendered(text: str) -> str:
    """The HTML of a document without spoilers, its blocks joined."""
    return "".join(
        part["html"] for block in render_document(text, episode_count=16) for part in block
    )


def refusal(text: str) -> str:
    """The sentence `text` is refused with (the test fails if it renders). The guard's
    MarkupTooComplex is a SpoilerSyntaxError: forms show it as a field error."""
    with pytest.raises(SpoilerSyntaxError) as refused:
        render_document(text, episode_count=16)
    return refused.value.message


@pytest.mark.parametrize(
    "text",
    [
        "[" * 8_000,  # 12.7 s before
        "![" * 2_000,  # 1.7 s
        "[(" * 2_000,  # 1.3 s
        "[](" * 3_000,  # 1.9 s
        "[" * REVIEW,
        "(" * REVIEW,
        "![[(" * (REVIEW // 4),
    ],
    ids=["[ x8000", "![ x2000", "[( x2000", "[]( x3000", "[ x60000", "( x60000", "![[( mixed"],
)
def test_guard_defuses_brackets_that_can_never_form_a_link_and_renders_them_as_typed(text):
    assert prepare(text).stand_ins  # the guard swapped them out of Markdown's way
    assert rendered(text) == f"<p>{text}</p>"  # ... and put them back, as typed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("||a|| " * 10_000, "Line 1: too many spoilers to display quickly (at most 2,000)"),
        ("||*a*|| " * 1_500, "Line 1: too many spoilers to display quickly; merge"),
        ("#\n" * 20_000, "Line 1: too many headings"),  # 1.7 s
        ("- " * 30 + "a", f"Line 1: lists and quotes nest more than {MAX_DEPTH} levels deep"),
        ("1. " * 20 + "a", "Line 1: lists and quotes nest more than"),
        (">" * 30 + " a", "Line 1: lists and quotes nest more than"),
        ("> - " * 10 + "a", "Line 1: lists and quotes nest more than"),
        ("".join("    " * i + "- a\n" for i in range(20)), "Line 17: lists and quotes nest"),
        ("*a " * 10_000 + "a* " * 10_000, "Line 1: too many emphasis marks (* and _)"),
        ("**a " * 7_500 + "a** " * 7_500, "Line 1: too many emphasis marks (* and _)"),
        ("[" * 30_000 + "]" * 30_000, "Line 1: too many “[” that close far away"),
        ("[a " * 7_500 + "](b) " * 7_500, "Line 1: too many links"),
        ("[a " * 200 + "b" * 50_000 + "](b) " * 200, "Line 1: too many “[” that close far away"),
        ('[](" ' * 12_000, "Line 1: too many “](” whose “)” is far away or missing"),
        ("``a`" * 15_000, "Line 1: too many backticks (`)"),
        ("``a`" * 1_000, "Line 1: too many unmatched backticks (`)"),
        ("`a` [ " * 10_000, "Line 1: too many backticks (`)"),
        ("`a` [ " * 250, "Line 1: too many “[” that close far away or not at all"),
        ("```\n" * 15_000, "Line 1: too many code fences"),
        ("a\n=\n" * 15_000, "Line 1: too many rules and underlines without blank lines"),
        ("a\n***\n" * 10_000, "Line 1: too many rules and underlines without blank lines"),
        ("[a]:\n" * 12_000, "Line 1: too many rules and underlines without blank lines"),
        ("a\n\n" * 20_000, "Line 1: too many paragraphs"),
        ("- a\n" * 15_000, "Line 1: too many list items"),
        ("[a](https://example.com) " * 2_400, "Line 1: too many links"),
        ("<https://example.com> " * 2_700, "Line 1: too many links"),
        ("*a* " * 15_000, "Line 1: too many emphasis marks"),
        ("a  \n" * 15_000, "Line 1: too many line breaks"),
        ("\\" * REVIEW, "Line 1: too many backslash escapes"),
        ("<" * REVIEW, "Line 1: too many “<”, “>” and “&” characters"),
        ("& " * 30_000, "Line 1: too many “<”, “>” and “&” characters"),
    ],
)
def test_guard_refuses_costly_markup_naming_the_construct_and_the_line(text, message):
    assert refusal(text).startswith(message)


@pytest.mark.parametrize(
    ("character", "outcome"),
    [
        *[(c, "rendered") for c in "*_#-+=~![]():.'\" \t\n"],
        ("`", "Line 1: too many unmatched backticks"),
        (">", "Line 1: lists and quotes nest more than"),
        ("\\", "Line 1: too many backslash escapes"),
        ("<", "Line 1: too many “<”"),
        ("&", "Line 1: too many “<”"),
        ("|", "Line 1: this spoiler is empty."),  # "||||": empty Discord spoilers
    ],
)
def test_long_run_of_each_markup_character_renders_or_is_refused(character, outcome):
    text = character * REVIEW
    if outcome == "rendered":
        assert rendered(text) is not None
    else:
        with pytest.raises(SpoilerSyntaxError, match=f"^{outcome}"):
            render_document(text, episode_count=16)


def test_guard_accepts_a_long_review_with_ordinary_formatting():
    paragraph = (
        "The *second* half drags, but the ending earns it, and the cast (all of them) "
        "carries the slow stretch, scene after scene, until the finale pays it all back. "
        "Don't skip episode 7, whatever the forums say about it: it is the one where the "
        "show stops explaining itself and trusts you, and everything after it depends on "
        "that trust. The direction is patient, the score knows when to stay quiet, and "
        "the supporting cast gets the kind of small, specific moments most dramas cut.\n\n"
    )
    spoiler = "[spoiler ep=9]\nShe *knew*, and so did he.\n[/spoiler]\n\n"
    link = "The soundtrack is on [the label's site](https://example.com/ost).\n\n"
    part = "### Part\n\n" + paragraph * 5 + spoiler + link + "- a\n- **b**\n\n> quoted\n\n"
    text = part * (REVIEW // len(part))
    assert len(text) > 55_000
    blocks = render_document(text, episode_count=16)
    assert len(blocks) == 10 * (REVIEW // len(part))  # control: it all rendered


def test_refusal_names_the_line_in_the_authors_text_across_spoilers():
    text = "\n".join(
        [
            "Intro with ||an inline spoiler||.",  # 1
            "",  # 2
            "[spoiler ep=2]",  # 3
            "Inside, fine.",  # 4
            "[/spoiler]",  # 5
            "",  # 6
            "> " * (MAX_DEPTH + 1) + "too deep",  # 7
        ]
    )
    assert refusal(text).startswith("Line 7: lists and quotes nest")
    inside = text.replace("Inside, fine.", "> " * (MAX_DEPTH + 1) + "deep").rsplit("\n", 2)[0]
    assert refusal(inside).startswith("Line 4: lists and quotes nest")
    ok = text.replace("> " * (MAX_DEPTH + 1), "> " * MAX_DEPTH)
    assert "too deep" in rendered(ok.replace("||an inline spoiler||", "plain"))  # control


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # a "[" whose "]" only a code span holds is not defused: the link still forms
        ("[see `x[0` here](http://x.example)", '">see <code>x[0</code> here</a>'),
        ("[a `]` b [c](http://x.example) d", '<p>[a <code>]</code> b <a href="http://x.example"'),
        # an unmatched "[" inside an address comes back in the href
        ("[a](http://x.example/[) [", '<a href="http://x.example/[" rel='),
        # escaped brackets stay escaped; unmatched ones in code stay as typed
        ("\\[ [ `[` \\( (", "<p>[ [ <code>[</code> ( (</p>"),
        # with a quote about, a "(" may end a link title: left alone, whatever comes of it
        ('[a](http://x.example "t" (', "<p>a(</p>"),
    ],
)
def test_defusing_keeps_links_code_and_escapes_as_markdown_reads_them(text, html):
    assert html in rendered(text)
    assert rendered(text) == HtmlRenderer().render(Prepared(text, inline=False))  # undefused


BRACKETY = st.text(alphabet="[]()!\\`'\" ab\n*_<>:#-.~", max_size=60)


@SETTINGS
@given(text=BRACKETY, inline=st.booleans())
def test_defusing_never_changes_what_markdown_renders(text, inline):
    undefused = Prepared(text, inline=inline)  # as Markdown alone would read it
    assert HtmlRenderer().render(prepare(text, inline=inline)) == HtmlRenderer().render(undefused)


@SETTINGS
@given(text=st.from_regex(r"[^\W_][\w .,;:?!'\"/%$@+=~^|{}()\-–—…‘’“”]{0,40}", fullmatch=True))
def test_plain_inline_spoiler_renders_as_markdown_and_bleach_would(text):
    piece = prepare(text, inline=True)
    if piece.plain:  # words and punctuation only: no Markdown, no bleach
        assert HtmlRenderer().render(piece) == HtmlRenderer().render(Prepared(text, inline=True))


def test_plain_inline_spoilers_skip_markdown_and_markup_ones_do_not():
    assert prepare("He lives, and she’s back (in ep. 9)!", inline=True).plain
    assert not prepare("He *lives*", inline=True).plain  # control: markup
    assert not prepare("He lives", inline=False).plain  # control: a block spoiler
