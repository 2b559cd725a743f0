"""The home page in a real browser (issue 16): a member's home leads with "Continue
watching", whose one-click next episode works with JavaScript (the card is replaced in
place) and without (a plain post and back home), at phone and desktop widths; axe finds
nothing serious on it in either scheme."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import blocking_violations, describe
from tests.fixtures.browser import checked_page, sign_up

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Demo shows no other browser test sets progress on or scores
LONG, SHORT = ("signal", 16), ("kingdom", 6)


def set_progress(page: Page, slug: str, episodes: int) -> None:
    """Set this member's progress with a plain form post, as the show page's form does."""
    page.goto(f"/shows/{slug}")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    form = {"csrf_token": token, "episodes_watched": str(episodes), "status": "watching"}
    response = page.request.post(f"/shows/{slug}/progress", form=form)
    assert response.ok, f"progress update failed: HTTP {response.status}"


def continue_watching(page: Page):
    return page.locator("section", has=page.get_by_role("heading", name="Continue watching"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
def test_member_home_leads_with_continue_watching_and_one_click_works(
    chromium, live_server, viewport, script
):
    with checked_page(chromium, live_server, viewport=viewport, java_script_enabled=script) as page:
        sign_up(page)
        set_progress(page, SHORT[0], SHORT[1] - 1)
        set_progress(page, LONG[0], 3)  # the most recent: first
        page.goto("/")
        section = continue_watching(page)
        first_heading = page.locator("main h2").first
        expect(first_heading).to_have_text("Continue watching")
        assert first_heading.bounding_box()["y"] < viewport["height"] / 3
        cards = section.locator(".continue-card")
        expect(cards).to_have_count(2)
        expect(cards.first).to_contain_text("Signal")
        expect(cards.first).to_contain_text("3 of 16")
        if script:
            page.evaluate("window.notReloaded = true")

        cards.first.get_by_role("button", name="Watched episode 4 of Signal").click()
        expect(cards.first).to_contain_text("4 of 16")
        expect(
            cards.first.get_by_role("button", name="Watched episode 5 of Signal")
        ).to_be_visible()

        kingdom = section.locator(".continue-card", has_text="Kingdom")
        kingdom.get_by_role("button", name="Watched episode 6 of Kingdom").click()
        if script:  # the card says so in place, and the page was never reloaded
            expect(kingdom).to_contain_text("Finished")
            assert page.evaluate("window.notReloaded") is True
            page.reload()
        expect(section.locator(".continue-card")).to_have_count(1)  # finished: gone
        expect(section).not_to_contain_text("Kingdom")
        assert page.url.rstrip("/") == live_server


def test_member_home_has_no_serious_axe_violations(chromium, live_server):
    with checked_page(chromium, live_server, viewport=DESKTOP) as page:
        sign_up(page)
        set_progress(page, LONG[0], 2)
        page.goto("/")
        expect(continue_watching(page).locator(".continue-card")).to_have_count(1)
        violations = blocking_violations(page)
        assert not violations, f"axe on the member's home:\n{describe(violations)}"
