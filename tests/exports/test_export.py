"""Downloading your data (issue 19): what the zip holds, who may have it, and the round
trip export -> import into a new account -> the same progress, scores and reviews."""

import io
import json
import re
import zipfile

import pytest
from sqlalchemy import select

from app.comments import service as comments
from app.exports.service import FILES, build_export
from app.extensions import db
from app.imports import matching, unspoiled
from app.imports import service as import_service
from app.markup import render_document
from app.models import (
    SUBRATINGS,
    Activity,
    Block,
    EpisodeRating,
    Follow,
    ListItem,
    Review,
    Show,
    ShowList,
    User,
    WatchEntry,
)
from app.notifications import service as notifications
from app.progress import service as progress_service
from app.progress.rules import Progress
from app.ratings import service as ratings
from app.ratings import stats as rating_stats
from app.reviews.service import ReviewDraft, create_review
from app.scores import service as scores
from app.users import service as users

SPOILER_BODY = (
    "Slow first act.\n\n[spoiler ep=9]\nKESTREL-EP9: the brother *lives*.\n[/spoiler]\n\n"
    "Inline too: [spoiler ep=4]MERLIN-EP4[/spoiler] and ||Discord style|| and\n\n"
    "[spoiler]\nWHOLE-SHOW ending.\n[/spoiler]\n"
)


def unzip(data: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def review(show, author, body: str, *, rating: float, episodes: int, title: str, **subratings):
    draft = ReviewDraft.from_text(
        episode_count=show.episode_count, title=title, body=body, episodes_watched=episodes,
        rating_overall=rating, subratings=subratings,
    )  # fmt: skip
    return create_review(show, author, draft)


@pytest.fixture
def rich_member(make_user, make_show, make_review):
    """A member with something of everything: progress in every status that matters,
    scores, reviews with spoiler markup and sub-ratings, episode ratings, a list (one of
    its shows never started), comments, follows, a block and settings."""
    member = make_user("kestrel")
    friend, pest, author = make_user("minji"), make_user("pest"), make_user("hana")
    first = make_show("Move to Heaven", episodes=10, slug="move-to-heaven", year=2021)
    dropped = make_show("Run On", episodes=16, slug="run-on", year=2020)
    held = make_show("The Producers", episodes=12, slug="the-producers", year=2015)
    listed = make_show("Run Toward Tomorrow", episodes=2, slug="run-toward-tomorrow")
    progress_service.save_entry(member, first, Progress(10, "completed"))
    progress_service.save_entry(member, dropped, Progress(5, "dropped"), score=6.5)
    progress_service.save_entry(member, held, Progress(6, "on_hold"))
    progress_service.set_numbers_override(member, held, 0)
    review(first, member, SPOILER_BODY, rating=8.5, episodes=10, title="Grief, <gently>",
           story=9.0, acting=8.5, music=7.0)  # fmt: skip
    review(held, member, "Good so far. [spoiler ep=6]The vote is rigged.[/spoiler]",
           rating=7.5, episodes=6, title="Halfway", rewatch=6.0)  # fmt: skip
    ratings.rate(member, first, 3, 8.0)
    ratings.rate(member, first, 10, 9.5)
    ratings.rate(member, held, 2, 7.5)
    show_list = ShowList(owner=member, name="Slow burns", description="Patience pays.",
                         is_public=False)  # fmt: skip
    db.session.add(show_list)
    show_list.items = [
        ListItem(show=listed, position=1, note="Short!"),
        ListItem(show=first, position=2, note=""),
    ]
    users.follow(member, friend)
    users.follow(friend, member)
    users.block(member, pest)
    other = make_review("Someone else's review.", show=dropped, author=author)
    comments.add_comment(other, member, "I disagree ||he lives||.",
                         render_document("x", episode_count=16))  # fmt: skip
    comments.add_thread_comment(first, 3, member, "That scene [spoiler ep=3]hurt[/spoiler].",
                                render_document("x", episode_count=10))  # fmt: skip
    member.hide_numbers_percent = 50
    notifications.set_opt_outs(member, {"helpful"})
    db.session.commit()
    return member


def test_export_holds_every_file_with_the_member_s_data(app, rich_member):
    files = unzip(build_export(rich_member))

    assert sorted(files) == sorted(FILES)
    manifest = files["manifest.json"]
    assert (manifest["format"], manifest["version"]) == ("unspoiled-export", 1)
    assert manifest["username"] == "kestrel" and manifest["exported_at"].endswith("+00:00")
    assert files["profile.json"]["email"] == "kestrel@example.com"
    assert files["profile.json"]["hide_numbers_percent"] == 50
    assert files["profile.json"]["notifications_off"] == ["helpful"]
    progress = {row["slug"]: row for row in files["progress.json"]}
    assert progress["run-on"] | {"updated_at": None} == {
        "slug": "run-on", "title": "Run On", "native_title": None, "year": 2020,
        "episode_count": 16, "episodes_watched": 5, "status": "dropped", "score": 6.5,
        "hide_numbers_until": None, "updated_at": None,
    }  # fmt: skip
    assert progress["the-producers"]["hide_numbers_until"] == 0
    assert progress["move-to-heaven"]["score"] == 8.5  # the review's rating is the score
    assert [(r["slug"], r["episode"], r["rating"]) for r in files["episode_ratings.json"]] == [
        ("move-to-heaven", 3, 8.0), ("move-to-heaven", 10, 9.5), ("the-producers", 2, 7.5),
    ]  # fmt: skip
    [show_list] = files["lists.json"]
    assert show_list["name"] == "Slow burns" and show_list["is_public"] is False
    assert show_list["items"] == [{"slug": "run-toward-tomorrow", "note": "Short!"},
                                  {"slug": "move-to-heaven", "note": ""}]  # fmt: skip
    assert files["follows.json"] == {"following": ["minji"], "followers": ["minji"],
                                     "blocked": ["pest"]}  # fmt: skip
    places = [c["where"] for c in files["comments.json"]]
    assert places[0]["kind"] == "review" and places[0]["review_author"] == "hana"
    assert places[1] == {"kind": "episode", "slug": "move-to-heaven", "episode": 3,
                         "reply_to": None}  # fmt: skip
    assert files["comments.json"][1]["written_at_episode"] == 10


def test_export_keeps_review_text_exactly_as_written_with_its_spoilers(app, rich_member):
    reviews = {r["slug"]: r for r in unzip(build_export(rich_member))["reviews.json"]}

    first = reviews["move-to-heaven"]
    assert first["body"] == SPOILER_BODY  # every spoiler, tags and all: the member's own text
    assert first["title"] == "Grief, <gently>"
    assert (first["rating_overall"], first["rating_story"], first["rating_acting"]) == (8.5, 9, 8.5)
    assert (first["rating_music"], first["rating_rewatch"]) == (7.0, None)
    assert first["episodes_watched"] == 10 and first["status"] == "published"


def test_export_holds_only_the_member_s_own_data(app, rich_member, make_user, make_review):
    stranger = make_user("stranger")
    make_review("STRANGER-REVIEW text", author=stranger)

    files = unzip(build_export(stranger))
    text = json.dumps(files)

    assert [r["body"] for r in files["reviews.json"]] == ["STRANGER-REVIEW text"]
    assert "KESTREL" not in text and "kestrel" not in text
    assert files["lists.json"] == [] and files["episode_ratings.json"] == []
    assert "STRANGER-REVIEW" not in json.dumps(unzip(build_export(rich_member)))


def test_export_costs_the_same_queries_however_much_the_member_made(
    app, rich_member, make_user, make_show, count_queries
):
    quiet = make_user("quiet")
    db.session.add(
        ShowList(owner=quiet, name="One", items=[ListItem(show=make_show(), position=1)])
    )
    db.session.commit()
    db.session.expire_all()
    with count_queries() as few:
        build_export(quiet)
    db.session.expire_all()
    with count_queries() as many:
        build_export(rich_member)
    assert many.count == few.count <= 12


def test_download_is_an_uncached_attachment_named_after_member_and_date(client, login, rich_member):
    login(rich_member)
    response = client.get("/account/export")

    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r"attachment; filename=unspoiled-kestrel-\d{4}-\d\d-\d\d\.zip", disposition)
    assert unzip(response.data)["manifest.json"]["username"] == "kestrel"


def test_download_gives_the_signed_in_member_their_own_export(
    client, login, rich_member, make_user
):
    login(make_user("other"))
    files = unzip(client.get("/account/export").data)
    assert files["manifest.json"]["username"] == "other" and files["reviews.json"] == []


def test_anonymous_download_is_sent_to_sign_in(client):
    response = client.get("/account/export")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("app_settings", [{"RATELIMIT_ENABLED": True}])
def test_download_is_rate_limited_per_member(client, login, make_user):
    login(make_user())
    statuses = [client.get("/account/export").status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_parse_of_an_export_gives_back_its_progress(app, rich_member):
    history = unspoiled.parse(build_export(rich_member), "export.zip")
    found = {(s.slug, s.title, s.year, s.episodes_watched, s.status, s.score)
             for s in history.shows}  # fmt: skip
    stored = {
        (e.show.slug, e.show.title, e.show.year, e.episodes_watched, e.status, e.score)
        for e in db.session.scalars(select(WatchEntry).where(WatchEntry.user_id == rich_member.id))
    }
    assert found == stored and len(found) == 3
    assert history.source == "unspoiled"
    assert history.skipped == [
        "2 comments not restored: comments answer other members' reviews and threads "
        "(they stay in your file)."
    ]


def review_fields(user_id: int) -> dict[str, tuple]:
    rows = db.session.scalars(select(Review).where(Review.author_id == user_id))
    names = ["title", "body", "episodes_watched", "rating_overall",
             *(f"rating_{n}" for n in SUBRATINGS), "excerpt", "segments"]  # fmt: skip
    return {
        r.show.slug: (*(getattr(r, n) for n in names), r.created_at.replace(tzinfo=None))
        for r in rows
    }


def entries(user_id: int) -> dict[str, tuple]:
    rows = db.session.scalars(select(WatchEntry).where(WatchEntry.user_id == user_id))
    return {
        e.show.slug: (e.episodes_watched, e.status, e.score, e.hide_numbers_until) for e in rows
    }


def import_file(user, data: bytes) -> list[str]:
    """The import flow, as /account/import runs it once the member confirms every match."""
    history = import_service.read_history("unspoiled", data, "unspoiled-export.zip")
    items = matching.propose(history, matching.Catalogue.load())
    result = import_service.apply(user, history, import_service.confident_choices(items),
                                  items=items)  # fmt: skip
    db.session.commit()
    return result.messages


def test_round_trip_into_a_new_account_restores_everything(app, rich_member, make_user):
    old = rich_member
    newcomer = make_user("phoenix")

    messages = import_file(newcomer, build_export(old))
    db.session.expire_all()

    assert entries(newcomer.id) == entries(old.id)
    assert review_fields(newcomer.id) == review_fields(old.id)
    rated = select(EpisodeRating.show_id, EpisodeRating.episode, EpisodeRating.rating)
    assert set(db.session.execute(rated.where(EpisodeRating.user_id == newcomer.id))) == set(
        db.session.execute(rated.where(EpisodeRating.user_id == old.id))
    )
    [restored_list] = db.session.scalars(select(ShowList).where(ShowList.owner_id == newcomer.id))
    assert (restored_list.name, restored_list.description, restored_list.is_public) == (
        "Slow burns", "Patience pays.", False)  # fmt: skip
    assert [(i.show.slug, i.note) for i in restored_list.items] == [
        ("run-toward-tomorrow", "Short!"), ("move-to-heaven", "")]  # fmt: skip
    assert people(Follow, newcomer) == people(Follow, old) == {"minji"}
    assert people(Block, newcomer) == people(Block, old) == {"pest"}
    assert newcomer.hide_numbers_percent == 50
    assert notifications.opted_out(newcomer.id) == {"helpful"}
    assert "2 reviews restored." in messages and "3 episode ratings restored." in messages
    assert scores.drifts() == [] and rating_stats.drifts() == []
    review_dates = select(Activity.created_at).where(
        Activity.actor_id == newcomer.id, Activity.kind == "review"
    )
    restored_dates = sorted(d.replace(tzinfo=None) for d in db.session.scalars(review_dates))
    assert restored_dates == sorted(fields[-1] for fields in review_fields(old.id).values())


def people(model, member) -> set[str]:
    """Whom `member` follows (Follow) or blocked (Block), by username."""
    mine, theirs = (
        (Follow.follower_id, Follow.followed_id) if model is Follow
        else (Block.blocker_id, Block.blocked_id)
    )  # fmt: skip
    names = select(User.username).join(model, theirs == User.id).where(mine == member.id)
    return set(db.session.scalars(names))


def test_importing_the_same_export_twice_changes_nothing_more(app, rich_member, make_user):
    newcomer = make_user("phoenix")
    data = build_export(rich_member)
    import_file(newcomer, data)
    before = (entries(newcomer.id), review_fields(newcomer.id))

    messages = import_file(newcomer, data)

    db.session.expire_all()
    assert (entries(newcomer.id), review_fields(newcomer.id)) == before
    owned = select(ShowList.name).where(ShowList.owner_id == newcomer.id)
    assert list(db.session.scalars(owned)) == ["Slow burns"]
    assert "You have the list “Slow burns” already: it is kept." in messages
    assert "You have a review of Move to Heaven already: it is kept as it is." in messages
    assert scores.drifts() == []


def test_restore_keeps_a_review_the_member_already_wrote(app, rich_member, make_user, make_review):
    data = build_export(rich_member)
    newcomer = make_user("phoenix")
    show = db.session.scalar(select(Show).where(Show.slug == "move-to-heaven"))
    mine = make_review("NEWCOMER-OWN words", show=show, author=newcomer, rating=4.0)

    messages = import_file(newcomer, data)

    db.session.refresh(mine)
    assert (mine.body, mine.rating_overall) == ("NEWCOMER-OWN words", 4.0)
    assert "1 review restored." in messages
    assert "You have a review of Move to Heaven already: it is kept as it is." in messages
    assert scores.drifts() == []


def test_restore_skips_an_over_long_review_with_the_reason(app, rich_member, make_user):
    files = unzip(build_export(rich_member))
    files["reviews.json"][0]["body"] = "x" * 60_001
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, json.dumps(content))
    newcomer = make_user("phoenix")

    messages = import_file(newcomer, buffer.getvalue())

    assert (
        "Your review of Move to Heaven was not restored: A review has at most 60,000 characters."
        in messages
    )
    assert set(review_fields(newcomer.id)) == {"the-producers"}
    assert scores.drifts() == []


def test_restore_renames_a_list_whose_name_is_taken(app, rich_member, make_user):
    data = build_export(rich_member)
    newcomer = make_user("phoenix")
    db.session.add(ShowList(owner=newcomer, name="SLOW BURNS"))
    db.session.commit()

    messages = import_file(newcomer, data)

    owned = select(ShowList.name).where(ShowList.owner_id == newcomer.id).order_by(ShowList.id)
    assert list(db.session.scalars(owned)) == ["SLOW BURNS", "Slow burns (2)"]
    assert (
        "You have a list called “Slow burns” already: the imported one is called “Slow burns (2)”."
        in messages
    )


def test_banned_member_gets_progress_but_no_posts(app, rich_member, make_user):
    data = build_export(rich_member)
    newcomer = make_user("phoenix")
    newcomer.is_banned = True
    db.session.commit()

    messages = import_file(newcomer, data)

    assert review_fields(newcomer.id) == {}
    assert any(m.startswith("Your account is banned from posting") for m in messages)
    assert entries(newcomer.id)["run-on"] == (5, "dropped", 6.5, None)
    assert scores.drifts() == []


def test_round_trip_export_delete_import_restores_progress_scores_and_reviews(
    app, rich_member, make_user
):
    """The issue's round trip: a member downloads their data, deletes the account, signs
    up again under the same name and imports the file: the same progress, scores and
    reviews, and the statistics exact at every step."""
    from app.account.service import delete_account

    data = build_export(rich_member)
    progress_before, reviews_before = entries(rich_member.id), review_fields(rich_member.id)
    delete_account(rich_member, keep_content=False)
    db.session.commit()
    assert entries(rich_member.id) == {} and review_fields(rich_member.id) == {}
    assert scores.drifts() == [] and rating_stats.drifts() == []

    returning = make_user("kestrel")  # the name is free again
    import_file(returning, data)
    db.session.expire_all()

    assert returning.id != rich_member.id
    assert entries(returning.id) == progress_before
    assert review_fields(returning.id) == reviews_before
    assert scores.drifts() == [] and rating_stats.drifts() == []
