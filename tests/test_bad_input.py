"""Odd input never answers 500: control characters in forms, paths and queries, huge
numbers in paths and queries, and junk query arguments beside the pager. Both engines."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from app.comments.service import add_comment
from app.extensions import db
from app.markup import render_document
from app.models import Comment, ModerationAction, Report, Review, User
from app.moderation.service import record
from app.validators import SiteForm
from tests.fixtures.users import PASSWORD

HUGE = ("99999999999999999999", "9223372036854775808", "9" * 5000)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def scene(make_show, make_user, make_review):
    """A show with one review by alice, and a moderator, mod."""
    show = make_show(
        "Run On", episodes=10, slug="run-on", genres=["Romance"], network="JTBC", year=2020
    )
    alice = make_user("alice")
    review = make_review("A fine show.", show=show, author=alice, title="Alice's review")
    return {
        "show": show,
        "review": review,
        "alice": alice,
        "mod": make_user("mod", role="moderator"),
    }


def form_post(form: str, scene: dict, text: str) -> tuple[str, dict, type]:
    """The URL and data that put `text` into `form`'s field, and the model it would add to."""
    review = scene["review"]
    new_review = f"/shows/{scene['show'].slug}/reviews/new"
    review_data = {"title": "My title", "body": "My body.", "episodes_watched": "3",
                   "rating_overall": "8.0"}  # fmt: skip
    signup = {"username": "newbie", "email": "n@example.com"}
    return {
        "login username": ("/login", {"username": "alice" + text, "password": PASSWORD}, User),
        "signup password": ("/signup", signup | {"password": "ten chars!" + text,
                                                 "confirm": "ten chars!" + text}, User),
        "review title": (new_review, review_data | {"title": "Title" + text}, Review),
        "review body": (new_review, review_data | {"body": "Body" + text + "text"}, Review),
        "comment": (f"/reviews/{review.id}/comments", {"body": "Hi" + text}, Comment),
        "report note": (f"/reviews/{review.id}/report", {"reason": "spam", "note": "N" + text},
                        Report),
        "ban reason": ("/mod/users/alice/ban", {"reason": "Spam" + text, "until": "1d"},
                       ModerationAction),
    }[form]  # fmt: skip


# Each form, and who fills it in.
FORMS = {"login username": None, "signup password": None, "review title": "bob",
         "review body": "bob", "comment": "bob", "report note": "bob",
         "ban reason": "mod"}  # fmt: skip


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
@pytest.mark.parametrize("form", FORMS)
def test_form_text_with_control_character_is_refused_with_message(
    client, scene, make_user, login, form, char
):
    if FORMS[form]:
        login(scene["mod"] if FORMS[form] == "mod" else make_user(FORMS[form]))
    url, data, model = form_post(form, scene, char)
    before = count(model)
    page = "/" if FORMS[form] else "/login"
    response = client.submit(url, data, page=page, follow_redirects=True)
    assert response.status_code == 200
    assert f"Remove the control character U+{ord(char):04X}" in response.text
    assert count(model) == before
    assert not db.session.get(User, scene["alice"].id).is_banned


@pytest.mark.parametrize("form", ["comment", "review body"])
def test_form_text_with_tab_newline_and_crlf_is_accepted(client, scene, make_user, login, form):
    login(make_user("bob"))
    url, data, model = form_post(form, scene, "\tone\r\ntwo\nthree")
    before = count(model)
    response = client.submit(url, data)
    assert response.status_code == 303
    assert count(model) == before + 1


def test_every_form_refuses_control_characters(app):
    ours = {form for form in _all_subclasses(FlaskForm) if form.__module__.startswith("app.")}
    assert len(ours) > 5  # control: create_app imported the forms
    assert {form for form in ours if not issubclass(form, SiteForm)} == set()


def _all_subclasses(cls) -> set:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_all_subclasses(sub)}
    return found


@pytest.mark.parametrize(
    ("path", "control"),
    [("/users/a%00b", "/users/alice"), ("/users/a%00b/list", "/users/alice/list"),
     ("/users/ali%07ce", "/users/alice"), ("/shows/run%00-on", "/shows/run-on"),
     ("/shows/run-on%1b", "/shows/run-on"), ("/api/v1/shows/run%00-on", "/api/v1/shows/run-on"),
     ("/shows/run%00-on/feed.atom", "/shows/run-on/feed.atom")],
)  # fmt: skip
def test_path_with_control_character_is_404(client, scene, path, control):
    assert client.get(path).status_code == 404
    assert client.get(control).status_code == 200


@pytest.mark.parametrize("argument", ["genre", "network", "q", "sort", "status", "year"])
def test_query_value_with_control_character_matches_nothing(client, scene, argument):
    response = client.get(f"/shows?{argument}=a%00b")
    assert response.status_code == 200
    if argument in ("genre", "network", "q"):
        assert "Run On" not in response.text
    control = {"genre": "Romance", "network": "JTBC", "q": "run", "year": "2020"}
    if argument in control:
        assert "Run On" in client.get(f"/shows?{argument}={control[argument]}").text


def test_control_character_in_moderator_ban_path_is_404(client, scene, login):
    login(scene["mod"])
    data = {"reason": "spam", "until": "7d"}
    assert client.submit("/mod/users/ali%00ce/ban", data).status_code == 404
    assert client.submit("/mod/users/alice/ban", data).status_code == 303
    assert db.session.get(User, scene["alice"].id).is_banned


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "template",
    ["/reviews/{n}", "/reviews/{n}/spoilers/1", "/reviews/1/spoilers/{n}",
     "/comments/{n}/spoilers/1", "/reviews/{n}/edit"],
)  # fmt: skip
def test_huge_id_in_path_is_404(client, scene, login, template, number):
    login(scene["alice"])
    assert client.get(template.format(n=number)).status_code == 404


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "template",
    ["/mod/comments/{n}/hide", "/mod/reports/{n}/resolve", "/reviews/{n}/helpful",
     "/reviews/{n}/comments", "/comments/{n}/report"],
)  # fmt: skip
def test_huge_id_in_post_path_is_404(client, scene, login, template, number):
    login(scene["mod"])
    response = client.submit(template.format(n=number), {"reason": "spam", "body": "hi"})
    assert response.status_code == 404


def test_id_beyond_32_bits_is_404_and_a_real_one_is_found(client, scene):
    assert client.get("/reviews/9223372036854775807").status_code == 404
    assert client.get("/reviews/4294967296").status_code == 404
    assert client.get(f"/reviews/{scene['review'].id}").status_code == 200


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    "url",
    ["/shows?page={n}", "/shows/run-on?page={n}", "/reviews/{review}?page={n}",
     "/api/v1/shows?page={n}", "/mod/log?page={n}", "/shows?year={n}",
     "/reviews/{review}?reveal={n}", "/shows/run-on?page={n}&sort=newest"],
)  # fmt: skip
def test_huge_page_or_filter_in_query_is_not_an_error(client, scene, login, url, number):
    login(scene["mod"])
    response = client.get(url.format(n=number, review=scene["review"].id))
    assert response.status_code == 200


@pytest.mark.parametrize("year", [*HUGE, "-99999999999", "abc"])
def test_year_filter_out_of_range_is_ignored_like_junk(client, scene, year):
    assert "Run On" in client.get(f"/shows?year={year}").text
    assert "Run On" not in client.get("/shows?year=2019").text  # control: the filter works


JUNK = ["endpoint=x", "_method=POST", "_external=1", "_anchor=x", "_scheme=javascript",
        "slug=other", "review_id=1", "utm_source=x"]  # fmt: skip


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize(
    ("url", "known"),
    [("/shows?sort=year&{junk}", {"sort", "page"}),
     ("/shows/run-on?sort=newest&{junk}", {"sort", "page"}),
     ("/reviews/{review}?reveal=1&{junk}", {"reveal", "page"}),
     ("/mod/log?{junk}", {"page"})],
)  # fmt: skip
def test_pager_links_carry_only_known_query_arguments(
    client, scene, make_show, make_review, make_user, login, monkeypatch, url, known, junk
):
    for name in ("app.shows.views.PER_PAGE", "app.reviews.queries.PER_PAGE",
                 "app.comments.service.PER_PAGE", "app.moderation.views.LOG_PER_PAGE"):  # fmt: skip
        monkeypatch.setattr(name, 1)
    make_show("Second show")
    make_review(show=scene["show"], author=make_user("carol"))
    for body in ("First comment.", "Second comment."):
        add_comment(scene["review"], scene["alice"], body, render_document(body, episode_count=10))
        record(scene["mod"], "comment_hide", scene["review"], reason="x")
    db.session.commit()
    login(scene["mod"])
    address = url.format(junk=junk, review=scene["review"].id)
    response = client.get(address)
    assert response.status_code == 200
    nav = response.text.split('class="pager"')[1].split("</nav>")[0]
    links = [urlsplit(html.unescape(href)) for href in re.findall(r'href="([^"]*)"', nav)]
    assert links  # control: the pager links are there
    for link in links:
        assert (link.scheme, link.netloc, link.fragment) == ("", "", "")
        assert link.path == urlsplit(address).path
        assert set(parse_qs(link.query)) <= known and "page" in parse_qs(link.query)
