"""A moderator bans a member from one of their comments, with JavaScript on and off, on a
phone and a laptop; the member is told; the log fits a phone."""

import os
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_moderation import admins_review_url
from tests.fixtures.browser import checked_page, sign_in, sign_up

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("BAN_SHOTS")  # a folder: also keep screenshots there


def shoot(target, name: str, **options) -> None:
    """Keep a screenshot of a page or an element when BAN_SHOTS names a folder."""
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        target.screenshot(path=os.path.join(SHOTS, f"{name}.png"), **options)


@pytest.mark.parametrize(
    ("width", "javascript", "scheme"),
    [(390, True, "light"), (390, False, "dark"), (1280, True, "dark"), (1280, False, "light")],
    ids=["390-js-light", "390-nojs-dark", "1280-js-dark", "1280-nojs-light"],
)
def test_moderator_bans_from_a_comment_and_the_member_is_told(
    chromium, live_server, width, javascript, scheme
):
    tag = uuid.uuid4().hex[:8]
    words = f"BAN-ME-{tag}"
    options = {
        "viewport": {"width": width, "height": 900},
        "java_script_enabled": javascript,
        "color_scheme": scheme,
    }
    suffix = f"{width}-{'js' if javascript else 'nojs'}-{scheme}"
    with checked_page(chromium, live_server, **options) as member:
        name = sign_up(member, f"troll_{tag}")
        review_url = admins_review_url(member)
        member.goto(review_url)
        member.get_by_label("Your comment").fill(f"Nasty words {words}")
        member.get_by_role("button", name="Post comment").click()
        expect(member.locator("#comment-list")).to_contain_text(words)

        with checked_page(chromium, live_server, **options) as moderator:
            sign_in(moderator, "sora")
            moderator.goto(review_url)
            comment = moderator.locator(".comment", has_text=words)
            comment.locator("summary", has_text=f"Ban {name}…").click()
            comment.get_by_label("Reason (kept in the moderation log)").fill("Abusive comments")
            comment.get_by_label("1 day").check()
            comment.get_by_label("Also hide their comments of the last 24 hours").check()
            shoot(comment, f"ban-form-{suffix}")
            comment.get_by_role("button", name=f"Ban {name}").click()
            expect(moderator.locator("#messages")).to_contain_text(f"{name} is banned until")
            expect(moderator.locator("#messages")).to_contain_text("1 comment from the last")
            hidden = moderator.locator(".comment", has_text=words)
            expect(hidden).to_contain_text("hidden by a moderator")
            expect(hidden.locator("summary", has_text=f"Unban {name}…")).to_be_visible()
            assert moderator.evaluate("document.documentElement.scrollWidth") <= width

            moderator.goto("/mod/log")
            expect(moderator.locator(".mod-log")).to_contain_text("Abusive comments")
            expect(moderator.locator(".mod-log")).to_contain_text(name)
            scroll_width = moderator.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"the log is {scroll_width} px wide at {width}"
            shoot(moderator, f"log-{suffix}", full_page=True)

        member.reload()
        notice = member.locator("#ban-notice")
        expect(notice).to_contain_text("Your account is banned until")
        expect(notice).to_contain_text("you cannot post reviews, comment, vote or report")
        expect(notice).to_contain_text("Reason: Abusive comments")
        expect(member.get_by_label("Your comment")).to_have_count(0)
        assert member.evaluate("document.documentElement.scrollWidth") <= width
        member.evaluate("window.scrollTo(0, 0)")
        shoot(member, f"notice-{suffix}")
