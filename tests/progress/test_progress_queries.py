"""What the progress widget's htmx POST costs in SQL statements (issue 20: at most 8
for a member with the page cache on), and that the count does not grow with the reviews
the reply lists."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import WatchEntry
from app.progress.rules import Progress
from app.progress.service import save_entry

HTMX = {"HX-Request": "true"}


@pytest.fixture(params=[0, 8], ids=["cache-off", "cache-on"])
def app_settings(request) -> dict:
    """The page cache off (what the reply costs to build) and on (the bench's setting)."""
    return {"PAGE_CACHE_MB": request.param, "SCORE_MIN_VOTES": 1}


@pytest.fixture
def scene(make_show, make_user, make_review, login):
    """A show with reviews by others, and a signed-in member at episode 5 who scored it
    (so the statistics move with every post)."""
    show = make_show(episodes=10)
    member = make_user()
    save_entry(member, show, Progress(5, "watching"), score=7.0)
    db.session.commit()
    login(member)

    def add_reviews(count: int) -> None:
        for n in range(count):
            make_review(f"Review {n} [spoiler ep=7]LATER-{n}[/spoiler]", show=show, rating=8.0)

    return show, member, add_reviews


def post_counted(client, count_queries, show, episode: int):
    """POST progress as the widget does and return the reply and its statements."""
    token = client.csrf_token("/")  # fetched before counting: `submit` would load a page
    data = {"episodes_watched": str(episode), "status": "watching", "csrf_token": token}
    url = f"/shows/{show.slug}/progress"  # the test's own attribute loads stay uncounted
    with count_queries() as counter:
        reply = client.post(url, data=data, headers=HTMX)
    assert reply.status_code == 200
    return reply, counter


def statement_counts(client, count_queries, show) -> list[int]:
    """Statements of four posts, alternating episodes 6 and 5 as the bench does (from the
    third on the cache holds the reply for both when it is on)."""
    counts = []
    for episode in (6, 5, 6, 5):
        reply, counter = post_counted(client, count_queries, show, episode)
        assert f'value="{episode}"' in reply.text
        counts.append(counter.count)
    return counts


def test_member_progress_post_statement_count_is_small_and_flat(app, client, count_queries, scene):
    show, _member, add_reviews = scene
    add_reviews(2)
    few = statement_counts(client, count_queries, show)
    add_reviews(23)  # more than a page of the list
    many = statement_counts(client, count_queries, show)
    assert few == many
    # The account; the show with C; the member's lock; their entry with their review; the
    # UPDATE; the progress event; the reader's marks (the reply's key). A built reply adds
    # the show's statistics, episode statistics, the reviews, their count and the
    # episodes. SQLite counts its BEGIN IMMEDIATE besides.
    begin = 1 if db.engine.dialect.name == "sqlite" else 0
    built, cached = 12 + begin, 7 + begin
    if app.config["PAGE_CACHE_MB"]:
        assert few == [built, built, cached, cached]  # episodes 6 and 5 once each, then hits
    else:
        assert few == [built] * 4
    assert cached <= 8  # issue 20


def test_progress_post_that_moves_the_statistics_replies_with_them(client, count_queries, scene):
    show, member, add_reviews = scene
    add_reviews(2)  # scored 8.0: with the member's 7.0 the mean and C are 7.7
    before = _score_block(client.get(f"/shows/{show.slug}").text, show)
    assert "7.7" in before
    # Back to episode 1, before a score counts (ceil(10 / 5) = 2): theirs leaves the
    # statistics, the mean and C become 8.0, and the reply's weighted score needs the new C.
    reply, _counter = post_counted(client, count_queries, show, 1)
    entry = db.session.scalar(select(WatchEntry).filter_by(user_id=member.id))
    assert entry.episodes_watched == 1
    after = _score_block(client.get(f"/shows/{show.slug}").text, show)
    assert "Weighted for rankings: 8.00" in after
    assert _score_block(reply.text, show).replace(' hx-swap-oob="true"', "") == after


def _score_block(html: str, show) -> str:
    """The show's score section, as the page and the reply's out-of-band part show it."""
    start = html.index(f'<section id="score-{show.id}"')
    return html[start : html.index("</section>", start)]
