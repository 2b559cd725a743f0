"""An episode's discussion thread in the browser: posting and replying with htmx (in
place, no reload), a later episode's spoiler withheld from a reader who is not there
and revealed in place, and the same posting with JavaScript off."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import checked_page, sign_up

pytestmark = pytest.mark.browser
EPISODE_PAGE = "/shows/run-on/episodes/3"


def mark_watched(page) -> None:
    """Open episode 3 and mark it watched from its placeholder."""
    page.goto(EPISODE_PAGE)
    page.get_by_role("button", name="Mark watched up to 3").click()
    expect(page.locator(".thread")).to_be_visible()


def test_post_and_reply_in_place_with_htmx_and_reveal_a_later_spoiler(chromium, live_server):
    tag = uuid.uuid4().hex[:8]
    secret = f"THREAD-EP9-{tag}"
    with checked_page(chromium, live_server) as page:
        author = sign_up(page)
        mark_watched(page)
        page.evaluate("window.notReloaded = true")
        page.get_by_label("Your comment on episode 3").fill(
            f"Loved it {tag}. [spoiler ep=9]{secret}[/spoiler]"
        )
        page.get_by_role("button", name="Post comment").click()
        comment = page.locator(".thread-list > .comment", has_text=f"Loved it {tag}")
        expect(comment).to_contain_text("written at episode 3")
        expect(comment).to_contain_text(secret)  # its author reads every spoiler
        expect(page.get_by_label("Your comment on episode 3")).to_have_value("")
        comment.locator("summary", has_text="Reply").click()
        comment.get_by_label("Your reply").fill(f"Replying to myself {tag}")
        comment.get_by_role("button", name="Post reply").click()
        expect(comment.locator(".replies")).to_contain_text(f"Replying to myself {tag}")
        assert page.evaluate("window.notReloaded") is True  # all of it in place
        expect(page.locator(".thread h2")).to_contain_text("(")
        assert author in comment.inner_text()

    with checked_page(chromium, live_server) as page:
        sign_up(page)
        mark_watched(page)
        comment = page.locator(".thread-list > .comment", has_text=f"Loved it {tag}")
        assert secret not in page.content()
        comment.get_by_role("link", name="Spoiler for episode 9 — reveal").click()
        expect(comment).to_contain_text(secret)
        assert page.url.endswith(EPISODE_PAGE)  # revealed in place


def test_post_and_reply_without_javascript(chromium, live_server):
    tag = uuid.uuid4().hex[:8]
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        sign_up(page)
        mark_watched(page)
        page.get_by_label("Your comment on episode 3").fill(f"No script {tag}")
        page.get_by_role("button", name="Post comment").click()
        assert "#comment-" in page.url
        comment = page.locator(".thread-list > .comment", has_text=f"No script {tag}")
        expect(comment).to_contain_text("written at episode 3")
        comment.locator("summary", has_text="Reply").click()
        comment.get_by_label("Your reply").fill(f"Plain reply {tag}")
        comment.get_by_role("button", name="Post reply").click()
        expect(comment.locator(".replies")).to_contain_text(f"Plain reply {tag}")
        page.get_by_label("Your comment on episode 3").fill("")
        page.get_by_role("button", name="Post comment").click()
        expect(page.locator(".thread-form .errors")).to_contain_text("Write something first.")
