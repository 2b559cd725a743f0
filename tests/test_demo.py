"""Demo data that looks lived in (issue 16): reviews dated across the past months, votes
after their reviews, nothing in the future, and the same dates on a second run."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.demo import SPAN
from app.extensions import db
from app.models import HelpfulVote, Review, User, WatchEntry
from app.models.user import utcnow


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes, stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def review_dates(scale: bool = False) -> dict[int, datetime]:
    query = select(Review.id, Review.created_at).join(User, User.id == Review.author_id)
    generated = User.email.like("%@scale.unspoiled.invalid")
    query = query.where(generated if scale else ~generated)
    return {review_id: aware(at) for review_id, at in db.session.execute(query)}


def test_demo_reviews_are_spread_over_months_and_none_in_the_future(app):
    before = utcnow()
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    after = utcnow()
    dates = review_dates()
    assert len(dates) >= 10
    months = {(at.year, at.month) for at in dates.values()}
    assert len(months) >= 3, sorted(months)
    assert all(at <= after for at in dates.values())
    assert min(dates.values()) >= before - SPAN - timedelta(days=1)
    assert max(dates.values()) >= before - timedelta(days=2)  # something recent, too
    entries = [aware(at) for at in db.session.scalars(select(WatchEntry.updated_at))]
    assert all(at <= after for at in entries)
    assert len({at.date() for at in entries}) > 3  # not all updated on the day of the seed
    # the shows take turns: the four newest reviews are not all of one show
    newest = db.session.scalars(select(Review.show_id).order_by(Review.created_at.desc()).limit(4))
    assert len(set(newest)) > 1

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    db.session.expire_all()
    assert review_dates() == dates  # idempotent: a second run moves nothing


def test_generated_reviews_are_spread_and_their_votes_come_after_them(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo", "--scale", "40"]).exit_code == 0
    now = utcnow()
    dates = review_dates(scale=True)
    assert len(dates) == 160
    assert len({(at.year, at.month) for at in dates.values()}) >= 3
    assert all(now - SPAN - timedelta(hours=3) <= at <= now for at in dates.values())
    votes = db.session.execute(select(HelpfulVote.review_id, HelpfulVote.created_at)).all()
    generated_votes = [(rid, aware(at)) for rid, at in votes if rid in dates]
    assert generated_votes  # control: there are votes to check
    assert all(dates[rid] < at <= now for rid, at in generated_votes)
