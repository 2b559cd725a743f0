"""The site header at phone and desktop widths: every item whole, nothing off screen; its
search box and its way back after signing in or up, with and without JavaScript."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.demo_site import MODERATOR
from tests.browser.test_accessibility import blocking_violations, describe
from tests.fixtures.browser import account_menu, checked_page, sign_in, sign_up

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots/search"))
# The notifications bell (issue 18) is an icon with a hidden label and a badge: no line of
# text to break, so it is measured as a box instead (`bell` below).
HEADER_ITEMS = (
    ".site-header .brand, .site-nav > a:not(.notifications-link), .menu-panel a,"
    " .menu-panel button, .site-search button"
)

# For each header item: its box, and how many distinct lines its text is laid out on.
MEASURE = """selector => [...document.querySelectorAll(selector)].map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                       .map(r => Math.round(r.top)));
  const box = el.getBoundingClientRect();
  return {text: el.textContent.trim().slice(0, 40), lines: tops.size,
          left: box.left, right: box.right, height: box.height};
})"""


def become(page: Page, role: str) -> None:
    if role == "member":
        sign_up(page)
    elif role == "moderator":
        sign_in(page, MODERATOR)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("role", ["anonymous", "member", "moderator"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_header_items_stay_whole_and_on_screen(chromium, live_server, width, role, scheme):
    viewport = {"width": width, "height": 800}
    with checked_page(chromium, live_server, viewport=viewport, color_scheme=scheme) as page:
        become(page, role)
        page.goto("/shows/run-on")
        if role != "anonymous":
            summary = account_menu(page).locator("summary").bounding_box()
            assert summary["x"] >= 0 and summary["x"] + summary["width"] <= width
            assert summary["height"] <= 48, "the avatar menu's button is one row"
            bell = page.locator(".notifications-link").bounding_box()
            assert bell["x"] >= 0 and bell["x"] + bell["width"] <= width
            assert bell["height"] <= 32, "the bell and its badge are one row"
        items = page.evaluate(MEASURE, HEADER_ITEMS)
        names = [item["text"] for item in items]
        assert "Shows" in names and "Search" in " ".join(names)  # control: they were measured
        if role == "anonymous":
            assert {"Sign in", "Sign up"} <= set(names)
        else:
            assert "Sign out" in names
        if role == "moderator":
            assert "Moderation" in names
        for item in items:
            assert item["lines"] == 1, f"{item['text']!r} is broken across lines at {width}px"
            assert item["left"] >= 0 and item["right"] <= width, f"{item['text']!r} is off screen"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        header = page.locator(".site-header").bounding_box()
        if width == WIDTHS["desktop"]:
            assert header["height"] < 70, "one row on desktop"
        search = page.locator("#site-q").bounding_box()
        assert search["width"] >= (250 if width == WIDTHS["phone"] else 180)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"header-{width}-{role}-{scheme}.png"))


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_header_at_each_width_has_no_serious_axe_violations(chromium, live_server, width):
    viewport = {"width": width, "height": 800}
    with checked_page(chromium, live_server, viewport=viewport) as page:
        sign_in(page, MODERATOR)
        page.goto("/shows/run-on")
        violations = blocking_violations(page)
        assert not violations, describe(violations)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_header_search_finds_a_korean_title_typed_without_spaces(chromium, live_server, javascript):
    options = {"viewport": {"width": 390, "height": 800}, "java_script_enabled": javascript}
    with checked_page(chromium, live_server, **options) as page:
        page.goto("/shows/move-to-heaven" if javascript else "/")
        search = page.get_by_role("search", name="Shows")
        search.get_by_label("Search shows").fill("런온")
        search.get_by_role("button", name="Search").click()
        page.wait_for_url("**/shows?q=*")
        expect(page.locator("#show-results strong")).to_have_text(["Run On"])
        page.goto("/shows?q=zzqx-nothing")
        expect(page.get_by_role("heading", name="No shows match “zzqx-nothing”")).to_be_visible()
        page.get_by_role("link", name="Browse all shows").click()
        expect(page.locator("#show-results > p.meta")).to_have_text(re.compile(r"^\d+ shows$"))
        SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_results_page_suggests_the_next_step(chromium, live_server, width, scheme):
    viewport = {"width": width, "height": 800}
    with checked_page(chromium, live_server, viewport=viewport, color_scheme=scheme) as page:
        page.goto("/shows?q=zzqx&genre=Sports")
        expect(page.get_by_text("Check the spelling")).to_be_visible()
        expect(page.get_by_role("link", name="Search “zzqx” without the filters")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"no-results-{width}-{scheme}.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_sign_up_from_a_show_returns_to_it(chromium, live_server, javascript):
    options = {"viewport": {"width": 390, "height": 800}, "java_script_enabled": javascript}
    with checked_page(chromium, live_server, **options) as page:
        page.goto("/shows/run-on")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
        name = f"back_{os.urandom(4).hex()}"
        page.get_by_label("Username").fill(name)
        page.get_by_label("Email").fill(f"{name}@example.com")
        page.get_by_label("Password", exact=True).fill("a long password")
        page.get_by_label("Confirm password").fill("not the same one")
        page.get_by_role("button", name="Sign up").click()
        expect(page.get_by_text("The two passwords do not match.")).to_be_visible()
        page.get_by_label("Password", exact=True).fill("a long password")
        page.get_by_label("Confirm password").fill("a long password")
        page.get_by_role("button", name="Sign up").click()
        page.wait_for_url("**/shows/run-on")
        expect(page.locator(".current-user")).to_have_text(name)


def test_sign_in_from_a_show_returns_to_it_without_javascript(chromium, live_server):
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        page.goto("/shows/move-to-heaven")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
        page.get_by_label("Username or email").fill(MODERATOR)
        page.get_by_label("Password").fill("unspoiled-demo")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/shows/move-to-heaven")
        expect(page.locator(".current-user")).to_have_text(MODERATOR)
