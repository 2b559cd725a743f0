"""Every test here keeps its media files in its own temporary folder."""

import pytest


@pytest.fixture
def media_folder(tmp_path):
    """The folder the app under test stores posters and avatars in."""
    return tmp_path / "media"


@pytest.fixture
def app_settings(media_folder) -> dict:
    """The app's settings: MEDIA_FOLDER in the test's own temporary folder."""
    return {"MEDIA_FOLDER": str(media_folder)}
