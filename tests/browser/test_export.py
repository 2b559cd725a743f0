"""Downloading your data from the account page (issue 19), with and without JavaScript."""

import json
import zipfile

import pytest

from tests.fixtures.browser import checked_page, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("java_script_enabled", [True, False])
def test_member_downloads_their_data_from_the_account_page(
    chromium, live_server, java_script_enabled
):
    with checked_page(chromium, live_server, java_script_enabled=java_script_enabled) as page:
        sign_in(page, "minji")
        page.goto("/account")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download your data").click()
        download = download_info.value
        assert download.suggested_filename.startswith("unspoiled-minji-")
        with zipfile.ZipFile(download.path()) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            reviews = json.loads(archive.read("reviews.json"))
        assert manifest["username"] == "minji"
        # Her own reviews, spoilers and all: the export withholds nothing from their author.
        assert any("[spoiler ep=" in review["body"] for review in reviews)
