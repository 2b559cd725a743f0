"""Hostile input: nothing executable survives, in plain text or inside spoilers."""

import pytest

from app.markup import gate, render_document
from app.markup.sanitize import is_safe_href, to_html
from tests.markup.helpers import Withhold, assert_safe, show

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://x.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href=javascript:123>x</a>",
    "[x](javascript:alert(1))",
    "[x](javascript:123)",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#106avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](\x01javascript:alert(1))",
    "[x](&#0;javascript:alert(1))",
    "[x](%20javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](//evil.example/x)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](http://evil.example/x.png)",
    '![x](http://evil.example/x.png "onerror=alert(1)")',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<a href="http://ok.example">"><script>alert(1)</script></a>',
    '[x](http://a.example/"onmouseover="alert(1))',
    '[x](http://a.example/" onmouseover="alert(1)")',
    '<http://ok.example/"onclick="alert(1)>',
    "<iframe src=javascript:alert(1)></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<style>body{display:none}</style>",
    "<!--<script>alert(1)</script>-->",
    "<div hx-get=/mod/log hx-trigger=load>x</div>",
    '<a hx-post="/mod/users/x/ban" data-x=1 class="spoiler withheld" id="review-1-ep-9">x</a>',
    '<span class="spoiler withheld" id="review-1-ep-9" style="color:red">Spoiler for '
    "episode 9 — reveal</span>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "[x](mailto:a@b.example?subject=<script>)",
    "SPOILER0123456789abcdefX0X",
    "\x00<script>alert(1)</script>",
]

CONTEXTS = {
    "plain text": "Intro.\n\n{}\n\nOutro.",
    "inline spoiler": "Intro [spoiler ep=2]{} [/spoiler] outro.",
    "block spoiler": "Intro.\n\n[spoiler ep=2]\n{}\n[/spoiler]\n\nOutro.",
    "untagged reddit spoiler": "Intro >!{} !< outro.",
}


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_document_hostile_input_renders_without_executable_markup(payload, context):
    segments = render_document(CONTEXTS[context].format(payload), episode_count=16)
    withhold = Withhold()
    shown = gate(segments, progress=16, show=show, withhold=withhold).html
    withheld = gate(segments, progress=0, show=show, withhold=withhold).html
    assert_safe(shown)
    assert_safe(withheld)
    assert "Intro" in shown  # control: the document did render
    if context != "plain text":
        assert len(withhold.refs) == 1  # control: the spoiler was found and withheld


SAFE_LINKS = [
    ("[ok](https://example.com/x?a=1&b=2)", '<a href="https://example.com/x?a=1&amp;b=2" '),
    ("[ok](HTTP://example.com)", '<a href="HTTP://example.com" '),
    ("[mail](mailto:me@example.com)", '<a href="mailto:me@example.com" '),
    ("<http://example.com/x>", '<a href="http://example.com/x" '),
    ("<me@example.com>", '<a href="mailto:me@example.com" '),
]


@pytest.mark.parametrize(("markdown", "start"), SAFE_LINKS)
def test_to_html_safe_link_keeps_href_and_gets_rel(markdown, start):
    html = to_html(markdown)
    assert start in html
    assert 'rel="nofollow ugc noopener"' in html


@pytest.mark.parametrize(
    "markdown",
    ["[keep me](javascript:alert(1))", "[keep me](/relative)", "[keep me](#anchor)"],
)
def test_to_html_unsafe_link_drops_the_link_and_keeps_its_text(markdown):
    assert to_html(markdown) == "<p>keep me</p>"


def test_to_html_raw_html_is_shown_as_text():
    assert to_html("a <b>bold</b> & <script>x</script>") == (
        "<p>a &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_to_html_image_is_dropped():
    assert to_html("a ![alt](http://x.example/i.png) b") == "<p>a  b</p>"


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("http://x", True),
        ("https://x", True),
        ("MAILTO:a@b", True),
        ("javascript:123", False),
        (" http://x", False),
        ("http://x\ny", False),
        ("\x00http://x", False),
        ("data:text/html,x", False),
        ("/relative", False),
        ("", False),
    ],
)
def test_is_safe_href_accepts_only_plain_http_https_mailto(href, safe):
    assert is_safe_href(href) is safe


@pytest.mark.parametrize(
    "html",
    [
        "<script>x</script>",
        '<p onclick="x">y</p>',
        '<a href="javascript:x" rel="nofollow ugc noopener">y</a>',
        '<a href=" http://x" rel="nofollow ugc noopener">y</a>',
        '<p class="spoiler">y</p>',
        "<img src=x>",
    ],
)
def test_assert_safe_rejects_executable_markup(html):
    # Control for the XSS table: the checker itself catches what it must.
    with pytest.raises(AssertionError):
        assert_safe(html)
