"""Rate limits on signing in and signing up (limits on for this module only)."""

import pytest

from tests.fixtures.users import PASSWORD


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True}


def test_login_limit_per_username_counts_only_failures(app, client, make_user):
    make_user("minji")
    bad = {"username": "minji", "password": "wrong password!"}
    statuses = [client.submit("/login", bad, page="/login").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert "Too many attempts" in client.submit("/login", bad, page="/login").text
    # Another username from the same address is not locked out by minji's failures.
    other = {"username": "jaehyun", "password": "wrong password!"}
    assert client.submit("/login", other, page="/login").status_code == 200


def test_successful_logins_do_not_count_toward_the_username_limit(client, make_user):
    make_user("minji")
    good = {"username": "minji", "password": PASSWORD}
    for _ in range(7):
        assert client.submit("/login", good, page="/login").status_code == 303
        client.submit("/logout")


def test_rate_limited_htmx_request_gets_a_fragment(client, make_user):
    make_user("minji")
    bad = {"username": "minji", "password": "wrong password!"}
    for _ in range(5):
        client.submit("/login", bad, page="/login")
    response = client.submit("/login", bad, page="/login", headers={"HX-Request": "true"})
    assert response.status_code == 429
    assert response.headers["HX-Retarget"] == "#messages"
    assert response.text.startswith('<p id="error-message"')


def test_signup_is_limited_per_address(client):
    statuses = []
    for n in range(11):
        data = {"username": f"new{n}", "email": "bad", "password": "x", "confirm": "y"}
        statuses.append(client.submit("/signup", data, page="/signup").status_code)
    assert statuses == [200] * 10 + [429]
