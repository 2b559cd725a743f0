"""Every "who may" rule of app/permissions.py, as a table, and the templates asking it."""

from datetime import timedelta
from functools import partial

import pytest
from flask_login import AnonymousUserMixin

from app.extensions import db
from app.models import Comment, Review, User
from app.models.user import utcnow
from app.permissions import (
    acts_as_moderator,
    can_ban,
    can_delete_comment,
    can_edit_comment,
    can_edit_review,
    can_moderate,
    can_post,
    can_read_hidden,
    can_read_history,
    can_report,
    can_see_list,
    can_vote_helpful,
    sees_every_spoiler,
)

ANONYMOUS = AnonymousUserMixin()


def person(ident: int, role: str = "user", *, banned: bool = False, public: bool = True) -> User:
    return User(id=ident, username=f"u{ident}", role=role, is_banned=banned,
                is_list_public=public)  # fmt: skip


AUTHOR, OTHER, MOD, ADMIN = person(1), person(2), person(3, "moderator"), person(4, "admin")
BANNED_AUTHOR, BANNED_MOD = person(1, banned=True), person(5, "moderator", banned=True)
REVIEW = Review(id=10, author_id=1)


def comment(*, minutes_ago: int = 1, status: str = "visible") -> Comment:
    return Comment(id=20, author_id=1, status=status,
                   created_at=utcnow() - timedelta(minutes=minutes_ago))  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "user", "target", "allowed"),
    [
        (can_post, ANONYMOUS, None, False),
        (can_post, OTHER, None, True),
        (can_post, BANNED_AUTHOR, None, False),
        (can_moderate, OTHER, None, False),
        (can_moderate, MOD, None, True),
        (can_moderate, ADMIN, None, True),
        (can_moderate, BANNED_MOD, None, False),
        (can_edit_review, AUTHOR, REVIEW, True),
        (can_edit_review, OTHER, REVIEW, False),
        (can_edit_review, MOD, REVIEW, True),
        (can_edit_review, BANNED_AUTHOR, REVIEW, False),
        (can_edit_review, ANONYMOUS, REVIEW, False),
        (can_vote_helpful, AUTHOR, REVIEW, False),
        (can_vote_helpful, OTHER, REVIEW, True),
        (can_vote_helpful, ANONYMOUS, REVIEW, False),
        (can_report, AUTHOR, REVIEW, False),
        (can_report, OTHER, REVIEW, True),
        (can_report, OTHER, partial(comment), True),
        (can_edit_comment, AUTHOR, partial(comment), True),
        (can_edit_comment, AUTHOR, partial(comment, minutes_ago=16), False),
        (can_edit_comment, AUTHOR, partial(comment, status="hidden"), False),
        (can_edit_comment, BANNED_AUTHOR, partial(comment), False),
        (can_edit_comment, MOD, partial(comment), False),
        (can_delete_comment, AUTHOR, partial(comment, minutes_ago=600), True),
        (can_delete_comment, OTHER, partial(comment), False),
        (can_read_hidden, AUTHOR, partial(comment, status="hidden"), True),
        (can_read_hidden, MOD, partial(comment, status="hidden"), True),
        (can_read_hidden, BANNED_MOD, partial(comment, status="hidden"), False),
        (can_read_hidden, OTHER, partial(comment, status="hidden"), False),
        (can_read_hidden, ANONYMOUS, partial(comment, status="hidden"), False),
        (acts_as_moderator, MOD, REVIEW, True),
        (acts_as_moderator, MOD, partial(comment), True),
        (acts_as_moderator, person(1, "moderator"), REVIEW, False),  # their own review
        (acts_as_moderator, BANNED_MOD, REVIEW, False),
        (acts_as_moderator, AUTHOR, REVIEW, False),
        (can_read_history, AUTHOR, REVIEW, True),
        (can_read_history, BANNED_AUTHOR, partial(comment), True),  # reading their own text
        (can_read_history, MOD, partial(comment), True),
        (can_read_history, BANNED_MOD, REVIEW, False),
        (can_read_history, OTHER, REVIEW, False),
        (can_read_history, ANONYMOUS, REVIEW, False),
        (can_ban, MOD, OTHER, True),
        (can_ban, MOD, person(6, "moderator"), False),
        (can_ban, ADMIN, MOD, True),
        (can_ban, ADMIN, person(7, "admin"), False),
        (can_ban, MOD, MOD, False),
        (can_ban, OTHER, AUTHOR, False),
        (can_ban, BANNED_MOD, OTHER, False),
        (can_see_list, ANONYMOUS, person(8, public=False), False),
        (can_see_list, person(8), person(8, public=False), True),
        (can_see_list, ANONYMOUS, person(9), True),
    ],
)
def test_permission_rule_answers_as_documented(rule, user, target, allowed):
    # Comments are made when the test runs: their edit window counts from creation, and a
    # long suite reaches this test more than 15 minutes after collecting it.
    target = target() if isinstance(target, partial) else target
    args = (user,) if target is None else (user, target)
    assert rule(*args) is allowed


@pytest.mark.parametrize(
    ("user", "sees"),
    [
        (AUTHOR, True),
        (BANNED_AUTHOR, True),
        (MOD, True),
        (BANNED_MOD, False),
        (OTHER, False),
        (ANONYMOUS, False),
    ],
)
def test_only_the_author_and_moderators_see_every_spoiler(user, sees):
    assert sees_every_spoiler(user, REVIEW.author_id) is sees


@pytest.mark.parametrize("banned", [False, True], ids=["moderator", "banned-moderator"])
def test_banned_moderator_reads_spoilers_as_a_reader(client, make_review, make_user, login,
                                                     banned):  # fmt: skip
    review = make_review("Intro. [spoiler ep=9]BANNED-MOD-SECRET[/spoiler]")
    moderator = make_user(role="moderator")
    moderator.is_banned = banned
    db.session.commit()
    login(moderator)
    for url in (f"/reviews/{review.id}", f"/shows/{review.show.slug}"):
        html = client.get(url).text
        assert ("BANNED-MOD-SECRET" in html) is not banned, url
        assert ("Spoiler for episode 9" in html) is banned, url


def test_templates_ask_the_predicates_for_the_current_user(client, make_review, make_user, login):
    review = make_review()
    url = f"/reviews/{review.id}"
    assert f"/reviews/{review.id}/edit" not in client.get(url).text  # anonymous
    login(review.author)
    assert f"/reviews/{review.id}/edit" in client.get(url).text  # control: the author
    client.submit("/logout", page=url)
    login(make_user())
    page = client.get(url).text
    assert f"/reviews/{review.id}/edit" not in page
    assert f"/reviews/{review.id}/report" in page  # others may report it
