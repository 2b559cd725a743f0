"""Comment, report, hide, log: the moderation journey in a real browser."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import account_menu, checked_page, sign_in

pytestmark = pytest.mark.browser


def admins_review_url(page) -> str:
    """A review neither of this test's readers wrote (admin's, on The Producers)."""
    page.goto("/shows/the-producers")
    card = page.locator(".card-review", has_text="by admin")
    return card.locator("h3 a").first.get_attribute("href")


def test_comment_report_hide_and_log(chromium, live_server):
    words = f"BROWSER-COMMENT-{uuid.uuid4().hex[:8]}"
    with checked_page(chromium, live_server) as author:
        sign_in(author, "jaehyun")
        review_url = admins_review_url(author)
        author.goto(review_url)
        author.evaluate("window.notReloaded = true")
        author.get_by_label("Your comment").fill(f"I disagree: {words}.")
        author.get_by_role("button", name="Post comment").click()
        expect(author.locator("#comment-list")).to_contain_text(words)
        expect(author.get_by_label("Your comment")).to_have_value("")
        assert author.evaluate("window.notReloaded") is True

    with checked_page(chromium, live_server) as reader:
        sign_in(reader, "minji")
        reader.goto(review_url)
        helpful = reader.locator("form.helpful").first
        count = int(helpful.locator(".meta").inner_text().split()[0])
        helpful.get_by_role("button").click()
        expect(reader.locator("form.helpful .meta").first).to_have_text(
            f"{count + 1} found this helpful"
        )
        comment = reader.locator(".comment", has_text=words)
        comment.locator("summary", has_text="Report").click()
        comment.get_by_label("Reason").select_option("abuse")
        comment.get_by_label("Note for the moderators").fill("Not nice.")
        comment.get_by_role("button", name="Send report").click()
        expect(comment).to_contain_text("Reported. Thank you")

    with checked_page(chromium, live_server) as moderator:
        sign_in(moderator, "sora")
        account_menu(moderator).get_by_role("link", name="Moderation").click()
        item = moderator.locator(".mod-item", has_text=words)
        expect(item).to_contain_text("Abuse or harassment")
        item.get_by_label("Reason for the action you choose").fill("Rude to the author")
        item.get_by_role("button", name="Hide comment").click()
        expect(moderator.locator("#messages")).to_contain_text("Comment hidden.")
        moderator.goto("/mod/log")
        expect(moderator.locator(".mod-log tbody tr").first).to_contain_text("comment hide")
        expect(moderator.locator(".mod-log tbody tr").first).to_contain_text("Rude to the author")

    with checked_page(chromium, live_server) as anonymous:
        anonymous.goto(review_url)
        assert words not in anonymous.content()
        expect(anonymous.locator("#comment-list")).to_contain_text("Hidden by a moderator.")
