"""/feed costs the same number of queries however many follows and items it has."""

import pytest

from app.extensions import db
from app.models import Activity


@pytest.fixture
def app_settings() -> dict:
    """The page cache off: count what the page costs to build."""
    return {"PAGE_CACHE_MB": 0}


def queries_for(client, count_queries, url: str) -> int:
    client.get(url)  # warm up: the session cookie and CSRF token exist from here on
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def grow(make_user, make_show, make_review, rate_episode, follow, reader, members: int) -> None:
    """`members` more followed members, each with a review and an episode rating, and
    raw items on their shows."""
    for _ in range(members):
        friend = make_user()
        follow(reader, friend)
        show = make_show(episodes=4)
        make_review(show=show, author=friend)
        rate_episode(friend, show, 3, 7.5)
        db.session.add_all(
            Activity(actor_id=friend.id, show_id=show.id, kind="review", target_id=0)
            for _ in range(5)
        )  # sources gone: filtered out in SQL, never a query of their own
    db.session.commit()


@pytest.mark.parametrize("url", ["/feed", "/"])
def test_feed_query_count_is_flat_in_follows_and_items(
    client,
    count_queries,
    login,
    make_user,
    make_show,
    make_review,
    rate_episode,
    follow,
    watch,
    url,
):
    reader = make_user()
    show = make_show(episodes=10)
    watch(reader, show, 2)
    grow(make_user, make_show, make_review, rate_episode, follow, reader, 2)
    login(reader)
    small = queries_for(client, count_queries, url)
    grow(make_user, make_show, make_review, rate_episode, follow, reader, 12)
    large = queries_for(client, count_queries, url)
    assert small == large
    if url == "/feed":
        # the reader, the page of items with their sources, the reader's progress on
        # the page's shows; "Unlocked for you": the progress changes, the episodes'
        # titles, the reviews that opened
        assert large == 6
