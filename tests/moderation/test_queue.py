"""The moderation queue: one Reason box per item shared by its actions, and re-tagging by
paragraphs, shown to readers as "spoiler tagged by a moderator"."""

from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from app.comments.service import add_comment
from app.extensions import db
from app.markup import render_document
from app.models import Comment, ModerationAction, Review
from app.moderation import service as moderation

FIRST = "Opening paragraph, FIRST-PARA-91ab."
SECRET = "SECRET-PARA-91ab: the doctor is his father."
LAST = "Closing paragraph, LAST-PARA-91ab."
BODY = f"{FIRST}\n\n{SECRET}\nIt changes everything.\n\n{LAST}"


class FieldCounter(HTMLParser):
    """Counts, per queue item (`section.mod-item`), the `reason` fields of its main form
    (`form.mod-form`) and of all its forms."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, dict[str, int]] = {}
        self.item: str | None = None
        self.in_main_form = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "section" and "mod-item" in classes:
            self.item = attributes["id"]
            self.items[self.item] = {"main": 0, "all": 0, "main forms": 0}
        elif tag == "form" and self.item:
            self.in_main_form = "mod-form" in classes
            self.items[self.item]["main forms"] += self.in_main_form
        elif tag in ("input", "textarea") and self.item and attributes.get("name") == "reason":
            self.items[self.item]["all"] += 1
            self.items[self.item]["main"] += self.in_main_form

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self.in_main_form = False
        elif tag == "section":
            self.item = None


@pytest.fixture
def reported(make_show, make_review, make_user):
    """A review and a comment, each reported as an unmarked spoiler by two members (and
    the review for abuse by a third), and the moderator who handles them."""
    show = make_show(episodes=6)
    review = make_review(BODY, show=show, author=make_user("writer"))
    comment = add_comment(review, make_user("chatty"), BODY,
                          render_document(BODY, episode_count=6))  # fmt: skip
    db.session.commit()
    for name in ("r1", "r2"):
        reporter = make_user(name)
        for target in (review, comment):
            moderation.report(target, reporter, reason="unmarked_spoiler", note="")
    moderation.report(review, make_user("r3"), reason="abuse", note="rude")
    db.session.commit()
    return {"show": show, "review": review, "comment": comment,
            "moderator": make_user("mod", role="moderator")}  # fmt: skip


def test_each_queued_item_has_one_reason_box_for_all_its_actions(client, reported, login):
    login("mod")
    html = client.get("/mod").text
    counter = FieldCounter()
    counter.feed(html)
    assert set(counter.items) == {
        f"mod-review-{reported['review'].id}",
        f"mod-comment-{reported['comment'].id}",
    }
    for item, counts in counter.items.items():
        assert counts["main forms"] == 1, item
        assert counts["main"] == 1, item  # the ban form, a form of its own, may add one
        assert counts["all"] - counts["main"] <= 1, item
    assert "Resolve</strong>: the report was right and you acted on it" in html
    assert "Dismiss</strong>: there is nothing to act on; the reporter is not penalised" in html
    assert html.count('formaction="/mod/reports/') == 2 * 5  # five reports, two buttons each


def test_the_shared_reason_goes_with_the_button_pressed(client, reported, login):
    login("mod")
    item = db.session.scalar(select(ModerationAction.id))  # none yet
    assert item is None
    review_id = reported["review"].id
    report_id = moderation.queue()[("review", review_id)][-1].id
    response = client.submit(f"/mod/reports/{report_id}/dismiss",
                             {"reason": "Not abuse", "next": "/mod"})  # fmt: skip
    assert response.status_code == 303 and response.headers["Location"] == "/mod"
    entry = db.session.scalar(select(ModerationAction))
    assert (entry.action, entry.reason) == ("report_dismissed", "Not abuse")


@pytest.mark.parametrize("kind", ["review", "comment"])
def test_retag_by_paragraphs_wraps_exactly_those_and_gates_them(client, reported, login,
                                                                make_reader, kind):  # fmt: skip
    target = reported[kind]
    login("mod")
    html = client.get("/mod").text
    assert 'name="paragraphs" value="3"' in html and 'name="paragraphs" value="4"' not in html
    data = {"paragraphs": "2", "episode": "2", "reason": "ending spoiler"}
    response = client.submit(f"/mod/{kind}s/{target.id}/retag", data)
    assert response.status_code == 303
    db.session.expire_all()
    edited = db.session.get(type(target), target.id)
    assert edited.body == (
        f"{FIRST}\n\n[spoiler ep=2]\n{SECRET}\nIt changes everything.\n[/spoiler]\n\n{LAST}"
    )
    assert edited.spoiler_tagged_at is not None and edited.spoiler_tagged_at == edited.edited_at
    entry = db.session.scalar(
        select(ModerationAction).where(ModerationAction.action == "spoiler_retag")
    )
    assert entry.reason == "ending spoiler" and entry.details["episode"] == 2
    client.submit("/logout")
    make_reader(reported["show"], episode=1)
    page = client.get(f"/reviews/{reported['review'].id}").text
    shown = element(page, f"{kind}-{target.id}", "</article>" if kind == "review" else "</li>")
    assert "SECRET-PARA-91ab" not in shown
    assert "Spoiler for episode 2" in shown
    assert "FIRST-PARA-91ab" in shown and "LAST-PARA-91ab" in shown
    assert "SECRET-PARA-91ab" in page  # control: the other one, not re-tagged, still shows it


def element(html: str, dom_id: str, end: str) -> str:
    """The HTML of the element with `dom_id`, up to the first `end` tag after it."""
    start = html.index(f'id="{dom_id}"')
    return html[start : html.index(end, start)]


def test_a_retag_reads_spoiler_tagged_by_a_moderator_not_edited(client, reported, login):
    review, comment = reported["review"], reported["comment"]
    for target in (review, comment):
        moderation.retag(target, reported["moderator"], paragraphs=[2], episode=2,
                         reason="spoiler")  # fmt: skip
    db.session.commit()
    url = f"/reviews/{review.id}"
    page = client.get(url).text
    assert page.count("spoiler tagged by a moderator") == 2  # the review and the comment
    assert '<span class="badge">edited</span>' not in page and "· edited" not in page
    login("chatty")  # the author edits afterwards: that reads "edited" as well
    client.submit(f"/comments/{comment.id}/edit", {"body": "Now my own words."})
    page = client.get(url).text
    assert "· edited" in page and "spoiler tagged by a moderator" in page


def unchanged(target) -> bool:
    db.session.expire_all()
    return db.session.get(type(target), target.id).body == BODY


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"episode": "2"}, "Choose the paragraphs to hide, or paste the exact passage."),
        ({"paragraphs": "4", "episode": "2"}, "Choose paragraphs from 1 to 3: the text has no"),
        ({"paragraphs": "0", "episode": "2"}, "Choose paragraphs from 1 to 3"),
        ({"paragraphs": "two", "episode": "2"}, "Choose paragraphs from 1 to 3"),
        ({"paragraphs": "2", "episode": "7"}, "Give the episode it spoils: a number from 1 to 6."),
        ({"paragraphs": "2", "episode": "0"}, "Give the episode it spoils: a number from 1 to 6."),
        ({"paragraphs": "2", "episode": ""}, "Give the episode it spoils: a number from 1 to 6."),
        ({"paragraphs": "2"}, "Give the episode it spoils: a number from 1 to 6."),
        ({"paragraphs": "2", "passage": "FIRST", "episode": "2"}, "not both"),
        ({"passage": "not in it", "episode": "2"}, "That passage is not in the text"),
        ({"paragraphs": "2", "episode": "2", "reason": ""}, "Give a reason"),
    ],
    ids=["nothing chosen", "paragraph 4 of 3", "paragraph 0", "paragraph junk", "episode 7 of 6",
         "episode 0", "episode empty", "episode missing", "both ways", "passage absent",
         "no reason"],
)  # fmt: skip
@pytest.mark.parametrize("kind", ["review", "comment"])
def test_bad_retag_changes_nothing_and_says_why(client, reported, login, kind, data, message):
    target = reported[kind]
    login("mod")
    response = client.submit(f"/mod/{kind}s/{target.id}/retag", {"reason": "spoiler", **data})
    assert response.status_code == 303
    queue = client.get(response.headers["Location"]).text
    assert message in queue
    assert "Not re-tagged" in queue
    assert unchanged(target)
    actions = db.session.scalar(
        select(func.count())
        .select_from(ModerationAction)
        .where(ModerationAction.actor_id.is_not(None))
    )
    assert actions == 0


def test_retag_inside_an_existing_spoiler_is_refused(client, make_review, make_user, login):
    body = "[spoiler ep=3]\nAlready hidden.\n[/spoiler]\n\nPlain."
    review = make_review(body, author=make_user("writer"))
    login(make_user("mod", role="moderator"))
    data = {"passage": "Already hidden.", "episode": "2", "reason": "x"}
    response = client.submit(f"/mod/reviews/{review.id}/retag", data)
    assert response.status_code == 303
    assert "Not re-tagged" in client.get("/mod").text
    db.session.expire_all()
    assert db.session.get(Review, review.id).body == body


def test_retag_of_a_comment_keeps_its_place_and_history(client, reported, login):
    comment = reported["comment"]
    login("mod")
    client.submit(f"/mod/comments/{comment.id}/retag",
                  {"paragraphs": ["1", "3"], "episode": "4", "reason": "both ends"})  # fmt: skip
    db.session.expire_all()
    edited = db.session.get(Comment, comment.id)
    assert edited.body.count("[spoiler ep=4]") == 2 and SECRET in edited.body
    assert len(edited.revisions) == 1 and edited.revisions[0].body == BODY
    history = client.get(f"/comments/{comment.id}/history").text
    assert "both ends" in history
