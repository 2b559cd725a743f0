"""The number of SQL statements per page does not grow with what the page lists."""

import pytest


@pytest.fixture
def app_settings() -> dict:
    """The page cache off: these tests count what a page costs to build, not a cache hit
    (tests/shows/test_page_cache.py pins a hit at one query)."""
    return {"PAGE_CACHE_MB": 0}


def queries_for(client, count_queries, url: str) -> int:
    client.get(url)  # warm up: the session cookie and CSRF token exist from here on
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_show_list_query_count_is_flat(
    client, count_queries, make_show, make_user, login, signed_in
):
    if signed_in:
        login(make_user())
    for _ in range(5):
        make_show(genres=["Drama"], alt_titles=["Alt"])
    small = queries_for(client, count_queries, "/shows?q=drama")
    for _ in range(45):
        make_show(genres=["Drama"], alt_titles=["Alt"])
    large = queries_for(client, count_queries, "/shows?q=drama")
    assert small == large
    # the count, the shows, their cards' scores, three filter menus; a member adds their
    # account and their progress on the cards' shows
    assert large == (8 if signed_in else 6)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_show_page_query_count_is_flat(
    client, count_queries, make_show, make_user, login, signed_in
):
    if signed_in:
        login(make_user())
    few, many = make_show(episodes=5), make_show(episodes=50)
    assert queries_for(client, count_queries, f"/shows/{few.slug}") == queries_for(
        client, count_queries, f"/shows/{many.slug}"
    )
    # 7 / 10, +1 since issue 18: "In 12 lists" counts the public lists holding the show
    # (app/lists/queries.list_count, only when the cached part is built).
    assert queries_for(client, count_queries, f"/shows/{many.slug}") == (11 if signed_in else 8)
