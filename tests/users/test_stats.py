"""Watch stats on the profile (issue 18): totals with and without runtimes, completions,
the score distribution, genres, a year in review from progress changes, privacy, and a
query count that stays flat as the member's list grows."""

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ProgressEvent, Review
from app.models.user import utcnow
from app.progress.rules import Progress
from app.progress.service import save_entry
from app.users.stats import profile_stats

THIS_YEAR = utcnow().year


@pytest.fixture
def app_settings() -> dict:
    """The page cache off, so the query counts are what the profile costs to build."""
    return {"PAGE_CACHE_MB": 0}


def watch(user, show, episodes: int, *, score: float | None = None, when: datetime | None = None):
    """Set `user`'s progress (completed at the last episode), optionally dated `when`."""
    status = "completed" if episodes == show.episode_count else "watching"
    save_entry(user, show, Progress(episodes, status), score=score)
    if when is not None:
        db.session.flush()
        newest = db.session.scalar(
            select(ProgressEvent)
            .where(ProgressEvent.user_id == user.id, ProgressEvent.show_id == show.id)
            .order_by(ProgressEvent.id.desc())
        )
        newest.created_at = when
    db.session.commit()


def stats_of(user, **kwargs):
    return profile_stats(user, viewer=user, **kwargs)["stats"]


def test_episodes_and_hours_sum_shows_with_a_runtime_and_count_the_others_apart(
    make_user, make_show
):
    member = make_user()
    long_show = make_show(episodes=16, runtime_minutes=70)
    short_show = make_show(episodes=10, runtime_minutes=52)
    unknown = make_show(episodes=12)
    unwatched_unknown = make_show(episodes=6)
    watch(member, long_show, 16)
    watch(member, short_show, 3)
    watch(member, unknown, 5)
    save_entry(member, unwatched_unknown, Progress(0, "plan_to_watch"))
    db.session.commit()
    stats = stats_of(member)
    assert stats.episodes == 16 + 3 + 5
    assert stats.minutes == 16 * 70 + 3 * 52
    assert stats.hours == "21"  # 1,276 minutes
    assert stats.without_runtime == 1  # planned shows are not "watched"
    assert stats.completed == 1


@pytest.mark.parametrize(
    ("minutes", "shown"), [(0, "0"), (45, "0.8"), (90, "1.5"), (600, "10"), (74_000, "1,233")]
)
def test_hours_read_as_words(minutes, shown):
    from app.users.stats import WatchStats, YearInReview

    year = YearInReview(2026, [2026], [0] * 12, 0, 0)
    stats = WatchStats(1, minutes, 0, 0, [0] * 19, [], year)
    assert stats.hours == shown


def test_profile_shows_the_figures_and_the_shows_without_a_runtime(client, make_user, make_show):
    member = make_user()
    watch(member, make_show(episodes=8, runtime_minutes=70), 8)
    watch(member, make_show(episodes=12), 4)
    watch(member, make_show(episodes=8), 2)
    page = client.get(f"/users/{member.username}").text
    assert "<dt>Episodes watched</dt><dd>14</dd>" in page
    assert "<dt>Hours watched</dt><dd>9.3</dd>" in page  # 560 minutes
    assert "plus 2 shows without a runtime" in page
    assert "<dt>Shows completed</dt><dd>1</dd>" in page


def test_empty_stats_say_so(client, make_user, login):
    member = make_user()
    login(member)
    page = client.get(f"/users/{member.username}").text
    assert "No episodes watched yet." in page
    assert "No scores yet." in page
    assert "No genres yet" in page
    assert f"Nothing watched or reviewed in {THIS_YEAR}." in page
    assert "<svg" not in page.split('class="watch-stats"')[1]


def test_score_distribution_counts_the_members_scores_by_half_point(make_user, make_show):
    member = make_user()
    for score in (8.5, 8.5, 10.0, 1.0):
        watch(member, make_show(episodes=4), 4, score=score)
    watch(member, make_show(episodes=4), 2)  # no score
    scores = stats_of(member).scores
    assert len(scores) == 19
    assert (scores[0], scores[15], scores[18]) == (1, 2, 1)  # 1.0, 8.5, 10.0
    assert sum(scores) == 4


def test_score_distribution_is_drawn_with_a_table_of_shows(client, make_user, make_show):
    member = make_user()
    watch(member, make_show(episodes=4), 4, score=7.5)
    page = client.get(f"/users/{member.username}").text
    stats = page.split('class="watch-stats"')[1]
    assert "<caption>Number of shows given each score</caption>" in stats
    assert "<tr><td>7.5</td><td>1</td></tr>" in stats
    assert "7.5: 1 show</title>" in stats


def test_genres_rank_by_episodes_watched_and_skip_unwatched_shows(make_user, make_show):
    member = make_user()
    watch(member, make_show(episodes=16, genres=["Romance", "Drama"]), 16)
    watch(member, make_show(episodes=10, genres=["Drama", "Family"]), 10)
    watch(member, make_show(episodes=6, genres=["Thriller"]), 2)
    save_entry(member, make_show(episodes=30, genres=["Historical"]), Progress(0, "plan_to_watch"))
    db.session.commit()
    genres = [(g.name, g.episodes, g.shows) for g in stats_of(member).genres]
    assert genres == [("Drama", 26, 2), ("Romance", 16, 1), ("Family", 10, 1), ("Thriller", 2, 1)]


def test_year_in_review_sums_rises_by_month_and_ignores_lowering(make_user, make_show):
    member = make_user()
    show = make_show(episodes=16)
    watch(member, show, 4, when=datetime(THIS_YEAR, 1, 10))
    watch(member, show, 10, when=datetime(THIS_YEAR, 3, 2))  # +6
    watch(member, show, 7, when=datetime(THIS_YEAR, 3, 5))  # lowered: not "unwatched"
    watch(member, show, 9, when=datetime(THIS_YEAR, 3, 9))  # +2
    watch(member, show, 16, when=datetime(THIS_YEAR, 12, 31, 23, 59))  # +7, completed
    watch(member, make_show(episodes=5), 5, when=datetime(THIS_YEAR - 1, 12, 31, 23, 59))
    year = stats_of(member).year
    assert year.year == THIS_YEAR
    assert year.months == [4, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 7]
    assert year.episodes == 19
    assert year.completed == 1
    assert year.years == [THIS_YEAR, THIS_YEAR - 1]
    last = stats_of(member, year=THIS_YEAR - 1).year
    assert (last.year, last.episodes, last.completed, last.months[11]) == (THIS_YEAR - 1, 5, 1, 5)


def test_year_in_review_counts_a_rewatch_once_as_a_completion(make_user, make_show):
    member = make_user()
    show = make_show(episodes=3)
    watch(member, show, 3, when=datetime(THIS_YEAR, 2, 1))
    watch(member, show, 0, when=datetime(THIS_YEAR, 5, 1))
    watch(member, show, 3, when=datetime(THIS_YEAR, 6, 1))
    year = stats_of(member).year
    assert (year.episodes, year.completed) == (6, 1)


def test_year_in_review_counts_reviews_written_that_year(make_user, make_review, make_show):
    member = make_user()
    this, last = make_review(author=member), make_review(author=member)
    db.session.get(Review, last.id).created_at = datetime(THIS_YEAR - 1, 6, 1)
    db.session.commit()
    assert this.id != last.id
    assert stats_of(member).year.reviews == 1
    assert stats_of(member, year=THIS_YEAR - 1).year.reviews == 1


@pytest.mark.parametrize("asked", ["1999", "3000", "abc", "", str(THIS_YEAR + 1), "-1"])
def test_a_year_out_of_range_or_junk_shows_this_year(client, make_user, make_show, asked):
    member = make_user()
    watch(member, make_show(episodes=4), 2, when=datetime(THIS_YEAR, 4, 1))
    response = client.get(f"/users/{member.username}?year={asked}")
    assert response.status_code == 200
    assert f"{THIS_YEAR} in review</h3>" in response.text


def test_a_chosen_year_is_linked_and_shown(client, make_user, make_show):
    member = make_user()
    watch(member, make_show(episodes=4), 2, when=datetime(THIS_YEAR - 2, 4, 1))
    page = client.get(f"/users/{member.username}").text
    assert f"?year={THIS_YEAR - 2}#stats-{member.id}-year" in page
    older = client.get(f"/users/{member.username}?year={THIS_YEAR - 2}").text
    assert f"{THIS_YEAR - 2} in review</h3>" in older
    assert "<tr><td>Apr</td><td>2</td></tr>" in older


PRIVATE_SENTINEL_GENRE = "Genre-Sentinel-7Q"


@pytest.mark.parametrize("reader", ["anonymous", "other member", "owner"])
def test_stats_follow_the_members_list_visibility(client, make_user, make_show, login, reader):
    member = make_user()
    watch(member, make_show(episodes=4, genres=[PRIVATE_SENTINEL_GENRE]), 4)
    if reader == "other member":
        login(make_user())
    elif reader == "owner":
        login(member)
    public = client.get(f"/users/{member.username}").text
    assert PRIVATE_SENTINEL_GENRE in public  # the positive control
    member.is_list_public = False
    db.session.commit()
    private = client.get(f"/users/{member.username}").text
    assert (PRIVATE_SENTINEL_GENRE in private) == (reader == "owner")
    assert ('class="watch-stats"' in private) == (reader == "owner")


def test_no_viewer_counts_as_an_anonymous_reader(make_user):
    member = make_user()
    member.is_list_public = False
    db.session.commit()
    assert profile_stats(member) == {"stats": None}
    assert profile_stats(member, viewer=member)["stats"] is not None


def test_charts_have_no_inline_style_or_script(client, make_user, make_show):
    member = make_user()
    watch(member, make_show(episodes=4, genres=["Drama"]), 4, score=9.0)
    stats = client.get(f"/users/{member.username}").text.split('class="watch-stats"')[1]
    assert stats.count("<svg") == 3
    assert stats.count('class="visually-hidden"') == 3
    assert not re.search(r"\sstyle=|<script|\son[a-z]+=", stats)


def profile_queries(client, count_queries, member) -> int:
    client.get(f"/users/{member.username}")
    with count_queries() as counter:
        assert client.get(f"/users/{member.username}").status_code == 200
    return counter.count


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "owner"])
def test_profile_query_count_is_flat_as_the_list_grows(
    client, count_queries, make_user, make_show, make_review, login, signed_in
):
    member = make_user()
    if signed_in:
        login(member)
    shows = [make_show(episodes=6, genres=["Drama", f"G{n}"], runtime_minutes=60) for n in range(3)]
    for show in shows:
        watch(member, show, 6, score=8.0)
    make_review(author=member)
    small = profile_queries(client, count_queries, member)
    more = [make_show(episodes=6, genres=["Comedy", f"H{n}"]) for n in range(12)]
    for number, show in enumerate(more):
        watch(member, show, 3 + number % 4, score=5.0 + number % 6)
        make_review(author=member, show=show)
    assert profile_queries(client, count_queries, member) == small


def test_stats_cost_five_queries_whatever_the_list_holds(count_queries, make_user, make_show):
    """The stats' own share of the profile (the page's other parts belong to others):
    entries by score, genres, first activity, the year's months, its completions and
    reviews."""
    member = make_user()
    for number in range(8):
        watch(member, make_show(episodes=4, genres=["Drama"]), 4, score=6.0 + number / 2)
    assert member.is_list_public  # loaded, as the profile has it
    with count_queries() as counter:
        stats_of(member)
    assert counter.count == 5
