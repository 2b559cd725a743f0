"""Rate limits on signing in, signing up, account changes and progress saves (limits on
for this module only)."""

import logging
import time

import limits.storage.memory
import pytest

from app import create_app
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


STRANGER_ADDRESS = "203.0.113.9"


@pytest.fixture
def limit_clock(monkeypatch):
    """Moves the in-memory rate-limit storage's clock forward: limit_clock.advance(seconds)."""

    class Clock:
        offset = 0.0

        def time(self) -> float:
            return time.time() + self.offset

        def advance(self, seconds: float) -> None:
            self.offset += seconds

    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    return clock


def client_at(app, address: str):
    """A browser-like client whose requests come from `address`."""
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = address
    return other


def test_login_limit_by_email_shares_the_username_budget(client, make_user):
    make_user("minji")
    for _ in range(5):
        bad = {"username": "minji", "password": "wrong password!"}
        assert client.submit("/login", bad, page="/login").status_code == 200
    by_email = {"username": "Minji@Example.com", "password": "wrong password!"}
    assert client.submit("/login", by_email, page="/login").status_code == 429


def test_login_failures_from_another_address_do_not_lock_the_member_out(app, client, make_user):
    make_user("minji")
    stranger = client_at(app, STRANGER_ADDRESS)
    bad = {"username": "minji", "password": "wrong password!"}
    statuses = [stranger.submit("/login", bad, page="/login").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]  # control: the stranger is limited
    good = {"username": "minji", "password": PASSWORD}
    assert client.submit("/login", good, page="/login").status_code == 303


def test_login_failures_per_address_are_capped_across_accounts(client, limit_clock):
    statuses = []
    for batch in range(3):  # 18 a minute stays under the 20-a-minute limit on every POST
        for n in range(18):
            data = {"username": f"nobody{batch}-{n}", "password": "wrong password!"}
            statuses.append(client.submit("/login", data, page="/login").status_code)
        limit_clock.advance(61)
    assert statuses == [200] * 50 + [429] * 4


@pytest.mark.parametrize(
    ("wrong", "status"), [(10, 200), (11, 429)], ids=["tenth-answers", "eleventh-is-limited"]
)
def test_account_password_checks_are_limited_per_member(client, make_user, login, wrong, status):
    user = make_user("minji")
    login(user)
    data = {"email": user.email, "current_password": "wrong password!"}
    statuses = [client.submit("/account", data, page="/account").status_code for _ in range(wrong)]
    assert statuses[:-1] == [200] * (wrong - 1)
    assert statuses[-1] == status


def test_progress_saves_are_limited_per_member(client, make_show, make_user, login):
    show = make_show(episodes=16)
    login(make_user())
    token = client.csrf_token()
    statuses = [
        client.post(
            f"/shows/{show.slug}/progress",
            data={"episodes_watched": str(n % 16), "status": "watching", "csrf_token": token},
        ).status_code
        for n in range(121)
    ]
    assert statuses[:120] == [303] * 120
    assert statuses[120] == 429


@pytest.mark.parametrize(
    ("settings", "warns"),
    [
        ({}, True),
        ({"TESTING": True}, False),
        ({"DEBUG": True}, False),
        ({"RATELIMIT_ENABLED": False}, False),
        ({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/14"}, False),
    ],
    ids=["production-memory", "testing", "debug", "limits-off", "redis"],
)
def test_per_process_limit_storage_outside_tests_logs_a_warning(tmp_path, caplog, settings, warns):
    base = {
        "TESTING": False,
        "DEBUG": False,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    with caplog.at_level(logging.WARNING, logger="app"):
        create_app(base | settings)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("REDIS_URL" in message for message in warnings) is warns
