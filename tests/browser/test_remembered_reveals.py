"""A revealed episode stays revealed for that reader across reloads until "Hide again",
with JavaScript (the placeholder POSTs with htmx) and without it ("Keep revealed")."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_reviews import SHOW, placeholder, published, set_progress, shown
from tests.fixtures.browser import checked_page, sign_up

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots/reveals"))


def screenshot(page: Page, name: str) -> None:
    """Light and dark screenshots of the page as it is, for a person to look at."""
    if not SHOTS.parent.exists():
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=str(SHOTS / f"{name}-{scheme}.png"), full_page=False)
    page.emulate_media(color_scheme="light")


def hide_button(page: Page, review, episode: int):
    return shown(page, review, episode).get_by_role("button", name="Hide again")


@pytest.mark.parametrize("width", [390, 1280])
def test_reveal_stays_after_reload_until_hidden_again(chromium, live_server, width):
    review = published(chromium, live_server)
    viewport = {"width": width, "height": 900}
    with checked_page(chromium, live_server, viewport=viewport) as page:
        sign_up(page)
        page.goto(SHOW)
        set_progress(page, 3)
        page.goto(review.url)
        placeholder(page, review, 7).click()
        expect(shown(page, review, 7)).to_contain_text(review.ep7)
        expect(hide_button(page, review, 7)).to_be_visible()
        shown(page, review, 7).scroll_into_view_if_needed()
        screenshot(page, f"revealed-{width}")

        page.reload()
        expect(shown(page, review, 7)).to_contain_text(review.ep7)  # still revealed
        expect(placeholder(page, review, 12)).to_be_visible()  # control: only episode 7
        assert review.ep12 not in page.content()
        page.goto(SHOW)
        expect(shown(page, review, 7)).to_contain_text(review.ep7)  # its card too

        page.goto(review.url)
        hide_button(page, review, 7).click()
        expect(placeholder(page, review, 7)).to_be_visible()
        expect(placeholder(page, review, 7)).to_be_focused()
        assert review.ep7 not in page.content()
        page.reload()
        expect(placeholder(page, review, 7)).to_be_visible()
        assert review.ep7 not in page.content()


@pytest.mark.parametrize("width", [390, 1280])
def test_keep_revealed_without_javascript(chromium, live_server, width):
    review = published(chromium, live_server)
    viewport = {"width": width, "height": 900}
    with checked_page(chromium, live_server, viewport=viewport, java_script_enabled=False) as page:
        page.goto(SHOW)
        page.get_by_label("Episodes watched").fill("3")
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url(f"**{SHOW}")
        page.goto(review.url)
        placeholder(page, review, 7).click()
        page.wait_for_url(f"**{review.url}?reveal=7")
        expect(shown(page, review, 7)).to_contain_text(review.ep7)
        keep = shown(page, review, 7).get_by_role("button", name="Keep revealed")
        expect(keep).to_be_visible()
        shown(page, review, 7).scroll_into_view_if_needed()
        screenshot(page, f"keep-nojs-{width}")
        keep.click()
        page.wait_for_url(f"**{review.url}#review-{review.id}-spoiler-*")

        page.goto(review.url)  # a new request in the same session
        expect(shown(page, review, 7)).to_contain_text(review.ep7)
        expect(shown(page, review, 7).get_by_role("button", name="Keep revealed")).to_have_count(0)
        hide_button(page, review, 7).click()
        page.wait_for_url(f"**{review.url}#review-{review.id}-spoiler-*")
        expect(placeholder(page, review, 7)).to_be_visible()
        assert review.ep7 not in page.content()
