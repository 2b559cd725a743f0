"""Every event that moves a show's statistics moves them exactly, and `stats check` agrees."""

import pytest
from sqlalchemy import update

from app import pagecache
from app.extensions import db
from app.models import ShowStats
from app.progress.rules import Progress
from app.progress.service import save_entry
from app.reviews.service import ReviewDraft, delete_review, update_review
from app.scores import service as scores


def stats(show) -> ShowStats:
    db.session.expire_all()
    return db.session.get(ShowStats, show.id)


def check_passes(app) -> None:
    result = app.test_cli_runner().invoke(args=["stats", "check"])
    assert result.exit_code == 0, result.output


def set_score(client, show, score, episodes=None, status="watching", headers=None):
    data = {"episodes_watched": str(episodes if episodes is not None else show.episode_count),
            "status": status, "score": score}  # fmt: skip
    return client.submit(f"/shows/{show.slug}/progress", data, headers=headers or {})


def test_new_show_starts_with_empty_statistics(make_show):
    row = stats(make_show())
    assert (row.rating_count, row.rating_sum, row.histogram()) == (0, 0, [0] * 19)


def test_score_set_changed_and_removed_from_the_progress_form(app, client, make_show, make_user,
                                                               login):  # fmt: skip
    show = make_show(episodes=10)
    login(make_user())
    set_score(client, show, "8.5")
    row = stats(show)
    assert (row.rating_count, row.rating_sum, row.half_17_count, row.completed_count) == (
        1,
        8.5,
        1,
        1,
    )
    check_passes(app)
    set_score(client, show, "6.0")
    row = stats(show)
    assert (row.rating_count, row.rating_sum, row.half_17_count, row.half_12_count) == (
        1,
        6.0,
        0,
        1,
    )
    check_passes(app)
    set_score(client, show, "none")
    row = stats(show)
    assert (row.rating_count, row.rating_sum, row.half_12_count) == (0, 0, 0)
    check_passes(app)


def test_progress_crossing_the_eligibility_line_moves_the_score(app, client, make_show,
                                                                make_user, login):  # fmt: skip
    show = make_show(episodes=16)  # counts from episode 4
    login(make_user())
    set_score(client, show, "9.0", episodes=3)
    assert stats(show).rating_count == 0
    page = client.get(f"/shows/{show.slug}").text
    assert "Your score of 9.0 counts from episode 4." in page
    set_score(client, show, "9.0", episodes=4)
    assert stats(show).rating_count == 1
    assert "counts from episode" not in client.get(f"/shows/{show.slug}").text
    set_score(client, show, "9.0", episodes=3)
    assert stats(show).rating_count == 0
    check_passes(app)


def test_progress_form_without_score_keeps_it(app, client, make_show, make_user, login):
    show = make_show(episodes=10)
    login(make_user())
    set_score(client, show, "7.0")
    client.submit(f"/shows/{show.slug}/progress", {"episodes_watched": "9", "status": "watching"})
    row = stats(show)
    assert (row.rating_count, row.rating_sum, row.completed_count) == (1, 7.0, 0)
    check_passes(app)


def test_status_to_and_from_completed_moves_the_completed_mean(app, client, make_show,
                                                               make_user, login):  # fmt: skip
    show = make_show(episodes=10)
    login(make_user())
    set_score(client, show, "7.5", episodes=8)
    assert (stats(show).completed_count, stats(show).rating_count) == (0, 1)
    set_score(client, show, "7.5", episodes=8, status="completed")
    assert (stats(show).completed_count, stats(show).completed_sum) == (1, 7.5)
    set_score(client, show, "7.5", episodes=9, status="watching")
    assert stats(show).completed_count == 0
    check_passes(app)


def test_review_created_edited_and_deleted(app, make_review, make_user):
    author = make_user()
    review = make_review(author=author, rating=9.0, story=8.0, episodes_watched=10)
    row = stats(review.show)
    assert (row.rating_count, row.rating_sum, row.story_count, row.story_sum) == (1, 9.0, 1, 8.0)
    check_passes(app)
    update_review(
        review, author,
        ReviewDraft.from_text(episode_count=10, title="t", body="b", episodes_watched=10,
                              rating_overall=6.5, subratings={"story": None, "music": 7.0}),
    )  # fmt: skip
    db.session.commit()
    row = stats(review.show)
    assert (row.rating_sum, row.story_count, row.music_sum, row.half_13_count) == (6.5, 0, 7.0, 1)
    check_passes(app)
    show = review.show
    delete_review(review)
    db.session.commit()
    row = stats(show)
    assert (row.rating_count, row.rating_sum, row.music_count) == (1, 6.5, 0)  # score stays
    check_passes(app)


def test_score_from_the_list_becomes_the_review_rating(client, make_review, make_user, login):
    author = make_user()
    review = make_review(author=author, rating=9.0)
    login(author)
    set_score(client, review.show, "7.0")
    db.session.expire_all()
    assert review.rating_overall == 7.0
    assert stats(review.show).rating_sum == 7.0


def test_ban_and_unban_move_every_score_of_the_member(app, make_show, make_user):
    first, second = make_show(episodes=10), make_show(episodes=4)
    member = make_user()
    save_entry(member, first, Progress(10, "completed"), score=9.0)
    save_entry(member, second, Progress(2, "watching"), score=5.0)
    db.session.commit()
    assert (stats(first).rating_count, stats(second).rating_count) == (1, 1)
    scores.set_banned(member, True, reason="spam")
    db.session.commit()
    assert (stats(first).rating_count, stats(second).rating_count) == (0, 0)
    check_passes(app)
    scores.set_banned(member, False)
    db.session.commit()
    assert (stats(first).rating_sum, stats(second).rating_sum) == (9.0, 5.0)
    check_passes(app)


def test_shorter_episode_count_recomputes_eligibility(app, client, make_show, make_user, login):
    show = make_show(episodes=20, slug="long-show")  # counts from episode 4
    login(make_user(role="admin"))
    set_score(client, show, "8.0", episodes=3)
    assert stats(show).rating_count == 0
    client.submit(
        "/admin/shows/long-show/edit",
        {"slug": "long-show", "title": show.title, "episodes": "10"},
    )  # counts from episode 2 now
    assert stats(show).rating_count == 1
    check_passes(app)


@pytest.mark.parametrize("value", ["0", "10.5", "7.3", "abc", "", "-1", "NaN"])
def test_bad_score_is_422_and_changes_nothing(client, make_show, make_user, login, value):
    show = make_show(episodes=10)
    login(make_user())
    set_score(client, show, "8.0")
    response = set_score(client, show, value, episodes=5, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Choose a score from 1.0 to 10.0 in steps of 0.5, or No score." in response.text
    row = stats(show)
    assert (row.rating_sum, row.completed_count) == (8.0, 1)


def test_anonymous_readers_cannot_score(client, make_show):
    show = make_show(episodes=10)
    response = set_score(client, show, "8.0", headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Sign in to score this show." in response.text
    assert stats(show).rating_count == 0


def test_stats_check_exits_1_on_a_corrupted_row(app, make_review):
    review = make_review(rating=8.0)
    check_passes(app)
    db.session.execute(
        update(ShowStats).where(ShowStats.show_id == review.show_id).values(rating_count=5)
    )
    pagecache.changed(db.session, review.show_id)  # a corruption, but a well-behaved one
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["stats", "check"])
    assert result.exit_code == 1
    assert f"show {review.show_id}: rating_count is 5, expected 1" in result.output
    rebuilt = app.test_cli_runner().invoke(args=["stats", "rebuild"])
    assert "1 shows changed" in rebuilt.output
    check_passes(app)
