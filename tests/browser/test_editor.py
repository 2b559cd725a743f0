"""The review editor: its toolbar, the episode dialog, undo, the page without JavaScript,
the preview beside the form on wide screens, and axe on all of it.

One member writes on Run On (16 episodes) through a page kept for the module; each test
opens a fresh form. Values are read back from the textarea itself, selection included.
"""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import blocking_violations, describe
from tests.fixtures.browser import checked_page, sign_up

pytestmark = pytest.mark.browser

SHOW = "/shows/run-on"
NEW = f"{SHOW}/reviews/new"
EPISODES = 16
EPISODE_LABEL = f"Episode (1 to {EPISODES})"
OUT_OF_RANGE = f"Choose an episode from 1 to {EPISODES}."


@pytest.fixture(scope="module")
def member_page(chromium, live_server):
    """A signed-in member's page, kept for the module (signing up once is enough)."""
    with checked_page(chromium, live_server, viewport={"width": 1280, "height": 900}) as page:
        sign_up(page, f"ed_{uuid.uuid4().hex[:12]}")
        yield page


@pytest.fixture
def editor(member_page: Page) -> Page:
    """The write-a-review form, freshly loaded, at 1280 px in the light scheme."""
    member_page.set_viewport_size({"width": 1280, "height": 900})
    member_page.emulate_media(color_scheme="light")
    member_page.goto(NEW)
    expect(member_page.get_by_role("toolbar", name="Formatting")).to_be_visible()
    return member_page


def body(page: Page):
    return page.locator("#review-body")


def set_text(page: Page, value: str, start: int, end: int | None = None) -> None:
    """Put `value` in the body and select [start, end) (a caret when end is None)."""
    body(page).fill(value)
    body(page).evaluate(
        "(el, [a, b]) => { el.focus(); el.setSelectionRange(a, b); }",
        [start, start if end is None else end],
    )


def select(page: Page, passage: str) -> None:
    start = body(page).evaluate("(el, text) => el.value.indexOf(text)", passage)
    assert start >= 0, f"{passage!r} is not in the body"
    body(page).evaluate(
        "(el, [a, b]) => { el.focus(); el.setSelectionRange(a, b); }",
        [start, start + len(passage)],
    )


def state(page: Page) -> tuple[str, str]:
    """The body's value and the text selected in it now."""
    return tuple(
        body(page).evaluate("el => [el.value, el.value.slice(el.selectionStart, el.selectionEnd)]")
    )


def spoiler_button(page: Page):
    return page.get_by_role("toolbar").get_by_role("button", name="Spoiler for episode…")


def dialog(page: Page):
    return page.get_by_role("dialog", name="Spoiler for which episode?")


def mark_spoiler(page: Page, episode: int | str) -> None:
    spoiler_button(page).click()
    expect(dialog(page)).to_be_visible()
    page.get_by_label(EPISODE_LABEL).fill(str(episode))
    page.get_by_label(EPISODE_LABEL).press("Enter")


# -- each button, on a selection and on none ---------------------------------------------

TEXT = "Alpha beta gamma"
BUTTON_CASES = [
    # button, text, selection (start, end), expected value, expected selected text
    ("Bold", TEXT, (6, 10), "Alpha **beta** gamma", "beta"),
    ("Bold", TEXT, (6, 11), "Alpha **beta** gamma", "beta"),  # the space stays outside
    ("Bold", "Alpha ", (6, 6), "Alpha **bold text**", "bold text"),
    ("Italic", TEXT, (6, 10), "Alpha *beta* gamma", "beta"),
    ("Italic", "Alpha ", (6, 6), "Alpha *italic text*", "italic text"),
    ("Link", TEXT, (6, 10), "Alpha [beta](https://) gamma", "https://"),
    ("Link", "Alpha ", (6, 6), "Alpha [link text](https://)", "link text"),
    ("Link", "See https://x.test", (4, 18), "See [link text](https://x.test)", "link text"),
    (
        "Quote",
        "One line\nTwo line\nThree",
        (2, 12),
        "> One line\n> Two line\nThree",
        "> One line\n> Two line",
    ),  # fmt: skip
    ("Quote", "One\n\nTwo", (0, 8), "> One\n>\n> Two", "> One\n>\n> Two"),
    ("Quote", "Intro\n\n", (7, 7), "Intro\n\n> quoted text", "quoted text"),
    ("Quote", "Intro\nA line", (8, 8), "Intro\n> A line", "> A line"),  # the caret's line
]


@pytest.mark.parametrize(
    ("button", "text", "selection", "expected", "selected"),
    BUTTON_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(BUTTON_CASES)],
)
def test_toolbar_button_wraps_the_selection_or_inserts_a_selected_placeholder(
    editor, button, text, selection, expected, selected
):
    set_text(editor, text, *selection)
    editor.get_by_role("toolbar").get_by_role("button", name=button, exact=True).click()
    assert state(editor) == (expected, selected)
    expect(body(editor)).to_be_focused()


SPOILER_CASES = [
    # text, selection, expected value, expected selected text
    (TEXT, (6, 10), "Alpha [spoiler ep=5]beta[/spoiler] gamma", "beta"),
    ("Alpha ", (6, 6), "Alpha [spoiler ep=5]spoiler text[/spoiler]", "spoiler text"),
    ("First\nSecond\nThird", (6, 13), "First\n[spoiler ep=5]\nSecond\n[/spoiler]\nThird", "Second"),
    ("First\nSecond", (6, 12), "First\n[spoiler ep=5]\nSecond\n[/spoiler]", "Second"),
    ("", (0, 0), "[spoiler ep=5]\nspoiler text\n[/spoiler]", "spoiler text"),
]


@pytest.mark.parametrize(("text", "selection", "expected", "selected"), SPOILER_CASES)
def test_spoiler_button_wraps_inline_or_as_a_block_for_the_chosen_episode(
    editor, text, selection, expected, selected
):
    set_text(editor, text, *selection)
    mark_spoiler(editor, 5)
    expect(dialog(editor)).to_be_hidden()
    assert state(editor) == (expected, selected)
    expect(body(editor)).to_be_focused()


def test_ctrl_b_and_ctrl_i_in_the_body_make_bold_and_italic(editor):
    set_text(editor, TEXT, 6, 10)
    body(editor).press("Control+b")
    assert state(editor) == ("Alpha **beta** gamma", "beta")
    body(editor).press("Control+i")
    assert state(editor) == ("Alpha ***beta*** gamma", "beta")


def test_toolbar_is_one_tab_stop_moved_through_with_the_arrow_keys(editor):
    editor.get_by_label("Title").focus()
    editor.keyboard.press("Tab")
    expect(spoiler_button(editor)).to_be_focused()
    editor.keyboard.press("ArrowRight")
    expect(editor.get_by_role("button", name="Bold", exact=True)).to_be_focused()
    editor.keyboard.press("End")
    expect(editor.get_by_role("button", name="Quote", exact=True)).to_be_focused()
    editor.keyboard.press("ArrowRight")  # wraps round
    expect(spoiler_button(editor)).to_be_focused()
    editor.keyboard.press("ArrowLeft")
    editor.keyboard.press("Tab")  # out of the toolbar, into the body
    expect(body(editor)).to_be_focused()
    toolbar = editor.get_by_role("toolbar", name="Formatting")
    assert toolbar.get_attribute("aria-controls") == "review-body"
    assert toolbar.locator("button").evaluate_all("bs => bs.map(b => b.type)") == ["button"] * 5


# -- the episode dialog -------------------------------------------------------------------


@pytest.mark.parametrize(("watched", "default"), [("0", "1"), ("4", "4"), ("", "1")])
def test_spoiler_dialog_starts_at_the_episode_written_after(editor, watched, default):
    editor.get_by_label("Written after episode").fill(watched)
    set_text(editor, TEXT, 6, 10)
    spoiler_button(editor).click()
    expect(editor.get_by_label(EPISODE_LABEL)).to_be_focused()
    expect(editor.get_by_label(EPISODE_LABEL)).to_have_value(default)


@pytest.mark.parametrize("episode", ["0", "17", "", "2.5", "-3"])
def test_spoiler_dialog_refuses_an_episode_out_of_range(editor, episode):
    set_text(editor, TEXT, 6, 10)
    mark_spoiler(editor, episode)
    expect(dialog(editor)).to_be_visible()
    expect(dialog(editor).get_by_role("alert")).to_have_text(OUT_OF_RANGE)
    expect(editor.get_by_label(EPISODE_LABEL)).to_have_attribute("aria-invalid", "true")
    expect(editor.get_by_label(EPISODE_LABEL)).to_be_focused()
    assert state(editor)[0] == TEXT  # nothing wrapped yet
    editor.get_by_label(EPISODE_LABEL).fill(str(EPISODES))  # control: in range, it wraps
    editor.get_by_role("button", name="Mark as spoiler").click()
    expect(dialog(editor)).to_be_hidden()
    assert state(editor) == (f"Alpha [spoiler ep={EPISODES}]beta[/spoiler] gamma", "beta")


@pytest.mark.parametrize("how", ["Escape", "Cancel"])
def test_spoiler_dialog_cancelled_changes_nothing_and_returns_to_the_body(editor, how):
    set_text(editor, TEXT, 6, 10)
    spoiler_button(editor).click()
    expect(dialog(editor)).to_be_visible()
    editor.get_by_label(EPISODE_LABEL).fill("7")
    if how == "Escape":
        editor.keyboard.press("Escape")
    else:
        dialog(editor).get_by_role("button", name="Cancel").click()
    expect(dialog(editor)).to_be_hidden()
    expect(body(editor)).to_be_focused()
    assert state(editor) == (TEXT, "beta")  # the selection kept for another try
    mark_spoiler(editor, 7)  # control: the same dialog still works afterwards
    assert state(editor) == ("Alpha [spoiler ep=7]beta[/spoiler] gamma", "beta")


# -- the browser's own undo -------------------------------------------------------------


@pytest.mark.parametrize("redo", ["Control+Shift+z", "Control+y"])
def test_ctrl_z_undoes_a_spoiler_wrap_and_redo_puts_it_back(editor, redo):
    typed = f"It ends well. The twist {uuid.uuid4().hex[:6]} lands in the finale."
    body(editor).click()
    body(editor).press_sequentially(typed)
    select(editor, "The twist")
    mark_spoiler(editor, 12)
    wrapped = typed.replace("The twist", "[spoiler ep=12]The twist[/spoiler]")
    assert state(editor)[0] == wrapped
    body(editor).press("Control+z")
    assert state(editor)[0] == typed
    body(editor).press(redo)
    assert state(editor)[0] == wrapped


def test_ctrl_z_undoes_each_toolbar_change_in_turn(editor):
    body(editor).click()
    body(editor).press_sequentially("Alpha beta")
    select(editor, "beta")
    editor.get_by_role("button", name="Bold", exact=True).click()
    editor.get_by_role("button", name="Quote", exact=True).click()
    assert state(editor)[0] == "> Alpha **beta**"
    body(editor).press("Control+z")
    assert state(editor)[0] == "Alpha **beta**"
    body(editor).press("Control+z")
    assert state(editor)[0] == "Alpha beta"


# -- without JavaScript -----------------------------------------------------------------


def test_without_javascript_no_toolbar_the_syntax_help_and_a_review_posts(chromium, live_server):
    secret = f"NOJS-EDITOR-{uuid.uuid4().hex[:8]}"
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        sign_up(page)
        page.goto(NEW)
        expect(page.get_by_label("Review")).to_be_visible()  # control: the form is there
        expect(page.locator(".editor-toolbar")).to_be_hidden()
        expect(page.get_by_role("button", name="Bold")).to_have_count(0)
        expect(page.locator("#spoiler-dialog")).to_be_hidden()
        help_list = page.get_by_role("list", name="Syntax")
        expect(help_list).to_be_visible()
        for syntax in ("[spoiler ep=7]…[/spoiler]", "[spoiler]…[/spoiler]", "**bold**",
                       "*italic*", "[text](https://…)", "> "):  # fmt: skip
            expect(help_list.locator("code", has_text=syntax).first).to_be_visible()
        page.get_by_label("Title").fill(f"Typed by hand {secret}")
        page.get_by_label("Review").fill(f"**Slow.**\n\n[spoiler ep=9]\n{secret}\n[/spoiler]")
        page.get_by_label("Overall rating").select_option("7.5")
        page.get_by_role("button", name="Publish review").click()
        page.wait_for_url(re.compile(r"/reviews/\d+$"))
        expect(page.locator(".review-body strong")).to_have_text("Slow.")
        expect(page.locator('.review-body .spoiler.shown[data-episode="9"]')).to_contain_text(
            secret
        )


# -- the preview beside the form --------------------------------------------------------


def preview_after_pressing(page: Page, marker: str) -> None:
    set_text(page, f"Words for the preview {marker}.", 0)
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.locator("#review-preview .review-body")).to_contain_text(marker)


def test_preview_sits_beside_the_form_at_1280_and_stays_in_view(editor):
    preview = editor.locator("#review-preview")
    expect(preview).to_contain_text("Press Preview")  # the empty column explains itself
    marker = f"BESIDE-{uuid.uuid4().hex[:6]}"
    preview_after_pressing(editor, marker)
    text_box, preview_box = body(editor).bounding_box(), preview.bounding_box()
    assert preview_box["x"] >= text_box["x"] + text_box["width"]
    assert preview_box["y"] < text_box["y"] + text_box["height"]  # side by side, not below
    editor.get_by_role("button", name="Publish review").scroll_into_view_if_needed()
    assert preview.bounding_box()["y"] >= 0  # sticky: still on screen by the buttons
    expect(preview).to_be_in_viewport()


def test_preview_sits_below_the_form_at_390(editor):
    editor.set_viewport_size({"width": 390, "height": 844})
    expect(editor.locator("#review-preview")).to_be_hidden()  # no empty box on a phone
    marker = f"BELOW-{uuid.uuid4().hex[:6]}"
    preview_after_pressing(editor, marker)
    text_box = body(editor).bounding_box()
    preview_box = editor.locator("#review-preview").bounding_box()
    assert preview_box["y"] >= text_box["y"] + text_box["height"]
    assert preview_box["x"] < text_box["x"] + text_box["width"]
    width = editor.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"


# -- accessibility ----------------------------------------------------------------------


def test_editor_with_the_dialog_open_and_a_preview_error_has_no_serious_axe_violations(editor):
    violations = blocking_violations(editor)
    editor.expected_errors.append("422")  # the preview's answer to bad markup
    set_text(editor, "[spoiler ep=3]never closed", 0)
    editor.get_by_role("button", name="Preview", exact=True).click()
    expect(editor.locator("#review-preview [role=alert]")).to_contain_text("Line 1")
    violations += blocking_violations(editor)
    set_text(editor, TEXT, 6, 10)
    mark_spoiler(editor, 99)
    expect(dialog(editor).get_by_role("alert")).to_have_text(OUT_OF_RANGE)
    violations += blocking_violations(editor)
    assert not violations, describe(violations)
