"""The light/dark switch and the header's account menu in a real browser, with JavaScript
on and off: the chosen scheme is there from the first paint after a reload and on the next
page, the system's scheme is the default, the menu works by keyboard and without script,
axe finds nothing serious in either forced scheme, and nothing scrolls sideways at 390 px."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.demo_site import MODERATOR, SHOW
from tests.browser.test_accessibility import BLOCKING, axe_source, describe
from tests.fixtures.browser import account_menu, checked_page, sign_in

pytestmark = pytest.mark.browser

LIGHT_BG = "rgb(251, 250, 247)"  # --bg, light
DARK_BG = "rgb(23, 22, 20)"  # --bg, dark
BACKGROUNDS = {"light": LIGHT_BG, "dark": DARK_BG}
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots/design"))

# Recorded by the page itself as its DOM is ready, before any later script could repaint it.
FIRST_PAINT = """document.addEventListener("DOMContentLoaded", () => {
  window.firstPaint = {
    background: getComputedStyle(document.documentElement).backgroundColor,
    theme: document.documentElement.dataset.theme,
  };
});"""


def background(page: Page) -> str:
    """The page's background once its stylesheet has loaded: a computed style does not wait
    for it, and without script DOMContentLoaded can come before it (CI read it then)."""
    page.wait_for_load_state("load")
    return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")


def choose(page: Page, theme: str) -> int:
    """Press the footer's switch, as a reader would; returns the POST's status once its
    answer (which sets the cookie) has arrived."""
    switch = page.locator(".theme-switch")
    with page.expect_response("**/theme") as posted:
        switch.get_by_role("button", name=theme.capitalize()).click()
    expect(page.locator("html")).to_have_attribute("data-theme", theme)
    # Without JavaScript the answer is a new page: read colours once its stylesheet has
    # loaded (a computed style does not wait for it; under load it was read before).
    page.wait_for_load_state("load")
    return posted.value.status


def theme_cookie(page: Page) -> str | None:
    cookies = {c["name"]: c for c in page.context.cookies()}
    return cookies["theme"]["value"] if "theme" in cookies else None


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_chosen_theme_is_there_from_the_first_paint_and_on_the_next_page(
    chromium, live_server, javascript
):
    options = {"color_scheme": "light", "java_script_enabled": javascript}
    with checked_page(chromium, live_server, **options) as page:
        page.context.add_init_script(FIRST_PAINT)
        page.goto(SHOW)
        assert background(page) == LIGHT_BG  # control: the system's scheme first
        if javascript:
            page.wait_for_load_state("load")  # htmx (deferred) has wired the form
            page.evaluate("window.notReloaded = true")
        assert choose(page, "dark") == (204 if javascript else 303)
        if javascript:
            assert background(page) == DARK_BG  # at once
            assert page.evaluate("window.notReloaded") is True  # no reload
            expect(page.locator('meta[name="color-scheme"]')).to_have_attribute("content", "dark")
        assert page.url.endswith(SHOW)  # without JavaScript the POST came back here
        assert theme_cookie(page) == "dark"
        expect(page.get_by_role("button", name="Dark")).to_have_attribute("aria-pressed", "true")

        page.reload(wait_until="domcontentloaded")
        if javascript:
            assert page.evaluate("window.firstPaint") == {"background": DARK_BG, "theme": "dark"}
        assert background(page) == DARK_BG

        page.locator(".footer-nav").get_by_role("link", name="About", exact=True).click()
        page.wait_for_url("**/about")
        assert background(page) == DARK_BG
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")


@pytest.mark.parametrize("system", ["light", "dark"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_system_scheme_is_the_default_and_system_goes_back_to_it(
    chromium, live_server, system, javascript
):
    other = "dark" if system == "light" else "light"
    options = {"color_scheme": system, "java_script_enabled": javascript}
    with checked_page(chromium, live_server, **options) as page:
        page.goto("/about")
        expect(page.locator("html")).to_have_attribute("data-theme", "system")
        assert background(page) == BACKGROUNDS[system]
        if javascript:
            page.wait_for_load_state("load")
        choose(page, other)
        assert background(page) == BACKGROUNDS[other]
        choose(page, "system")
        assert background(page) == BACKGROUNDS[system]
        page.reload()
        assert background(page) == BACKGROUNDS[system]
        assert theme_cookie(page) is None


def test_account_menu_opens_and_closes_by_keyboard(page):
    sign_in(page, MODERATOR)
    page.goto("/about")
    page.wait_for_load_state("load")
    menu = page.locator("details.account-menu")
    summary = menu.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(menu.get_by_role("link", name="Moderation")).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Profile")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
    expect(menu.get_by_role("link", name="Profile")).to_be_hidden()

    page.keyboard.press("Enter")  # opens again from the summary
    expect(menu).to_have_attribute("open", "")
    page.locator("main h1").click()  # a click outside closes it
    expect(menu).not_to_have_attribute("open", "")

    account_menu(page).get_by_role("link", name="Account").click()
    page.wait_for_url("**/account")


def test_account_menu_works_without_javascript(chromium, live_server):
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        sign_in(page, MODERATOR)
        menu = page.locator("details.account-menu")
        expect(menu.get_by_role("link", name="Profile")).to_be_hidden()
        menu.locator("summary").click()
        expect(menu.get_by_role("link", name="Profile")).to_be_visible()
        menu.locator("summary").click()
        expect(menu.get_by_role("link", name="Profile")).to_be_hidden()
        account_menu(page).get_by_role("link", name="Profile").click()
        page.wait_for_url(f"**/users/{MODERATOR}")
        account_menu(page).get_by_role("button", name="Sign out").click()
        expect(page.locator("#messages")).to_contain_text("You are signed out.")
        expect(page.locator(".current-user")).to_have_count(0)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_serious_axe_violations_in_a_scheme_forced_by_the_switch(chromium, live_server, theme):
    # The system says the opposite: only the switch makes the page `theme`.
    system = "dark" if theme == "light" else "light"
    with checked_page(chromium, live_server, color_scheme=system) as page:
        sign_in(page, MODERATOR)
        page.wait_for_load_state("load")
        choose(page, theme)
        found = []
        for path in ("/", SHOW, "/about", "/about/scores", f"/users/{MODERATOR}/list"):
            page.goto(path)
            assert background(page) == BACKGROUNDS[theme]
            account_menu(page)  # its items are checked too
            page.evaluate(axe_source())
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            found += [v | {"scheme": f"{theme} {path}"} for v in violations
                      if v["impact"] in BLOCKING]  # fmt: skip
        assert not found, describe(found)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("member", [True, False], ids=["member", "visitor"])
def test_nothing_scrolls_sideways_at_390_with_the_menu_open(chromium, live_server, theme, member):
    viewport = {"width": 390, "height": 844}
    with checked_page(chromium, live_server, viewport=viewport, color_scheme=theme) as page:
        if member:
            sign_in(page, MODERATOR)
        for path in ("/", SHOW, "/about"):
            page.goto(path)
            if member:
                panel = account_menu(page).locator(".menu-panel").bounding_box()
                assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 390
            switch = page.locator(".theme-switch").bounding_box()
            assert switch["x"] >= 0 and switch["x"] + switch["width"] <= 390
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = "member" if member else "visitor"
        page.screenshot(path=str(SHOTS / f"test-about-390-{name}-{theme}.png"))
