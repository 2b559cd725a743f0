"""The feed in a real browser (issue 18): a member who watches a show finds its reviews in
their feed, moves their progress on the show's page, and "Unlocked for you" says what
that opened."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import sign_up

pytestmark = pytest.mark.browser


def set_progress(page, episodes: int) -> None:
    page.goto("/shows/run-on")
    page.get_by_label("Episodes watched").fill(str(episodes))
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(f"text={episodes} of 16 episodes watched.")


def test_feed_unlocks_what_a_progress_change_opened(page):
    sign_up(page)
    page.goto("/feed")
    expect(page.locator("h1")).to_have_text("Your feed")
    expect(page.get_by_text("Nothing here yet")).to_be_visible()
    set_progress(page, 2)
    page.goto("/feed")
    unlocked = page.locator("#unlocked")
    expect(unlocked).to_contain_text("up to episode 2")
    expect(page.locator(".feed-items")).to_contain_text("Run On")  # a watched show's activity
    expect(page.locator(".feed-items")).to_contain_text("you haven’t reached")
    set_progress(page, 8)
    page.goto("/")  # the member's home starts the feed too
    home_unlocked = page.locator("#unlocked")
    expect(home_unlocked).to_contain_text("now readable up to episode 8")
    page.goto("/feed")
    expect(unlocked).to_contain_text("now readable up to episode 8")
    episode_links = unlocked.get_by_role("link", name="Episode")
    # 0 -> 2 -> 8 within a day reads as one unlock: episodes 1 to 8
    expect(episode_links).to_have_count(8)
    expect(episode_links.first).to_have_attribute("href", "/shows/run-on/episodes/1")
    expect(episode_links.last).to_have_attribute("href", "/shows/run-on/episodes/8")
    episode_links.first.click()
    expect(page.locator("h1")).to_contain_text("Episode 1")
