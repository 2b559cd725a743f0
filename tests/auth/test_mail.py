"""app/mail.py: mail goes to the SMTP server when MAIL_SERVER is set (even under TESTING),
to the log without it; a failing server never loses an account."""

import logging
import time

import pytest

from app import mail
from app.models import User
from tests.fixtures.mail import body_of, closed_port


@pytest.fixture
def app_settings(mailbox):
    return mailbox.settings


SIGNUP = {
    "username": "newcomer",
    "email": "newcomer@example.com",
    "password": "a long password",
    "confirm": "a long password",
}


def test_send_delivers_plain_text_through_smtp_even_when_testing(app, mailbox):
    assert app.testing  # Flask-Mail alone would not send under TESTING
    with app.test_request_context():
        mail.send(
            "reader@example.com",
            "Hello there",
            "verify_email",
            user=User(username="reader"),
            link="https://site.test/x",
            days=7,
        )
    [message] = mailbox.wait_for(1)
    assert message["To"] == "reader@example.com"
    assert message["Subject"] == "Hello there"
    assert message["From"] == "Unspoiled <no-reply@unspoiled.invalid>"
    assert message.get_content_type() == "text/plain"
    body = body_of(message)
    assert "Hello reader," in body
    assert "https://site.test/x" in body
    assert "works for 7 days" in body


def test_send_in_background_delivers_too(app, mailbox):
    with app.test_request_context():
        mail.send_in_background(
            "later@example.com",
            "Later",
            "reset_password",
            user=User(username="later"),
            link="https://site.test/r",
        )
    [message] = mailbox.wait_for(1)
    assert message["To"] == "later@example.com"
    assert "https://site.test/r" in body_of(message)


class TestWithoutMailServer:
    @pytest.fixture
    def app_settings(self):
        return {"MAIL_SERVER": None}

    def test_mail_is_logged_with_recipient_subject_and_body(self, app, mailbox, caplog):
        caplog.set_level(logging.INFO, logger="app.mail")
        with app.test_request_context():
            mail.send(
                "dev@example.com",
                "Confirm it",
                "verify_email",
                user=User(username="dev"),
                link="http://127.0.0.1:5000/verify-email/T0K",
                days=7,
            )
        [record] = [r for r in caplog.records if r.name == "app.mail"]
        assert record.levelno == logging.INFO
        text = record.getMessage()
        assert "To: dev@example.com" in text
        assert "Subject: Confirm it" in text
        assert "http://127.0.0.1:5000/verify-email/T0K" in text
        time.sleep(0.2)
        assert mailbox.messages == []  # nothing reached the SMTP server

    def test_signup_still_works_and_logs_the_link(self, client, caplog):
        caplog.set_level(logging.INFO, logger="app.mail")
        response = client.submit("/signup", SIGNUP, page="/signup")
        assert response.status_code == 303
        [record] = [r for r in caplog.records if r.name == "app.mail"]
        assert "/verify-email/" in record.getMessage()


class TestFailingMailServer:
    @pytest.fixture
    def app_settings(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": closed_port()}

    def test_signup_keeps_the_account_when_mail_fails(self, client, caplog):
        response = client.submit("/signup", SIGNUP, page="/signup")
        assert response.status_code == 303
        assert User.by_username("newcomer") is not None
        assert "verification mail not sent" in caplog.text
        assert 'class="current-user">newcomer<' in client.get("/").text

    def test_a_background_failure_is_logged(self, app, caplog):
        with app.test_request_context():
            mail.send_in_background(
                "x@example.com",
                "Lost",
                "reset_password",
                user=User(username="x"),
                link="https://site.test/r",
            )
        deadline = time.monotonic() + 10
        while "mail not sent" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "mail not sent" in caplog.text
