"""Following and blocking are rate limited per member (limits on for this module only)."""

import pytest

from app.extensions import limiter
from app.users import views

SOCIAL_ENDPOINTS = ["follow", "unfollow", "block", "unblock"]


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True}


@pytest.mark.parametrize("name", SOCIAL_ENDPOINTS)
def test_every_social_write_has_a_limit(app, name):
    assert limiter.limit_manager.decorated_limits(f"app.users.views.{name}.{name}"), name


def test_following_is_limited_per_member(client, make_user, login):
    make_user("bob")
    login(make_user())
    token = client.csrf_token()
    limit = int(views.SOCIAL_LIMIT.split()[0])
    statuses = [
        client.post("/users/bob/follow", data={"csrf_token": token}).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [303] * limit
    assert statuses[limit] == 429
    fragment = client.post("/users/bob/follow", data={"csrf_token": token},
                           headers={"HX-Request": "true"})  # fmt: skip
    assert fragment.status_code == 429
