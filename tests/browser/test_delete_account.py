"""Deleting an account in a real browser (issue 19): write a review, delete the account
keeping it, find it signed "a former member", and fail to sign in again."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import sign_up

pytestmark = pytest.mark.browser

SHOW = "/shows/run-on"
PASSWORD = "a long password"


def test_delete_account_keeping_reviews_signs_them_a_former_member(page):
    name = sign_up(page, f"leaver_{uuid.uuid4().hex[:10]}", password=PASSWORD)
    tag = uuid.uuid4().hex[:8].upper()
    page.goto(SHOW)
    page.get_by_label("Episodes watched").fill("16")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".progress-widget")).to_contain_text("16 of 16 episodes watched.")
    page.get_by_role("link", name="Write a review").click()
    page.get_by_label("Title").fill(f"Kept words {tag}")
    page.locator("#review-body").fill(f"FAREWELL-{tag} A gentle drama, worth every episode.")
    page.get_by_label("Overall rating").select_option("8.5")
    page.get_by_role("button", name="Publish review").click()
    page.wait_for_url(re.compile(r"/reviews/\d+$"))
    review_url = page.url

    page.goto("/account")
    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_url("**/account/delete")
    page.get_by_label("Keep my reviews and comments").check()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".errors")).to_contain_text("That password is not correct")
    expect(page.locator(".current-user")).to_have_text(name)  # nothing happened

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator("#messages")).to_contain_text("Your account has been deleted.")
    expect(page.locator(".current-user")).to_have_count(0)

    page.goto(review_url)
    expect(page.locator("main")).to_contain_text(f"FAREWELL-{tag}")
    expect(page.locator(".review-stamp")).to_contain_text("by a former member")
    expect(page.locator(".review-stamp a", has_text=name)).to_have_count(0)
    assert name not in page.content()

    page.goto("/login")
    page.get_by_label("Username or email").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".current-user")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Incorrect username or password.")
