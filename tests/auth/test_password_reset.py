"""Password reset by email (issue 19): the mailed link works once, for an hour, ends the
member's other sessions, and the form never tells whether an address has an account."""

import socket
import threading
import time
from datetime import UTC, datetime

import pytest
from itsdangerous import TimestampSigner

from app.auth import tokens
from app.extensions import db
from app.models import User
from tests.fixtures.mail import link_in, path_of
from tests.fixtures.users import PASSWORD

NEW_PASSWORD = "a brand new password"
SENT_PAGE = "/reset-password?sent=1"


@pytest.fixture
def app_settings(mailbox):
    return mailbox.settings


def ask_for_reset(client, email: str):
    return client.submit("/reset-password", {"email": email}, page="/reset-password")


def choose_password(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    data = {"password": password, "confirm": password if confirm is None else confirm}
    return client.submit(path, data, page=path)


def signs_in(client, username: str, password: str) -> bool:
    client.submit("/logout")
    data = {"username": username, "password": password}
    return client.submit("/login", data, page="/login").status_code == 303


def old_token(user: User, seconds: int) -> str:
    """A reset token signed `seconds` ago."""
    signed_at = int(time.time()) - seconds
    original = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: signed_at
    try:
        return tokens.reset_token(user)
    finally:
        TimestampSigner.get_timestamp = original


def test_login_page_links_to_the_reset_form(client):
    assert 'href="/reset-password">Forgot your password?</a>' in client.get("/login").text


def test_mailed_link_sets_a_new_password_and_signs_in(client, make_user, mailbox):
    minji = make_user("minji")
    response = ask_for_reset(client, "MINJI@example.com ")
    assert response.status_code == 303
    assert response.headers["Location"] == SENT_PAGE
    assert "If an account uses that address, we have sent" in client.get(SENT_PAGE).text
    [message] = mailbox.wait_for(1)
    assert message["To"] == "minji@example.com"
    link = link_in(message)
    assert link.startswith("http://localhost/reset-password/")
    form_page = client.get(path_of(link))
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.text
    response = choose_password(client, path_of(link))
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert 'class="current-user">minji<' in client.get("/").text
    db.session.expire_all()
    assert minji.check_password(NEW_PASSWORD)
    assert minji.email_verified_at is not None  # the link reached the address
    assert not signs_in(client, "minji", PASSWORD)
    assert signs_in(client, "minji", NEW_PASSWORD)


def test_link_works_only_once(client, make_user, mailbox):
    make_user("minji")
    ask_for_reset(client, "minji@example.com")
    path = path_of(link_in(mailbox.wait_for(1)[0]))
    assert choose_password(client, path).status_code == 303
    again = client.get(path)
    assert again.status_code == 400
    assert "This link does not work" in again.text
    assert 'href="/reset-password">Ask for a new link</a>' in again.text
    assert choose_password(client, path, "yet another password").status_code == 400
    assert not User.by_username("minji").check_password("yet another password")


def test_an_older_link_dies_when_the_password_changes_otherwise(client, make_user):
    minji = make_user("minji")
    path = f"/reset-password/{tokens.reset_token(minji)}"
    assert client.get(path).status_code == 200
    minji.set_password("changed on the account page")
    db.session.commit()
    assert client.get(path).status_code == 400


def test_link_expires_after_an_hour(client, make_user):
    minji = make_user("minji")
    assert client.get(f"/reset-password/{old_token(minji, 3590)}").status_code == 200
    expired = client.get(f"/reset-password/{old_token(minji, 3610)}")
    assert expired.status_code == 400
    assert "This link has expired" in expired.text
    response = choose_password(client, f"/reset-password/{old_token(minji, 3610)}")
    assert response.status_code == 400
    assert not User.by_username("minji").check_password(NEW_PASSWORD)


def test_reset_ends_the_members_other_sessions(app, client, make_user, mailbox):
    make_user("minji")
    other_device = app.test_client()
    data = {"username": "minji", "password": PASSWORD}
    assert other_device.submit("/login", data, page="/login").status_code == 303
    assert other_device.get("/account").status_code == 200  # control: signed in there
    ask_for_reset(client, "minji@example.com")
    path = path_of(link_in(mailbox.wait_for(1)[0]))
    assert choose_password(client, path).status_code == 303
    assert other_device.get("/account").status_code == 302  # signed out there
    assert client.get("/account").status_code == 200  # and in here


def test_unknown_address_gets_the_same_answer_and_no_mail(client, make_user, mailbox):
    make_user("minji")
    unknown = ask_for_reset(client, "nobody@example.com")
    known = ask_for_reset(client, "minji@example.com")
    assert (unknown.status_code, unknown.headers["Location"]) == (
        known.status_code,
        known.headers["Location"],
    )
    [message] = mailbox.wait_for(1)  # the known address's mail arrives...
    assert message["To"] == "minji@example.com"
    time.sleep(0.3)
    assert len(mailbox.messages) == 1  # ...and nothing for the unknown one


def test_deleted_account_gets_no_mail_and_its_links_die(client, make_user, mailbox):
    gone = make_user("gone")
    path = f"/reset-password/{tokens.reset_token(gone)}"
    gone.deleted_at = datetime.now(UTC)
    db.session.commit()
    assert ask_for_reset(client, "gone@example.com").headers["Location"] == SENT_PAGE
    assert client.get(path).status_code == 400
    make_user("minji")
    ask_for_reset(client, "minji@example.com")
    assert [m["To"] for m in mailbox.wait_for(1)] == ["minji@example.com"]
    time.sleep(0.3)
    assert len(mailbox.messages) == 1


def test_link_of_a_removed_account_does_not_work(client, make_user):
    gone = make_user("gone")
    path = f"/reset-password/{tokens.reset_token(gone)}"
    db.session.delete(gone)
    db.session.commit()
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    "token",
    [
        "",
        "x",
        "not-a-token.at-all.really",
        "eyJpZCI6MX0.AAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBB",
        "ü" * 50,
    ],
)
def test_malformed_tokens_get_the_friendly_page(client, make_user, token):
    make_user("minji")
    response = client.get(f"/reset-password/{token}")
    assert response.status_code in (400, 404)  # "" matches no route: the 404 page
    if token:
        assert "This link does not work" in response.text


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("not-an-email", "Enter a valid email address."),
        ("a@" + "b" * 250 + ".test", "That email address is too long."),
    ],
)
def test_bad_address_is_explained_and_mails_nothing(client, make_user, mailbox, email, message):
    make_user("minji")
    response = ask_for_reset(client, email)
    assert response.status_code == 200
    assert message in response.text
    time.sleep(0.2)
    assert mailbox.messages == []


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("", "", "Choose a password."),
        ("short", "short", "A password has 10 to 200 characters."),
        (NEW_PASSWORD, "something else", "The two passwords do not match."),
        (NEW_PASSWORD, "", "Type the password again."),
    ],
)
def test_bad_new_password_is_explained_and_changes_nothing(
    client, make_user, password, confirm, message
):
    minji = make_user("minji")
    path = f"/reset-password/{tokens.reset_token(minji)}"
    response = choose_password(client, path, password, confirm)
    assert response.status_code == 200
    assert message in response.text
    db.session.expire_all()
    assert minji.check_password(PASSWORD)
    assert client.get(path).status_code == 200  # the link still works


def test_answer_does_not_wait_for_the_mail_server(app, client, make_user):
    """A known address must answer as fast as an unknown one: an SMTP server that never
    replies would otherwise hold the request (and tell the two apart by timing)."""
    make_user("minji")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        app.extensions["mail"].port = silent.getsockname()[1]
        token = client.csrf_token("/reset-password")
        answers = []
        data = {"email": "minji@example.com", "csrf_token": token}
        request = threading.Thread(
            target=lambda: answers.append(client.post("/reset-password", data=data))
        )
        request.start()
        request.join(timeout=3)
        assert not request.is_alive(), "the answer waited for the mail server"
        assert answers[0].status_code == 303


class TestRateLimits:
    @pytest.fixture
    def app_settings(self, mailbox):
        return mailbox.settings | {"RATELIMIT_ENABLED": True}

    def test_requests_are_limited_per_typed_address(self, client):
        statuses = [ask_for_reset(client, "Same@Example.com").status_code for _ in range(6)]
        assert statuses == [303] * 5 + [429]
        assert ask_for_reset(client, "other@example.com").status_code == 303

    def test_requests_are_limited_per_network_address(self, client):
        statuses = [ask_for_reset(client, f"n{n}@example.com").status_code for n in range(21)]
        assert statuses == [303] * 20 + [429]
