"""Progress in a real browser: "+1" reveals the next episode title without a reload."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_plus_one_reveals_the_next_episode_title_in_place(page):
    page.goto("/shows/move-to-heaven")
    page.evaluate("window.notReloaded = true")
    guide = page.locator("#episodes-1 details")
    expect(guide.locator("summary")).to_have_text("Episodes: 10")
    guide.locator("summary").click()  # closed by default; an opened guide stays open
    episode_1 = page.locator("#episodes-1 li").nth(0)
    assert "The first move" not in episode_1.inner_text()
    page.get_by_role("button", name="Mark episode 1 watched").click()
    page.wait_for_selector("text=1 of 10 episodes watched.")
    expect(guide.locator("summary")).to_have_text("Episodes: 1 of 10 watched")
    assert guide.get_attribute("open") is not None
    assert "The first move" in page.locator("#episodes-1").inner_text()
    assert "What the boxes keep" not in page.locator("#episodes-1").inner_text()
    page.get_by_role("button", name="Mark episode 2 watched").click()
    page.wait_for_selector("text=2 of 10 episodes watched.")
    expect(guide.locator("summary")).to_have_text("Episodes: 2 of 10 watched")
    assert "What the boxes keep" in page.locator("#episodes-1").inner_text()
    assert page.evaluate("window.notReloaded") is True  # the page was never reloaded


def test_bad_count_shows_the_message_and_keeps_progress(page):
    page.expected_errors = ["422"]
    page.goto("/shows/run-on")
    page.get_by_label("Episodes watched").fill("99")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=must be a whole number from 0 to 16")
    page.reload()
    assert "Tell us how far you have watched" in page.locator(".progress-widget").inner_text()


def test_live_search_finds_a_show_by_its_korean_title(page):
    page.goto("/shows")
    page.get_by_label("Search titles").fill("런 온")
    expect(page.locator("#show-results .show-card")).to_have_count(1)
    assert "Run On" in page.locator("#show-results").inner_text()
    assert "q=" in page.url  # hx-push-url keeps the search in the address bar
