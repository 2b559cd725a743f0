"""Fixtures live in tests/fixtures/; this file only lists them."""

pytest_plugins = [
    "tests.fixtures.app",
    "tests.fixtures.users",
    "tests.fixtures.shows",
    "tests.fixtures.reviews",
    "tests.fixtures.browser",
    "tests.fixtures.mail",
]
