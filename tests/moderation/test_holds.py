"""Held for review: a review or comment that SPOILER_HOLD_REPORTS different members report
as an unmarked spoiler is out of view for everyone but its author and the moderators,
everywhere a reader could see it, until a moderator restores, re-tags or removes it."""

import pytest
from sqlalchemy import select

from app.comments.service import add_comment
from app.extensions import db
from app.markup import render_document
from app.models import Comment, ModerationAction, Report, Review, ShowStats
from app.moderation import service as moderation
from tests.fixtures.users import PASSWORD
from tests.reviews.test_races import post_at_once, statuses

NOTICE = "Held for review: reported as an unmarked spoiler."
TITLE = "TITLE-HELD-5b1e"  # a title can be the spoiler too
BODY = "BODY-HELD-5b1e: the brother was the culprit."
SPOILER = "SPOIL-HELD-5b1e"  # tagged for episode 5, for the reveal fragment
COMMENT = "COMMENT-HELD-77c2: she dies in the finale."
CONTROL = "CONTROL-SHOWN-31aa"  # another review on the same show, never reported


@pytest.fixture
def story(make_show, make_review, make_user):
    """A show with a review (and a comment on it by another member) that will be
    reported, a second review never reported, and the moderator."""
    show = make_show(episodes=8)
    review = make_review(f"{BODY}\n\n[spoiler ep=5]{SPOILER}[/spoiler]", show=show,
                         author=make_user("writer"), title=TITLE)  # fmt: skip
    make_review(f"{CONTROL} is lovely.", show=show, author=make_user("other"), title="Other")
    commenter = make_user("commenter")
    comment = add_comment(review, commenter, COMMENT,
                          render_document(COMMENT, episode_count=8))  # fmt: skip
    db.session.commit()
    return {"show": show, "review": review, "comment": comment,
            "moderator": make_user("mod", role="moderator")}  # fmt: skip


def report_by(target, *names, reason="unmarked_spoiler", make_user=None) -> None:
    """Members `names` (made here) each report `target` through the service."""
    for name in names:
        moderation.report(target, make_user(name), reason=reason, note="")
        db.session.commit()


def held_at(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident).held_at


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


# -- the threshold ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["review", "comment"])
def test_hold_starts_with_the_third_different_member(client, story, make_user, login, kind):
    target = story[kind]
    url = f"/{kind}s/{target.id}/report"
    sentinel = BODY if kind == "review" else COMMENT
    review_url = f"/reviews/{story['review'].id}"
    for name in ("first", "second"):
        login(make_user(name))
        assert client.submit(url, {"reason": "unmarked_spoiler"}).status_code == 303
        client.submit("/logout")
    again = make_user("spam-reporter")
    login(again)
    assert client.submit(url, {"reason": "spam"}).status_code == 303  # another reason
    client.submit("/logout")
    login("first")  # the same member twice does not count
    assert client.submit(url, {"reason": "unmarked_spoiler"}).status_code == 409
    client.submit("/logout")
    assert held_at(type(target), target.id) is None
    assert sentinel in page(client, review_url) and NOTICE not in page(client, review_url)

    login(make_user("third"))
    assert client.submit(url, {"reason": "unmarked_spoiler"}).status_code == 303
    client.submit("/logout")
    assert held_at(type(target), target.id) is not None
    html = page(client, review_url)
    assert sentinel not in html and NOTICE in html
    entry = db.session.scalar(select(ModerationAction))
    assert (entry.action, entry.actor_id) == (f"{kind}_held", None)
    assert "3 members" in entry.reason


@pytest.mark.parametrize("app_settings", [{"SPOILER_HOLD_REPORTS": 1}])
def test_the_number_of_reports_is_a_setting(story, make_user, app_settings):
    report_by(story["comment"], "only", make_user=make_user)
    assert held_at(Comment, story["comment"].id) is not None


def test_simultaneous_reports_do_not_miss_the_threshold(app, story, make_user):
    review = story["review"]
    report_by(review, "early", make_user=make_user)
    clients = []
    for name in ("racer1", "racer2"):
        make_user(name)
        client = app.test_client()
        data = {"username": name, "password": PASSWORD}
        assert client.submit("/login", data, page="/login").status_code == 303
        clients.append(client)
    responses = post_at_once(
        clients, f"/reviews/{review.id}/report", {"reason": "unmarked_spoiler"}
    )
    assert statuses(responses) == [303, 303]
    assert held_at(Review, review.id) is not None
    assert len(db.session.scalars(select(ModerationAction)).all()) == 1  # held once


# -- out of view everywhere -------------------------------------------------------------


@pytest.fixture
def held_review(story, make_user):
    report_by(story["review"], "r1", "r2", "r3", make_user=make_user)
    assert held_at(Review, story["review"].id) is not None
    return story["review"]


def surfaces(review) -> dict[str, str]:
    return {
        "review page": f"/reviews/{review.id}",
        "review page revealed": f"/reviews/{review.id}?reveal=5",
        "show page": f"/shows/{review.show.slug}",
        "home page": "/",
        "profile": "/users/writer",
        "feed": f"/shows/{review.show.slug}/feed.atom",
    }


@pytest.mark.parametrize("reader", ["anonymous", "member at the end"])
def test_held_review_shows_other_readers_the_notice_only(client, held_review, make_reader,
                                                         reader):  # fmt: skip
    if reader != "anonymous":
        make_reader(held_review.show, episode=8)
    for name, url in surfaces(held_review).items():
        html = page(client, url)
        for secret in (TITLE, BODY, SPOILER):
            assert secret not in html, (name, secret)
        if name != "feed":  # the feed has no reader: it leaves held reviews out
            assert NOTICE in html, name
            assert f'id="review-{held_review.id}"' in html, name
        if name in ("show page", "feed"):
            assert CONTROL in html, name  # the other review is there
    fragment = client.get(f"/reviews/{held_review.id}", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and NOTICE in fragment.text
    assert BODY not in fragment.text and TITLE not in fragment.text
    reveal = client.get(f"/reviews/{held_review.id}/spoilers/5", headers={"HX-Request": "true"})
    assert reveal.status_code == 404 and SPOILER not in reveal.text


@pytest.mark.parametrize("who", ["writer", "mod"])
def test_author_and_moderators_still_read_a_held_review(client, held_review, login, who):
    login(who)
    for url in (f"/reviews/{held_review.id}", f"/shows/{held_review.show.slug}", "/"):
        html = page(client, url)
        assert BODY in html and TITLE in html and NOTICE not in html, url
        assert "held for review: hidden from other readers" in html, url


def test_held_review_rating_keeps_counting(held_review):
    stats = db.session.get(ShowStats, held_review.show_id)
    db.session.refresh(stats)
    assert stats.rating_count == 2  # both reviews' ratings, the held one included


def test_holding_a_review_refreshes_cached_show_pages(client, story, make_user):
    url = f"/shows/{story['show'].slug}"
    assert BODY in page(client, url)  # cached now
    report_by(story["review"], "r1", "r2", "r3", make_user=make_user)
    html = page(client, url)
    assert BODY not in html and NOTICE in html


@pytest.fixture
def held_comment(story, make_user):
    report_by(story["comment"], "r1", "r2", "r3", make_user=make_user)
    return story["comment"]


def test_held_comment_keeps_its_place_with_the_notice(client, held_comment, login):
    url = f"/reviews/{held_comment.review_id}"
    html = page(client, url)
    assert COMMENT not in html and NOTICE in html
    assert f'id="comment-{held_comment.id}"' in html
    assert BODY in html  # control: the review itself is not held
    login("commenter")
    own = page(client, url)
    assert COMMENT in own and "held for review" in own
    client.submit("/logout")
    login("mod")
    assert COMMENT in page(client, url)


def test_held_comment_reveal_is_not_found(client, story, make_user):
    text = "Before. [spoiler ep=3]REVEAL-HELD-c0de[/spoiler]"
    comment = add_comment(story["review"], make_user("tagger"), text,
                          render_document(text, episode_count=8))  # fmt: skip
    db.session.commit()
    url = f"/comments/{comment.id}/spoilers/3"
    assert "REVEAL-HELD-c0de" in client.get(url, headers={"HX-Request": "true"}).text  # control
    report_by(comment, "r1", "r2", "r3", make_user=make_user)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 404 and "REVEAL-HELD-c0de" not in response.text


# -- a moderator ends the hold ------------------------------------------------------------

RELEASES = {
    # "kind action": (url, data besides the reason)
    "review restore": ("/mod/reviews/{id}/restore", {}),
    "review retag": ("/mod/reviews/{id}/retag", {"paragraphs": "1", "episode": "2"}),
    "review delete": ("/reviews/{id}/delete", {}),
    "comment restore": ("/mod/comments/{id}/restore", {}),
    "comment retag": ("/mod/comments/{id}/retag", {"paragraphs": "1", "episode": "2"}),
    "comment delete": ("/mod/comments/{id}/delete", {}),
}


@pytest.mark.parametrize("release", RELEASES)
def test_restore_retag_or_remove_ends_the_hold(client, story, make_user, make_reader, login,
                                               release):  # fmt: skip
    kind, action = release.split()
    target = story[kind]
    model, target_id = type(target), target.id
    report_by(target, "r1", "r2", "r3", make_user=make_user)
    report_by(target, "r4", reason="abuse", make_user=make_user)
    url, data = RELEASES[release]
    login("mod")
    response = client.submit(url.format(id=target_id), {"reason": "handled", **data})
    assert response.status_code == 303
    client.submit("/logout")
    db.session.expire_all()
    reports = {(r.reason, r.status) for r in db.session.scalars(select(Report))}
    sentinel = BODY if kind == "review" else COMMENT
    make_reader(story["show"], episode=1)
    html = page(client, f"/reviews/{story['review'].id}") if release != "review delete" else ""
    assert NOTICE not in html
    if action == "restore":
        assert held_at(model, target_id) is None
        assert reports == {("unmarked_spoiler", "dismissed"), ("abuse", "open")}
        assert sentinel in html
    elif action == "retag":
        assert held_at(model, target_id) is None
        assert reports == {("unmarked_spoiler", "resolved"), ("abuse", "resolved")}
        assert sentinel not in html and "Spoiler for episode 2" in html
        assert "spoiler tagged by a moderator" in html
    elif kind == "review":
        assert db.session.get(Review, target_id) is None
    else:
        assert held_at(Comment, target_id) is None and sentinel not in html
        assert "Comment deleted." in html


def test_closing_the_last_spoiler_report_ends_the_hold(client, held_review, login):
    login("mod")
    ids = db.session.scalars(select(Report.id).order_by(Report.id)).all()
    for number, report_id in enumerate(ids, start=1):
        action = "resolve" if number == 2 else "dismiss"
        response = client.submit(f"/mod/reports/{report_id}/{action}", {"reason": "looked"})
        assert response.status_code == 303
        still_held = held_at(Review, held_review.id) is not None
        assert still_held is (number < len(ids)), number


def test_restore_of_what_is_not_held_is_refused(client, story, login):
    login("mod")
    response = client.submit(f"/mod/reviews/{story['review'].id}/restore", {"reason": "x"})
    assert response.status_code == 409
    assert db.session.scalar(select(ModerationAction)) is None


def test_queue_lists_held_items_first_marked_held(client, story, make_user, login):
    report_by(story["review"], "early", reason="spam", make_user=make_user)
    report_by(story["comment"], "r1", "r2", "r3", make_user=make_user)
    login("mod")
    html = page(client, "/mod")
    comment_item = html.index(f'id="mod-comment-{story["comment"].id}"')
    review_item = html.index(f'id="mod-review-{story["review"].id}"')
    assert comment_item < review_item  # held first, though reported later
    assert '<span class="badge held">Held</span>' in html[comment_item:review_item]
    assert '<span class="badge held">Held</span>' not in html[review_item:]


def test_moderator_cannot_release_their_own_held_text(client, story, make_user, login):
    moderator = story["moderator"]
    own = add_comment(
        story["review"], moderator, COMMENT, render_document(COMMENT, episode_count=8)
    )
    db.session.commit()
    report_by(own, "r1", "r2", "r3", make_user=make_user)
    login("mod")
    report_id = db.session.scalar(select(Report.id).where(Report.comment_id == own.id).limit(1))
    for url in (f"/mod/comments/{own.id}/restore", f"/mod/reports/{report_id}/dismiss",
                f"/mod/reports/{report_id}/resolve"):  # fmt: skip
        assert client.submit(url, {"reason": "fine"}).status_code == 403, url
    assert held_at(Comment, own.id) is not None
    queue = page(client, "/mod")
    assert "another moderator decides on its reports" in queue
    assert f'formaction="/mod/comments/{own.id}/restore"' not in queue
    client.submit("/logout")
    login(make_user("mod2", role="moderator"))  # control: another moderator can
    assert client.submit(f"/mod/comments/{own.id}/restore", {"reason": "fine"}).status_code == 303
    assert held_at(Comment, own.id) is None


def test_log_names_the_site_for_a_hold(client, held_review, login):
    login("mod")
    html = page(client, "/mod/log")
    row = html[html.index('<tr id="log-') :]
    row = row[: row.index("</tr>")]
    assert "review held" in row and "Unspoiled (automatic)" in row
    assert "(deleted account)" not in html
