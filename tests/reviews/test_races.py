"""Races: one member's simultaneous requests answer like the winner, never 500.

Real threads, each with its own test client signed in as the same member, post at the
same moment (a barrier); each request runs in its own app context and database session,
as on a real server. On PostgreSQL they truly overlap; on SQLite they queue for the
write lock.
"""

import threading

import pytest
from sqlalchemy import func, select

from app.comments.service import add_comment
from app.extensions import db
from app.models import (
    Comment,
    CommentRevision,
    HelpfulVote,
    ModerationAction,
    Report,
    Review,
    ReviewRevision,
    WatchEntry,
)
from app.reviews import service as review_service
from tests.fixtures.users import PASSWORD
from tests.scores.test_statistics import check_passes

THREADS = 6
REVIEW = {
    "title": "Posted twice",
    "body": "Double-clicked.",
    "episodes_watched": "10",
    "rating_overall": "8.5",
}


def signed_in_clients(app, user, count: int = THREADS) -> list:
    """`count` clients, each signed in as `user` in its own session."""
    clients = []
    for _ in range(count):
        client = app.test_client()
        data = {"username": user.username, "password": PASSWORD}
        assert client.submit("/login", data, page="/login").status_code == 303
        clients.append(client)
    return clients


def post_at_once(clients, url: str, data: dict | list[dict], headers: dict | None = None) -> list:
    """POST `data` (or each client its own of a list) to `url` from every client at the
    same moment; the responses in order."""
    forms = data if isinstance(data, list) else [data] * len(clients)
    tokens = [client.csrf_token() for client in clients]
    barrier = threading.Barrier(len(clients))
    responses: list = [None] * len(clients)

    def post(n: int) -> None:
        barrier.wait()
        try:
            responses[n] = clients[n].post(
                url, data={**forms[n], "csrf_token": tokens[n]}, headers=headers or {}
            )
        except Exception as error:  # TESTING propagates a 500's exception: keep it
            responses[n] = error

    threads = [threading.Thread(target=post, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return responses


def statuses(responses: list) -> list:
    """Each response's status, or the exception a 500 raised."""
    return [getattr(r, "status_code", r) for r in responses]


def count(model, *conditions) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_simultaneous_identical_reviews_publish_one_and_answer_like_the_winner(
    app, make_show, make_user
):
    show = make_show(episodes=10)
    author = make_user()
    clients = signed_in_clients(app, author)
    responses = post_at_once(clients, f"/shows/{show.slug}/reviews/new", REVIEW)
    assert statuses(responses) == [303] * THREADS
    assert count(Review) == 1
    review = db.session.scalar(select(Review))
    assert {r.headers["Location"] for r in responses} == {f"/reviews/{review.id}"}
    pages = [client.get(f"/reviews/{review.id}").text for client in clients]
    assert sum("Your review is published." in page for page in pages) == 1
    assert sum("You have reviewed this show already" in page for page in pages) == THREADS - 1
    assert count(WatchEntry) == 1
    check_passes(app)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_simultaneous_helpful_toggles_end_in_one_state_with_an_exact_count(
    app, make_review, make_user, htmx
):
    review = make_review()
    reader = make_user()
    clients = signed_in_clients(app, reader)
    headers = {"HX-Request": "true"} if htmx else {}
    responses = post_at_once(clients, f"/reviews/{review.id}/helpful", {}, headers)
    assert statuses(responses) == [200 if htmx else 303] * THREADS
    votes = count(HelpfulVote, HelpfulVote.review_id == review.id)
    assert votes in (0, 1)
    assert db.session.get(Review, review.id).helpful_count == votes
    if htmx:  # every answer states one definite state, with the count it saw
        assert all(('aria-pressed="true"' in r.text) != ('aria-pressed="false"' in r.text)
                   for r in responses)  # fmt: skip
    page = clients[0].get(f"/reviews/{review.id}").text
    assert f"{votes} found this helpful" in page
    button = page[page.index(f'id="review-{review.id}-helpful"') :]  # not the footer's theme switch
    assert ('aria-pressed="true"' in button[: button.index("</form>")]) is (votes == 1)


def test_simultaneous_reports_by_one_reader_file_one(app, make_review, make_user):
    review = make_review()
    reader = make_user()
    clients = signed_in_clients(app, reader)
    data = {"reason": "spam", "note": "twice"}
    responses = post_at_once(clients, f"/reviews/{review.id}/report", data)
    assert set(statuses(responses)) <= {303, 409}, statuses(responses)
    assert 303 in statuses(responses)  # control: one report went in
    assert count(Report, Report.review_id == review.id, Report.status == "open") == 1


def test_simultaneous_progress_saves_keep_one_entry(app, make_show, make_user):
    show = make_show(episodes=10)
    member = make_user()
    clients = signed_in_clients(app, member)
    data = {"episodes_watched": "4", "status": "watching", "score": "7.5"}
    responses = post_at_once(clients, f"/shows/{show.slug}/progress", data)
    assert statuses(responses) == [303] * THREADS
    assert count(WatchEntry) == 1
    entry = db.session.scalar(select(WatchEntry))
    assert (entry.episodes_watched, entry.score) == (4, 7.5)
    check_passes(app)


@pytest.mark.parametrize("who", ["author", "moderator"])
def test_simultaneous_deletes_of_a_review_all_answer_deleted(
    app, make_review, make_user, monkeypatch, who
):
    """Deletes in flight together (each has found the review before any deletes it) all
    answer as deleted, and delete once. A request that starts after another's commit finds
    no review (404): CI's load once let one start that late, so the requests meet first."""
    author = make_user()
    review = make_review(author=author)
    actor = author if who == "author" else make_user(role="moderator")
    clients = signed_in_clients(app, actor)
    found = threading.Barrier(THREADS, timeout=30)
    ensure_can_edit = review_service.ensure_can_edit

    def meet_then_check(*args):
        found.wait()
        return ensure_can_edit(*args)

    monkeypatch.setattr(review_service, "ensure_can_edit", meet_then_check)
    show_page = f"/shows/{review.show.slug}"
    responses = post_at_once(clients, f"/reviews/{review.id}/delete", {"reason": "spam"})
    assert statuses(responses) == [303] * THREADS
    assert {r.headers["Location"] for r in responses} == {show_page}
    assert count(Review) == 0
    assert count(ModerationAction) == (1 if who == "moderator" else 0)
    check_passes(app)


def test_simultaneous_moderator_actions_act_and_log_once(app, make_review, make_user):
    review = make_review()
    comment = add_comment(review, make_user(), "Rude.", [[{"html": "<p>Rude.</p>"}]])
    target = make_user()
    db.session.commit()
    moderator = make_user(role="moderator")
    clients = signed_in_clients(app, moderator)
    hide = post_at_once(clients, f"/mod/comments/{comment.id}/hide", {"reason": "rude"})
    ban = post_at_once(
        clients, f"/mod/users/{target.username}/ban", {"reason": "spam", "until": "7d"}
    )
    for responses in (hide, ban):
        assert set(statuses(responses)) <= {303, 409}, statuses(responses)
        assert 303 in statuses(responses)  # control: one of them acted
    actions = db.session.scalars(select(ModerationAction.action)).all()
    assert sorted(actions) == ["comment_hide", "user_ban"]


def test_simultaneous_edits_of_a_review_keep_every_version(app, make_review, make_user):
    author = make_user()
    review = make_review("Version 0.", author=author)
    clients = signed_in_clients(app, author)
    edits = [REVIEW | {"body": f"Version {n}."} for n in range(1, THREADS + 1)]
    responses = post_at_once(clients, f"/reviews/{review.id}/edit", edits)
    assert statuses(responses) == [303] * THREADS
    db.session.expire_all()
    kept = db.session.scalars(select(ReviewRevision.body).order_by(ReviewRevision.id)).all()
    current = db.session.get(Review, review.id).body
    assert kept[0] == "Version 0."  # each edit kept the text it replaced: none is lost
    assert sorted([*kept, current]) == [f"Version {n}." for n in range(THREADS + 1)]


def test_simultaneous_edits_of_a_comment_keep_every_version(app, make_review, make_user):
    review = make_review()
    author = make_user()
    comment = add_comment(review, author, "Version 0.", [[{"html": "<p>Version 0.</p>"}]])
    db.session.commit()
    clients = signed_in_clients(app, author)
    edits = [{"body": f"Version {n}."} for n in range(1, THREADS + 1)]
    responses = post_at_once(clients, f"/comments/{comment.id}/edit", edits)
    assert statuses(responses) == [303] * THREADS
    db.session.expire_all()
    kept = db.session.scalars(select(CommentRevision.body).order_by(CommentRevision.id)).all()
    current = db.session.get(Comment, comment.id).body
    assert kept[0] == "Version 0."  # each edit kept the text it replaced: none is lost
    assert sorted([*kept, current]) == [f"Version {n}." for n in range(THREADS + 1)]
