"""Accessibility in a real browser: axe-core on every main page, light and dark, and the
spoiler reveal and the progress buttons driven by the keyboard alone.

axe is the file vendored in tests/browser/vendor (see VENDORED.md). It is run with
`page.evaluate`, which goes through the DevTools protocol and so is not subject to the
page's CSP: the pages keep their strict `script-src 'self'` while they are checked.
Violations of impact "serious" or "critical" fail.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.demo_site import DEMO_PASSWORD, MODERATOR, SHOW, UNREVIEWED, has_route

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
AXE_FILE = Path(__file__).parent / "vendor" / f"axe-{AXE_VERSION}.min.js"
BLOCKING = ("serious", "critical")
SCHEMES = ("light", "dark")
WITHHELD_LINK = ".spoiler.withheld a"


# -- opening each page in the state under test ------------------------------------------


def set_progress(page: Page, episodes: int) -> None:
    """Set this browser's progress on SHOW with a plain form post, as a no-JS client would."""
    page.goto(SHOW)
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    form = {"csrf_token": token, "episodes_watched": str(episodes), "status": "watching"}
    response = page.request.post(f"{SHOW}/progress", form=form)
    assert response.ok, f"progress update failed: HTTP {response.status}"


def sign_in(page: Page, username: str) -> None:
    """Sign in through the login form."""
    page.goto("/login")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".current-user")


def first_review_url(page: Page) -> str:
    """The first review on the show page, followed the way a reader would find it."""
    page.goto(SHOW)
    return page.locator(".card-review h3 a").first.get_attribute("href")


def open_show_at_episode_3(page: Page) -> None:
    set_progress(page, 3)
    page.goto(SHOW)
    assert page.locator(".spoiler.withheld").count() > 0  # placeholders to check
    assert page.locator(".spoiler.shown").count() > 0  # and spoilers the reader has seen


def open_episode_closed(page: Page) -> None:
    set_progress(page, 3)
    page.goto(f"{SHOW}/episodes/5")
    expect(page.locator(".episode-placeholder")).to_be_visible()


def open_episode_revealed(page: Page) -> None:
    set_progress(page, 3)
    page.goto(f"{SHOW}/episodes/5?reveal=1")
    expect(page.locator(".episode-revealed")).to_be_visible()


def open_episode_as_member(page: Page) -> None:
    sign_in(page, MODERATOR)  # the rating and comment forms of a member who reached it
    page.goto(f"{SHOW}/episodes/1")
    expect(page.locator(".episode-placeholder")).to_have_count(0)


def open_review(page: Page) -> None:
    page.goto(first_review_url(page))


def open_review_with_one_episode_revealed(page: Page) -> None:
    set_progress(page, 3)
    page.goto(SHOW)
    review = page.locator(".card-review", has=page.locator(WITHHELD_LINK)).first
    page.goto(review.locator("h3 a").get_attribute("href"))
    placeholder = page.locator(".spoiler.withheld").first
    placeholder_id = placeholder.get_attribute("id")
    placeholder.locator("a").click()  # htmx swaps it in place
    page.wait_for_selector(f"#{placeholder_id}.shown")


def open_write_review(page: Page) -> None:
    sign_in(page, "jaehyun")
    page.goto(f"{UNREVIEWED}/reviews/new")
    page.wait_for_selector("#review-form")


def open_not_found(page: Page) -> None:
    page.expected_errors = ["404"]  # the page's own status, reported by Chromium
    response = page.goto("/no-such-page")
    assert response.status == 404


def open_own_watch_list(page: Page) -> None:
    sign_in(page, MODERATOR)  # a demo user with shows in progress: "+1" buttons
    page.goto(f"/users/{MODERATOR}/list")
    page.wait_for_selector(".list-entry form")


def open_about_scores(page: Page) -> None:
    if not has_route("/about/scores"):
        pytest.skip("no /about/scores route in the app's url_map yet")
    page.goto("/about/scores")


def open_moderation_queue(page: Page) -> None:
    if not has_route("/mod"):
        pytest.skip("no /mod route in the app's url_map yet")
    sign_in(page, MODERATOR)
    page.goto("/mod")


def open_review_history(page: Page) -> None:
    sign_in(page, MODERATOR)  # moderators read any review's edit history
    page.goto(f"{first_review_url(page)}/history")
    page.wait_for_selector("#current")


@dataclass(frozen=True)
class Target:
    """A page to check and how to get the browser there."""

    name: str
    open: Callable[[Page], None]


def _goto(path: str) -> Callable[[Page], None]:
    return lambda page: page.goto(path)


TARGETS = [
    Target("home", _goto("/")),
    Target("shows", _goto("/shows")),
    Target("show", _goto(SHOW)),
    Target("show-at-episode-3", open_show_at_episode_3),
    Target("review", open_review),
    Target("review-one-episode-revealed", open_review_with_one_episode_revealed),
    Target("write-review", open_write_review),
    Target("login", _goto("/login")),
    Target("signup", _goto("/signup")),
    Target("profile", _goto("/users/minji")),
    Target("watch-list", _goto("/users/minji/list")),
    Target("own-watch-list", open_own_watch_list),
    Target("about-scores", open_about_scores),
    Target("about", _goto("/about")),
    Target("not-found", open_not_found),
    Target("moderation-queue", open_moderation_queue),
    Target("review-history", open_review_history),
    Target("episode-closed", open_episode_closed),
    Target("episode-revealed", open_episode_revealed),
    Target("episode-member", open_episode_as_member),
]
BY_NAME = {target.name: target for target in TARGETS}


# -- running axe ------------------------------------------------------------------------


@cache
def axe_source() -> str:
    return AXE_FILE.read_text(encoding="utf-8")


def blocking_violations(page: Page) -> list[dict]:
    """axe's serious and critical violations on the page as it is now, in both schemes."""
    found = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert dark == (scheme == "dark"), f"the page did not switch to the {scheme} scheme"
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(axe_source())
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        found += [v | {"scheme": scheme} for v in violations if v["impact"] in BLOCKING]
    return found


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['scheme']}] {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = re.sub(r"\s+", " ", node.get("failureSummary") or "")
            lines.append(f"    {node['target']} {node['html'][:120]} -- {summary[:200]}")
    return "\n".join(lines)


# -- tests ------------------------------------------------------------------------------


def test_axe_is_the_vendored_version_and_runs_under_the_csp(page):
    assert hashlib.sha256(AXE_FILE.read_bytes()).hexdigest() == AXE_SHA256
    assert AXE_SHA256 in (AXE_FILE.parent / "VENDORED.md").read_text()
    page.goto("/")
    page.evaluate(axe_source())  # via the DevTools protocol: the page's CSP does not apply
    assert page.evaluate("axe.version") == AXE_VERSION
    assert page.evaluate("document.querySelector('script:not([src])')") is None  # no tag added


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_page_has_no_serious_axe_violations(page, target):
    target.open(page)
    violations = blocking_violations(page)
    assert not violations, f"axe on {target.name} ({page.url}):\n{describe(violations)}"


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName, id: e.id, text: e.textContent.trim(),
                           parent: e.parentElement ? e.parentElement.id : ''}; }"""
    )


def tab_to(page: Page, pattern: str, limit: int = 80) -> dict:
    """Press Tab until the focused element's text matches `pattern`; return what has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if re.search(pattern, element["text"]):
            return element
    raise AssertionError(f"no element matching {pattern!r} within {limit} Tab presses")


def test_keyboard_reveal_moves_focus_to_the_revealed_spoiler(page):
    set_progress(page, 3)
    page.goto(SHOW)
    page.evaluate("window.notReloaded = true")
    link = tab_to(page, r"^Spoiler for episode \d+ — reveal$")
    episode = re.search(r"\d+", link["text"]).group()
    placeholder = link["parent"]
    assert placeholder, "the reveal link sits in the placeholder that carries the id"

    page.keyboard.press("Enter")
    revealed = page.locator(f"#{placeholder}")
    expect(revealed).to_have_class(re.compile(r"\bshown\b"))
    expect(revealed).to_be_focused()
    assert f"Episode {episode}" in revealed.text_content()
    assert page.evaluate("window.notReloaded") is True  # revealed in place, no navigation


def test_swapped_in_form_works_as_soon_as_it_is_on_the_page(page):
    """htmx wires new content's hx-* attributes when it settles and focuses a replaced
    control by id as soon as it swaps: with a settle delay between the two, a "+1"
    pressed at once submitted as a plain form (a full page load)."""
    page.goto(SHOW)
    page.evaluate(
        """() => {
            window.notReloaded = true;
            document.body.addEventListener("htmx:afterSwap", () => {
                if (window.pressedAgain) { return; }
                window.pressedAgain = true;
                setTimeout(() => document.querySelector('[id$="-plus-one"]').click(), 0);
            });
        }"""
    )
    page.get_by_role("button", name=re.compile(r"^Mark episode \d+ watched$")).click()
    expect(page.locator(".progress-widget")).to_contain_text("2 of 10 episodes watched")
    assert page.evaluate("window.notReloaded") is True


def test_keyboard_plus_one_episode_works_with_space_and_enter(page):
    page.goto(SHOW)
    page.evaluate("window.notReloaded = true")
    button = tab_to(page, r"^Mark episode 1 watched$")
    assert button["tag"] == "BUTTON"

    page.keyboard.press("Space")
    expect(page.locator(".progress-widget")).to_contain_text("1 of 10 episodes watched")
    # The widget was replaced; focus stays on its "+1" button, not the page top.
    expect(
        page.get_by_role("button", name=re.compile(r"^Mark episode \d+ watched$"))
    ).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.locator(".progress-widget")).to_contain_text("2 of 10 episodes watched")
    expect(
        page.get_by_role("button", name=re.compile(r"^Mark episode \d+ watched$"))
    ).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
