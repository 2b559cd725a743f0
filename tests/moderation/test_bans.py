"""Bans: offered wherever a moderator meets a member, with a duration; they end by
themselves, can hide the member's last day of comments, and the member is told."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.comments.service import add_comment
from app.extensions import db
from app.markup import render_document
from app.models import Comment, ModerationAction, Report, ShowStats, User
from app.models.user import as_utc, utcnow
from app.progress.rules import Progress
from app.progress.service import save_entry

BAN_NOTICE = "you can read, but you cannot post reviews, comment, vote or report"


@pytest.fixture
def scene(make_show, make_review, make_user):
    """A member `troll` with a counted score on a show, a review of it and a comment on
    it; a moderator, an admin and another moderator."""
    show = make_show(episodes=10)
    troll = make_user("troll")
    save_entry(troll, show, Progress(10, "completed"), score=2.0)
    db.session.commit()
    review = make_review("TROLL-REVIEW-TEXT", show=show, author=troll, rating=2.0)
    comment = comment_by(troll, review, "TROLL-COMMENT-TEXT")
    return {
        "show": show,
        "troll": troll,
        "review": review,
        "comment": comment,
        "mod": make_user("mod", role="moderator"),
        "admin": make_user("boss", role="admin"),
        "other_mod": make_user("othermod", role="moderator"),
    }


def comment_by(author: User, review, body: str, *, age: timedelta = timedelta(0)) -> Comment:
    comment = add_comment(review, author, body, render_document(body, episode_count=10))
    comment.created_at = utcnow() - age
    db.session.commit()
    return comment


def ban(client, name: str = "troll", **data):
    fields = {"reason": "Trolling", "until": "7d"} | data
    return client.submit(f"/mod/users/{name}/ban", fields, follow_redirects=True)


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def rating_count(show) -> int:
    db.session.expire_all()
    return db.session.get(ShowStats, show.id).rating_count


def stats_check(app) -> int:
    return app.test_cli_runner().invoke(args=["stats", "check"]).exit_code


def log_actions() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(ModerationAction.action).order_by(ModerationAction.id)))


def end_the_ban(user: User) -> None:
    """Move time on: the ban's end is a minute ago (no sleeping)."""
    db.session.execute(
        update(User).where(User.id == user.id).values(banned_until=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()


@pytest.mark.parametrize(
    ("viewer", "target", "offered"),
    [
        ("mod", "troll", True),
        ("admin", "troll", True),
        ("admin", "other_mod", True),
        ("mod", "other_mod", False),  # only admins ban moderators
        ("other_mod", "other_mod", False),  # nobody bans themselves
        ("member", "troll", False),
        ("anonymous", "troll", False),
    ],
)
def test_ban_form_on_profile_review_and_comment_only_for_who_may_ban(
    client, scene, make_user, make_review, login, viewer, target, offered
):
    member = scene[target]
    review = scene["review"]
    comment = scene["comment"]
    if target != "troll":
        review = make_review("Fine.", author=member)
        comment = comment_by(member, review, "A comment.")
    if viewer == "member":
        login(make_user())
    elif viewer != "anonymous":
        login(scene[viewer])
    action = f'action="/mod/users/{member.username}/ban"'
    pages = {
        f"/users/{member.username}": 'id="profile-ban"',
        f"/reviews/{review.id}": f'id="review-{review.id}-ban"',
        f"/reviews/{review.id}#c": f'id="comment-{comment.id}-ban"',
    }
    for url, panel in pages.items():
        html = client.get(url.split("#")[0]).text
        assert (panel in html) is offered, (url, panel)
        assert (action in html) is offered, url
        assert member.username in html  # control: the page shows the member


@pytest.mark.parametrize(
    ("until", "length", "words"),
    [("1d", timedelta(days=1), "until"), ("7d", timedelta(days=7), "until"),
     ("30d", timedelta(days=30), "until"), ("permanent", None, "permanently")],
)  # fmt: skip
def test_each_duration_sets_its_end_and_is_logged(app, client, scene, login, until, length, words):
    login(scene["mod"])
    before = utcnow()
    page = ban(client, until=until, next="/users/troll").text
    troll = fresh(scene["troll"])
    assert troll.is_banned and troll.is_banned_now and troll.ban_reason == "Trolling"
    if length is None:
        assert troll.banned_until is None
    else:
        assert before + length <= as_utc(troll.banned_until) <= utcnow() + length
    assert f"troll is banned {words}" in page
    entry = db.session.scalar(select(ModerationAction).where(ModerationAction.action == "user_ban"))
    assert entry.reason == "Trolling"
    assert entry.details["until"] == (
        "permanent" if length is None else as_utc(troll.banned_until).isoformat(timespec="minutes")
    )
    log = client.get("/mod/log").text
    assert "Trolling" in log and f'user ban <span class="meta">{words}' in log
    assert rating_count(scene["show"]) == 0
    assert stats_check(app) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "Give a reason: it goes in the moderation log."),
        ({"reason": "   "}, "Give a reason: it goes in the moderation log."),
        ({"reason": "x" * 501}, "A reason has at most 500 characters."),
        ({"until": "forever"}, "Choose how long the ban lasts"),
        ({"until": ""}, "Choose how long the ban lasts"),
        ({"until": None}, "Choose how long the ban lasts"),
    ],
    ids=["no-reason", "blank-reason", "long-reason", "until-forever", "until-empty",
         "until-missing"],
)  # fmt: skip
def test_bad_ban_input_explains_and_changes_nothing(client, scene, login, data, message):
    login(scene["mod"])
    fields = {"reason": "Trolling", "until": "7d", "next": "/users/troll"} | data
    fields = {name: value for name, value in fields.items() if value is not None}
    response = client.submit("/mod/users/troll/ban", fields)
    assert response.status_code == 303
    assert response.headers["Location"] == "/users/troll"
    page = client.get("/users/troll").text
    assert message in page
    troll = fresh(scene["troll"])
    assert not troll.is_banned and troll.banned_until is None
    assert log_actions() == []
    assert 'id="profile-ban"' in page  # control: the form is still offered


def test_a_one_day_ban_ends_by_itself_and_the_next_post_lifts_it(app, client, scene, login):
    login(scene["mod"])
    ban(client, until="1d")
    client.submit("/logout")
    login(scene["troll"])
    review_url = f"/reviews/{scene['review'].id}"
    assert BAN_NOTICE in client.get(review_url).text
    refused = client.submit(f"{review_url}/comments", {"body": "STILL-BANNED"})
    assert refused.status_code == 403
    end_the_ban(scene["troll"])
    page = client.get(review_url).text
    assert BAN_NOTICE not in page
    assert 'name="body"' in page  # the comment form is back
    # Reading wrote nothing: the ban is not lifted yet, its scores still left out (exact).
    assert fresh(scene["troll"]).is_banned and rating_count(scene["show"]) == 0
    assert stats_check(app) == 0
    posted = client.submit(f"{review_url}/comments", {"body": "BACK-AGAIN"})
    assert posted.status_code == 303
    troll = fresh(scene["troll"])
    assert not troll.is_banned and troll.banned_until is None and troll.ban_reason is None
    assert rating_count(scene["show"]) == 1
    assert stats_check(app) == 0
    assert log_actions() == ["user_ban", "user_ban_ended"]
    entry = db.session.scalar(select(ModerationAction).order_by(ModerationAction.id.desc()))
    assert entry.actor_id is None and entry.target_id == troll.id
    client.submit("/logout")
    login(scene["mod"])
    assert "Unspoiled (automatic)" in client.get("/mod/log").text


def test_signing_in_after_the_end_lifts_the_ban(app, client, scene, login):
    login(scene["mod"])
    ban(client, until="1d")
    client.submit("/logout")
    end_the_ban(scene["troll"])
    page = client.get(login(scene["troll"]).headers["Location"]).text
    assert BAN_NOTICE not in page
    assert "Signed in as troll" in page  # control: the page after signing in
    assert not fresh(scene["troll"]).is_banned
    assert rating_count(scene["show"]) == 1
    assert stats_check(app) == 0


def test_end_bans_command_lifts_only_ended_bans(app, client, scene, make_user, login):
    others = [make_user("ongoing"), make_user("forever")]
    login(scene["mod"])
    ban(client, "troll", until="1d")
    ban(client, "ongoing", until="1d")
    ban(client, "forever", until="permanent")
    end_the_ban(scene["troll"])
    result = app.test_cli_runner().invoke(args=["users", "end-bans"])
    assert result.exit_code == 0
    assert "1 ended ban lifted." in result.output
    assert not fresh(scene["troll"]).is_banned
    assert all(fresh(user).is_banned for user in others)
    assert rating_count(scene["show"]) == 1
    assert stats_check(app) == 0
    again = app.test_cli_runner().invoke(args=["users", "end-bans"])
    assert "0 ended bans lifted." in again.output


def test_unban_from_the_profile_is_not_styled_as_danger(app, client, scene, login):
    login(scene["mod"])
    ban(client, until="permanent")
    profile = client.get("/users/troll").text
    unban_form = re.search(r'<details class="ban-panel" id="profile-ban">.*?</details>', profile,
                           re.S).group(0)  # fmt: skip
    assert "Unban troll" in unban_form and "is banned permanently. Reason: Trolling" in unban_form
    assert 'class="secondary">Unban troll' in unban_form and "danger" not in unban_form
    page = client.submit("/mod/users/troll/unban", {"reason": "Appeal", "next": "/users/troll"},
                         follow_redirects=True).text  # fmt: skip
    assert "troll is no longer banned." in page
    assert 'class="danger">Ban troll' in page  # the ban form is back, and is the danger
    assert not fresh(scene["troll"]).is_banned
    assert rating_count(scene["show"]) == 1
    assert stats_check(app) == 0
    assert log_actions() == ["user_ban", "user_unban"]


def test_unban_without_reason_changes_nothing(client, scene, login):
    login(scene["mod"])
    ban(client, until="permanent")
    client.submit("/mod/users/troll/unban", {"reason": ""})
    assert fresh(scene["troll"]).is_banned
    assert log_actions() == ["user_ban"]


def test_ban_with_hide_recent_hides_only_the_last_24_hours(client, scene, make_user, login):
    troll, review = scene["troll"], scene["review"]
    old = comment_by(troll, review, "OLD-COMMENT-30H", age=timedelta(hours=30))
    recent = comment_by(troll, review, "RECENT-COMMENT-2H", age=timedelta(hours=2))
    bystander = comment_by(make_user("bystander"), review, "BYSTANDER-COMMENT")
    reader = make_user("reader")
    login(reader)
    client.submit(f"/comments/{recent.id}/report", {"reason": "abuse", "note": ""})
    client.submit("/logout")
    login(scene["mod"])
    page = ban(client, until="7d", hide_recent="y", next=f"/reviews/{review.id}").text
    assert "2 comments from the last 24 hours were hidden." in page  # the scene's and recent
    db.session.expire_all()
    status = {c.id: c.status for c in db.session.scalars(select(Comment))}
    assert status[recent.id] == status[scene["comment"].id] == "hidden"
    assert status[old.id] == status[bystander.id] == "visible"
    assert db.session.scalar(select(Report.status)) == "resolved"
    assert log_actions() == ["comment_hide", "comment_hide", "user_ban"]
    assert "2 comments hidden" in client.get("/mod/log").text
    client.submit("/logout")
    html = client.get(f"/reviews/{review.id}").text
    assert "RECENT-COMMENT-2H" not in html and "TROLL-COMMENT-TEXT" not in html
    assert "OLD-COMMENT-30H" in html and "BYSTANDER-COMMENT" in html  # controls


def test_ban_without_hide_recent_leaves_comments(client, scene, login):
    login(scene["mod"])
    page = ban(client, until="1d").text
    assert "hidden" not in page.split("troll is banned", 1)[1].split("</p>", 1)[0]
    db.session.expire_all()
    assert db.session.get(Comment, scene["comment"].id).status == "visible"


@pytest.mark.parametrize(("until", "words"), [("7d", "until "), ("permanent", "permanently")])
def test_banned_member_sees_the_notice_on_every_page_from_sign_in(
    client, scene, make_user, login, until, words
):
    login(scene["mod"])
    ban(client, until=until, reason="REASON-SENTINEL")
    client.submit("/logout")
    response = login(scene["troll"])
    first = client.get(response.headers["Location"]).text
    expected = f"Your account is banned {words}"
    assert expected in first and BAN_NOTICE in first and "Reason: REASON-SENTINEL" in first
    if until == "7d":
        end = as_utc(fresh(scene["troll"]).banned_until)
        assert f"until {end.day} {end:%B %Y, %H:%M} UTC" in first
    pages = ["/", "/shows", f"/shows/{scene['show'].slug}", f"/reviews/{scene['review'].id}",
             "/users/troll", "/account"]  # fmt: skip
    for url in pages:
        assert expected in client.get(url).text, url
    client.submit("/logout")
    login(make_user("innocent"))
    for url in pages[:-1]:
        html = client.get(url).text
        assert "REASON-SENTINEL" not in html and BAN_NOTICE not in html, url
        assert "innocent" in html  # control: signed in


def test_cached_show_page_never_carries_the_notice_to_others(app, client, scene, make_user,
                                                             login):  # fmt: skip
    assert app.config["PAGE_CACHE_MB"] > 0
    url = f"/shows/{scene['show'].slug}"
    login(scene["mod"])
    ban(client, until="7d", reason="CACHE-SENTINEL")
    client.submit("/logout")
    innocent = make_user("innocent")
    login(innocent)
    assert "CACHE-SENTINEL" not in client.get(url).text  # warms the cache for members
    client.submit("/logout")
    login(scene["troll"])
    assert "CACHE-SENTINEL" in client.get(url).text  # a banned reader: notice, no forms
    assert "CACHE-SENTINEL" in client.get(url).text  # and again, from the cache
    client.submit("/logout")
    login(innocent)
    html = client.get(url).text
    assert "CACHE-SENTINEL" not in html and BAN_NOTICE not in html
    assert "innocent" in html


def test_banned_member_gets_no_forms_until_the_ban_ends(client, scene, make_user, make_review,
                                                        login):  # fmt: skip
    other = make_review("Someone else's.", show=scene["show"], author=make_user("writer"))
    login(scene["mod"])
    ban(client, until="1d")
    client.submit("/logout")
    login(scene["troll"])
    url = f"/reviews/{other.id}"
    html = client.get(url).text
    assert f'action="/reviews/{other.id}/comments"' not in html
    assert f'action="/reviews/{other.id}/report"' not in html
    end_the_ban(scene["troll"])
    html = client.get(url).text
    assert f'action="/reviews/{other.id}/comments"' in html
    assert f'action="/reviews/{other.id}/report"' in html


def test_second_ban_of_a_banned_member_is_409_and_changes_nothing(client, scene, login):
    login(scene["mod"])
    ban(client, until="7d")
    again = ban(client, until="30d")
    assert again.status_code == 409 and "already banned" in again.text
    assert log_actions() == ["user_ban"]
    assert fresh(scene["troll"]).banned_until is not None
    assert db.session.scalar(select(func.count()).select_from(ModerationAction)) == 1
