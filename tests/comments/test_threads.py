"""Episode discussion threads: posting (htmx and plain), replies one level deep, the
progress stamp, gating of later episodes, pagination, the moderation tools, bad input,
and the exact comment count."""

import pytest
from sqlalchemy import select, update

from app.comments import service as comment_service
from app.extensions import db
from app.markup import render_document
from app.models import Comment, EpisodeThread, ModerationAction, Report
from app.progress.rules import Progress
from app.progress.service import save_entry

HTMX = {"HX-Request": "true"}


def thread_url(show, episode: int) -> str:
    return f"/shows/{show.slug}/episodes/{episode}"


def post(client, show, episode, body, *, parent_id=None, htmx=False):
    data = {"body": body} | ({"parent_id": parent_id} if parent_id is not None else {})
    return client.submit(f"{thread_url(show, episode)}/comments", data,
                         headers=HTMX if htmx else {})  # fmt: skip


def comments() -> list[Comment]:
    return list(db.session.scalars(select(Comment).order_by(Comment.id)))


def stored_count(show, episode) -> int:
    db.session.expire_all()
    row = db.session.get(EpisodeThread, (show.id, episode))
    return row.comment_count if row else 0


@pytest.fixture
def in_thread(make_user):
    """Post in a thread through the service: in_thread(show, episode, body, author=...,
    at=progress, parent=...); the author is given progress `at` first."""

    def build(show, episode, body="A thought.", *, author=None, at=None, parent=None):
        author = author or make_user()
        at = show.episode_count if at is None else at
        status = "completed" if at == show.episode_count else "watching"
        save_entry(author, show, Progress(at, status))
        segments = render_document(body, episode_count=show.episode_count)
        comment = comment_service.add_thread_comment(show, episode, author, body, segments,
                                                     parent=parent)  # fmt: skip
        db.session.commit()
        return comment

    return build


# --- Posting ------------------------------------------------------------------------------


def test_plain_post_redirects_to_the_comment_stamped_with_progress(client, make_show, make_reader):
    show = make_show(episodes=10)
    make_reader(show, episode=5)
    response = post(client, show, 3, "THREAD-PLAIN on episode three.")
    [comment] = comments()
    assert response.status_code == 303
    assert response.headers["Location"] == f"{thread_url(show, 3)}#comment-{comment.id}"
    assert (comment.episode, comment.written_at_episode, comment.parent_id) == (3, 5, None)
    page = client.get(thread_url(show, 3)).text
    assert f'<li id="comment-{comment.id}"' in page and "THREAD-PLAIN" in page
    assert "written at episode 5" in page
    assert "(1 comment)" in page
    assert "THREAD-PLAIN" not in client.get(thread_url(show, 2)).text  # one thread per episode


def test_htmx_post_appends_the_comment_and_resets_the_form(client, make_show, make_reader):
    show = make_show(episodes=10)
    make_reader(show, episode=4)
    response = post(client, show, 4, "THREAD-HTMX", htmx=True)
    [comment] = comments()
    assert response.status_code == 200
    form, rest = response.text.split("</form>", 1)
    assert form.startswith(f'<form id="thread-{show.id}-4-form"') and "THREAD-HTMX" not in form
    assert f'hx-swap-oob="beforeend:#thread-{show.id}-4-list"' in rest
    assert f'<li id="comment-{comment.id}"' in rest and "THREAD-HTMX" in rest
    assert (
        f'<span id="thread-{show.id}-4-count" class="meta" hx-swap-oob="true">(1 comment)' in rest
    )


def test_reply_lands_under_its_comment_and_a_reply_to_a_reply_joins_it(
    client, make_show, make_reader, in_thread
):
    show = make_show(episodes=10)
    top = in_thread(show, 2, "TOP-LEVEL")
    make_reader(show, episode=2)
    response = post(client, show, 2, "FIRST-REPLY", parent_id=top.id, htmx=True)
    assert response.status_code == 200
    assert response.text.startswith(f'<form id="comment-{top.id}-reply"')
    assert f'hx-swap-oob="beforeend:#comment-{top.id}-replies"' in response.text
    reply = comments()[-1]
    assert reply.parent_id == top.id
    # Replying to the reply (a crafted or stale form) attaches to the same top-level comment.
    assert post(client, show, 2, "SECOND-REPLY", parent_id=reply.id).status_code == 303
    second = comments()[-1]
    assert second.parent_id == top.id
    page = client.get(thread_url(show, 2)).text
    replies = page.split(f'id="comment-{top.id}-replies"', 1)[1].split("</ol>", 1)[0]
    assert "FIRST-REPLY" in replies and "SECOND-REPLY" in replies
    assert page.index("FIRST-REPLY") < page.index("SECOND-REPLY")
    assert '<details class="reply">' in page and f'name="parent_id" value="{top.id}"' in page
    assert f'name="parent_id" value="{reply.id}"' not in page  # no reply form on replies


def test_who_may_post(client, make_show, make_user, make_reader, login):
    show = make_show(episodes=10)
    assert post(client, show, 3, "hi").status_code == 302  # anonymous: to sign in
    make_reader(show, episode=2)
    refused = post(client, show, 3, "hi")
    assert refused.status_code == 403
    assert "for members who have watched it: you are at episode 2" in refused.text
    assert post(client, show, 3, "hi", htmx=True).status_code == 403
    assert post(client, show, 11, "hi").status_code == 404  # no such episode
    assert post(client, show, 0, "hi").status_code == 404
    client.submit("/logout")
    banned = make_reader(show, episode=10)
    banned.is_banned = True
    db.session.commit()
    assert post(client, show, 3, "hi").status_code == 403
    assert comments() == []
    page = client.get(thread_url(show, 3)).text
    assert 'name="parent_id"' not in page and "Post comment" not in page  # no forms when banned


def test_a_reader_below_the_episode_reads_a_revealed_thread_but_cannot_post(
    client, make_show, make_reader, in_thread
):
    show = make_show(episodes=10)
    in_thread(show, 6, "REVEALED-THREAD")
    make_reader(show, episode=3)
    assert "REVEALED-THREAD" not in client.get(thread_url(show, 6)).text
    page = client.get(f"{thread_url(show, 6)}?reveal=1").text
    assert "REVEALED-THREAD" in page  # control: the reveal opens it
    assert "Post comment" not in page and "mark it watched to join in" in page


OTHER_THREAD, MISSING = "other-thread", "missing"


@pytest.mark.parametrize(
    ("body", "parent", "message"),
    [
        ("", None, "Write something first."),
        ("x" * 4001, None, "A comment has at most 4,000 characters."),
        ("open [spoiler ep=3]never closed", None, "Line 1:"),
        ("[spoiler ep=99]too far[/spoiler]", None, "Line 1:"),
        ("Junk parent.", "abc", "That is not a comment you can reply to"),
        ("Huge parent.", "99999999999999999999", "That is not a comment you can reply to"),
        ("Missing parent.", MISSING, "You can only reply to a comment of this episode"),
        ("Parent elsewhere.", OTHER_THREAD, "You can only reply to a comment of this episode"),
    ],
)
def test_bad_input_is_refused_and_keeps_the_text(client, make_show, make_reader, in_thread,
                                                 body, parent, message):  # fmt: skip
    show = make_show(episodes=10)
    elsewhere = in_thread(show, 4, "In another thread.")
    parent_id = {OTHER_THREAD: elsewhere.id, MISSING: elsewhere.id + 100}.get(parent, parent)
    make_reader(show, episode=5)
    fragment = post(client, show, 3, body, parent_id=parent_id, htmx=True)
    assert fragment.status_code == 422
    assert message in fragment.text and fragment.text.startswith("<form")
    page = post(client, show, 3, body, parent_id=parent_id)
    assert page.status_code == 200
    assert message in page.text and "<h1" in page.text
    if body and len(body) < 100:
        assert body.split("[")[0] in page.text  # the typed text is kept
    assert len(comments()) == 1 and stored_count(show, 3) == 0


def test_a_reply_form_error_stays_under_its_comment(client, make_show, make_reader, in_thread):
    show = make_show(episodes=10)
    top = in_thread(show, 3, "Top.")
    make_reader(show, episode=5)
    page = post(client, show, 3, "x" * 4001, parent_id=top.id).text
    reply_form = page.split(f'id="comment-{top.id}-reply"', 1)[1].split("</form>", 1)[0]
    assert "A comment has at most 4,000 characters." in reply_form
    assert '<details class="reply" open>' in page


def test_no_reply_to_a_removed_comment(client, make_show, make_reader, in_thread):
    show = make_show(episodes=10)
    top = in_thread(show, 3, "Top.")
    top.status = "deleted"
    db.session.commit()
    make_reader(show, episode=5)
    refused = post(client, show, 3, "Late reply.", parent_id=top.id, htmx=True)
    assert refused.status_code == 422 and "no longer open to replies" in refused.text


# --- Gating -------------------------------------------------------------------------------


def test_a_comments_later_spoiler_is_withheld_and_revealed_per_episode(
    client, make_show, make_reader, in_thread
):
    show = make_show(episodes=10)
    comment = in_thread(show, 3, "Plain THR-PLAIN. [spoiler ep=8]THR-EP8-SENTINEL[/spoiler]")
    make_reader(show, episode=5)
    page = client.get(thread_url(show, 3)).text
    assert "THR-PLAIN" in page and "THR-EP8-SENTINEL" not in page
    assert "Spoiler for episode 8 — reveal" in page
    reveal_href = f"{thread_url(show, 3)}?spoiler=8#comment-{comment.id}"
    assert f'href="{reveal_href}"'.replace("&", "&amp;") in page  # works without JavaScript
    assert f'hx-post="/comments/{comment.id}/spoilers/8?comments=1"' in page
    assert "THR-EP8-SENTINEL" in client.get(f"{thread_url(show, 3)}?spoiler=8").text
    swaps = client.post(f"/comments/{comment.id}/spoilers/8?comments=1", headers=HTMX,
                        data={"csrf_token": client.csrf_token()})  # fmt: skip
    assert "THR-EP8-SENTINEL" in swaps.text and "Hide again" in swaps.text
    hidden = client.post(f"/comments/{comment.id}/spoilers/8/hide?comments=1", headers=HTMX,
                         data={"csrf_token": client.csrf_token()})  # fmt: skip
    assert "THR-EP8-SENTINEL" not in hidden.text and "Spoiler for episode 8" in hidden.text
    assert "THR-EP8-SENTINEL" not in client.get(thread_url(show, 3)).text  # nothing remembered
    fragment = client.get(f"/comments/{comment.id}/spoilers/8", headers=HTMX).text
    assert "THR-EP8-SENTINEL" in fragment
    plain = client.get(f"/comments/{comment.id}/spoilers/8")
    assert plain.headers["Location"] == f"{thread_url(show, 3)}?spoiler=8#comment-{comment.id}"


def test_a_reader_who_reached_the_spoiler_reads_it(client, make_show, make_reader, in_thread):
    show = make_show(episodes=10)
    in_thread(show, 3, "[spoiler ep=8]THR-READ-SENTINEL[/spoiler]")
    make_reader(show, episode=8)
    page = client.get(thread_url(show, 3)).text
    assert "THR-READ-SENTINEL" in page and "Spoiler for episode 8 — reveal" not in page


def test_links_keep_a_revealed_page_open(client, make_show, make_reader, in_thread):
    show = make_show(episodes=10)
    comment = in_thread(show, 6, "[spoiler ep=9]THR-EP9[/spoiler]")
    make_reader(show, episode=3)
    page = client.get(f"{thread_url(show, 6)}?reveal=1").text
    assert "THR-EP9" not in page
    assert f"?reveal=1&amp;spoiler=9#comment-{comment.id}" in page
    assert "THR-EP9" in client.get(f"{thread_url(show, 6)}?reveal=1&spoiler=9").text


# --- Pagination and queries ---------------------------------------------------------------


def test_pages_of_top_level_comments_with_their_replies(
    client, make_show, make_reader, in_thread, monkeypatch
):
    monkeypatch.setattr(comment_service, "PER_PAGE", 2)
    show = make_show(episodes=10)
    first, second, third = (in_thread(show, 2, f"TOP-{n}") for n in (1, 2, 3))
    in_thread(show, 2, "REPLY-TO-THIRD", parent=third)
    make_reader(show, episode=2)
    one = client.get(thread_url(show, 2)).text
    assert "TOP-1" in one and "TOP-2" in one and "TOP-3" not in one
    assert f'href="{thread_url(show, 2)}?page=2#thread-{show.id}-2">Next' in one
    two = client.get(f"{thread_url(show, 2)}?page=2").text
    assert "TOP-3" in two and "REPLY-TO-THIRD" in two and "TOP-1" not in two
    assert "(4 comments)" in two
    # A post on a later page redirects there; so does a comment's permalink.
    response = post(client, show, 2, "TOP-4")
    latest = comments()[-1]
    assert response.headers["Location"] == f"{thread_url(show, 2)}?page=2#comment-{latest.id}"
    reply = comments()[-2]
    assert client.get(f"/comments/{reply.id}").headers["Location"] == (
        f"{thread_url(show, 2)}?page=2#comment-{reply.id}"
    )


def test_thread_page_queries_do_not_grow_with_comments(
    client, make_show, make_reader, in_thread, count_queries
):
    show = make_show(episodes=10)
    url = thread_url(show, 2)
    in_thread(show, 2, "Only one.")
    make_reader(show, episode=2)
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in range(6):
        top = in_thread(show, 2, f"More {n}.", author=None)
        in_thread(show, 2, f"Reply {n}.", parent=top)
    with count_queries() as many:
        page = client.get(url).text
    assert "Reply 5." in page and "More 5." in page
    assert many.count == few.count, many.statements


# --- Edit, delete, history, report, hold, hide, restore, ban -----------------------------


def test_author_edits_deletes_and_reads_the_history_of_a_thread_comment(
    client, make_show, make_reader
):
    show = make_show(episodes=10)
    make_reader(show, episode=5)
    post(client, show, 3, "First THR-VERSION.")
    [comment] = comments()
    anchor = f"{thread_url(show, 3)}#comment-{comment.id}"
    edit_page = client.get(f"/comments/{comment.id}/edit").text
    assert f'href="/comments/{comment.id}">Cancel' in edit_page
    response = client.submit(f"/comments/{comment.id}/edit", {"body": "Second THR-VERSION."})
    assert response.status_code == 303 and response.headers["Location"] == anchor
    history = client.get(f"/comments/{comment.id}/history").text
    assert "First THR-VERSION." in history and "Second THR-VERSION." in history
    assert "In the discussion of episode 3" in history and ">Episode 3</a>" in history
    response = client.submit(f"/comments/{comment.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == anchor
    page = client.get(thread_url(show, 3)).text
    assert "Comment deleted." in page and "THR-VERSION" not in page
    assert stored_count(show, 3) == 1  # a deleted comment keeps its place, and its count


def test_reports_hold_a_thread_comment_after_three_members(
    client, make_show, make_reader, in_thread
):
    show = make_show(episodes=10)
    comment = in_thread(show, 3, "Unmarked THR-HELD-TEXT.")
    for _ in range(3):
        make_reader(show, episode=4)
        response = client.submit(f"/comments/{comment.id}/report",
                                 {"reason": "unmarked_spoiler", "note": ""})  # fmt: skip
        assert response.headers["Location"] == f"{thread_url(show, 3)}#comment-{comment.id}"
        client.submit("/logout")
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).is_held
    make_reader(show, episode=4)
    page = client.get(thread_url(show, 3)).text
    assert "THR-HELD-TEXT" not in page and "Held for review" in page
    assert client.get(f"/comments/{comment.id}/spoilers/3", headers=HTMX).status_code == 404


def test_moderator_queue_hide_restore_and_log_on_thread_comments(
    client, make_show, make_user, login, in_thread
):
    show = make_show(episodes=10, title="Queue Drama")
    comment = in_thread(show, 3, "THR-REPORTED text.")
    reporter = make_user()
    login(reporter)
    client.submit(f"/comments/{comment.id}/report", {"reason": "abuse", "note": ""})
    client.submit("/logout")
    login(make_user(role="moderator"))
    queue = client.get("/mod").text
    assert "THR-REPORTED" in queue
    link = f'<a href="/comments/{comment.id}">the discussion of episode 3 of Queue Drama</a>'
    assert link in queue
    page = client.get(f"{thread_url(show, 3)}?reveal=1").text  # the moderator is at episode 0
    assert f'name="next" value="{thread_url(show, 3)}?reveal=1#comment-{comment.id}"' in page
    hide = client.submit(f"/mod/comments/{comment.id}/hide",
                         {"reason": "Rude", "next": f"{thread_url(show, 3)}"})  # fmt: skip
    assert hide.status_code == 303
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == "hidden"
    assert db.session.scalar(select(Report.status)) == "resolved"
    client.submit(f"/mod/comments/{comment.id}/restore", {"reason": "Fine after all"})
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == "visible"
    labels = db.session.scalars(select(ModerationAction.target_label)).all()
    assert labels and all("on episode 3 of Queue Drama" in label for label in labels)
    assert "on episode 3 of Queue Drama" in client.get("/mod/log").text


def test_ban_and_hide_recent_hides_thread_comments_too(
    client, make_show, make_user, login, in_thread
):
    show = make_show(episodes=10)
    troll = make_user("threadtroll")
    top = in_thread(show, 3, "THR-TROLL-TOP", author=troll)
    reply = in_thread(show, 3, "THR-TROLL-REPLY", author=troll, parent=top)
    kept = in_thread(show, 3, "THR-BYSTANDER")
    login(make_user(role="moderator"))
    client.submit("/mod/users/threadtroll/ban",
                  {"reason": "Trolling", "until": "7d", "hide_recent": "y"})  # fmt: skip
    db.session.expire_all()
    assert [db.session.get(Comment, c.id).status for c in (top, reply, kept)] == [
        "hidden",
        "hidden",
        "visible",
    ]
    client.submit("/logout")
    page = client.get(f"{thread_url(show, 3)}?reveal=1").text
    assert "THR-TROLL" not in page and "THR-BYSTANDER" in page
    assert page.count("Hidden by a moderator.") == 2


# --- The exact count ------------------------------------------------------------------------


def test_the_count_is_every_post_and_stats_check_recomputes_it(app, make_show, in_thread):
    show = make_show(episodes=10)
    top = in_thread(show, 1)
    in_thread(show, 1, parent=top)
    gone = in_thread(show, 1)
    gone.status = "deleted"
    in_thread(show, 2)
    db.session.commit()
    assert (stored_count(show, 1), stored_count(show, 2), stored_count(show, 3)) == (3, 1, 0)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["stats", "check"]).exit_code == 0
    db.session.execute(update(EpisodeThread).values(comment_count=EpisodeThread.comment_count + 1)
                       .where(EpisodeThread.episode == 2))  # fmt: skip
    db.session.commit()
    result = runner.invoke(args=["stats", "check"])
    assert result.exit_code == 1 and "episode 2: comment_count 2, recomputed 1" in result.output
    rebuilt = runner.invoke(args=["stats", "rebuild"])
    assert "Rebuilt episode thread comment counts: 1 threads changed." in rebuilt.output
    assert runner.invoke(args=["stats", "check"]).exit_code == 0
    assert stored_count(show, 2) == 1
