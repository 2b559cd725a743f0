"""Show and review pages run the same number of SQL statements for 5 or 60 reviews."""

import pytest


@pytest.fixture
def app_settings() -> dict:
    """The page cache off: these tests count what a page costs to build, not a cache hit
    (tests/shows/test_page_cache.py pins a hit at one query)."""
    return {"PAGE_CACHE_MB": 0}


def queries_for(client, count_queries, url: str) -> int:
    client.get(url)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_show_page_query_count_does_not_grow_with_reviews(
    client, count_queries, make_show, make_review, make_user, login, signed_in
):
    few, many = make_show(), make_show()
    body = "Plain.\n\n[spoiler ep=3]\nHidden.\n[/spoiler]\n\nMore ||untagged||."
    authors = [make_user() for _ in range(60)]
    for author in authors[:5]:
        make_review(body, show=few, author=author)
    for author in authors:
        make_review(body, show=many, author=author)
    if signed_in:
        login(make_user())
    small = queries_for(client, count_queries, f"/shows/{few.slug}")
    large = queries_for(client, count_queries, f"/shows/{many.slug}")
    assert small == large
    # The show with C, stats, reviews, their count, genres, titles, episodes, and the
    # number of public lists holding it ("In N lists"); a member adds their account,
    # their progress, and their own reviews and votes (one query).
    assert large == (11 if signed_in else 8)


def test_review_page_query_count(client, count_queries, make_review, make_user, login):
    review = make_review("Plain.\n\n[spoiler ep=3]\nHidden.\n[/spoiler]")
    login(make_user())
    # user, review with show and author, progress, the episodes they keep revealed,
    # comment count, comments with authors
    assert queries_for(client, count_queries, f"/reviews/{review.id}") <= 6
