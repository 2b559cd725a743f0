"""Numbers that spoil in a real browser: the show's own setting replaces the score in
place, and reaching the chosen episode brings it back, without a reload."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import sign_up

pytestmark = pytest.mark.browser


def test_hidden_score_comes_back_when_progress_reaches_the_episode(page):
    sign_up(page)
    page.goto("/shows/move-to-heaven")
    page.evaluate("window.notReloaded = true")
    score = page.locator("#score-1")
    expect(score.locator(".score-number")).to_be_visible()  # control: a score to hide
    page.get_by_role("button", name="Mark episode 1 watched").click()
    page.wait_for_selector("text=1 of 10 episodes watched.")
    page.get_by_text("Hide scores until an episode").click()
    page.get_by_label("Episode", exact=True).fill("2")  # app.js picks "Hide them until"
    expect(page.get_by_label("Hide them until episode")).to_be_checked()
    page.locator(".numbers-setting").get_by_role("button", name="Save").click()
    expect(score).to_contain_text("Scores hidden until you reach episode 2")
    expect(score.locator(".score-number")).to_have_count(0)
    expect(page.locator(".numbers-setting summary")).to_have_text("Scores hidden until episode 2")
    page.get_by_role("button", name="Mark episode 2 watched").click()
    expect(score.locator(".score-number")).to_be_visible()
    expect(score).not_to_contain_text("Scores hidden")
    assert page.evaluate("window.notReloaded") is True
