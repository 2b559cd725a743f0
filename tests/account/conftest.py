"""Deleting an account removes avatar files: each test keeps its media in its own folder."""

import pytest


@pytest.fixture
def app_settings(tmp_path) -> dict:
    """The app's settings: MEDIA_FOLDER in the test's own temporary folder."""
    return {"MEDIA_FOLDER": str(tmp_path / "media")}
