"""The flask commands: seed-demo and users promote."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Show, User

MAIN_DEMO_SHOWS = [
    ("move-to-heaven", "Move to Heaven", 2021, "Netflix", 10),
    ("run-on", "Run On", 2020, "JTBC", 16),
    ("run-toward-tomorrow", "Run Toward Tomorrow", 2015, "SBS", 2),
    ("the-producers", "The Producers", 2015, "KBS2", 12),
]


def counts() -> tuple[int, int]:
    shows = db.session.scalar(select(func.count()).select_from(Show))
    users = db.session.scalar(select(func.count()).select_from(User))
    return shows, users


def test_seed_demo_loads_real_shows_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = counts()
    assert after_first[0] >= 16
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert "0 new shows, 0 new users, 0 new reviews" in second.output
    assert counts() == after_first
    for slug, title, year, network, episodes in MAIN_DEMO_SHOWS:
        show = db.session.scalar(select(Show).where(Show.slug == slug))
        assert (show.title, show.year, show.network, show.episode_count) == (
            title,
            year,
            network,
            episodes,
        )
        assert any("\uac00" <= ch <= "\ud7a3" for ch in show.native_title)  # Hangul


def test_demo_shows_are_on_the_home_page(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    html = client.get("/").text
    for _slug, title, *_ in MAIN_DEMO_SHOWS:
        assert title in html


def test_users_promote_sets_role(app, make_user):
    make_user("minji")
    result = app.test_cli_runner().invoke(args=["users", "promote", "MINJI", "--role", "moderator"])
    assert result.exit_code == 0
    assert "minji is now moderator." in result.output
    db.session.expire_all()
    assert User.by_username("minji").role == "moderator"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "promote", "nobody", "--role", "admin"], "No user named 'nobody'."),
        (["users", "promote", "minji", "--role", "emperor"], "Invalid value for '--role'"),
        (["users", "promote", "minji"], "Missing option '--role'"),
    ],
)
def test_users_promote_bad_input_is_a_clear_error(app, make_user, args, message):
    make_user("minji")
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    db.session.expire_all()
    assert User.by_username("minji").role == "user"


def test_seed_demo_scale_adds_generated_reviews_once_and_keeps_stats_exact(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--scale", "3"])
    assert first.exit_code == 0, first.output
    assert "3 members, 12 reviews" in first.output  # 3 per main demo show, 4 shows
    again = runner.invoke(args=["seed-demo", "--scale", "3"])
    assert "0 members, 0 reviews" in again.output
    assert runner.invoke(args=["stats", "check"]).exit_code == 0
