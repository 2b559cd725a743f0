"""Deleting an account (issue 19): statistics stay exact, nothing personal remains, kept
reviews and comments are signed "a former member", and a wrong password deletes nothing."""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, or_, select

from app import images
from app.comments import service as comments
from app.comments.service import thread_counts_drift
from app.extensions import db
from app.lists import service as lists
from app.markup import render_document
from app.media import service as media
from app.models import (
    Activity,
    Block,
    Comment,
    EpisodeRating,
    EpisodeStats,
    Follow,
    HelpfulVote,
    HistoryImport,
    ListItem,
    ModerationAction,
    Notification,
    NotificationOptOut,
    ProgressEvent,
    Report,
    Review,
    ReviewReveal,
    ShowList,
    ShowStats,
    User,
    WatchEntry,
)
from app.moderation import actionlog
from app.notifications import service as notifications
from app.progress.rules import Progress
from app.progress.service import save_entry
from app.ratings import service as ratings
from app.ratings import stats as episode_stats
from app.reviews.service import toggle_helpful
from app.scores import service as scores
from app.users import service as social
from tests.fixtures.users import PASSWORD

LEAVER_REVIEW = "LEAVER-REVIEW-TEXT"
LEAVER_COMMENT = "LEAVER-COMMENT-TEXT"
LEAVER_THREAD = "LEAVER-THREAD-TEXT"
OTHER_REPLY = "OTHER-REPLY-TEXT"


@dataclass
class Scene:
    leaver: User
    other: User
    friend: User
    rival: User
    shows: list
    leaver_review: Review
    other_review: Review
    leaver_thread_comment: Comment
    other_reply: Comment


def _body(text: str):
    return text, render_document(text, episode_count=10)


@pytest.fixture
def scene(make_user, make_show, make_review) -> Scene:
    """A member with something in every personal table, and others around them."""
    leaver, other = make_user("leaver"), make_user("other")
    friend, rival = make_user("friend"), make_user("rival")
    show_a, show_b, show_c = make_show(episodes=10), make_show(episodes=10), make_show(episodes=4)
    # Scores: counted with a review and sub-ratings (A), not counted yet (B), none (C).
    leaver_review = make_review(LEAVER_REVIEW, show=show_a, author=leaver, rating=9.0,
                                story=8.5, acting=7.0)  # fmt: skip
    save_entry(leaver, show_b, Progress(1, "watching"), score=7.0)
    save_entry(leaver, show_c, Progress(4, "completed"))
    other_review = make_review("Other's view.", show=show_a, author=other, rating=6.0, music=5.0)
    # Comments both ways, a thread comment with a reply by someone else, and a reply by
    # the leaver to someone else's thread comment.
    comments.add_comment(other_review, leaver, *_body(LEAVER_COMMENT))
    comments.add_comment(leaver_review, other, *_body("Nice one."))
    thread = comments.add_thread_comment(show_a, 3, leaver, *_body(LEAVER_THREAD))
    reply = comments.add_thread_comment(show_a, 3, other, *_body(OTHER_REPLY), parent=thread)
    top = comments.add_thread_comment(show_a, 2, other, *_body("Episode two!"))
    comments.add_thread_comment(show_a, 2, leaver, *_body("Agreed."), parent=top)
    # Episode ratings, helpful votes both ways, ties, a list, a reveal, a report, opt-outs.
    ratings.rate(leaver, show_a, 1, 8.0)
    ratings.rate(leaver, show_a, 2, 6.5)
    ratings.rate(other, show_a, 1, 7.0)
    toggle_helpful(other_review, leaver)
    toggle_helpful(leaver_review, other)
    social.follow(leaver, other)
    social.follow(friend, leaver)
    social.block(leaver, rival)
    social.block(rival, leaver)
    social.block(rival, friend)
    show_list = lists.create(leaver, name="Mine", description="", is_public=True)
    lists.add(show_list, leaver, show_a)
    db.session.add(ReviewReveal(user_id=leaver.id, review_id=other_review.id, episode=5))
    db.session.add(Report(reporter_id=leaver.id, review_id=other_review.id, reason="spam"))
    db.session.add(HistoryImport(user_id=leaver.id, source="trakt", payload="{}"))
    notifications.set_opt_outs(leaver, {"helpful"})
    db.session.commit()
    return Scene(leaver, other, friend, rival, [show_a, show_b, show_c], leaver_review,
                 other_review, thread, reply)  # fmt: skip


def delete_account(client, login, user, *, keep: bool, password: str = PASSWORD):
    login(user)
    data = {"password": password}
    if keep:
        data["keep_content"] = "y"
    return client.submit("/account/delete", data, page="/account/delete")


def personal_rows(user_id: int) -> dict[str, int]:
    """How many rows of each personal table still concern `user_id`."""
    lists_of = select(ShowList.id).where(ShowList.owner_id == user_id)
    queries = {
        "watch_entry": select(WatchEntry).where(WatchEntry.user_id == user_id),
        "episode_rating": select(EpisodeRating).where(EpisodeRating.user_id == user_id),
        "helpful_vote": select(HelpfulVote).where(HelpfulVote.user_id == user_id),
        "review_reveal": select(ReviewReveal).where(ReviewReveal.user_id == user_id),
        "follow": select(Follow).where(
            or_(Follow.follower_id == user_id, Follow.followed_id == user_id)
        ),
        "block": select(Block).where(or_(Block.blocker_id == user_id, Block.blocked_id == user_id)),
        "progress_event": select(ProgressEvent).where(ProgressEvent.user_id == user_id),
        "activity": select(Activity).where(Activity.actor_id == user_id),
        "notification": select(Notification).where(
            or_(Notification.recipient_id == user_id, Notification.actor_id == user_id)
        ),
        "opt_out": select(NotificationOptOut).where(NotificationOptOut.user_id == user_id),
        "open_report": select(Report).where(Report.reporter_id == user_id, Report.status == "open"),
        "show_list": select(ShowList).where(ShowList.owner_id == user_id),
        "list_item": select(ListItem).where(ListItem.list_id.in_(lists_of)),
        "history_import": select(HistoryImport).where(HistoryImport.user_id == user_id),
    }
    return {
        name: db.session.scalar(select(func.count()).select_from(query.subquery()))
        for name, query in queries.items()
    }


def assert_no_drift() -> None:
    db.session.expire_all()
    assert scores.drifts() == []
    assert episode_stats.drifts() == []
    assert thread_counts_drift() == []


def test_scene_fills_every_personal_table(scene):
    rows = personal_rows(scene.leaver.id)
    assert all(rows.values()), rows  # control: the deletion tests below mean something
    assert db.session.get(ShowStats, scene.shows[0].id).rating_count == 2


@pytest.mark.parametrize("keep", [True, False])
def test_delete_account_leaves_no_personal_rows_and_exact_statistics(
    app, client, login, scene, keep
):
    leaver_id, show_a = scene.leaver.id, scene.shows[0]
    response = delete_account(client, login, scene.leaver, keep=keep)
    assert response.status_code == 303 and response.location.endswith("/")
    assert "Your account has been deleted." in client.get("/").text
    assert_no_drift()
    assert personal_rows(leaver_id) == dict.fromkeys(personal_rows(leaver_id), 0)
    result = app.test_cli_runner().invoke(args=["stats", "check"])
    assert result.exit_code == 0, result.output
    # Only the other member's score and rating remain in the statistics.
    stats = db.session.get(ShowStats, show_a.id)
    assert (stats.rating_count, stats.rating_sum, stats.music_count) == (1, 6.0, 1)
    assert stats.story_count == 0
    episode_one = db.session.get(EpisodeStats, (show_a.id, 1))
    assert (episode_one.rating_count, episode_one.rating_sum) == (1, 7.0)
    assert db.session.get(EpisodeStats, (show_a.id, 2)).rating_count == 0


@pytest.mark.parametrize("keep", [True, False])
def test_delete_account_keeps_other_members_data(client, login, scene, keep):
    other_id, other_review_id = scene.other.id, scene.other_review.id
    delete_account(client, login, scene.leaver, keep=keep)
    db.session.expire_all()
    other_review = db.session.get(Review, other_review_id)
    assert other_review is not None and other_review.helpful_count == 0  # the vote went
    assert db.session.get(Comment, scene.other_reply.id).body == OTHER_REPLY
    assert db.session.scalar(select(WatchEntry.score).where(WatchEntry.user_id == other_id)) == 6.0
    assert db.session.get(EpisodeRating, (other_id, scene.shows[0].id, 1)).rating == 7.0
    assert db.session.get(Block, (scene.rival.id, scene.friend.id)) is not None
    assert db.session.get(User, scene.friend.id).username == "friend"


def test_delete_account_without_keeping_removes_reviews_and_comment_text(client, login, scene):
    leaver_id, leaver_review_id = scene.leaver.id, scene.leaver_review.id
    delete_account(client, login, scene.leaver, keep=False)
    db.session.expire_all()
    assert db.session.scalar(select(Review).where(Review.author_id == leaver_id)) is None
    own = db.session.scalars(select(Comment).where(Comment.author_id == leaver_id)).all()
    assert len(own) == 3  # they keep their places in the threads...
    assert {(c.status, c.body) for c in own} == {("deleted", "")}  # ...not their text
    login(scene.other)  # threads open to members who watched the episode
    thread = client.get(f"/shows/{scene.shows[0].slug}/episodes/3").text
    assert LEAVER_THREAD not in thread
    assert OTHER_REPLY in thread and "Comment deleted." in thread
    assert client.get(f"/reviews/{leaver_review_id}").status_code == 404
    other_page = client.get(f"/reviews/{scene.other_review.id}").text
    assert LEAVER_COMMENT not in other_page and "Other&#39;s view." in other_page


def test_delete_account_keeping_content_signs_it_a_former_member(client, login, scene):
    delete_account(client, login, scene.leaver, keep=True)
    page = client.get(f"/reviews/{scene.leaver_review.id}").text
    assert LEAVER_REVIEW in page and "a former member" in page
    assert "leaver" not in page and "/users/~" not in page
    other_page = client.get(f"/reviews/{scene.other_review.id}").text
    assert LEAVER_COMMENT in other_page and "a former member" in other_page
    assert "leaver" not in other_page
    show_page = client.get(f"/shows/{scene.shows[0].slug}").text
    assert "a former member" in show_page and ">leaver<" not in show_page
    login(scene.other)  # threads open to members who watched the episode
    thread = client.get(f"/shows/{scene.shows[0].slug}/episodes/3").text
    assert LEAVER_THREAD in thread and OTHER_REPLY in thread and "a former member" in thread


def test_deleted_account_is_a_tombstone_nobody_can_find_or_use(app, client, login, scene):
    leaver_id = scene.leaver.id
    delete_account(client, login, scene.leaver, keep=True)
    db.session.expire_all()
    tombstone = db.session.get(User, leaver_id)
    assert tombstone.deleted_at is not None and tombstone.display_name == "a former member"
    assert "leaver" not in tombstone.username + tombstone.email
    assert not tombstone.check_password(PASSWORD)
    assert client.get("/users/leaver").status_code == 404
    assert client.get(f"/users/{tombstone.username}").status_code == 404
    refused = client.submit("/login", {"username": "leaver", "password": PASSWORD}, page="/login")
    assert refused.status_code == 200
    # The name and the address are free again.
    fresh = app.test_client()
    signup = fresh.submit("/signup", {"username": "leaver", "email": "leaver@example.com",
                                      "password": "a-new-password", "confirm": "a-new-password"},
                          page="/signup")  # fmt: skip
    assert signup.status_code == 303
    assert fresh.get("/users/leaver").status_code == 200


def test_old_session_and_remember_cookie_stop_working(app, client, login, scene):
    login(scene.leaver, remember=True)
    second = app.test_client()
    second.submit("/login", {"username": "leaver", "password": PASSWORD, "remember": "y"},
                  page="/login")  # fmt: skip
    assert second.get("/account").status_code == 200  # control: signed in elsewhere
    client.submit("/account/delete", {"password": PASSWORD}, page="/account/delete")
    assert second.get("/account").status_code == 302
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [("wrong-password-1", "That password is not correct"), ("", "Enter your password")],
)
def test_wrong_password_deletes_nothing(client, login, scene, password, message):
    before = personal_rows(scene.leaver.id)
    login(scene.leaver)
    response = client.submit("/account/delete", {"password": password, "keep_content": "y"},
                             page="/account/delete")  # fmt: skip
    assert response.status_code == 200 and message in response.text
    db.session.expire_all()
    assert db.session.get(User, scene.leaver.id).deleted_at is None
    assert personal_rows(scene.leaver.id) == before
    assert client.get("/account").status_code == 200  # still signed in


def test_delete_page_explains_and_carries_the_contract_fields(client, login, make_user):
    login(make_user())
    page = client.get("/account/delete").text
    assert 'name="password"' in page and 'name="keep_content"' in page
    assert 'name="csrf_token"' in page
    assert "Keep my reviews and comments, under “a former member”" in page


def test_delete_page_needs_sign_in(client):
    response = client.get("/account/delete")
    assert response.status_code == 302 and "/login" in response.location


def test_banned_member_may_delete_their_account(app, client, login, scene):
    scores.set_banned(scene.leaver, True, reason="spam")
    db.session.commit()
    assert_no_drift()
    response = delete_account(client, login, scene.leaver, keep=False)
    assert response.status_code == 303
    assert_no_drift()
    tombstone = db.session.get(User, scene.leaver.id)
    assert tombstone.deleted_at is not None and not tombstone.is_banned


def test_moderator_account_is_deleted_and_the_log_keeps_its_rows(client, login, make_user,
                                                                 make_review):  # fmt: skip
    moderator = make_user("modder", role="moderator")
    review = make_review()
    actionlog.record(moderator, "review_held", review, reason="check")
    db.session.commit()
    moderator_id = moderator.id
    delete_account(client, login, moderator, keep=True)
    db.session.expire_all()
    tombstone = db.session.get(User, moderator_id)
    assert tombstone.role == "user" and tombstone.deleted_at is not None
    entry = db.session.scalar(select(ModerationAction))
    assert entry.actor_id == moderator_id


def test_avatar_files_are_removed(app, client, login, make_user):
    member = make_user()
    prepared = images.prepare(_png(), images.AVATAR, media.limits())
    media.set_avatar(member, prepared)
    db.session.commit()
    folder = Path(app.config["MEDIA_FOLDER"])
    paths = [folder / images.file_name(prepared.key, width) for width in images.AVATAR.widths]
    assert all(path.exists() for path in paths)  # control
    delete_account(client, login, member, keep=False)
    assert not any(path.exists() for path in paths)


def test_avatar_files_shared_with_another_member_stay(app, client, login, make_user):
    member, twin = make_user(), make_user()
    prepared = images.prepare(_png(), images.AVATAR, media.limits())
    media.set_avatar(member, prepared)
    media.set_avatar(twin, prepared)
    db.session.commit()
    path = Path(app.config["MEDIA_FOLDER"]) / images.file_name(prepared.key, 48)
    delete_account(client, login, member, keep=False)
    assert path.exists()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()
