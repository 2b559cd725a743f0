"""Every journey again with JavaScript off: plain forms and links do all the work."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import account_menu, checked_page, sign_in, sign_up

pytestmark = pytest.mark.browser
PASSWORD = "a long password"


def test_find_track_write_reveal_comment_report_and_hide_without_javascript(chromium, live_server):
    tag = uuid.uuid4().hex[:8]
    author, reader = f"nojs_{tag}", f"nojs_reader_{tag}"
    secret = f"NOJS-SECRET-{tag}"
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        sign_up(page, author, password=PASSWORD)
        page.goto("/shows")
        page.get_by_label("Search titles").fill("런 온")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name="Run On").click()
        page.get_by_label("Episodes watched").fill("4")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".progress-widget")).to_contain_text("4 of 16 episodes watched.")
        page.get_by_role("button", name="Mark episode 5 watched").click()
        expect(page.locator(".progress-widget")).to_contain_text("5 of 16 episodes watched.")
        page.get_by_role("link", name="Write a review").click()
        page.get_by_label("Title").fill(f"No script needed {tag}")
        page.get_by_label("Review").fill(f"Plain words.\n\n[spoiler ep=9]\n{secret}\n[/spoiler]")
        page.get_by_label("Overall rating").select_option("8.0")
        page.get_by_role("button", name="Preview").click()
        expect(page.locator("#review-preview")).to_contain_text(secret)
        page.get_by_role("button", name="Publish review").click()
        expect(page.locator(".review-body")).to_contain_text(secret)
        review_url = page.url
        account_menu(page).get_by_role("button", name="Sign out").click()

        sign_up(page, reader, password=PASSWORD)
        page.goto(review_url)
        assert secret not in page.content()
        page.get_by_role("link", name="Spoiler for episode 9 — reveal").click()
        expect(page.locator(".review-body")).to_contain_text(secret)
        page.get_by_role("button", name="Helpful?").click()
        expect(page.locator("form.helpful .meta")).to_have_text("1 found this helpful")
        page.get_by_label("Your comment").fill(f"Rude remark {tag}")
        page.get_by_role("button", name="Post comment").click()
        expect(page.locator("#comment-list")).to_contain_text(f"Rude remark {tag}")
        account_menu(page).get_by_role("button", name="Sign out").click()

        sign_in(page, "minji")
        page.goto(review_url)
        comment = page.locator(".comment", has_text=f"Rude remark {tag}")
        comment.locator("summary", has_text="Report").click()
        comment.get_by_label("Reason").select_option("abuse")
        comment.get_by_role("button", name="Send report").click()
        expect(page.locator("#messages")).to_contain_text("a moderator will look at your report")
        account_menu(page).get_by_role("button", name="Sign out").click()

        sign_in(page, "sora")
        page.goto("/mod")
        item = page.locator(".mod-item", has_text=f"Rude remark {tag}")
        item.get_by_label("Reason for the action you choose").fill("Rude")
        item.get_by_role("button", name="Hide comment").click()
        expect(page.locator("#messages")).to_contain_text("Comment hidden.")
        account_menu(page).get_by_role("button", name="Sign out").click()
        page.goto(review_url)
        assert f"Rude remark {tag}" not in page.content()
        expect(page.locator("#comment-list")).to_contain_text("Hidden by a moderator.")


def test_score_block_and_histogram_update_in_place(chromium, live_server):
    name = f"scorer_{uuid.uuid4().hex[:8]}"
    with checked_page(chromium, live_server) as page:
        sign_up(page, name, password=PASSWORD)
        page.goto("/shows/the-producers")
        page.evaluate("window.notReloaded = true")
        before = page.locator(".score-block").inner_text()
        bars_before = page.locator(".histogram rect.bar").evaluate_all(
            "bars => bars.map(b => b.getAttribute('height'))"
        )
        page.get_by_label("Episodes watched").fill("12")
        page.get_by_label("Your score").select_option("1.0")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".progress-widget")).to_contain_text("12 of 12 episodes watched.")
        expect(page.locator(".score-block")).not_to_have_text(before)
        bars_after = page.locator(".histogram rect.bar").evaluate_all(
            "bars => bars.map(b => b.getAttribute('height'))"
        )
        assert bars_after[0] != bars_before[0]  # the 1.0 bucket grew
        assert page.evaluate("window.notReloaded") is True
