"""Changing the email address (issue 19): the account form mails a link to the new
address (and a notice to the old one); the address changes when the link is opened."""

import time
from datetime import UTC, datetime

import pytest
from itsdangerous import TimestampSigner

from app.auth import tokens
from app.extensions import db
from app.models import User
from tests.fixtures.mail import body_of, closed_port, link_in, path_of
from tests.fixtures.users import PASSWORD


@pytest.fixture
def app_settings(mailbox):
    return mailbox.settings


def ask_for_change(client, email: str, *, password: str = PASSWORD):
    data = {"email": email, "is_list_public": "y", "current_password": password,
            "new_password": "", "confirm": ""}  # fmt: skip
    return client.submit("/account", data, page="/account")


def email_of(user: User) -> str:
    db.session.expire_all()
    return user.email


def test_change_mails_a_link_to_the_new_address_and_a_notice_to_the_old(
    client, make_user, login, mailbox
):
    minji = make_user("minji")
    login(minji)
    response = ask_for_change(client, "Minji.New@Example.com")
    assert response.status_code == 303
    page = client.get("/account").text
    assert "We sent a link to minji.new@example.com" in page
    assert email_of(minji) == "minji@example.com"  # not yet
    messages = mailbox.wait_for(2)
    confirmation = next(m for m in messages if m["To"] == "minji.new@example.com")
    notice = next(m for m in messages if m["To"] == "minji@example.com")
    assert "m***@example.com" in body_of(notice)
    assert "minji.new@" not in body_of(notice)
    link = link_in(confirmation)
    assert link.startswith("http://localhost/account/email/")
    response = client.get(path_of(link))
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    assert "Your email address is now minji.new@example.com" in client.get("/account").text
    assert email_of(minji) == "minji.new@example.com"
    assert minji.email_verified_at is not None  # the link reached it
    again = client.get(path_of(link))  # used: the address is no longer the old one
    assert again.status_code == 400


def test_link_works_when_opened_signed_out(client, make_user):
    minji = make_user("minji")
    response = client.get(f"/account/email/{tokens.change_token(minji, 'fresh@example.com')}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert email_of(minji) == "fresh@example.com"


def test_password_and_privacy_still_save_at_once(client, make_user, login, mailbox):
    minji = make_user("minji")
    login(minji)
    data = {"email": "minji@example.com", "current_password": PASSWORD,
            "new_password": "a brand new password", "confirm": "a brand new password"}  # fmt: skip
    assert client.submit("/account", data, page="/account").status_code == 303
    assert "Your password and list privacy were updated." in client.get("/account").text
    time.sleep(0.2)
    assert mailbox.messages == []  # the address did not change: nothing to confirm


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("taken@example.com", PASSWORD, "An account with that email already exists."),
        ("TAKEN@Example.com", PASSWORD, "An account with that email already exists."),
        ("new@example.com", "wrong password!", "Your current password is not correct."),
        ("not-an-email", PASSWORD, "Enter a valid email address."),
        ("", PASSWORD, "Enter your email address."),
    ],
)
def test_refused_change_says_why_and_mails_nothing(
    client, make_user, login, mailbox, email, password, message
):
    make_user("taken")
    minji = make_user("minji")
    login(minji)
    response = ask_for_change(client, email, password=password)
    assert response.status_code == 200
    assert message in response.text
    assert email_of(minji) == "minji@example.com"
    time.sleep(0.2)
    assert mailbox.messages == []


def test_address_taken_meanwhile_keeps_the_old_one(client, make_user):
    minji = make_user("minji")
    path = f"/account/email/{tokens.change_token(minji, 'wanted@example.com')}"
    make_user("wanted")  # wanted@example.com
    response = client.get(path)
    assert response.status_code == 400
    assert "That address is taken" in response.text
    assert email_of(minji) == "minji@example.com"


def test_link_expires_after_a_day(client, make_user):
    minji = make_user("minji")
    signed_at = int(time.time()) - 24 * 3600 - 60
    original = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: signed_at
    try:
        token = tokens.change_token(minji, "late@example.com")
    finally:
        TimestampSigner.get_timestamp = original
    response = client.get(f"/account/email/{token}")
    assert response.status_code == 400
    assert "This link has expired" in response.text
    assert email_of(minji) == "minji@example.com"


def test_link_of_a_deleted_account_does_not_work(client, make_user):
    minji = make_user("minji")
    path = f"/account/email/{tokens.change_token(minji, 'after@example.com')}"
    minji.deleted_at = datetime.now(UTC)
    db.session.commit()
    assert client.get(path).status_code == 400
    assert email_of(minji) == "minji@example.com"


def test_verification_link_for_the_old_address_dies_with_the_change(client, make_user):
    minji = make_user("minji")
    verify_path = f"/verify-email/{tokens.verify_token(minji)}"
    client.get(f"/account/email/{tokens.change_token(minji, 'moved@example.com')}")
    db.session.expire_all()
    minji.email_verified_at = None
    db.session.commit()
    assert client.get(verify_path).status_code == 400


class TestFailingMailServer:
    @pytest.fixture
    def app_settings(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": closed_port()}

    def test_the_member_is_told_and_nothing_changes(self, client, make_user, login):
        minji = make_user("minji")
        login(minji)
        assert ask_for_change(client, "new@example.com").status_code == 303
        page = client.get("/account").text
        assert "We could not send the confirmation mail just now" in page
        assert email_of(minji) == "minji@example.com"
