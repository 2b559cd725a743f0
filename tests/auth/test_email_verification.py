"""Address verification (issue 19): sign-up mails a link; opening it verifies the address;
the account page offers to send it again. Tokens of one purpose are refused by the others."""

import time
from datetime import UTC, datetime

import pytest
from itsdangerous import TimestampSigner

from app.auth import tokens
from app.extensions import db
from app.models import User
from tests.fixtures.mail import link_in, path_of

SIGNUP = {
    "username": "newcomer",
    "email": "Newcomer@Example.com",
    "password": "a long password",
    "confirm": "a long password",
}


@pytest.fixture
def app_settings(mailbox):
    return mailbox.settings


def signed_long_ago(make_token, seconds: int) -> str:
    """A token from `make_token()`, signed `seconds` ago."""
    signed_at = int(time.time()) - seconds
    original = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: signed_at
    try:
        return make_token()
    finally:
        TimestampSigner.get_timestamp = original


def test_signup_mails_a_link_that_verifies_the_address(client, mailbox):
    assert client.submit("/signup", SIGNUP, page="/signup").status_code == 303
    assert "Not verified yet" in client.get("/account").text
    [message] = mailbox.wait_for(1)
    assert message["To"] == "newcomer@example.com"
    assert message["Subject"] == "Confirm your email address"
    link = link_in(message)
    assert link.startswith("http://localhost/verify-email/")
    response = client.get(path_of(link))
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    account = client.get("/account").text
    assert "<strong>Verified</strong>" in account
    assert "Not verified yet" not in account
    assert User.by_username("newcomer").email_verified_at is not None


def test_link_verifies_without_being_signed_in_and_twice_is_once(client, make_user):
    minji = make_user("minji")
    path = f"/verify-email/{tokens.verify_token(minji)}"
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    db.session.expire_all()
    first = minji.email_verified_at
    assert first is not None
    assert client.get(path).status_code == 303
    db.session.expire_all()
    assert minji.email_verified_at == first


def test_link_fails_once_the_address_changed(client, make_user):
    minji = make_user("minji")
    path = f"/verify-email/{tokens.verify_token(minji)}"
    minji.email = "elsewhere@example.com"
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 400
    assert "This link does not work" in response.text
    db.session.expire_all()
    assert minji.email_verified_at is None


def test_link_expires_after_seven_days(client, make_user):
    minji = make_user("minji")
    week = 7 * 24 * 3600
    fresh = signed_long_ago(lambda: tokens.verify_token(minji), week - 60)
    stale = signed_long_ago(lambda: tokens.verify_token(minji), week + 60)
    response = client.get(f"/verify-email/{stale}")
    assert response.status_code == 400
    assert "This link has expired" in response.text
    db.session.expire_all()
    assert minji.email_verified_at is None
    assert client.get(f"/verify-email/{fresh}").status_code == 303


def test_links_of_deleted_or_removed_accounts_never_work(client, make_user):
    gone, removed = make_user("gone"), make_user("removed")
    gone_path = f"/verify-email/{tokens.verify_token(gone)}"
    removed_path = f"/verify-email/{tokens.verify_token(removed)}"
    gone.deleted_at = datetime.now(UTC)
    db.session.delete(removed)
    db.session.commit()
    assert client.get(gone_path).status_code == 400
    assert client.get(removed_path).status_code == 400


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda u: tokens.reset_token(u), "/verify-email/{}"),
        (lambda u: tokens.change_token(u, "new@example.com"), "/verify-email/{}"),
        (lambda u: tokens.verify_token(u), "/reset-password/{}"),
        (lambda u: tokens.change_token(u, "new@example.com"), "/reset-password/{}"),
        (lambda u: tokens.verify_token(u), "/account/email/{}"),
        (lambda u: tokens.reset_token(u), "/account/email/{}"),
    ],
)
def test_a_token_for_one_purpose_is_refused_by_the_others(client, make_user, make, path):
    minji = make_user("minji")
    response = client.get(path.format(make(minji)))
    assert response.status_code == 400
    assert "This link does not work" in response.text
    db.session.expire_all()
    assert (minji.email, minji.email_verified_at) == ("minji@example.com", None)


def test_send_again_mails_a_working_link(client, make_user, login, mailbox):
    minji = make_user("minji")
    login(minji)
    response = client.submit("/account/verify", page="/account")
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    assert "We sent a new link to minji@example.com" in client.get("/account").text
    link = link_in(mailbox.wait_for(1)[0])
    client.get(path_of(link))
    assert "<strong>Verified</strong>" in client.get("/account").text


def test_send_again_when_verified_sends_nothing(client, make_user, login, mailbox):
    minji = make_user("minji")
    minji.email_verified_at = datetime.now(UTC)
    db.session.commit()
    login(minji)
    client.submit("/account/verify", page="/account")
    assert "already verified" in client.get("/account").text
    time.sleep(0.2)
    assert mailbox.messages == []


def test_send_again_needs_a_member(client):
    response = client.submit("/account/verify", page="/login")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_unverified_members_can_still_use_the_site(client, make_user, login, make_review):
    review = make_review(body="Worth it.")
    login(make_user("minji"))
    response = client.submit(f"/reviews/{review.id}/comments", {"body": "UNVERIFIED-SAYS-HI"})
    assert response.status_code == 303
    assert "UNVERIFIED-SAYS-HI" in client.get(f"/reviews/{review.id}").text


class TestRateLimit:
    @pytest.fixture
    def app_settings(self, mailbox):
        return mailbox.settings | {"RATELIMIT_ENABLED": True}

    def test_send_again_is_limited_per_member(self, client, make_user, login):
        login(make_user("minji"))
        statuses = [client.submit("/account/verify", page="/account").status_code
                    for _ in range(6)]  # fmt: skip
        assert statuses == [303] * 5 + [429]
