"""Lists are reported and moderated like comments: reports reach the queue, a moderator
hides or restores a list (logged), a hidden list is 404 for others and stops counting on
show pages, enough unmarked-spoiler reports hold it."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ModerationAction, Report

HX = {"HX-Request": "true"}


@pytest.fixture
def login(client, login):
    """Sign in, signing out whoever was signed in first."""

    def switch(user):
        client.submit("/logout")
        return login(user)

    return switch


def test_member_reports_a_list_and_it_reaches_the_queue(client, make_user, login, make_list,
                                                        make_show):  # fmt: skip
    show_list = make_list(shows=[make_show("Queue Show")], name="REPORTED-LIST",
                          notes={})  # fmt: skip
    login(make_user())
    url = f"/lists/{show_list.id}/report"
    assert client.submit(url, {"reason": "abuse", "note": "Rude name."}).status_code == 303
    again = client.submit(url, {"reason": "abuse"}, headers=HX)
    assert again.status_code == 409  # one open report per reader and list
    report = db.session.scalar(select(Report))
    assert (report.list_id, report.reason, report.note) == (show_list.id, "abuse", "Rude name.")
    login(make_user(role="moderator"))
    queue = client.get("/mod").text
    assert "REPORTED-LIST" in queue and "Queue Show" in queue and "Hide list" in queue


def test_owner_cannot_report_their_own_list(client, make_user, login, make_list):
    owner = make_user()
    show_list = make_list(owner)
    login(owner)
    assert "Send report" not in client.get(f"/lists/{show_list.id}").text
    assert client.submit(f"/lists/{show_list.id}/report", {"reason": "spam"}).status_code == 403


@pytest.mark.parametrize("reason", ["", "junk"])
def test_report_needs_a_known_reason(client, make_user, login, make_list, reason):
    show_list = make_list()
    login(make_user())
    response = client.submit(f"/lists/{show_list.id}/report", {"reason": reason}, headers=HX)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0


def test_moderator_hides_and_restores_a_list(client, make_user, login, make_list, make_show):
    owner, reader, moderator = make_user(), make_user(), make_user(role="moderator")
    show = make_show()
    show_list = make_list(owner, shows=[show], name="HIDDEN-LIST")
    login(reader)
    client.submit(f"/lists/{show_list.id}/report", {"reason": "spam"})
    assert "In 1 list<" in client.get(f"/shows/{show.slug}").text
    login(moderator)
    hide = f"/mod/lists/{show_list.id}/hide"
    assert client.submit(hide, {"reason": ""}).status_code == 303  # no reason: nothing happens
    db.session.expire_all()
    assert show_list.status == "visible"
    assert client.submit(hide, {"reason": "Spam list"}).status_code == 303
    db.session.expire_all()
    assert show_list.status == "hidden"
    assert db.session.scalar(select(Report.status)) == "resolved"
    entry = db.session.scalar(select(ModerationAction))
    assert (entry.action, entry.target_type, entry.reason) == ("showlist_hide", "showlist",
                                                                "Spam list")  # fmt: skip
    assert "HIDDEN-LIST" in entry.target_label
    assert client.get(f"/lists/{show_list.id}").status_code == 200  # moderators still see it
    login(reader)
    assert client.get(f"/lists/{show_list.id}").status_code == 404
    assert "HIDDEN-LIST" not in client.get(f"/users/{owner.username}").text
    assert "In no lists" in client.get(f"/shows/{show.slug}").text
    login(owner)
    assert "A moderator hid this list" in client.get(f"/lists/{show_list.id}").text
    login(moderator)
    assert client.submit(f"/mod/lists/{show_list.id}/restore", {"reason": "OK"}).status_code == 303
    login(reader)
    assert client.get(f"/lists/{show_list.id}").status_code == 200
    assert "In 1 list<" in client.get(f"/shows/{show.slug}").text


def test_members_and_anonymous_readers_cannot_hide_a_list(client, make_user, login, make_list):
    show_list = make_list()
    url = f"/mod/lists/{show_list.id}/hide"
    assert client.submit(url, {"reason": "x"}).status_code == 302  # to sign in
    login(make_user())
    assert client.submit(url, {"reason": "x"}).status_code == 403
    db.session.expire_all()
    assert show_list.status == "visible"


def test_unmarked_spoiler_reports_hold_a_list(app, client, make_user, login, make_list, make_show):
    app.config["SPOILER_HOLD_REPORTS"] = 2
    show = make_show()
    owner = make_user()
    show_list = make_list(owner, shows=[show], name="HELD-LIST")
    for _ in range(2):
        login(make_user())
        client.submit(f"/lists/{show_list.id}/report", {"reason": "unmarked_spoiler"})
    db.session.expire_all()
    assert show_list.held_at is not None
    assert client.get(f"/lists/{show_list.id}").status_code == 404  # the last reporter
    assert "In no lists" in client.get(f"/shows/{show.slug}").text
    assert db.session.scalar(select(ModerationAction.action)) == "showlist_held"
    login(owner)
    assert "held for review" in client.get(f"/lists/{show_list.id}").text
    login(make_user(role="moderator"))
    client.submit(f"/mod/lists/{show_list.id}/restore", {"reason": "No spoiler"})
    db.session.expire_all()
    assert show_list.held_at is None
    assert db.session.scalars(select(Report.status)).all() == ["dismissed", "dismissed"]
