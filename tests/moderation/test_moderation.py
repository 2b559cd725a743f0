"""Moderation: who may act, what each action does, and the log that records it."""

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Comment,
    ListItem,
    ModerationAction,
    Report,
    Review,
    ShowList,
    ShowStats,
    User,
)
from app.progress.rules import Progress
from app.progress.service import save_entry


def mod_routes(app) -> list[tuple[str, str]]:
    """Every /mod route with placeholder arguments, each choice of <any(...)>: (method, url)."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/mod"):
            continue
        urls = [rule.rule]
        for name, converter in rule._converters.items():
            if hasattr(converter, "items"):
                values = sorted(converter.items)
            else:
                values = ["1" if converter.regex == r"\d+" else "someone"]
            urls = [re.sub(rf"<[^>]*\b{name}>", v, url) for url in urls for v in values]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes += [(method, url) for url in urls]
    return routes


def request(client, method, url):
    if method == "GET":
        return client.get(url)
    return client.submit(url, {"reason": "test"})


def test_mod_routes_are_found(app):
    urls = {url for _, url in mod_routes(app)}
    assert {"/mod", "/mod/log", "/mod/comments/1/hide", "/mod/users/someone/ban"} <= urls
    assert not any(method in ("PUT", "DELETE", "PATCH") for method, _ in mod_routes(app))


@pytest.mark.parametrize("persona", ["anonymous", "member", "banned moderator"])
def test_every_mod_route_refuses_non_moderators(app, client, make_user, login, persona):
    if persona != "anonymous":
        user = make_user(role="user" if persona == "member" else "moderator")
        user.is_banned = persona == "banned moderator"
        db.session.commit()
        login(user)
    for method, url in mod_routes(app):
        response = request(client, method, url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/login"), url
        else:
            assert response.status_code == 403, (method, url)
    assert db.session.scalar(select(func.count()).select_from(ModerationAction)) == 0


def test_moderators_can_open_the_queue_and_log(client, make_user, login):
    login(make_user(role="moderator"))
    assert "Moderation queue" in client.get("/mod").text
    assert "Moderation log" in client.get("/mod/log").text


@pytest.fixture
def reported_comment(client, make_review, make_user, login):
    """A comment by `author` reported by a reader; the client is signed out after."""
    review = make_review()
    author = make_user("author")
    login(author)
    client.submit(f"/reviews/{review.id}/comments", {"body": "Rude HIDE-ME text."})
    client.submit("/logout")
    reader = make_user("reader")
    login(reader)
    comment = db.session.scalar(select(Comment))
    response = client.submit(f"/comments/{comment.id}/report", {"reason": "abuse", "note": "rude"},
                             headers={"HX-Request": "true"})  # fmt: skip
    assert "Reported." in response.text
    client.submit("/logout")
    return comment


def log_entries() -> list[tuple[str, str, str]]:
    db.session.expire_all()
    return [(e.action, e.target_type, e.reason) for e in
            db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))]  # fmt: skip


def test_hide_and_restore_a_comment_with_log_entries(client, make_user, login, reported_comment):
    login(make_user(role="moderator"))
    queue = client.get("/mod").text
    assert "HIDE-ME" in queue and "Abuse or harassment" in queue and "rude" in queue
    response = client.submit(f"/mod/comments/{reported_comment.id}/hide", {"reason": "insults"})
    assert response.status_code == 303
    review_url = f"/reviews/{reported_comment.review_id}"
    client.submit("/logout")
    assert "HIDE-ME" not in client.get(review_url).text
    assert "Hidden by a moderator." in client.get(review_url).text
    login("author")
    own = client.get(review_url).text
    assert "HIDE-ME" in own and "hidden by a moderator" in own  # the author sees it, marked
    client.submit("/logout")
    login(make_user(role="moderator"))
    client.submit(f"/mod/comments/{reported_comment.id}/restore", {"reason": "appeal"})
    assert log_entries() == [
        ("comment_hide", "comment", "insults"),
        ("comment_restore", "comment", "appeal"),
    ]
    assert db.session.scalar(select(Report.status)) == "resolved"
    log = client.get("/mod/log").text
    assert "comment hide" in log and "insults" in log and "appeal" in log


def test_moderator_deletes_a_comment(client, make_user, login, reported_comment):
    login(make_user(role="moderator"))
    client.submit(f"/mod/comments/{reported_comment.id}/delete", {"reason": "spam"})
    db.session.expire_all()
    assert db.session.get(Comment, reported_comment.id).status == "deleted"
    assert log_entries() == [("comment_delete", "comment", "spam")]


@pytest.mark.parametrize(
    ("data", "status"), [({"reason": ""}, 303), ({}, 303), ({"reason": "x" * 501}, 303)]
)
def test_actions_without_a_valid_reason_change_nothing(client, make_user, login,
                                                       reported_comment, data, status):  # fmt: skip
    login(make_user(role="moderator"))
    response = client.submit(f"/mod/comments/{reported_comment.id}/hide", data)
    assert response.status_code == status
    db.session.expire_all()
    assert db.session.get(Comment, reported_comment.id).status == "visible"
    assert log_entries() == []
    assert "reason" in client.get("/mod").text.lower()


def test_ban_removes_scores_and_blocks_every_write(app, client, make_show, make_review,
                                                   make_user, login):  # fmt: skip
    show = make_show(episodes=10)
    target = make_user("troll")
    save_entry(target, show, Progress(10, "completed"), score=1.0)
    db.session.commit()
    other_review = make_review(show=make_show())
    login(make_user(role="moderator"))
    ban = {"reason": "spam", "until": "permanent"}
    assert client.submit("/mod/users/troll/ban", ban).status_code == 303
    assert db.session.get(ShowStats, show.id).rating_count == 0
    client.submit("/logout")
    login(target)
    refused = {
        f"/shows/{show.slug}/reviews/new": {
            "title": "t",
            "body": "b",
            "episodes_watched": "1",
            "rating_overall": "5.0",
        },  # fmt: skip
        f"/reviews/{other_review.id}/comments": {"body": "hi"},
        f"/reviews/{other_review.id}/helpful": {},
        f"/reviews/{other_review.id}/report": {"reason": "spam"},
    }
    for url, data in refused.items():
        assert client.submit(url, data).status_code == 403, url
    assert db.session.scalar(select(func.count()).select_from(Review)) == 1
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert app.test_cli_runner().invoke(args=["stats", "check"]).exit_code == 0
    client.submit("/logout")
    login(make_user(role="moderator"))
    client.submit("/mod/users/troll/unban", {"reason": "appeal"})
    assert db.session.get(ShowStats, show.id).rating_count == 1
    assert [entry[0] for entry in log_entries()] == ["user_ban", "user_unban"]


@pytest.mark.parametrize(
    ("actor", "target", "status"),
    [("moderator", "admin", 403), ("moderator", "moderator", 403), ("admin", "moderator", 303),
     ("moderator", "user", 303)],
)  # fmt: skip
def test_who_may_ban_whom(client, make_user, login, actor, target, status):
    victim = make_user("victim", role=target)
    login(make_user(role=actor))
    response = client.submit("/mod/users/victim/ban", {"reason": "test", "until": "7d"})
    assert response.status_code == status
    db.session.expire_all()
    assert db.session.get(User, victim.id).is_banned is (status == 303)


def test_moderators_cannot_ban_themselves(client, make_user, login):
    me = make_user("me", role="moderator")
    login(me)
    assert client.submit("/mod/users/me/ban", {"reason": "oops", "until": "1d"}).status_code == 403


def test_report_lifecycle_and_bad_reports(client, make_review, make_user, login):
    review = make_review()
    login(make_user("reader"))
    url = f"/reviews/{review.id}/report"
    bad = client.submit(url, {"reason": "boring"}, headers={"HX-Request": "true"})
    assert bad.status_code == 422 and "Choose a reason from the list." in bad.text
    long_note = client.submit(url, {"reason": "spam", "note": "n" * 1001},
                              headers={"HX-Request": "true"})  # fmt: skip
    assert long_note.status_code == 422 and "at most 1,000 characters" in long_note.text
    assert client.submit("/reviews/999/report", {"reason": "spam"}).status_code == 404
    assert client.submit("/comments/999/report", {"reason": "spam"}).status_code == 404
    assert client.submit(url, {"reason": "spam"}).status_code == 303
    again = client.submit(url, {"reason": "abuse"}, headers={"HX-Request": "true"})
    assert again.status_code == 409 and "reported this already" in again.text
    report = db.session.scalar(select(Report))
    client.submit("/logout")
    login(make_user(role="moderator"))
    client.submit(f"/mod/reports/{report.id}/dismiss", {"reason": "not spam"})
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == "dismissed"
    assert client.submit(f"/mod/reports/{report.id}/resolve", {"reason": "x"}).status_code == 409
    assert log_entries() == [("report_dismissed", "report", "not spam")]


def test_retag_wraps_the_passage_keeps_votes_and_logs_the_diff(client, make_review, make_user,
                                                              login, make_reader):  # fmt: skip
    review = make_review("Intro.\n\nThe killer is RETAG-SECRET all along.\n\nOutro.")
    review.helpful_count = 2
    db.session.commit()
    login(make_user("reader"))
    client.submit(f"/reviews/{review.id}/report", {"reason": "unmarked_spoiler"})
    client.submit("/logout")
    login(make_user(role="moderator"))
    assert "Re-tag as a spoiler" in client.get("/mod").text
    response = client.submit(
        f"/mod/reviews/{review.id}/retag",
        {"passage": "The killer is RETAG-SECRET all along.", "episode": "7", "reason": "spoiler"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    edited = db.session.get(Review, review.id)
    assert "[spoiler ep=7]The killer is RETAG-SECRET all along.[/spoiler]" in edited.body
    assert (edited.helpful_count, len(edited.revisions)) == (2, 1)
    entry = db.session.scalar(select(ModerationAction))
    assert entry.action == "spoiler_retag" and entry.details["episode"] == 7
    assert "+[spoiler ep=7]The killer is RETAG-SECRET all along.[/spoiler]" in entry.details["diff"]
    client.submit("/logout")
    make_reader(review.show, episode=3)
    html = client.get(f"/reviews/{review.id}").text
    assert "RETAG-SECRET" not in html and "Spoiler for episode 7" in html


def test_retag_of_a_missing_passage_changes_nothing(client, make_review, make_user, login):
    review = make_review("Intro.")
    login(make_user(role="moderator"))
    response = client.submit(f"/mod/reviews/{review.id}/retag",
                             {"passage": "not there", "episode": "2", "reason": "x"})  # fmt: skip
    assert response.status_code == 303
    assert "That passage is not in the text" in client.get("/mod").text
    db.session.expire_all()
    assert db.session.get(Review, review.id).body == "Intro."
    assert log_entries() == []


# Every POST route, classified: a banned member is refused (403) on these...
BANNED_REFUSED = {
    "reviews.new", "reviews.edit", "reviews.delete", "reviews.helpful", "reviews.add_comment",
    "comments.edit", "comments.delete", "comments.report_comment", "comments.report_review",
    "episodes.rate", "episodes.add_comment",
    "lists.new", "lists.edit", "lists.delete", "lists.add_item", "lists.remove_item",
    "lists.move_item", "lists.set_note", "lists.report", "lists.add_show",
    "users.follow",
}  # fmt: skip
# ...and may still do these (their own session, account, reading progress, previews), or
# they are refused for other reasons (moderation, admin).
BANNED_ALLOWED_OR_ELSEWHERE = {
    "auth.signup", "auth.login", "auth.logout", "users.account", "shows.update_progress",
    "reviews.preview", "reviews.keep_revealed", "reviews.hide_again", "comments.keep_revealed",
    "comments.hide_again",
    "pages.theme", "episodes.watched", "shows.update_numbers",
    "moderation.comment_action", "moderation.user_action",
    "moderation.report_action", "moderation.retag", "moderation.restore_review",
    "moderation.list_action",
    "notifications.read", "notifications.settings",  # their own notifications (issue 18)
    "admin.new_show", "admin.edit_show",
    "users.unfollow", "users.block", "users.unblock",  # ending a tie or blocking protects
    "auth.reset_request", "auth.reset_password", "auth.resend_verification",  # their account
    "account.delete",  # leaving is not posting (issue 19)
    # Their own progress, like shows.update_progress; a banned member's imported scores
    # are stored uncounted and nothing public is restored (issue 19).
    "imports.upload", "imports.confirm", "imports.discard",
}  # fmt: skip


def test_every_post_route_is_classified_for_banned_members(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert endpoints == BANNED_REFUSED | BANNED_ALLOWED_OR_ELSEWHERE


def test_banned_member_can_change_nothing(app, client, make_review, make_user, login):
    member = make_user("member")
    own = make_review(author=member, body="Mine.")
    other = make_review(body="Theirs.")
    login(member)
    client.submit(f"/reviews/{other.id}/comments", {"body": "MY-COMMENT"})
    comment = db.session.scalar(select(Comment))
    own_list = ShowList(owner=member, name="MY-LIST")
    db.session.add(ListItem(show_list=own_list, show=other.show, position=1))
    member.is_banned = True
    db.session.commit()
    values = {"review_id": own.id, "slug": other.show.slug, "comment_id": comment.id, "episode": 1,
              "list_id": own_list.id,
              "username": other.author.username}  # fmt: skip
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in BANNED_REFUSED:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<[^>]*\b{name}>", str(values[name]), url)
        if rule.endpoint in ("reviews.helpful", "reviews.add_comment", "comments.report_review"):
            url = url.replace(f"/reviews/{own.id}/", f"/reviews/{other.id}/")
        response = client.submit(url, {"body": "x", "reason": "spam", "title": "t"})
        assert response.status_code == 403, url
    db.session.expire_all()
    assert db.session.get(Review, own.id).body == "Mine."
    assert db.session.get(Comment, comment.id).status == "visible"
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert db.session.get(ShowList, own_list.id).name == "MY-LIST"
    assert db.session.scalar(select(func.count()).select_from(ListItem)) == 1
