"""The walk-through of issue 15, as three people would take it, at phone and desktop widths,
with JavaScript on and off: a newcomer, a reviewer and a moderator."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import account_menu, checked_page, sign_in, sign_up

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
JOURNEYS = pytest.mark.parametrize(
    ("width", "javascript"),
    [(w, js) for w in WIDTHS for js in (True, False)],
    ids=[f"{w}-{'js' if js else 'nojs'}" for w in WIDTHS for js in (True, False)],
)


def fits(page, width: str) -> None:
    """Nothing on the page is wider than the window (once it has loaded)."""
    page.wait_for_load_state("load")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= WIDTHS[width]["width"], f"{page.url} is {overflow} px wide"


def post_with_token(page, url: str, form: dict) -> None:
    """A form post with the page's CSRF token (set-up steps the journey is not about)."""
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    response = page.request.post(url, form={**form, "csrf_token": token})
    assert response.ok, f"{url}: HTTP {response.status}"


@JOURNEYS
def test_newcomer_finds_by_korean_title_sets_progress_reveals_and_signs_up(
    chromium, live_server, width, javascript
):
    with checked_page(
        chromium, live_server, viewport=WIDTHS[width], java_script_enabled=javascript
    ) as page:
        page.goto("/")
        header_search = page.get_by_role("search")
        header_search.get_by_label("Search shows").fill("런온")
        header_search.get_by_role("button", name="Search").click()
        page.get_by_role("link", name="Run On", exact=True).click()
        expect(page).to_have_url(re.compile(r"/shows/run-on$"))
        fits(page, width)
        guide = page.locator("details", has=page.locator("summary", has_text="Episodes:"))
        expect(guide).not_to_have_attribute("open", "")

        page.get_by_label("Episodes watched").fill("3")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".progress-widget")).to_contain_text("3 of 16 episodes watched.")
        expect(guide.locator("summary")).to_have_text("Episodes: 3 of 16 watched")
        expect(page.get_by_role("button", name="Mark episode 4 watched")).to_be_visible()

        card = page.locator(".card-review", has_text="by jaehyun")
        card.get_by_role("link", name="Spoiler for episode 10 — reveal").first.click()
        if not javascript:  # the link's page shows it once; keeping it is a form
            page.get_by_role("button", name="Keep revealed").first.click()
        revealed = page.get_by_role("button", name="Hide again").first
        expect(revealed).to_be_visible()
        here = page.url.split("#")[0]
        page.reload()
        expect(page.get_by_role("button", name="Hide again").first).to_be_visible()
        fits(page, width)

        page.get_by_role("banner").get_by_role("link", name="Sign up").click()
        name = f"newcomer_{uuid.uuid4().hex[:8]}"
        page.get_by_label("Username").fill(name)
        page.get_by_label("Email").fill(f"{name}@example.com")
        page.get_by_label("Password", exact=True).fill("a long password")
        page.get_by_label("Confirm password").fill("a long password")
        page.get_by_role("button", name="Sign up").click()
        expect(page.locator(".current-user")).to_have_text(name)
        assert page.url.split("#")[0] == here, "signing up did not come back"
        fits(page, width)


@JOURNEYS
def test_reviewer_writes_rates_and_edits_a_review_with_spoilers(
    chromium, live_server, width, javascript
):
    tag = uuid.uuid4().hex[:8]
    secrets = {3: f"EP3-{tag}", 7: f"EP7-{tag}", 12: f"EP12-{tag}"}
    with checked_page(
        chromium, live_server, viewport=WIDTHS[width], java_script_enabled=javascript
    ) as page:
        sign_up(page, f"writer_{tag}")
        page.goto("/shows/the-producers")
        page.get_by_label("Episodes watched").fill("12")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".progress-widget")).to_contain_text("12 of 12 episodes watched.")
        page.get_by_role("link", name="Write a review").first.click()
        page.wait_for_url("**/reviews/new**")  # measure the new page, not one mid-navigation
        fits(page, width)

        page.get_by_label("Title").fill(f"A long look {tag}")
        body = page.get_by_label("Review", exact=True)
        paragraphs = "\n\n".join(f"Paragraph {n} about the show." for n in range(1, 30))
        if javascript:  # the toolbar asks for the episode; the text is typed plain
            body.fill(f"{paragraphs}\n\n{secrets[3]}")
            body.evaluate("e => e.setSelectionRange(e.value.length - 12, e.value.length)")
            page.get_by_role("button", name="Spoiler for episode…").click()
            page.get_by_role("dialog").get_by_role("spinbutton").fill("3")
            page.get_by_role("dialog").get_by_role("spinbutton").press("Enter")
            expect(body).to_have_value(re.compile(r"\[spoiler ep=3\]\s*" + secrets[3]))
            body.press("Control+End")
            body.press_sequentially(f"\n\n[spoiler ep=7]{secrets[7]}[/spoiler]")
        else:  # without JavaScript the help shows the syntax to type
            expect(page.get_by_role("toolbar")).to_have_count(0)
            expect(page.locator("#review-form")).to_contain_text("[spoiler ep=7]")
            body.fill(
                f"{paragraphs}\n\n[spoiler ep=3]{secrets[3]}[/spoiler]\n\n"
                f"[spoiler ep=7]{secrets[7]}[/spoiler]"
            )
        form_url = page.url
        page.get_by_role("button", name="Publish review").click()  # no rating chosen yet
        rating = page.get_by_label("Overall rating")
        expect(rating).to_have_value("")
        expect(rating).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#review-form")).to_contain_text("Choose an overall rating.")
        assert page.url == form_url
        expect(page.get_by_label("Title")).to_have_value(f"A long look {tag}")

        page.get_by_label("Overall rating").select_option("8.5")
        page.get_by_label("Story").select_option("9.0")
        page.get_by_role("button", name="Publish review").click()
        expect(page.locator(".review-body")).to_contain_text(secrets[7])
        expect(page.locator(".review-body")).to_contain_text("Episode 3")
        review_url = page.url.split("#")[0]

        page.get_by_role("link", name="Edit", exact=True).click()
        body = page.get_by_label("Review", exact=True)
        body.fill(body.input_value() + f"\n\n[spoiler ep=12]{secrets[12]}[/spoiler]")
        page.get_by_role("button", name="Save changes").click()
        expect(page.locator(".review-body")).to_contain_text(secrets[12])
        assert page.url.split("#")[0] == review_url
        fits(page, width)

    with checked_page(chromium, live_server, viewport=WIDTHS[width]) as reader:
        reader.goto(review_url)
        expect(reader.locator(".review-body")).to_contain_text("Paragraph 29")
        for secret in secrets.values():
            assert secret not in reader.content()


@JOURNEYS
def test_moderator_handles_a_report_hides_a_comment_bans_and_reads_the_log(
    chromium, live_server, width, javascript
):
    tag = uuid.uuid4().hex[:8]
    offender = f"offender_{tag}"
    rude, spoiler = f"Rude words {tag}", f"The ending spoiled {tag}"
    with checked_page(chromium, live_server) as setup:
        sign_up(setup, offender)
        setup.goto("/shows/the-producers")
        review_url = setup.locator(".card-review", has_text="by admin").locator("h3 a").first
        review_url = review_url.get_attribute("href")
        setup.goto(review_url)
        for text in (rude, spoiler):
            post_with_token(setup, f"{review_url}/comments", {"body": text})
        setup.goto(review_url)
        comment_ids = [
            setup.locator(".comment", has_text=text).get_attribute("id").split("-")[1]
            for text in (rude, spoiler)
        ]
        account_menu(setup).get_by_role("button", name="Sign out").click()
        sign_in(setup, "minji")
        setup.goto(review_url)
        post_with_token(
            setup, f"/comments/{comment_ids[0]}/report", {"reason": "abuse", "note": ""}
        )
        post_with_token(
            setup, f"/comments/{comment_ids[1]}/report", {"reason": "unmarked_spoiler", "note": ""}
        )

    with checked_page(
        chromium, live_server, viewport=WIDTHS[width], java_script_enabled=javascript
    ) as page:
        sign_in(page, "sora")
        account_menu(page).get_by_role("link", name="Moderation").click()
        page.wait_for_url("**/mod")
        fits(page, width)
        item = page.locator(".mod-item", has_text=spoiler)
        item.get_by_role("checkbox").first.check()
        item.get_by_label(re.compile("Spoils episode")).fill("12")
        item.get_by_label("Reason for the action you choose").fill("An unmarked ending")
        item.get_by_role("button", name="Re-tag as a spoiler").click()
        expect(page.locator("#messages")).to_contain_text("Re-tagged as a spoiler for episode 12")

        item = page.locator(".mod-item", has_text=rude)
        item.get_by_label("Reason for the action you choose").fill("Rude to the author")
        item.get_by_role("button", name="Hide comment").click()
        expect(page.locator("#messages")).to_contain_text("Comment hidden.")

        page.goto(review_url)
        comment = page.locator(f"#comment-{comment_ids[1]}")
        comment.locator("summary", has_text=f"Ban {offender}").click()
        comment.get_by_label("Reason (kept in the moderation log)").fill("Spoils on purpose")
        comment.get_by_label("7 days").check()
        comment.get_by_role("button", name=f"Ban {offender}").click()
        expect(page.locator("#messages")).to_contain_text(f"{offender} is banned")

        account_menu(page).get_by_role("link", name="Moderation").click()
        page.goto("/mod/log")
        fits(page, width)
        log = page.locator(".mod-log")
        expect(log).to_contain_text("Spoils on purpose")
        expect(log).to_contain_text("Rude to the author")
        expect(log).to_contain_text("An unmarked ending")

    with checked_page(chromium, live_server, viewport=WIDTHS[width]) as banned:
        sign_in(banned, offender, "a long password")
        expect(banned.locator("#ban-notice")).to_contain_text("banned until")
        banned.goto(review_url)
        expect(banned.locator("#ban-notice")).to_contain_text("you cannot post reviews")
        expect(banned.get_by_label("Your comment")).to_have_count(0)
        expect(banned.locator(f"#comment-{comment_ids[1]}")).to_contain_text(
            "spoiler tagged by a moderator"
        )
