"""GET /feed: what followed members and watched shows produced, gated by the reader's
progress, newest first by a cursor that new items do not shift."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.feed import service as feed
from app.models import Activity, ListItem, ProgressEvent, Review, ShowList
from app.models.user import utcnow
from app.progress.rules import Progress
from app.progress.service import save_entry, set_numbers_override
from app.ratings import service as ratings
from app.reviews.service import delete_review


def feed_html(client, **args) -> str:
    response = client.get("/feed", query_string=args)
    assert response.status_code == 200
    return response.text


def item_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="activity-(\d+)"', html)]


# -- who appears ---------------------------------------------------------------------------


def test_anonymous_reader_is_sent_to_sign_in(client):
    response = client.get("/feed")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_feed_shows_reviews_of_followed_members(
    client, login, make_user, make_review, make_show, follow
):
    reader, friend, stranger = make_user(), make_user(), make_user()
    follow(reader, friend)
    make_review(show=make_show(), author=friend, title="FRIEND-REVIEW-TITLE")
    make_review(show=make_show(), author=stranger, title="STRANGER-REVIEW-TITLE")
    login(reader)
    html = feed_html(client)
    assert "FRIEND-REVIEW-TITLE" in html
    assert "STRANGER-REVIEW-TITLE" not in html


@pytest.mark.parametrize(
    ("status", "shown"),
    [("watching", True), ("completed", True), ("plan_to_watch", False), ("dropped", False)],
)
def test_feed_shows_activity_on_shows_the_reader_watches(
    client, login, make_user, make_review, make_show, status, shown
):
    reader, stranger = make_user(), make_user()
    show = make_show(episodes=10)
    episodes = {"completed": 10, "plan_to_watch": 0}.get(status, 3)
    save_entry(reader, show, Progress(episodes, status))
    db.session.commit()
    make_review(show=show, author=stranger, title="WATCHED-SHOW-REVIEW")
    login(reader)
    assert ("WATCHED-SHOW-REVIEW" in feed_html(client)) is shown


def test_own_activity_and_blocked_members_stay_out(
    client, login, make_user, make_review, make_show, follow, block, watch
):
    reader, blocked, blocker, friend = (make_user() for _ in range(4))
    show = make_show()
    watch(reader, show, 3)
    for member in (blocked, blocker, friend):
        follow(reader, member)
    block(reader, blocked)
    block(blocker, reader)
    make_review(show=show, author=reader, title="MY-OWN-REVIEW")
    make_review(show=show, author=blocked, title="BLOCKED-REVIEW")
    make_review(show=show, author=blocker, title="BLOCKER-REVIEW")
    make_review(show=show, author=friend, title="FRIEND-REVIEW")
    login(reader)
    html = feed_html(client)
    assert "FRIEND-REVIEW" in html
    for absent in ("MY-OWN-REVIEW", "BLOCKED-REVIEW", "BLOCKER-REVIEW"):
        assert absent not in html


def test_member_with_an_empty_feed_gets_a_next_step(client, login, make_user):
    login(make_user())
    html = feed_html(client)
    assert "Nothing here yet" in html
    assert 'href="/shows"' in html


# -- gating --------------------------------------------------------------------------------


def test_review_item_never_carries_its_spoilers(
    client, login, make_user, make_review, make_show, watch
):
    show = make_show(episodes=10)
    make_review(
        show=show,
        body="[spoiler ep=9]FEED-SPOILER-EP9[/spoiler] FEED-PLAIN-TEXT holds up."
        " [spoiler]FEED-SPOILER-WHOLE[/spoiler]",
        title="A review with spoilers",
        episodes_watched=10,
    )
    reader = make_user()
    watch(reader, show, 2)
    login(reader)
    html = feed_html(client)
    assert "FEED-PLAIN-TEXT" in html  # control: the excerpt is there
    assert "written at episode 10 of 10" in html
    assert "FEED-SPOILER-EP9" not in html
    assert "FEED-SPOILER-WHOLE" not in html


def rated_episode_nine(make_user, make_show, rate_episode):
    show = make_show(episodes=10, episode_titles=[f"EPTITLE-{n}" for n in range(1, 11)])
    rate_episode(make_user(), show, 9, 3.5)
    return show


def test_episode_rating_beyond_progress_shows_neither_value_nor_title(
    client, login, make_user, make_show, rate_episode, watch
):
    show = rated_episode_nine(make_user, make_show, rate_episode)
    reader = make_user()
    watch(reader, show, 2)
    login(reader)
    html = feed_html(client)
    assert (
        f'rated an episode of <a href="/shows/{show.slug}">{show.title}</a> you haven’t reached'
        in html
    )
    assert "EPTITLE-9" not in html
    assert "3.5" not in html
    assert "episodes/9" not in html


def test_episode_rating_reached_shows_value_and_title(
    client, login, make_user, make_show, rate_episode, watch
):
    show = rated_episode_nine(make_user, make_show, rate_episode)
    reader = make_user()
    watch(reader, show, 9)
    login(reader)
    html = feed_html(client)
    assert "EPTITLE-9" in html
    assert "<strong>3.5</strong>/10" in html
    assert "you haven’t reached" not in html


def test_episode_rating_respects_hidden_numbers(
    client, login, make_user, make_show, rate_episode, watch
):
    show = rated_episode_nine(make_user, make_show, rate_episode)
    reader = make_user()
    watch(reader, show, 9)
    set_numbers_override(reader, show, 10)
    db.session.commit()
    login(reader)
    html = feed_html(client)
    assert "EPTITLE-9" in html  # control: the episode is open
    assert "3.5" not in html
    assert "Rating hidden until you reach episode 10" in html


# -- one item per source, sources that go --------------------------------------------------


def activity_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Activity))


def test_changing_a_rating_adds_no_item_and_shows_the_new_value(
    client, login, make_user, make_show, rate_episode, follow
):
    show = make_show(episodes=4)
    rater, reader = make_user(), make_user()
    rate_episode(rater, show, 2, 6.0)
    ratings.rate(rater, show, 2, 9.5)
    db.session.commit()
    assert activity_count() == 1
    follow(reader, rater)
    save_entry(reader, show, Progress(4, "completed"))
    db.session.commit()
    login(reader)
    html = feed_html(client)
    assert "<strong>9.5</strong>/10" in html
    assert "6.0" not in html


def test_record_refuses_an_unknown_kind(app):
    with pytest.raises(ValueError):
        feed.record("poke", actor_id=1, show_id=None, target_id=1)


def test_gone_held_or_removed_sources_leave_no_item(
    client, login, make_user, make_review, make_show, rate_episode, follow
):
    reader, friend = make_user(), make_user()
    follow(reader, friend)
    deleted = make_review(show=make_show(), author=friend, title="DELETED-REVIEW")
    held = make_review(show=make_show(), author=friend, title="HELD-REVIEW")
    kept = make_review(show=make_show(), author=friend, title="KEPT-REVIEW")
    show = make_show(episodes=3, episode_titles=["E1", "REMOVED-RATING-EP", "E3"])
    rate_episode(friend, show, 2, 7.0)
    save_entry(reader, show, Progress(3, "completed"))
    db.session.commit()
    login(reader)
    html = feed_html(client)
    before = html[html.index('class="feed-page"') :]
    assert all(s in before for s in ("DELETED-REVIEW", "HELD-REVIEW", "REMOVED-RATING-EP"))
    delete_review(deleted)
    held.held_at = utcnow()
    ratings.remove(friend, show, 2)
    db.session.commit()
    html = feed_html(client)
    after = html[html.index('class="feed-page"') :]
    assert "KEPT-REVIEW" in after  # control
    for gone in ("DELETED-REVIEW", "HELD-REVIEW", "REMOVED-RATING-EP"):
        assert gone not in after
    assert 'id="activity-' in after and kept.id


# -- the cursor ----------------------------------------------------------------------------


def test_cursor_pages_stay_stable_while_new_items_arrive(
    client, login, make_user, make_review, make_show, follow
):
    reader, friend = make_user(), make_user()
    follow(reader, friend)
    for _ in range(25):
        make_review(show=make_show(), author=friend)
    login(reader)
    first = feed_html(client)
    first_ids = item_ids(first)
    assert len(first_ids) == 20 and first_ids == sorted(first_ids, reverse=True)
    older = re.search(r'href="/feed\?before=(\d+)"', first)
    assert older and int(older.group(1)) == first_ids[-1]
    for _ in range(3):  # newer items arrive between the two page loads
        make_review(show=make_show(), author=friend)
    second_ids = item_ids(feed_html(client, before=older.group(1)))
    assert len(second_ids) == 5
    assert not set(second_ids) & set(first_ids)
    assert max(second_ids) < min(first_ids)
    assert len(item_ids(feed_html(client))) == 20  # the newest page now starts higher


def test_load_more_with_htmx_gets_the_next_page_alone(
    client, login, make_user, make_review, make_show, follow
):
    reader, friend = make_user(), make_user()
    follow(reader, friend)
    reviews = [make_review(show=make_show(), author=friend) for _ in range(3)]
    login(reader)
    response = client.get(f"/feed?before={reviews[-1].id + 100}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div class="feed-page"')
    assert len(item_ids(response.text)) == 3


@pytest.mark.parametrize("before", ["junk", "-5", "0", "9" * 40, ""])
def test_junk_cursor_is_never_an_error(client, login, make_user, before):
    login(make_user())
    assert client.get("/feed", query_string={"before": before}).status_code == 200


# -- unlocked for you ----------------------------------------------------------------------


def backdate_progress_events(days: int = 2) -> None:
    """Age every progress change so far: they no longer join a new one's unlock."""
    db.session.execute(update(ProgressEvent).values(created_at=utcnow() - timedelta(days=days)))
    db.session.commit()


def test_progress_change_unlocks_reviews_and_episodes(
    client, login, make_user, make_show, make_review, watch
):
    show = make_show(episodes=10, episode_titles=[f"Chapter {n}" for n in range(1, 11)])
    make_review(show=show, episodes_watched=5)  # written in the window
    make_review(show=show, episodes_watched=10, body="[spoiler ep=4]x[/spoiler] y")
    make_review(show=show, episodes_watched=9)  # beyond it, no spoiler in it
    make_review(show=show, episodes_watched=1)  # before it
    reader = make_user()
    watch(reader, show, 2)
    backdate_progress_events()
    login(reader)
    client.submit(f"/shows/{show.slug}/episodes/6/watched", {})
    html = feed_html(client)
    section = html[html.index('id="unlocked"') :]
    assert f"2 reviews of {show.title}</a> now readable up to episode 6" in section
    for n in range(3, 7):
        assert f"/shows/{show.slug}/episodes/{n}" in section
    assert "Chapter 6" in section and "Chapter 7" not in section


def test_steps_of_one_add_up_to_one_unlock(client, login, make_user, make_show, watch):
    show = make_show(episodes=10)
    reader = make_user()
    watch(reader, show, 2)
    backdate_progress_events()
    for episode in (3, 4, 5):
        watch(reader, show, episode)
    login(reader)
    html = feed_html(client)
    assert f"/shows/{show.slug}/episodes/3" in html  # from episode 2, not 4
    assert f'/shows/{show.slug}/episodes/2"' not in html


def test_moving_back_unlocks_nothing(client, login, make_user, make_show, watch):
    show = make_show(episodes=10)
    reader = make_user()
    watch(reader, show, 6)
    watch(reader, show, 3)
    login(reader)
    assert 'id="unlocked"' not in feed_html(client)


# -- the home page -------------------------------------------------------------------------


def test_members_home_starts_the_feed_below_continue_watching(
    client, login, make_user, make_review, make_show, follow
):
    reader, friend = make_user(), make_user()
    follow(reader, friend)
    make_review(show=make_show(), author=friend, title="HOME-FEED-REVIEW")
    login(reader)
    html = client.get("/").text
    assert (
        html.index("Continue watching") < html.index("Your feed") < html.index("HOME-FEED-REVIEW")
    )
    assert 'href="/feed"' in html


def test_anonymous_home_has_no_feed(client, make_review):
    make_review(title="SOME-REVIEW")
    html = client.get("/").text
    assert "Your feed" not in html
    assert "SOME-REVIEW" in html  # control: recent reviews are there
    assert db.session.scalar(select(func.count()).select_from(Review)) == 1


def test_an_old_progress_change_unlocks_nothing(client, login, make_user, make_show, watch):
    show = make_show(episodes=10)
    reader = make_user()
    watch(reader, show, 4)
    login(reader)
    assert 'id="unlocked"' in feed_html(client)  # control: fresh, it shows
    backdate_progress_events(days=8)
    assert 'id="unlocked"' not in feed_html(client)


@pytest.mark.parametrize(("is_public", "shown"), [(True, True), (False, False)])
def test_list_item_shows_the_list_and_the_show_while_public(
    client, login, make_user, make_show, follow, is_public, shown
):
    reader, friend = make_user(), make_user()
    follow(reader, friend)
    show = make_show(title="LISTED-SHOW")
    show_list = ShowList(owner_id=friend.id, name="FEED-LIST-NAME", is_public=is_public)
    db.session.add(show_list)
    db.session.flush()
    db.session.add(ListItem(list_id=show_list.id, show_id=show.id, position=1))
    feed.record("list_item", actor_id=friend.id, show_id=show.id, target_id=show_list.id)
    db.session.commit()
    login(reader)
    html = feed_html(client)
    assert ("FEED-LIST-NAME" in html) is shown
    assert ("LISTED-SHOW" in html) is shown
