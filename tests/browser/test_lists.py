"""Lists in the browser: building a list with JavaScript off (make it, add three shows,
move one up, note one, remove one), and reordering in place with htmx; "Add to a list"
from a show's page."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import checked_page, sign_up

pytestmark = pytest.mark.browser


def titles(page) -> list[str]:
    """The list's shows as the page shows them, in order."""
    return page.locator(".list-item-title a").all_inner_texts()


def make_list(page, name: str, shows: list[str]) -> None:
    """Make a public list through the form and add `shows` (titles or slugs) one by one."""
    page.goto("/lists/new")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Description (optional)").fill("Shows that move.")
    page.get_by_role("button", name="Make list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    for show in shows:
        page.get_by_label("Show", exact=True).fill(show)
        page.get_by_role("button", name="Add to list").click()
        expect(page.locator(".list-entries")).to_contain_text(show if " " in show else "")


def lists_holding(page, slug: str) -> int:
    """The show page's "In N lists" (0 when it names none)."""
    page.goto(f"/shows/{slug}")
    found = re.search(r"In (\d+) lists?", page.locator("main").inner_text())
    return int(found.group(1)) if found else 0


def test_build_a_list_without_javascript(chromium, live_server):
    tag = uuid.uuid4().hex[:8]
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        sign_up(page, f"lister_{tag}")
        before = lists_holding(page, "reply-1988")  # the demo's lists, other tests' lists
        make_list(page, f"Runs {tag}", ["Run On", "reply-1988", "My Mister"])
        assert titles(page) == ["Run On", "Reply 1988", "My Mister"]
        page.get_by_role("button", name="Move up My Mister").click()
        assert titles(page) == ["Run On", "My Mister", "Reply 1988"]
        item = page.locator(".list-item", has_text="Reply 1988")
        item.locator("summary", has_text="Add a note").click()
        item.get_by_label("Note for Reply 1988").fill(f"Bring tissues {tag}.")
        item.get_by_role("button", name="Save note").click()
        expect(page.locator(".list-note")).to_have_text(f"Bring tissues {tag}.")
        page.get_by_role("button", name="Remove Run On").click()
        assert titles(page) == ["My Mister", "Reply 1988"]
        list_url = page.url.split("#")[0]
        page.get_by_label("Show", exact=True).fill("My Mister")
        page.get_by_role("button", name="Add to list").click()
        expect(page.locator(".list-add .errors")).to_contain_text("in this list already")
        assert lists_holding(page, "reply-1988") == before + 1
    with checked_page(chromium, live_server, java_script_enabled=False) as other:
        other.goto(list_url)
        assert titles(other) == ["My Mister", "Reply 1988"]
        expect(other.locator(".list-note")).to_have_text(f"Bring tissues {tag}.")
        expect(other.get_by_role("button", name="Move up Reply 1988")).to_have_count(0)


def test_reorder_in_place_with_htmx_and_add_from_a_show_page(chromium, live_server):
    tag = uuid.uuid4().hex[:8]
    with checked_page(chromium, live_server) as page:
        sign_up(page, f"htmx_lister_{tag}")
        make_list(page, f"Quick {tag}", ["Run On", "My Mister"])
        page.evaluate("window.notReloaded = true")
        page.get_by_role("button", name="Move down Run On").click()
        expect(page.locator(".list-item-title a").first).to_have_text("My Mister")
        assert page.evaluate("window.notReloaded") is True  # swapped in place
        assert titles(page) == ["My Mister", "Run On"]
        page.goto("/shows/goblin")
        page.locator(".add-to-list summary").click()
        page.get_by_label("List").select_option(label=f"Quick {tag}")
        page.get_by_label("Note (optional)").fill("Next up.")
        page.get_by_role("button", name="Add to list").click()
        expect(page.locator("#add-to-list")).to_contain_text(f"Added to Quick {tag}")
        page.get_by_role("link", name=f"Quick {tag}").click()
        assert titles(page) == ["My Mister", "Run On", "Guardian: The Lonely and Great God"]
