"""Password reset and address verification in a real browser, reading the mail from the
test SMTP server the live server sends to (issue 19)."""

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import account_menu, sign_in, sign_up
from tests.fixtures.mail import link_in

pytestmark = pytest.mark.browser


def test_forgotten_password_is_reset_from_the_mailed_link(page, mailbox):
    username = sign_up(page, password="the old password")
    account_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_selector("text=You are signed out.")

    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    message = mailbox.last_to(f"{username}@example.com")
    assert message["Subject"] == "Choose a new password"
    page.goto(link_in(message))
    page.get_by_label("New password", exact=True).fill("the new password")
    page.get_by_label("Confirm new password").fill("the new password")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator(".current-user")).to_have_text(username)
    expect(page.locator("#messages")).to_contain_text("Your new password is set")

    account_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_selector("text=You are signed out.")
    page.goto("/login")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill("the old password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Incorrect username or password.")).to_be_visible()
    sign_in(page, username, "the new password")
    expect(page.locator(".current-user")).to_have_text(username)


def test_signup_verification_link_marks_the_address_verified(page, mailbox):
    username = sign_up(page)
    page.goto("/account")
    expect(page.locator("#email-status")).to_contain_text("Not verified yet")

    message = mailbox.last_to(f"{username}@example.com")
    assert message["Subject"] == "Confirm your email address"
    page.goto(link_in(message))
    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.locator("#email-status")).to_have_text(f"{username}@example.com: Verified")
    expect(page.locator("#messages")).to_contain_text("is verified")
