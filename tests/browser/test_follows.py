"""Following from a profile (issue 18): in place with htmx, and as plain forms without it."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import checked_page, sign_up

pytestmark = pytest.mark.browser


def new_member(chromium, live_server, prefix: str) -> str:
    """A member signed up in a context of their own (closed again)."""
    with checked_page(chromium, live_server) as page:
        return sign_up(page, f"{prefix}_{uuid.uuid4().hex[:10]}")


def test_member_follows_unfollows_and_blocks_in_place(chromium, live_server, page):
    followed = new_member(chromium, live_server, "star")
    sign_up(page)
    page.goto(f"/users/{followed}")
    bar = page.locator(".follow-bar")
    expect(bar).to_contain_text("0 followers")
    page.evaluate("window.stillThisPage = true")  # gone if the page reloads
    bar.get_by_role("button", name="Follow", exact=True).click()
    expect(bar).to_contain_text("1 follower")
    expect(bar.get_by_role("button", name="Unfollow")).to_be_visible()
    bar.get_by_role("button", name="Unfollow").click()
    expect(bar).to_contain_text("0 followers")
    bar.get_by_role("button", name="Follow", exact=True).click()
    expect(bar).to_contain_text("1 follower")
    bar.locator("summary").click()
    expect(bar).to_contain_text(f"Block {followed}? They will not be able to follow you")
    bar.get_by_role("button", name=f"Block {followed}").click()
    expect(bar).to_contain_text(f"You blocked {followed}.")
    expect(bar).to_contain_text("0 followers")
    assert page.evaluate("window.stillThisPage") is True
    bar.get_by_role("button", name="Unblock").click()
    expect(bar.get_by_role("button", name="Follow", exact=True)).to_be_visible()


def test_member_follows_without_javascript(chromium, live_server):
    followed = new_member(chromium, live_server, "nojs_star")
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        follower = sign_up(page)
        page.goto(f"/users/{followed}")
        page.get_by_role("button", name="Follow", exact=True).click()
        expect(page.locator("#messages")).to_contain_text(f"You follow {followed}.")
        expect(page.locator(".follow-bar")).to_contain_text("1 follower")
        page.get_by_role("link", name="1 follower").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{followed}’s followers")
        expect(page.locator(".people")).to_contain_text(follower)
        page.goto(f"/users/{followed}")
        page.locator(".follow-bar summary").click()
        page.get_by_role("button", name=f"Block {followed}").click()
        expect(page.locator("#messages")).to_contain_text(f"You blocked {followed}.")
        page.goto(f"/users/{follower}/blocked")
        page.get_by_role("button", name="Unblock").click()
        expect(page.locator("#messages")).to_contain_text(f"You unblocked {followed}.")
        expect(page.locator(".people-page")).to_contain_text("You have not blocked anyone.")
