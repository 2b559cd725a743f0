"""render_document: the stored segments, their shape and the write-time pipeline."""

import ast
import itertools
import json
from pathlib import Path

from app.markup import render, render_document

MARKUP_PACKAGE = Path(render.__file__).parent


def test_render_document_example_has_documented_shape():
    text = "Loved it. ||He lives.|| Worth it.\n\n[spoiler ep=9]\nShe *knew*.\n[/spoiler]"
    assert render_document(text, episode_count=16) == [
        [
            {"html": "<p>Loved it. "},
            {"ep": 16, "block": False, "html": "He lives."},
            {"html": " Worth it.</p>"},
        ],
        [{"ep": 9, "block": True, "html": "<p>She <em>knew</em>.</p>"}],
    ]


def test_render_document_segments_survive_a_json_round_trip():
    text = "# Title\n\n- a [spoiler ep=2]b[/spoiler]\n- c\n\n>!\nx\n\ny\n!<\n\nEnd."
    segments = render_document(text, episode_count=4)
    assert json.loads(json.dumps(segments)) == segments


def test_render_document_without_spoilers_is_plain_blocks():
    segments = render_document("One.\n\nTwo.", episode_count=3)
    assert segments == [[{"html": "<p>One.</p>"}], [{"html": "<p>Two.</p>"}]]


def test_render_document_inline_spoiler_html_has_no_paragraph():
    segments = render_document("A [spoiler ep=1]**b**\n\nc[/spoiler] d", episode_count=3)
    spoiler = segments[0][1]
    assert spoiler == {"ep": 1, "block": False, "html": "<strong>b</strong><br>\nc"}


def test_render_document_inline_spoiler_ignores_block_syntax():
    segments = render_document("A ||# not a heading\n- nor a list|| b", episode_count=3)
    assert segments[0][1]["html"] == "# not a heading\n- nor a list"


def test_render_document_block_spoiler_holds_full_markdown_alone_in_its_block():
    text = "Intro.\n\n  [spoiler ep=2]\n  Para.\n\n  - item\n\n  > quote\n  [/spoiler]\nOutro."
    intro, spoiler, outro = render_document(text, episode_count=3)
    assert spoiler == [
        {
            "ep": 2,
            "block": True,
            "html": "<p>Para.</p>\n<ul>\n<li>item</li>\n</ul>\n<blockquote>\n<p>quote</p>\n"
            "</blockquote>",
        }
    ]
    assert intro == [{"html": "<p>Intro.</p>"}]
    assert outro == [{"html": "<p>Outro.</p>"}]


def test_render_document_user_headings_start_at_h4_keeping_their_levels():
    segments = render_document("# One\n\n## Two\n\nThree\n=====\n\n##### Five", episode_count=1)
    assert [block[0]["html"] for block in segments] == [
        "<h4>One</h4>",
        "<h5>Two</h5>",
        "<h4>Three</h4>",
        "<h6>Five</h6>",
    ]


def test_render_document_headings_start_at_h4_whatever_level_the_author_began_with():
    segments = render_document(
        "### Premise\n\n[spoiler ep=1]\n#### Twist\n[/spoiler]", episode_count=2
    )
    assert segments[0][0]["html"] == "<h4>Premise</h4>"
    assert segments[1][0]["html"] == "<h5>Twist</h5>"


def test_shift_headings_moves_opening_and_closing_tags_within_h1_to_h6():
    from app.markup import shift_headings

    assert shift_headings("<h4>A</h4><p>h4</p>", -1) == "<h3>A</h3><p>h4</p>"
    assert shift_headings("<h6>B</h6>", 3) == "<h6>B</h6>"


def test_render_document_spoiler_inside_code_span_is_still_a_spoiler():
    segments = render_document("Run `kill [spoiler ep=2]-9[/spoiler]` now", episode_count=3)
    assert segments == [
        [
            {"html": "<p>Run <code>kill "},
            {"ep": 2, "block": False, "html": "-9"},
            {"html": "</code> now</p>"},
        ]
    ]


def test_render_document_spoiler_in_heading_list_and_quote_stays_in_its_block():
    text = "# Who [spoiler ep=1]dies[/spoiler]?\n\n- x >!y!<\n\n> q ~!r!~"
    segments = render_document(text, episode_count=2)
    assert [[part["html"] for part in block] for block in segments] == [
        ["<h4>Who ", "dies", "?</h4>"],
        ["<ul>\n<li>x ", "y", "</li>\n</ul>"],
        ["<blockquote>\n<p>q ", "r", "</p>\n</blockquote>"],
    ]


def test_render_document_forged_token_text_stays_plain_text():
    forged = "SPOILER0123456789abcdefX0X and SPOILERX0X"
    segments = render_document(f"{forged} [spoiler ep=1]real[/spoiler]", episode_count=2)
    assert segments[0][0] == {"html": f"<p>{forged} "}
    assert [part.get("ep") for part in segments[0]] == [None, 1, None]


def test_render_document_nonce_found_in_text_is_never_used(monkeypatch):
    nonces = iter(["0123456789abcdef", "fedcba9876543210"])
    monkeypatch.setattr(render.secrets, "token_hex", lambda _size: next(nonces))
    text = "SPOILER0123456789abcdefX0X [spoiler ep=1]real[/spoiler]"
    segments = render_document(text, episode_count=2)
    assert segments[0][0] == {"html": "<p>SPOILER0123456789abcdefX0X "}
    assert segments[0][1]["html"] == "real"


def test_render_document_uses_a_fresh_nonce_per_call(monkeypatch):
    seen = []
    real = render._nonce_absent_from
    monkeypatch.setattr(
        render, "_nonce_absent_from", lambda text: seen.append(real(text)) or seen[-1]
    )
    for _ in range(3):
        render_document("a ||b|| c", episode_count=1)
    assert len(set(seen)) == 3


def test_markup_package_imports_neither_flask_nor_sqlalchemy():
    imported = set()
    for path in MARKUP_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert imported.isdisjoint({"flask", "flask_sqlalchemy", "sqlalchemy", "werkzeug"})
    assert "bleach" in imported  # control: the scan sees real imports


def test_render_document_long_review_renders_in_one_pass():
    paragraph = "Words and *more* words, [spoiler ep=3]a twist[/spoiler], then prose. " * 8
    text = "\n\n".join(itertools.repeat(paragraph, 60))
    segments = render_document(text, episode_count=16)
    assert len(segments) == 60
    assert sum(1 for block in segments for part in block if "ep" in part) == 480


def test_render_document_link_reference_never_crosses_into_another_spoiler():
    text = (
        "[spoiler ep=9]\n[r]: http://a.example/KESTREL-EP9\n\nQuiet.\n[/spoiler]\n\n"
        "[spoiler ep=1]\n[see][r]\n[/spoiler]\n\nOutside [see][r]."
    )
    late, early, outside = render_document(text, episode_count=9)
    assert "KESTREL" not in early[0]["html"] + outside[0]["html"]
    assert early[0]["html"] == "<p>[see][r]</p>"  # control: the reference was not resolved
    late_text = "[r]: http://a.example/KESTREL-EP9\n\n[see][r]"
    assert "KESTREL-EP9" in render_document(late_text, episode_count=9)[0][0]["html"]  # control


def test_render_document_block_spoiler_in_list_becomes_top_level_block():
    text = "- item\n  [spoiler ep=2]\n  KESTREL-EP2\n  [/spoiler]\n- next"
    segments = render_document(text, episode_count=3)
    assert segments == [
        [{"html": "<ul>\n<li>item</li>\n</ul>"}],
        [{"ep": 2, "block": True, "html": "<p>KESTREL-EP2</p>"}],
        [{"html": "<ul>\n<li>next</li>\n</ul>"}],
    ]
