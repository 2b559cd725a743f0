"""A notification's round trip (issue 18): a member comments on another's review, the
author sees the unread count in the header, opens /notifications, reads it, the count goes."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import checked_page, sign_up

pytestmark = pytest.mark.browser
SHOW = "/shows/run-on"


def write_review(page, tag: str) -> str:
    """A short review of Run On by the signed-in member; its path."""
    page.goto(f"{SHOW}/reviews/new")
    page.get_by_label("Title").fill(f"Notify me {tag}")
    page.locator("#review-body").fill(f"Plain words {tag}.")
    page.get_by_label("Written after episode").fill("16")
    page.get_by_label("Overall rating").select_option("8.0")
    page.get_by_role("button", name="Publish review").click()
    page.wait_for_url(re.compile(r"/reviews/\d+$"))
    return page.url.split(page.url.split("/reviews/")[0], 1)[1]


def test_comment_unread_count_read_round_trip(chromium, live_server, page):
    tag = uuid.uuid4().hex[:8]
    sign_up(page, f"author_{tag}")
    review = write_review(page, tag)
    badge = page.locator("#unread-count")
    expect(badge).to_be_hidden()  # nothing unread yet: the badge is empty
    with checked_page(chromium, live_server) as other:
        commenter = sign_up(other, f"reader_{tag}")
        other.goto(review)
        other.get_by_label("Your comment").fill(
            f"Lovely review {tag}. [spoiler ep=16]SECRET-{tag}[/spoiler]"
        )
        other.get_by_role("button", name="Post comment").click()
        expect(other.locator(".comment").last).to_contain_text(f"Lovely review {tag}")
    page.reload()  # (or wait a minute for the poll)
    expect(badge).to_have_text("1 unread")
    page.locator(".notifications-link").click()
    page.wait_for_url("**/notifications")
    item = page.locator(".notification.unread")
    expect(item).to_contain_text(f"{commenter} commented on your review of Run On.")
    expect(item.locator(".notification-excerpt")).to_have_text(f"Lovely review {tag}.")
    page.evaluate("window.stillThisPage = true")
    item.get_by_role("button", name="Mark read").click()
    expect(page.locator(".notification.unread")).to_have_count(0)
    expect(badge).to_be_hidden()
    assert page.evaluate("window.stillThisPage") is True  # marked in place, with htmx
    page.locator(".notification a").first.click()
    page.wait_for_url(re.compile(r"/reviews/\d+#comment-\d+$"))
    expect(page.locator("#unread-count")).to_be_hidden()
