"""Every write to lists is rate limited per member (limits on for this module only)."""

import pytest

from app.extensions import limiter
from app.lists import views


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True}


def test_every_list_write_has_a_limit(app):
    posts = [rule.endpoint for rule in app.url_map.iter_rules()
             if "POST" in rule.methods and rule.endpoint.startswith("lists.")]  # fmt: skip
    assert len(posts) == 9
    for endpoint in posts:
        name = endpoint.split(".")[1]
        assert limiter.limit_manager.decorated_limits(f"app.lists.views.{name}.{name}"), endpoint


def test_making_lists_is_limited_per_member(client, make_user, login):
    login(make_user())
    token = client.csrf_token()
    limit = int(views.LIST_LIMIT.split()[0])
    statuses = [
        client.post("/lists/new", data={"name": f"L{n}", "csrf_token": token}).status_code
        for n in range(limit + 1)
    ]
    assert statuses[:limit] == [303] * limit
    assert statuses[limit] == 429
