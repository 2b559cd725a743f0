"""Episode pages in a real browser (issue 17): a reader at episode 3 opens episode 5's page
and no response carries anything of episode 5; they reveal it, then mark it watched and
see it open in place, with JavaScript and without."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import checked_page, sign_in, sign_up

pytestmark = pytest.mark.browser
EPISODES = 8
RUN = uuid.uuid4().hex[:6].upper()
TITLE_5 = f"LANTERN-{RUN}-EP5-TITLE"
SYNOPSIS_5 = f"LANTERN-{RUN}-EP5-SYNOPSIS"
TITLE_3 = f"LANTERN-{RUN}-EP3-TITLE"


@pytest.fixture(scope="module")
def show_slug(chromium, live_server) -> str:
    """A show made for this module by the demo admin, with unique sentinel titles."""
    slug = f"lantern-{RUN.lower()}"
    guide = [f"Plain title {n}" for n in range(1, EPISODES + 1)]
    guide[2] = TITLE_3
    guide[4] = f"{TITLE_5} | {SYNOPSIS_5}"
    with checked_page(chromium, live_server) as page:
        sign_in(page, "admin")
        page.goto("/admin/shows/new")
        page.get_by_label("Slug").fill(slug)
        page.get_by_label("Title", exact=True).fill(f"Lantern {RUN}")
        page.get_by_label("Number of episodes").fill(str(EPISODES))
        page.get_by_label("Episode titles").fill("\n".join(guide))
        page.get_by_role("button", name="Save").click()
        expect(page.locator("h1")).to_have_text(f"Lantern {RUN}")
    return slug


class Bodies:
    """Every response body a page receives, read as it arrives (a body cannot be read
    once the page has navigated away from it)."""

    def __init__(self, page) -> None:
        self.seen: list[tuple[str, str]] = []
        page.on("response", lambda response: self._record(response))

    def _record(self, response) -> None:
        if 300 <= response.status < 400:
            return  # a redirect has no body
        self.seen.append((response.url, response.body().decode("utf-8", "replace")))

    def read(self) -> list[tuple[str, str]]:
        """(url, text) of every response so far."""
        return self.seen

    def holding(self, text: str) -> list[str]:
        """The URLs of the responses that held `text`."""
        return [url for url, body in self.seen if text in body]


def set_progress(page, slug: str, episodes: int) -> None:
    page.goto(f"/shows/{slug}")
    page.get_by_label("Episodes watched").fill(str(episodes))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".progress-widget")).to_contain_text(f"{episodes} of {EPISODES} episodes")


@pytest.mark.parametrize("script", [True, False], ids=["js", "no-js"])
def test_reader_at_3_opens_reveals_and_unlocks_episode_5(chromium, live_server, show_slug,
                                                         script):  # fmt: skip
    with checked_page(chromium, live_server, java_script_enabled=script) as page:
        bodies = Bodies(page)
        if script:
            sign_up(page)  # a member with JavaScript, an anonymous reader without
        set_progress(page, show_slug, 3)
        url = f"/shows/{show_slug}/episodes/5"

        # Positive control: a reached episode's title arrives, and the recorder sees it.
        page.goto(f"/shows/{show_slug}/episodes/3")
        expect(page.locator("h1")).to_contain_text(TITLE_3)
        assert bodies.holding(TITLE_3)

        page.goto(url)
        expect(page.locator(".episode-placeholder")).to_contain_text(
            "You are at episode 3. This page opens when you reach episode 5."
        )
        assert "LANTERN" not in page.title()
        assert bodies.holding(TITLE_5) == [] and bodies.holding(SYNOPSIS_5) == []

        if script:
            page.evaluate("window.notReloaded = true")
        page.get_by_role("link", name="Reveal episode 5 anyway").click()
        expect(page.locator("h1")).to_contain_text(TITLE_5)
        expect(page.locator(".episode-main")).to_contain_text(SYNOPSIS_5)
        assert bodies.holding(TITLE_5)  # it came only now
        if script:
            assert page.evaluate("window.notReloaded") is True  # swapped in place
            assert page.url.endswith(url)

        # Nothing remembered: the page is closed again, and that response holds nothing.
        already = len(bodies.read())
        page.goto(url)
        expect(page.locator(".episode-placeholder")).to_be_visible()
        assert not [u for u, body in bodies.read()[already:] if TITLE_5 in body]

        if script:
            page.evaluate("window.notReloaded = true")
        page.get_by_role("button", name="Mark watched up to 5").click()
        expect(page.locator("h1")).to_contain_text(TITLE_5)
        expect(page.locator(".episode-main")).to_contain_text(SYNOPSIS_5)
        expect(page.locator(".episode-progress")).to_contain_text("5 of 8 episodes watched.")
        expect(page.locator(".episode-prev")).to_contain_text("Plain title 4")  # now reached
        expect(page.locator(".episode-placeholder")).to_have_count(0)
        expect(page.get_by_text("Revealed for this visit only")).to_have_count(0)
        if script:
            assert page.evaluate("window.notReloaded") is True  # unlocked in place
        else:
            expect(page.locator("#messages")).to_contain_text("Episode 5 marked watched.")

        page.goto(url)  # and it stays open
        expect(page.locator("h1")).to_contain_text(TITLE_5)
        assert TITLE_5 in page.title()
