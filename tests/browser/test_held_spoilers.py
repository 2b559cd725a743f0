"""A spoiler reported by three members is held at once; a moderator re-tags the
paragraph that spoils, from the queue, on a phone and on a desktop, with JavaScript on
and off."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import blocking_violations, describe
from tests.fixtures.browser import checked_page, sign_in, sign_up

pytestmark = pytest.mark.browser
NOTICE = "Held for review: reported as an unmarked spoiler."
REPORTERS = ("minji", "hana", "doyun")


def review_url(page) -> str:
    """A review none of this test's members wrote (admin's, on The Producers)."""
    page.goto("/shows/the-producers")
    card = page.locator(".card-review", has_text="by admin")
    return card.locator("h3 a").first.get_attribute("href")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
def test_moderator_retags_the_paragraph_of_a_held_comment(chromium, live_server, width, script):
    tag = uuid.uuid4().hex[:8]
    opening, secret = f"Loved the office scenes {tag}.", f"HELD-SECRET-{tag}: the PD quits."
    options = {"viewport": {"width": width, "height": 900}, "java_script_enabled": script}
    with checked_page(chromium, live_server, **options) as author:
        sign_up(author)
        url = review_url(author)
        author.goto(url)
        author.get_by_label("Your comment").fill(f"{opening}\n\n{secret}")
        author.get_by_role("button", name="Post comment").click()
        expect(author.locator("#comment-list")).to_contain_text(secret)

    for name in REPORTERS:
        with checked_page(chromium, live_server, **options) as reader:
            sign_in(reader, name)
            reader.goto(url)
            comment = reader.locator(".comment", has_text=opening)
            comment.locator("summary", has_text="Report").click()
            comment.get_by_label("Reason").select_option("unmarked_spoiler")
            comment.get_by_role("button", name="Send report").click()
            expect(reader.locator("body")).to_contain_text("a moderator will look at")

    with checked_page(chromium, live_server, **options) as anonymous:
        anonymous.goto(url)
        held = anonymous.locator("#comment-list .comment", has_text=NOTICE)
        expect(held).to_have_count(1)
        assert secret not in anonymous.content() and opening not in anonymous.content()

    with checked_page(chromium, live_server, **options) as moderator:
        sign_in(moderator, "sora")
        moderator.goto("/mod")
        item = moderator.locator(".mod-item").first  # held items come first
        expect(item).to_contain_text(opening)
        expect(item.locator(".badge.held")).to_have_text("Held")
        if script:  # axe runs in the page
            violations = blocking_violations(moderator)
            assert not violations, describe(violations)
        reason = item.get_by_label("Reason for the action you choose")
        reason.fill("Ending spoiler")
        reason.press("Enter")  # no action is the default: Enter sends nothing
        moderator.wait_for_timeout(500)
        expect(moderator.locator("#messages")).to_have_text("")
        expect(item.locator(".mod-reports li")).to_have_count(3)
        item.get_by_role("checkbox", name=re.compile(r"Paragraph 2: HELD-SECRET")).check()
        item.get_by_label("Spoils episode").fill("10")
        item.get_by_role("button", name="Re-tag as a spoiler").click()
        expect(moderator.locator("#messages")).to_contain_text(
            "Re-tagged as a spoiler for episode 10"
        )
        expect(moderator.locator(".mod-item", has_text=opening)).to_have_count(0)
        assert moderator.evaluate("document.documentElement.scrollWidth") <= width

    with checked_page(chromium, live_server, **options) as anonymous:
        anonymous.goto(url)
        comment = anonymous.locator("#comment-list .comment", has_text=opening)
        expect(comment).to_contain_text("spoiler tagged by a moderator")
        expect(comment).to_contain_text("Spoiler for episode 10")
        assert secret not in anonymous.content()
