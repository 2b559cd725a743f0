"""Edit history of reviews and comments: kept on every edit and re-tag, readable by the
author and moderators (every spoiler shown, labelled), refused to everyone else."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Comment, CommentRevision, ReviewRevision

REVIEW = {"episodes_watched": "10", "rating_overall": "8.0"}
SECRET = "HISTORY-EP9-SECRET"  # a spoiler for episode 9 in the first version


def edit_review(client, review, title: str, body: str, **extra):
    data = REVIEW | {"title": title, "body": body} | extra
    response = client.submit(f"/reviews/{review.id}/edit", data)
    assert response.status_code == 303, response.text
    return response


def in_order(html: str, *texts: str) -> bool:
    positions = [html.find(text) for text in texts]
    return -1 not in positions and positions == sorted(positions)


@pytest.fixture
def edited_review(client, make_review, make_user, login):
    """A review edited by its author, then by a moderator with a reason; signed out."""
    author = make_user("author")
    review = make_review(f"First text. [spoiler ep=9]{SECRET}[/spoiler]", author=author,
                         title="First title")  # fmt: skip
    login(author)
    edit_review(client, review, "Second title", "SECOND-TEXT by the author.")
    client.submit("/logout")
    login(make_user("mod", role="moderator"))
    edit_review(client, review, "Third title", "THIRD-TEXT, cleaned.", reason="insult removed")
    client.submit("/logout")
    return review


@pytest.mark.parametrize("reader", ["author", "moderator"])
def test_review_history_lists_versions_newest_first_with_spoilers_shown(
    client, login, make_user, edited_review, reader
):
    login("author" if reader == "author" else make_user(role="moderator"))
    response = client.get(f"/reviews/{edited_review.id}/history")
    assert response.status_code == 200
    html = response.text
    assert in_order(html, "THIRD-TEXT", "SECOND-TEXT", "First text.")  # newest first
    assert f'<span class="spoiler-label">Episode 9</span> {SECRET}' in html  # shown, labelled
    assert in_order(html, "Third title", "Second title", "First title")
    # The moderator's edit replaced the second version: its entry names them and why.
    assert in_order(html, "THIRD-TEXT", "insult removed", "SECOND-TEXT", "First text.")
    assert html.count('<span class="badge">moderator</span>') == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("member", 403), ("banned moderator", 403), ("moderator", 200),
     ("author", 200)],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["review", "comment"])
def test_history_is_for_the_author_and_moderators_only(client, login, make_user, make_review,
                                                       kind, persona, status):  # fmt: skip
    old = f"Old. [spoiler ep=9]{SECRET}[/spoiler]"  # the earlier version, with a spoiler
    author = make_user("author")
    review = make_review(old if kind == "review" else "Plain.", author=author)
    login(author)
    if kind == "review":
        edit_review(client, review, "New", "New.")
        url = f"/reviews/{review.id}/history"
    else:
        client.submit(f"/reviews/{review.id}/comments", {"body": old})
        comment = db.session.scalar(select(Comment))
        client.submit(f"/comments/{comment.id}/edit", {"body": "New."})
        url = f"/comments/{comment.id}/history"
    client.submit("/logout")
    if persona == "author":
        login(author)
    elif persona != "anonymous":
        user = make_user(role="user" if persona == "member" else "moderator")
        user.is_banned = persona == "banned moderator"
        db.session.commit()
        login(user)
    response = client.get(url)
    assert response.status_code == status
    assert (SECRET in response.text) is (status == 200)
    if persona == "anonymous":
        assert response.headers["Location"].startswith("/login?next=")


def test_comment_edits_and_retags_keep_revisions_shown_in_its_history(client, login, make_user,
                                                                     make_review):  # fmt: skip
    review = make_review()
    author = make_user("author")
    login(author)
    client.submit(f"/reviews/{review.id}/comments", {"body": "FIRST-COMMENT the killer is Jo."})
    comment = db.session.scalar(select(Comment))
    assert client.submit(f"/comments/{comment.id}/edit", {"body": "SECOND-COMMENT Jo did it."}
                         ).status_code == 303  # fmt: skip
    client.submit("/logout")
    login(make_user("mod", role="moderator"))
    retag = {"passage": "Jo did it.", "episode": "7", "reason": "unmarked"}
    response = client.submit(f"/mod/comments/{comment.id}/retag", retag)
    assert response.status_code == 303
    rows = db.session.scalars(select(CommentRevision).order_by(CommentRevision.id)).all()
    assert [(r.body, r.reason) for r in rows] == [
        ("FIRST-COMMENT the killer is Jo.", None),
        ("SECOND-COMMENT Jo did it.", "unmarked"),
    ]
    html = client.get(f"/comments/{comment.id}/history").text
    # Newest first: the current text (re-tagged), the moderator's edit with its reason and
    # the text it replaced, then the author's first text.
    assert in_order(html, "Current version", "Episode 7</span> Jo did it.", "unmarked",
                    "SECOND-COMMENT Jo did it.", "FIRST-COMMENT")  # fmt: skip


def test_review_retag_keeps_its_reason_on_the_revision(client, login, make_user, make_review):
    review = make_review("Intro. The twin did it.")
    login(make_user(role="moderator"))
    retag = {"passage": "The twin did it.", "episode": "5", "reason": "twin spoiler"}
    client.submit(f"/mod/reviews/{review.id}/retag", retag)
    revision = db.session.scalar(select(ReviewRevision))
    assert (revision.body, revision.reason) == ("Intro. The twin did it.", "twin spoiler")
    assert "twin spoiler" in client.get(f"/reviews/{review.id}/history").text


def test_history_link_only_for_those_allowed_once_edited(client, login, make_user, make_review):
    author = make_user("author")
    review = make_review(author=author)
    link = f'href="/reviews/{review.id}/history"'
    login(author)
    assert link not in client.get(f"/reviews/{review.id}").text  # nothing to show yet
    edit_review(client, review, "New", "New text.")
    assert link in client.get(f"/reviews/{review.id}").text
    client.submit("/logout")
    assert link not in client.get(f"/reviews/{review.id}").text
    login(make_user())
    assert link not in client.get(f"/reviews/{review.id}").text
    client.submit("/logout")
    login(make_user(role="moderator"))
    assert link in client.get(f"/reviews/{review.id}").text


def test_comment_history_link_only_for_those_allowed_once_edited(client, login, make_user,
                                                                 make_review):  # fmt: skip
    review = make_review()
    author = make_user("author")
    login(author)
    client.submit(f"/reviews/{review.id}/comments", {"body": "Before."})
    comment = db.session.scalar(select(Comment))
    link = f'href="/comments/{comment.id}/history"'
    assert link not in client.get(f"/reviews/{review.id}").text
    client.submit(f"/comments/{comment.id}/edit", {"body": "After."})
    assert link in client.get(f"/reviews/{review.id}").text
    client.submit("/logout")
    login(make_user())
    assert link not in client.get(f"/reviews/{review.id}").text
    assert db.session.scalar(select(func.count()).select_from(CommentRevision)) == 1
