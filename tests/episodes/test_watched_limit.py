""" "Watched" on an episode page is limited like the show page's progress form (limits on
for this module only)."""

import pytest

from app.progress.rules import PROGRESS_LIMIT


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True}


def test_watched_is_limited_per_reader(client, make_show):
    show = make_show(episodes=4)
    limit = int(PROGRESS_LIMIT.split()[0])
    token = client.csrf_token("/")
    url = f"/shows/{show.slug}/episodes/1/watched"
    statuses = [client.post(url, data={"csrf_token": token}).status_code for _ in range(limit + 1)]
    assert statuses == [303] * limit + [429]
