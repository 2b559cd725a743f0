"""Sign up, see your name, sign out, sign in again: in a real browser."""

import pytest

from tests.fixtures.browser import account_menu

pytestmark = pytest.mark.browser


def test_signup_logout_login_journey(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("browser_fan")
    page.get_by_label("Email").fill("fan@example.com")
    page.get_by_label("Password", exact=True).fill("a long password")
    page.get_by_label("Confirm password").fill("a long password")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/")
    assert page.locator(".current-user").inner_text() == "browser_fan"
    assert "Welcome to Unspoiled" in page.locator("#messages").inner_text()

    account_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_selector("text=You are signed out.")
    assert page.locator(".current-user").count() == 0

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username or email").fill("fan@example.com")
    page.get_by_label("Password").fill("a long password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".current-user")
    assert page.locator(".current-user").inner_text() == "browser_fan"


def test_htmx_loads_under_the_csp_and_sends_csrf_header(page):
    page.goto("/")
    assert page.evaluate("window.htmx && window.htmx.version") == "2.0.11"
    # An htmx POST carries the token from the meta tag: signing out through htmx works.
    page.goto("/login")
    page.get_by_label("Username or email").fill("minji")
    page.get_by_label("Password").fill("unspoiled-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".current-user")
    page.wait_for_load_state("load")  # htmx is a deferred script: wait until it has run
    status = page.evaluate(
        """() => new Promise(resolve => {
            document.body.addEventListener('htmx:afterRequest',
                e => resolve(e.detail.xhr.status), {once: true});
            htmx.ajax('POST', '/logout', {target: 'body', swap: 'none'});
        })"""
    )
    assert status == 200  # the 303 was followed to the home page
    page.goto("/")
    assert page.locator(".current-user").count() == 0


def test_error_fragment_lands_in_message_area(page):
    page.expected_errors = ["404"]  # the HTTP error and htmx's console report of it
    page.goto("/")
    page.evaluate("htmx.ajax('GET', '/no-such-page', {target: 'main'})")
    page.wait_for_selector("#messages #error-message")
    assert "Not found" in page.locator("#messages").inner_text()
    assert page.locator("main h1").count() == 1  # the page itself was not replaced
