"""Importing watch history in the browser (issue 19): upload a TV Time zip, see the
matches, choose, confirm, and find the progress on the show page; and a Trakt file whose
show needs a choice, with JavaScript off (the flow is plain forms)."""

import json

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import checked_page, sign_up
from tests.imports.flow_zips import tvtime_zip

pytestmark = pytest.mark.browser


def choose_file(page, name: str, data: bytes, mime: str) -> None:
    page.get_by_label("Your export file").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )


def trakt_play(title: str, year: int, season: int, number: int) -> dict:
    return {"id": season * 100 + number, "watched_at": "2024-02-14T20:00:00.000Z",
            "action": "watch", "type": "episode",
            "episode": {"season": season, "number": number, "title": f"Episode {number}",
                        "ids": {"trakt": season * 1000 + number}},
            "show": {"title": title, "year": year, "aired_episodes": 16,
                     "ids": {"trakt": len(title), "slug": title.lower()}}}  # fmt: skip


def test_import_tvtime_zip_then_see_progress(page):
    sign_up(page)
    page.goto("/account")
    page.get_by_role("link", name="Import watch history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import watch history")
    page.get_by_label("Where is it from?").select_option("tvtime")
    plays = [("Run On", 1, n) for n in range(1, 6)] + [("Not A Real Drama", 1, 1)]
    choose_file(page, "tvtime.zip", tvtime_zip(plays, followed=["Signal"]), "application/zip")
    page.get_by_role("button", name="Upload and see the matches").click()
    expect(page.locator(".import-counts")).to_contain_text("2 matched, 0 need you, 1 not in")
    run_on = page.locator(".import-item", has_text="Run On")
    expect(run_on).to_contain_text("episode 5")
    signal = page.get_by_label("Catalogue show").nth(1)
    signal.select_option(label="Skip")
    page.get_by_role("button", name="Import the chosen shows").click()
    expect(page.locator(".flash-success")).to_contain_text("1 show updated, 2 skipped")
    page.goto("/shows/run-on")
    expect(page.get_by_label("Episodes watched")).to_have_value("5")
    page.goto("/shows/signal")
    expect(page.get_by_label("Episodes watched")).to_have_value("0")


def test_trakt_show_that_needs_a_choice_without_javascript(chromium, live_server):
    with checked_page(chromium, live_server, java_script_enabled=False) as page:
        sign_up(page)
        page.goto("/account/import")
        page.get_by_label("Where is it from?").select_option("trakt")
        plays = [trakt_play("Signal", 2010, 1, n) for n in range(1, 8)]
        data = json.dumps(plays).encode()
        choose_file(page, "watched-history.json", data, "application/json")
        page.get_by_role("button", name="Upload and see the matches").click()
        expect(page.locator(".import-counts")).to_contain_text("0 matched, 1 need you")
        page.get_by_label("Catalogue show").select_option(label="Signal (2016), 16 episodes")
        page.get_by_role("button", name="Import the chosen shows").click()
        expect(page.locator(".flash-success")).to_contain_text("1 show updated")
        page.goto("/shows/signal")
        expect(page.get_by_label("Episodes watched")).to_have_value("7")
