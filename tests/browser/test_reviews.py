"""Writing a review with spoilers and reading it as someone who is not there yet.

The author writes on Run On (16 episodes) with the toolbar; other readers, in their own
browser contexts, must never receive the text of a spoiler beyond their progress until
they reveal it: with htmx in place, without JavaScript through the link, by keyboard.
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.fixtures.browser import checked_page, sign_up

pytestmark = pytest.mark.browser

SHOW = "/shows/run-on"
EPISODES = 16
PASSWORD = "a long password"
TEXT_TYPES = ("text/", "json", "xml", "javascript")


@dataclass(frozen=True)
class Written:
    """A review published by a fresh user, and the sentinels of its two spoilers."""

    id: int
    ep7: str
    ep12: str

    @property
    def url(self) -> str:
        return f"/reviews/{self.id}"

    @property
    def selector(self) -> str:
        return f"#review-{self.id}"


class ResponseLog:
    """Every text response a page receives; bodies are read before the page moves on."""

    def __init__(self, page: Page) -> None:
        self.pending = []
        self.bodies: list[tuple[str, str]] = []
        page.on("response", lambda response: self.pending.append(response))

    def read(self) -> list[tuple[str, str]]:
        """Read the bodies that arrived since the last call; all bodies so far."""
        for response in self.pending:
            kind = response.headers.get("content-type", "")
            if 200 <= response.status < 300 and any(t in kind for t in TEXT_TYPES):
                self.bodies.append((response.url, response.text()))
        self.pending.clear()
        return self.bodies

    def containing(self, needle: str) -> list[str]:
        """The URLs of the responses so far whose body holds `needle`."""
        return [url for url, body in self.read() if needle in body]


def set_progress(page: Page, episodes: int) -> None:
    """Use the progress widget on the show page that is open."""
    page.get_by_label("Episodes watched").fill(str(episodes))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".progress-widget")).to_contain_text(
        f"{episodes} of {EPISODES} episodes watched."
    )


def mark_spoiler(page: Page, passage: str, episode: int) -> None:
    """Select `passage` in the review body and wrap it with the toolbar."""
    body = page.locator("#review-body")
    start = body.evaluate("(el, text) => el.value.indexOf(text)", passage)
    assert start >= 0, f"{passage!r} is not in the body"
    body.evaluate(
        "(el, [a, b]) => { el.focus(); el.setSelectionRange(a, b); }",
        [start, start + len(passage)],
    )
    page.get_by_role("button", name="Spoiler for episode…").click()
    page.get_by_label("Episode (1 to 16)").fill(str(episode))
    page.get_by_label("Episode (1 to 16)").press("Enter")
    expect(page.locator("#spoiler-dialog")).to_be_hidden()


def write_review(page: Page, *, preview: bool = False) -> Written:
    """A fresh member at episode 16 of Run On writes a short review through the form,
    with a spoiler for episode 7 and one for episode 12 marked with the toolbar."""
    tag = uuid.uuid4().hex[:6].upper()
    ep7, ep12 = f"KESTREL-SEVEN-{tag}", f"OSPREY-TWELVE-{tag}"
    passage7 = f"{ep7} the sprinter walks off the track."
    passage12 = f"{ep12} the last subtitle gets finished."
    sign_up(page, f"rev_{uuid.uuid4().hex[:12]}", password=PASSWORD)
    page.goto(SHOW)
    set_progress(page, EPISODES)
    page.get_by_role("link", name="Write a review").click()
    page.wait_for_url(f"**{SHOW}/reviews/new")
    page.get_by_label("Title").fill(f"Slow and kind {tag}")
    page.locator("#review-body").press_sequentially(
        f"A gentle drama about running and translating. {passage7} "
        f"It takes its time. {passage12} Worth every episode."
    )
    mark_spoiler(page, passage7, 7)
    mark_spoiler(page, passage12, 12)
    value = page.locator("#review-body").input_value()
    assert f"[spoiler ep=7]{passage7}[/spoiler]" in value
    assert f"[spoiler ep=12]{passage12}[/spoiler]" in value
    if preview:
        page.get_by_role("button", name="Preview").click()
        for episode, sentinel in ((7, ep7), (12, ep12)):
            block = page.locator(f'#review-preview .spoiler.shown[data-episode="{episode}"]')
            expect(block).to_contain_text(sentinel)
            expect(block.locator(".spoiler-label")).to_have_text(f"Episode {episode}")
    page.get_by_label("Overall rating").select_option("8.5")
    page.get_by_role("button", name="Publish review").click()
    page.wait_for_url(re.compile(r"/reviews/\d+$"))
    return Written(id=int(page.url.rsplit("/", 1)[1]), ep7=ep7, ep12=ep12)


def published(chromium, live_server) -> Written:
    """A review written in its own browser context (its author's), closed afterwards."""
    with checked_page(chromium, live_server) as author:
        return write_review(author)


def placeholder(page: Page, review: Written, episode: int):
    return page.locator(review.selector).get_by_role(
        "link", name=f"Spoiler for episode {episode} — reveal"
    )


def shown(page: Page, review: Written, episode: int):
    return page.locator(f'{review.selector} .spoiler.shown[data-episode="{episode}"]')


def test_author_writes_a_review_with_two_spoilers_through_the_toolbar(page):
    review = write_review(page, preview=True)
    article = page.locator(review.selector)
    expect(article).to_contain_text("A gentle drama about running and translating.")
    expect(article).to_contain_text("Worth every episode.")
    # The author reads their own spoilers, each labelled with its episode.
    expect(shown(page, review, 7)).to_contain_text(review.ep7)
    expect(shown(page, review, 12)).to_contain_text(review.ep12)
    expect(article.locator(".rating")).to_contain_text("8.5")
    assert "Your review is published." in page.locator("#messages").inner_text()


def test_reader_at_episode_3_gets_no_spoiler_text_until_revealing_episode_7(
    page, chromium, live_server
):
    review = published(chromium, live_server)
    responses = ResponseLog(page)
    page.goto(SHOW)
    set_progress(page, 3)
    responses.read()  # the show page and the progress fragment, before navigating away
    page.goto(review.url)
    expect(placeholder(page, review, 7)).to_be_visible()  # control: the placeholders are here
    expect(placeholder(page, review, 12)).to_be_visible()
    content = page.content()
    assert review.ep7 not in content and review.ep12 not in content
    assert "A gentle drama about running and translating." in content  # control
    assert responses.containing(review.ep7) == []
    assert responses.containing(review.ep12) == []
    urls = [url for url, _ in responses.read()]  # control: the pages were read
    assert any(url.endswith(f"{SHOW}/progress") for url in urls)
    assert any(url.endswith(review.url) for url in urls)

    spoiler_id = placeholder(page, review, 7).evaluate("a => a.parentElement.id")
    page.evaluate("window.marker = 1")
    placeholder(page, review, 7).click()
    expect(shown(page, review, 7)).to_contain_text(review.ep7)
    expect(shown(page, review, 7).locator(".spoiler-label")).to_have_text("Episode 7")
    expect(page.locator(f"#{spoiler_id}")).to_have_class(re.compile(r"\bshown\b"))  # in place
    assert page.evaluate("window.marker") == 1  # no reload
    assert review.ep12 not in page.content()
    expect(placeholder(page, review, 12)).to_be_visible()
    assert responses.containing(review.ep12) == []
    # the reveal is a POST that keeps it (tests/browser/test_remembered_reveals.py)
    assert responses.containing(review.ep7) == [f"{live_server}{review.url}/spoilers/7?comments=1"]


def test_raising_progress_on_the_show_page_shows_the_spoilers_in_the_review_list(
    page, chromium, live_server
):
    review = published(chromium, live_server)
    page.goto(SHOW)
    set_progress(page, 3)
    card = page.locator(review.selector)
    expect(placeholder(page, review, 7)).to_be_visible()
    expect(placeholder(page, review, 12)).to_be_visible()
    assert review.ep7 not in page.content() and review.ep12 not in page.content()

    page.evaluate("window.marker = 1")
    set_progress(page, 12)
    expect(shown(page, review, 7)).to_contain_text(review.ep7)
    expect(shown(page, review, 12)).to_contain_text(review.ep12)
    expect(card.locator(".withheld")).to_have_count(0)
    assert page.evaluate("window.marker") == 1  # swapped out of band, not reloaded


def test_reveal_link_works_without_javascript(chromium, live_server):
    review = published(chromium, live_server)
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        page.goto(SHOW)
        page.get_by_label("Episodes watched").fill("3")
        page.get_by_role("button", name="Save", exact=True).click()  # a plain POST, then 303
        page.wait_for_url(f"**{SHOW}")
        expect(page.locator(".progress-widget")).to_contain_text("3 of 16 episodes watched.")
        page.goto(review.url)
        content = page.content()
        assert review.ep7 not in content and review.ep12 not in content
        placeholder(page, review, 7).click()
        page.wait_for_url(f"**{review.url}?reveal=7")
        expect(shown(page, review, 7)).to_contain_text(review.ep7)
        expect(placeholder(page, review, 12)).to_be_visible()
        assert review.ep12 not in page.content()


def test_keyboard_reveal_moves_focus_to_the_revealed_spoiler(page, chromium, live_server):
    review = published(chromium, live_server)
    page.goto(SHOW)
    set_progress(page, 3)
    page.goto(review.url)
    link = placeholder(page, review, 7)
    expect(link).to_be_visible()
    for _ in range(100):  # Tab through the page until the reveal link has focus
        page.keyboard.press("Tab")
        if link.evaluate("a => a === document.activeElement"):
            break
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(shown(page, review, 7)).to_contain_text(review.ep7)
    expect(shown(page, review, 7)).to_be_focused()
    focused = page.evaluate(
        "() => [document.activeElement.classList.contains('shown'),"
        " document.activeElement.dataset.episode]"
    )
    assert focused == [True, "7"]
    assert review.ep12 not in page.content()
