"""Posting limits per member: a friendly 429, and shared through Redis between processes."""

import os
import uuid

import pytest
import redis

from app import create_app
from app.extensions import db
from tests.fixtures.app import BrowserLikeClient, require

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True}


def test_comment_limit_answers_429_page_and_fragment(client, make_review, make_user, login):
    review = make_review()
    login(make_user())
    statuses = [
        client.submit(f"/reviews/{review.id}/comments", {"body": f"c{n}"}).status_code
        for n in range(61)
    ]
    assert statuses[:60] == [303] * 60
    assert statuses[60] == 429
    page = client.submit(f"/reviews/{review.id}/comments", {"body": "more"})
    assert "<h1>Slow down</h1>" in page.text
    fragment = client.submit(f"/reviews/{review.id}/comments", {"body": "more"},
                             headers={"HX-Request": "true"})  # fmt: skip
    assert fragment.status_code == 429
    assert fragment.text.startswith('<p id="error-message"')


def test_preview_limit_stops_a_render_loop(client, make_show, make_user, login):
    show = make_show()
    login(make_user())
    token = client.csrf_token()
    statuses = [
        client.post(
            f"/shows/{show.slug}/reviews/preview",
            data={"body": f"Draft {n}.", "csrf_token": token},
            headers={"HX-Request": "true"},
        ).status_code
        for n in range(121)
    ]
    assert statuses[:120] == [200] * 120
    assert statuses[120] == 429


@pytest.fixture
def redis_url():
    """A Redis database for rate-limit storage (tests keep to keys of their own prefix:
    parallel workers share it)."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        require(False, f"Redis rate-limit test skipped: no Redis at {REDIS_URL}")
    yield REDIS_URL
    connection.close()


def test_redis_limit_is_shared_by_two_app_instances(app, database_url, redis_url, make_user):
    """Two apps (as two gunicorn processes would be) count sign-in failures together."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_ENABLED": True,
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": None,
        "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
    }
    storage = redis.Redis.from_url(redis_url)
    make_user("minji")
    bad = {"username": "minji", "password": "wrong password!"}
    instances = []
    try:
        statuses = []
        for _ in range(2):
            instance = create_app(settings)
            instances.append(instance)
            instance.test_client_class = BrowserLikeClient
            other = instance.test_client()
            statuses += [other.submit("/login", bad, page="/login").status_code for _ in range(3)]
        assert statuses == [200] * 5 + [429]
        assert instances[0].config["RATELIMIT_STORAGE_URI"] == redis_url
    finally:
        for instance in instances:  # close their pools: a leaked connection warns later
            with instance.app_context():
                db.engine.dispose()
        for key in storage.scan_iter(f"*/{settings['RATELIMIT_KEY_PREFIX']}/*"):
            storage.delete(key)
        storage.close()
