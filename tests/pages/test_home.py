"""The home page: "Continue watching" for members with its one-click next episode, the
show cards (score or "Not yet rated", the member's progress) and what each costs in
queries."""

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Show, WatchEntry
from app.models.user import utcnow
from app.progress.rules import Progress
from app.progress.service import save_entry


@pytest.fixture
def app_settings() -> dict:
    """Two counted scores publish a mean, so a handful of members rank a show."""
    return {"SCORE_MIN_VOTES": 2}


def set_entry(user, show, episodes, status="watching", *, score=None, minutes_ago=0):
    """Give `user` progress on `show`, last updated `minutes_ago`."""
    entry = save_entry(user, show, Progress(episodes, status), score=score)
    entry.updated_at = utcnow() - timedelta(minutes=minutes_ago)
    db.session.commit()
    return entry


def entry_of(user, show) -> WatchEntry:
    db.session.expire_all()
    return db.session.scalar(
        select(WatchEntry).where(WatchEntry.user_id == user.id, WatchEntry.show_id == show.id)
    )


def continue_section(html: str) -> str:
    """The "Continue watching" section of the home page ('' when there is none)."""
    if 'id="continue-heading"' not in html:
        return ""
    return html.split('id="continue-heading"')[1].split("</section>")[0]


def card(html: str, show) -> str:
    """The "Continue watching" card of `show`."""
    match = re.search(rf'<li id="continue-{show.id}".*?</li>', html, re.DOTALL)
    assert match, f"no Continue watching card for {show.title}"
    return match.group(0)


def next_episode_form(html: str, show) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the card's one-click form, as a browser sends them."""
    form = card(html, show)
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', form).group(1))
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields.pop("csrf_token", None)
    return action, fields


# -- Continue watching -------------------------------------------------------------------


def test_continue_watching_lists_only_shows_in_progress_newest_first(
    client, make_show, make_user, login
):
    user = make_user()
    older, newer, finished, planned, dropped, on_hold = (make_show(episodes=8) for _ in range(6))
    set_entry(user, older, 2, minutes_ago=60)
    set_entry(user, newer, 5, minutes_ago=5)
    set_entry(user, finished, 8, "completed")
    set_entry(user, planned, 0, "plan_to_watch")
    set_entry(user, dropped, 3, "dropped")
    set_entry(user, on_hold, 3, "on_hold")
    login(user)
    section = continue_section(client.get("/").text)
    assert section.index(newer.title) < section.index(older.title)  # most recent first
    for other in (finished, planned, dropped, on_hold):
        assert other.title not in section
    assert "Watched episode 6" in card(section, newer)
    assert "5 of 8" in card(section, newer)


def test_continue_watching_is_for_members_only(client, make_show, make_review):
    make_review(show=make_show("Reviewed Show"))
    html = client.get("/").text
    assert continue_section(html) == ""
    assert "Top shows" in html and "Recently reviewed" in html and "Recent reviews" in html


def test_member_with_nothing_in_progress_gets_a_next_step(client, make_user, login):
    login(make_user())
    section = continue_section(client.get("/").text)
    assert "Nothing in progress" in section
    assert 'href="/shows"' in section


def test_one_click_advances_by_one_keeps_the_score_and_returns_home(
    client, make_show, make_user, login
):
    user = make_user()
    show = make_show(episodes=10)
    set_entry(user, show, 4, score=8.5)
    login(user)
    action, fields = next_episode_form(client.get("/").text, show)
    assert "score" not in fields  # the one-click form never sends a score
    response = client.submit(action, fields, page="/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status, entry.score) == (5, "watching", 8.5)
    assert "Watched episode 6" in card(client.get("/").text, show)


def test_one_click_with_htmx_replaces_the_card(client, make_show, make_user, login):
    user = make_user()
    show = make_show(episodes=10)
    set_entry(user, show, 4, score=7.0)
    login(user)
    action, fields = next_episode_form(client.get("/").text, show)
    response = client.submit(action, fields, page="/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith(f'<li id="continue-{show.id}"')
    assert "Watched episode 6" in html and "5 of 10" in html
    assert "<html" not in html  # a fragment, not a page
    assert entry_of(user, show).score == 7.0


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_finishing_a_show_takes_it_off_continue_watching(client, make_show, make_user, login, htmx):
    user = make_user()
    show = make_show(episodes=6)
    set_entry(user, show, 5, score=9.0)
    login(user)
    action, fields = next_episode_form(client.get("/").text, show)
    assert fields == {"episodes_watched": "6", "status": "completed"}
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.submit(action, fields, page="/", headers=headers)
    entry = entry_of(user, show)
    assert (entry.episodes_watched, entry.status, entry.score) == (6, "completed", 9.0)
    if htmx:
        assert "Finished" in response.text and "Watched episode" not in response.text
    assert show.title not in continue_section(client.get("/").text)


def test_one_click_for_a_visitor_keeps_their_progress_and_goes_home(client, make_show):
    show = make_show(episodes=10)
    url = f"/shows/{show.slug}/progress?view=home"
    response = client.submit(url, {"episodes_watched": "1", "status": "watching"}, page="/")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "1 of 10 episodes watched." in client.get(f"/shows/{show.slug}").text


# -- cards ---------------------------------------------------------------------------------


def show_card(html: str, title: str) -> str:
    """The show card (shows/_list.html) titled `title`."""
    cards = re.findall(r'<li class="show-card">.*?</li>', html, re.DOTALL)
    found = [c for c in cards if f"<strong>{title}</strong>" in c]
    assert len(found) == 1, f"{len(found)} cards titled {title}"
    return found[0]


def test_cards_show_the_mean_or_not_yet_rated_and_the_members_progress(
    client, make_show, make_review, make_user, login
):
    rated, unrated = make_show("Rated Drama", episodes=10), make_show("Quiet Drama", episodes=16)
    for rating in (9.0, 8.0):
        make_review(show=rated, rating=rating)
    make_review(show=unrated, rating=6.0)  # one score: below the minimum of two
    member = make_user()
    set_entry(member, unrated, 4)
    login(member)
    html = client.get("/").text
    reviewed = html.split('id="reviewed-heading"')[1].split("</section>")[0]
    rated_card, unrated_card = (
        show_card(reviewed, "Rated Drama"),
        show_card(reviewed, "Quiet Drama"),
    )
    assert "<b>8.5</b>" in rated_card and "2 scores" in rated_card
    assert "Not yet rated" in unrated_card and "Not yet rated" not in rated_card
    assert '<progress max="16" value="4"' in unrated_card and "4 of 16" in unrated_card
    assert "<progress" not in rated_card  # no progress of theirs: no bar


def test_recent_reviews_carry_the_shows_poster(client, make_show, make_review):
    show = make_show("Poster Drama")
    review = make_review(show=show)
    html = client.get("/").text
    excerpt = re.search(rf'<li id="review-{review.id}".*?</li>', html, re.DOTALL).group(0)
    assert 'class="excerpt-poster"' in excerpt
    assert re.search(r'class="(poster|cover) (poster|cover)-thumb', excerpt)


# -- queries -------------------------------------------------------------------------------


def queries_for(client, count_queries, url: str) -> int:
    client.get(url)  # warm up: the session cookie and CSRF token exist from here on
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def add_shows_with_reviews(make_show, make_review, users, count: int) -> None:
    """`count` shows, each reviewed by every one of `users`."""
    for _ in range(count):
        show = make_show()
        for user in users:
            make_review(show=show, author=user)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_home_query_count_is_flat(
    client, count_queries, make_show, make_review, make_user, login, signed_in
):
    authors = [make_user() for _ in range(3)]
    member = make_user()
    add_shows_with_reviews(make_show, make_review, authors, 2)
    if signed_in:
        login(member)
        for show in db.session.scalars(select(Show).limit(2)).all():
            set_entry(member, show, 1)
    small = queries_for(client, count_queries, "/")
    add_shows_with_reviews(make_show, make_review, authors, 8)
    if signed_in:
        for show in db.session.scalars(select(Show)).all():
            if entry_of(member, show) is None:
                set_entry(member, show, 1)
    large = queries_for(client, count_queries, "/")
    assert small == large
    # top shows, recently reviewed shows, recent reviews (with shows and authors), the
    # cards' scores; a member adds their account, Continue watching and the cards'
    # progress, and the start of their feed (issue 18: the items with their sources, the
    # progress on their shows, and "Unlocked for you": progress changes, episode titles,
    # reviews opened)
    assert large == (12 if signed_in else 4)
