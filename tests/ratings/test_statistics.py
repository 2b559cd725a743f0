"""Episode statistics move exactly with every rating set, changed, removed, banned or
unbanned, and `flask stats check` / `stats rebuild` cover them."""

import pytest
from sqlalchemy import update

from app import pagecache
from app.extensions import db
from app.models import EpisodeRating, EpisodeStats
from app.moderation import service as moderation
from app.permissions import NotAllowed
from app.ratings import queries, stats
from app.ratings import service as ratings
from tests.ratings.conftest import episode_stats


def check(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["stats", "check"])
    return result.exit_code, result.output


def test_rate_change_and_remove_move_the_statistics_exactly(app, make_show, make_rater):
    show = make_show(episodes=8)
    alice, bob = make_rater(show, episode=8), make_rater(show, episode=3)
    ratings.rate(alice, show, 3, 8.5)
    ratings.rate(bob, show, 3, 6.0)
    db.session.commit()
    assert episode_stats(show, 3) == (2, 14.5)
    ratings.rate(alice, show, 3, 9.5)  # changed: the count stays
    db.session.commit()
    assert episode_stats(show, 3) == (2, 15.5)
    assert db.session.get(EpisodeRating, (alice.id, show.id, 3)).rating == 9.5
    assert ratings.remove(bob, show, 3) is True
    assert ratings.remove(bob, show, 3) is False  # nothing left to remove
    db.session.commit()
    assert episode_stats(show, 3) == (1, 9.5)
    assert episode_stats(show, 4) == (0, 0.0)  # control: another episode untouched
    assert stats.drifts() == []
    assert check(app)[0] == 0


def test_only_members_who_watched_the_episode_may_rate(app, make_show, make_rater):
    show = make_show(episodes=8)
    member = make_rater(show, episode=4)
    with pytest.raises(NotAllowed, match="Mark episode 5 watched"):
        ratings.rate(member, show, 5, 7.0)
    db.session.rollback()
    ratings.rate(member, show, 4, 7.0)  # control: the episode they reached
    db.session.commit()
    assert episode_stats(show, 5) == (0, 0.0)
    assert episode_stats(show, 4) == (1, 7.0)


@pytest.mark.parametrize("value", [0.5, 10.5, 7.25, 0.0, float("nan")])
def test_the_service_refuses_a_rating_off_the_scale(app, make_show, make_rater, value):
    show = make_show(episodes=4)
    member = make_rater(show, episode=4)
    with pytest.raises(ValueError):
        ratings.rate(member, show, 2, value)
    db.session.rollback()
    assert episode_stats(show, 2) == (0, 0.0)


def test_a_ban_takes_ratings_out_and_the_unban_puts_them_back(app, make_show, make_user,
                                                               make_rater, rate):  # fmt: skip
    show = make_show(episodes=6)
    other = make_show(episodes=4)
    (member,) = rate(show, 2, 4.5)
    ratings.rate(member, show, 5, 9.0)
    rate(show, 2, 8.0)  # another member's rating stays
    later = make_rater(other, episode=4)
    ratings.rate(later, other, 1, 3.0)
    db.session.commit()
    moderator = make_user(role="moderator")
    member_other = make_rater(other, episode=4)
    ratings.rate(member_other, other, 1, 5.0)
    db.session.commit()
    moderation.ban(member, moderator, reason="Spam", until="permanent")
    db.session.commit()
    assert (episode_stats(show, 2), episode_stats(show, 5)) == ((1, 8.0), (0, 0.0))
    assert check(app)[0] == 0
    with pytest.raises(NotAllowed, match="banned"):
        ratings.rate(member, show, 3, 7.0)
    db.session.rollback()
    moderation.unban(member, moderator, reason="Appeal")
    db.session.commit()
    assert (episode_stats(show, 2), episode_stats(show, 5)) == ((2, 12.5), (1, 9.0))
    assert episode_stats(other, 1) == (2, 8.0)  # control: other members untouched
    assert check(app)[0] == 0


def test_a_ban_bumps_the_show_page(app, make_show, make_user, rate):
    show = make_show(episodes=4)
    (member,) = rate(show, 1, 6.5)
    version = show.page_version
    moderation.ban(member, make_user(role="moderator"), reason="Spam", until="permanent")
    db.session.commit()
    db.session.refresh(show)
    assert show.page_version > version


def test_stats_check_finds_drift_and_rebuild_repairs_it(app, make_show, rate):
    show = make_show(episodes=6)
    rate(show, 2, 7.0, 8.0)
    rate(show, 4, 5.0)
    assert check(app)[0] == 0  # control: exact before the tampering
    db.session.execute(
        update(EpisodeStats)
        .where(EpisodeStats.show_id == show.id, EpisodeStats.episode == 2)
        .values(rating_count=EpisodeStats.rating_count + 1)
    )
    pagecache.changed(db.session, show.id)
    db.session.add(EpisodeStats(show_id=show.id, episode=6, rating_count=1, rating_sum=9.0))
    db.session.commit()
    code, output = check(app)
    assert code == 1
    expected = "rating_count, rating_sum are 3, 15.0, expected 2, 15.0"
    assert f"show {show.id} episode 2: {expected}" in output
    assert f"show {show.id} episode 6" in output
    assert f"show {show.id} episode 4" not in output
    result = app.test_cli_runner().invoke(args=["stats", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "2 episodes changed" in result.output
    assert check(app)[0] == 0
    assert episode_stats(show, 2) == (2, 15.0)
    assert episode_stats(show, 6) == (0, 0.0)


def test_rebuild_restores_a_missing_row(app, make_show, rate):
    show = make_show(episodes=3)
    rate(show, 1, 6.0, 7.0)
    db.session.execute(EpisodeStats.__table__.delete().where(EpisodeStats.show_id == show.id))
    pagecache.changed(db.session, show.id)
    db.session.commit()
    assert check(app)[0] == 1
    assert stats.rebuild() == 1
    db.session.commit()
    assert episode_stats(show, 1) == (2, 13.0)
    assert stats.drifts() == []


@pytest.mark.parametrize("app_settings", [{"EPISODE_MIN_RATINGS": 3}])
def test_summaries_show_a_mean_from_the_minimum(app, make_show, rate, make_rater):
    show = make_show(episodes=5)
    rate(show, 1, 7.0, 8.0)
    assert queries.episode_summary(show, 1) == queries.EpisodeRatingSummary(1, 2, None)
    rate(show, 1, 9.0)
    assert queries.episode_summary(show, 1) == queries.EpisodeRatingSummary(1, 3, 8.0)
    assert queries.episode_summaries(show) == {1: queries.EpisodeRatingSummary(1, 3, 8.0)}
    member = make_rater(show, episode=5)
    assert queries.summary_and_own(show, 1, member.id)[1] is None
    ratings.rate(member, show, 1, 4.0)
    db.session.commit()
    assert queries.summary_and_own(show, 1, member.id) == (
        queries.EpisodeRatingSummary(1, 4, 7.0),
        4.0,
    )
    assert queries.summary_and_own(show, 2, member.id) == (queries.EpisodeRatingSummary(2), None)
