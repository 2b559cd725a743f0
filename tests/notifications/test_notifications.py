"""Notifications: each kind, batching, who is never told, opt-outs, spoiler safety,
marking read and the header's unread count."""

import pytest

from app.extensions import db
from app.models import Block, Notification, NotificationOptOut
from app.moderation import service as moderation
from app.notifications import service
from app.progress.rules import Progress
from app.progress.service import save_entry
from app.reviews.service import toggle_helpful

HX = {"HX-Request": "true"}


def page_of(client) -> str:
    return client.get("/notifications").text


def set_progress(user, show, episode: int) -> None:
    save_entry(user, show, Progress(episode, "watching"))
    db.session.commit()


# --- Each kind ------------------------------------------------------------------------


def test_comment_on_review_notifies_its_author_with_a_spoiler_free_excerpt(
    client, login, make_review, make_user, comment_on, notifications_of
):
    author = make_user("author")
    review = make_review(author=author, show=None)
    comment_on(
        review, "PLAINWORDS here. [spoiler ep=9]KOALA-SPOILER-EP9[/spoiler]",
        author=make_user("minji"),
    )  # fmt: skip
    (item,) = notifications_of(author)
    assert (item.kind, item.comment_id, item.review_id) == ("comment", item.comment.id, review.id)
    login(author)
    html = page_of(client)
    assert f"minji commented on your review of {review.show.title}." in html
    assert "PLAINWORDS here." in html  # control: the excerpt is there
    assert "KOALA-SPOILER-EP9" not in html  # excerpts drop every spoiler
    assert f'href="/reviews/{review.id}#comment-{item.comment_id}"' in html


def test_reply_in_a_thread_notifies_the_top_level_comment_author(
    make_show, make_user, in_thread, notifications_of
):
    show = make_show(episodes=10)
    poster = make_user()
    top = in_thread(show, 9, "Top.", author=poster)
    reply = in_thread(show, 9, "A reply.", parent=top)
    in_thread(show, 9, "Another top-level comment.")  # not a reply: nobody is told
    (item,) = notifications_of(poster)
    assert (item.kind, item.comment_id, item.episode, item.show_id) == (
        "reply", reply.id, 9, show.id,
    )  # fmt: skip


@pytest.mark.parametrize("progress, reached", [(5, False), (9, True), (10, True)])
def test_reply_text_withholds_an_episode_the_reader_has_not_reached(
    client, login, make_show, make_user, in_thread, progress, reached
):
    show = make_show(episodes=10, episode_titles=[f"EPTITLE{n}X" for n in range(1, 11)])
    poster = make_user()
    top = in_thread(show, 9, "Top.", author=poster)
    in_thread(show, 9, "REPLYPLAINTEXT about the twist.", parent=top, author=make_user("minji"))
    set_progress(poster, show, progress)  # lowered since they posted, or not
    login(poster)
    html = page_of(client)
    withheld = f"minji replied to your comment in a thread of an episode of {show.title}"
    named = f"minji replied to your comment on {show.title} episode 9."
    assert (named in html, withheld in html) == (reached, not reached)
    assert ("REPLYPLAINTEXT" in html) == reached  # the thread's text is about episode 9
    assert "EPTITLE9X" not in html  # episode titles are never in the sentence


def test_helpful_votes_are_batched_in_one_unread_row(
    client, login, make_review, make_user, notifications_of
):
    author = make_user()
    review = make_review(author=author)
    voters = [make_user() for _ in range(5)]
    for voter in voters:
        toggle_helpful(review, voter)
        db.session.commit()
    toggle_helpful(review, voters[-1])  # an un-vote takes nothing back
    toggle_helpful(review, voters[-1])  # ...and the same voter again at once adds nothing
    db.session.commit()
    (item,) = notifications_of(author)
    assert (item.kind, item.count, item.review_id) == ("helpful", 5, review.id)
    login(author)
    assert f"5 people found your review of {review.show.title} helpful." in page_of(client)
    client.submit("/notifications/read", {}, page="/notifications")
    toggle_helpful(review, make_user("late"))
    db.session.commit()
    read, new = notifications_of(author)
    assert (read.count, new.count, new.read_at) == (5, 1, None)
    assert f"late found your review of {review.show.title} helpful." in page_of(client)


def test_follow_notifies_with_a_link_to_the_follower(client, login, make_user):
    followed, follower = make_user(), make_user("fan")
    assert service.notify(followed.id, "follow", actor_id=follower.id)
    db.session.commit()
    login(followed)
    assert 'href="/users/fan">fan followed you.</a>' in page_of(client)


# --- Moderators ----------------------------------------------------------------------


def test_moderator_hiding_a_comment_tells_its_author_the_reason(
    client, login, make_review, make_user, comment_on
):
    writer = make_user()
    comment = comment_on(make_review(), "Rude words.", author=writer)
    mod = make_user(role="moderator")
    moderation.change_comment(comment, mod, "hide", reason="REASON-INSULTS")
    db.session.commit()
    login(writer)
    html = page_of(client)
    assert "A moderator hid your comment under a review of" in html
    assert "Reason: REASON-INSULTS" in html
    assert mod.username not in html  # the moderator stays "a moderator"


def test_moderator_action_on_a_thread_comment_withholds_the_unreached_episode(
    client, login, make_show, make_user, in_thread
):
    show = make_show(episodes=10)
    writer = make_user()
    comment = in_thread(show, 8, "Spoilery talk.", author=writer)
    moderation.change_comment(comment, make_user(role="moderator"), "delete", reason="spoiler")
    db.session.commit()
    set_progress(writer, show, 3)
    login(writer)
    html = page_of(client)
    assert "deleted your comment in a thread of an episode of" in html
    assert "episode 8" not in html
    set_progress(writer, show, 8)  # control
    assert f"deleted your comment on {show.title} episode 8." in page_of(client)


def test_ban_and_review_deletion_reach_the_member(client, login, make_review, make_user):
    member = make_user()
    review = make_review(author=member)
    mod = make_user(role="moderator")
    moderation.delete_review(review, mod, reason="REASON-COPIED")
    moderation.ban(member, mod, reason="REASON-SPAM", until="7d")
    db.session.commit()
    login(member)
    html = page_of(client)
    assert f"A moderator deleted your review of {review.show.title}." in html
    assert f'href="/shows/{review.show.slug}"' in html
    assert "A moderator banned your account." in html and "Reason: REASON-SPAM" in html
    assert "Reason: REASON-COPIED" in html


def test_moderator_acting_on_their_own_comment_is_not_told(
    make_review, make_user, comment_on, notifications_of
):
    mod = make_user(role="moderator")
    comment = comment_on(make_review(), "Oops.", author=mod)
    moderation.change_comment(comment, mod, "delete", reason="mine")
    db.session.commit()
    assert notifications_of(mod) == []


# --- Who is never told -----------------------------------------------------------------


def test_nobody_is_told_about_what_they_did(make_review, make_user, comment_on, notifications_of):
    author = make_user()
    review = make_review(author=author)
    comment_on(review, "My own comment.", author=author)
    assert not service.notify(author.id, "follow", actor_id=author.id)
    assert notifications_of(author) == []


def test_a_blocked_member_sends_nothing_and_earlier_ones_disappear(
    client, login, make_review, make_user, comment_on, notifications_of
):
    author, pest, friend = make_user(), make_user("pest"), make_user("friend")
    review = make_review(author=author)
    comment_on(review, "Before the block.", author=pest)
    db.session.add(Block(blocker_id=author.id, blocked_id=pest.id))
    db.session.commit()
    comment_on(review, "After the block.", author=pest)
    comment_on(review, "A friend's.", author=friend)
    assert len(notifications_of(author)) == 2  # the one before the block, and the friend's
    login(author)
    html = page_of(client)
    assert "friend commented" in html  # control
    assert "pest" not in html  # the earlier one is hidden once blocked
    assert ">1<" in client.get("/notifications/unread", headers=HX).text


def test_opted_out_kinds_are_not_sent_but_moderation_always_is(
    client, login, make_review, make_user, comment_on, notifications_of
):
    author = make_user()
    review = make_review(author=author)
    login(author)
    response = client.submit(
        "/notifications/settings", {"reply": "y", "helpful": "y"}, page="/notifications"
    )
    assert response.status_code == 303
    assert service.opted_out(author.id) == {"comment", "follow"}
    comment = comment_on(review, "Unheard.")
    service.notify(author.id, "follow", actor_id=make_user().id)
    toggle_helpful(review, make_user())
    db.session.commit()
    assert [n.kind for n in notifications_of(author)] == ["helpful"]
    moderation.change_comment(comment, make_user(role="moderator"), "hide", reason="r")
    service.set_opt_outs(author, {"moderation", "helpful"})  # moderation cannot be turned off
    db.session.commit()
    assert service.opted_out(author.id) == {"helpful"}
    comment_on(review, "Heard?")
    assert [n.kind for n in notifications_of(author)] == ["helpful", "comment"]
    page = page_of(client)
    assert 'name="comment" type="checkbox" value="y"' in page and "checked" in page


def test_settings_with_htmx_answer_the_form_with_a_saved_note(client, login, make_user):
    login(make_user())
    response = client.submit("/notifications/settings", {}, page="/notifications", headers=HX)
    assert response.status_code == 200
    assert response.text.startswith('<section id="notification-settings"')
    assert "Saved." in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(NotificationOptOut)) == 4


# --- Marking read ------------------------------------------------------------------------


@pytest.fixture
def two_unread(make_user, make_review, comment_on, notifications_of):
    author = make_user()
    review = make_review(author=author)
    comment_on(review, "First.")
    comment_on(review, "Second.")
    return author, notifications_of(author)


def test_marking_one_read_with_htmx_swaps_it_and_the_badge(client, login, two_unread):
    author, (first, second) = two_unread
    login(author)
    response = client.submit(
        "/notifications/read", {"id": first.id}, page="/notifications", headers=HX
    )
    assert response.status_code == 200
    assert response.text.startswith(f'<li id="notification-{first.id}" class="notification">')
    assert 'id="unread-count"' in response.text and 'hx-swap-oob="true"' in response.text
    assert ">1<" in response.text
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at is not None
    assert db.session.get(Notification, second.id).read_at is None


def test_marking_all_read_plainly_redirects_back(client, login, two_unread, notifications_of):
    author, _ = two_unread
    login(author)
    response = client.submit("/notifications/read", {"page": "2"}, page="/notifications")
    assert response.status_code == 303
    assert response.headers["Location"] == "/notifications?page=2"
    assert all(n.read_at is not None for n in notifications_of(author))
    assert "Mark all read" not in page_of(client)


def test_marking_all_read_with_htmx_swaps_the_list(client, login, two_unread):
    author, _ = two_unread
    login(author)
    response = client.submit("/notifications/read", {}, page="/notifications", headers=HX)
    assert response.text.startswith('<section id="notification-list"')
    assert 'class="unread-count none" hx-swap-oob="true"' in response.text


def test_reading_the_page_marks_nothing_read(client, login, two_unread, notifications_of):
    author, _ = two_unread
    login(author)
    page_of(client)
    assert all(n.read_at is None for n in notifications_of(author))


@pytest.mark.parametrize(
    "data, status",
    [
        ({"id": "abc"}, 400),
        ({"id": "0"}, 400),
        ({"id": "-3"}, 400),
        ({"id": "1.5"}, 400),
        ({"id": "99999999999"}, 400),
        ({"id": "999999"}, 404),
        ({"id": "OTHERS"}, 404),
        ({"page": "abc"}, 400),
        ({"page": "0"}, 400),
    ],
)
def test_bad_mark_read_input_is_refused(client, login, make_user, two_unread, data, status):
    _, (first, _) = two_unread
    login(make_user())
    data = {key: str(first.id) if value == "OTHERS" else value for key, value in data.items()}
    response = client.submit("/notifications/read", data, page="/notifications")
    assert response.status_code == status
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at is None


def test_mark_read_needs_the_csrf_token(client, login, two_unread):
    author, (first, _) = two_unread
    login(author)
    assert client.post("/notifications/read", data={"id": first.id}).status_code == 400


# --- Pages and the badge -------------------------------------------------------------------


def test_signed_out_readers_go_to_sign_in_and_their_poll_stops(client):
    assert client.get("/notifications").status_code == 302
    assert client.get("/notifications/unread", headers=HX).status_code == 286
    assert "/login" in client.get("/notifications/unread").headers["Location"]
    assert client.submit("/notifications/read", {}).status_code == 302


def test_header_badge_is_loaded_by_htmx_for_members_only(client, login, make_user):
    assert 'id="unread-count"' not in client.get("/").text
    login(make_user())
    home = client.get("/").text
    assert 'hx-get="/notifications/unread" hx-trigger="load"' in home
    assert 'href="/notifications"' in home


def test_unread_badge_counts_and_caps(client, login, make_user):
    member = make_user()
    other = make_user()
    login(member)
    assert 'class="unread-count none"' in client.get("/notifications/unread", headers=HX).text
    db.session.add_all(
        Notification(recipient_id=member.id, kind="follow", actor_id=other.id) for _ in range(120)
    )
    db.session.commit()
    badge = client.get("/notifications/unread", headers=HX).text
    assert "99+" in badge and 'hx-trigger="every 60s"' in badge
    assert client.get("/notifications/unread").status_code == 302  # no JS: the page


def test_notifications_page_is_paginated_newest_first(client, login, make_user):
    member, other = make_user(), make_user("someone")
    db.session.add_all(
        Notification(recipient_id=member.id, kind="follow", actor_id=other.id) for _ in range(35)
    )
    db.session.commit()
    login(member)
    first = page_of(client)
    assert first.count('class="notification unread"') == 30
    assert "Page 1 of 2" in first
    second = client.get("/notifications?page=2").text
    assert second.count('class="notification unread"') == 5
    assert client.get("/notifications?page=junk").status_code == 200
    fragment = client.get("/notifications", headers=HX).text
    assert fragment.startswith("<section") or fragment.lstrip().startswith("<section")
