"""A reveal pressed with htmx (or "Keep revealed") stays for that reader on that review
until "Hide again": members in review_reveal, anonymous readers in their session. GETs
still reveal for one response only and write nothing."""

import pytest
from sqlalchemy import func, select

from app import reveals
from app.extensions import db
from app.models import Comment, ReviewReveal
from app.progress.rules import Progress
from app.progress.service import save_entry
from tests.fixtures.users import PASSWORD

BODY = (
    "Opening CONTROL-PLAIN.\n\n"
    "[spoiler ep=7]\nMAGPIE-EP7 in a block.\n[/spoiler]\n\n"
    "Inline [spoiler ep=9]JACKDAW-EP9[/spoiler] here."
)
HTMX = {"HX-Request": "true"}
PLACEHOLDER_7 = "Spoiler for episode 7 — reveal"


def sign_in(app, user, show, episode):
    """Another browser, signed in as `user`, who is at `episode` of `show`."""
    save_entry(user, show, Progress(episode, "watching"))
    db.session.commit()
    other = app.test_client()
    response = other.submit("/login", {"username": user.username, "password": PASSWORD},
                            page="/login")  # fmt: skip
    assert response.status_code == 303
    return other


def keep(client, review, episode=7, *, htmx=True, query="?comments=1"):
    url = f"/reviews/{review.id}/spoilers/{episode}{query}"
    return client.submit(url, page=f"/reviews/{review.id}", headers=HTMX if htmx else {})


def hide(client, review, episode=7, *, htmx=True):
    url = f"/reviews/{review.id}/spoilers/{episode}/hide?comments=1"
    return client.submit(url, page=f"/reviews/{review.id}", headers=HTMX if htmx else {})


def kept_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(ReviewReveal))


def test_kept_reveal_survives_reload_and_sign_in_for_that_member_only(
    app, client, make_review, make_reader, make_user, login
):
    review = make_review(BODY)
    reader = make_reader(review.show, episode=2)
    other = sign_in(app, make_user(), review.show, 2)
    # The other member's show page is cached before and after: it never carries ours.
    assert "MAGPIE-EP7" not in other.get(f"/shows/{review.show.slug}").text

    response = keep(client, review)
    assert response.status_code == 200
    assert "MAGPIE-EP7" in response.text and 'hx-swap-oob="true"' in response.text
    assert "JACKDAW-EP9" not in response.text  # one episode only

    client.submit("/logout")
    login(reader)
    for url in (f"/reviews/{review.id}", f"/shows/{review.show.slug}"):
        html = client.get(url).text
        assert "MAGPIE-EP7" in html and "Hide again" in html
        assert "JACKDAW-EP9" not in html and "Spoiler for episode 9 — reveal" in html
    for url in (f"/reviews/{review.id}", f"/shows/{review.show.slug}"):
        html = other.get(url).text
        assert "MAGPIE-EP7" not in html
        assert PLACEHOLDER_7 in html  # control: the placeholder is there
    assert kept_rows() == 1


def test_anonymous_session_keeps_reveal_and_another_visitor_does_not(app, client, make_review):
    review = make_review(BODY)
    stranger = app.test_client()
    assert keep(client, review).status_code == 200
    for url in (f"/reviews/{review.id}", f"/shows/{review.show.slug}"):
        assert "MAGPIE-EP7" in client.get(url).text
        html = stranger.get(url).text
        assert "MAGPIE-EP7" not in html and PLACEHOLDER_7 in html
    assert kept_rows() == 0  # the session holds it


@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_get_reveal_shows_without_remembering(client, make_review, make_reader, signed_in):
    review = make_review(BODY)
    if signed_in:
        make_reader(review.show, episode=2)
    fragment = client.get(f"/reviews/{review.id}/spoilers/7", headers=HTMX)
    assert "MAGPIE-EP7" in fragment.text
    page = client.get(f"/reviews/{review.id}?reveal=7").text
    assert "MAGPIE-EP7" in page and "Keep revealed" in page
    assert f'formaction="/reviews/{review.id}/spoilers/7?comments=1"' in page
    reloaded = client.get(f"/reviews/{review.id}").text
    assert "MAGPIE-EP7" not in reloaded and PLACEHOLDER_7 in reloaded
    assert kept_rows() == 0


def test_placeholder_reveals_with_a_post_and_keeps_its_link(client, make_review):
    review = make_review(BODY)
    html = client.get(f"/reviews/{review.id}").text
    assert f'href="/reviews/{review.id}?reveal=7"' in html
    assert f'hx-post="/reviews/{review.id}/spoilers/7?comments=1"' in html
    assert f'hx-get="/reviews/{review.id}/spoilers/7' not in html


@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_keep_revealed_without_javascript_goes_back_to_the_spoiler(
    client, make_review, make_reader, signed_in
):
    review = make_review(BODY)
    if signed_in:
        make_reader(review.show, episode=2)
    response = keep(client, review, htmx=False)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reviews/{review.id}#review-{review.id}-spoiler-0"
    html = client.get(f"/reviews/{review.id}").text
    assert "MAGPIE-EP7" in html and "Keep revealed" not in html and "Hide again" in html


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_hide_again_forgets_the_reveal(client, make_review, make_reader, signed_in, htmx):
    review = make_review(BODY)
    if signed_in:
        make_reader(review.show, episode=2)
    keep(client, review)
    assert "MAGPIE-EP7" in client.get(f"/reviews/{review.id}").text  # control
    response = hide(client, review, htmx=htmx)
    if htmx:
        assert response.status_code == 200
        assert "MAGPIE-EP7" not in response.text
        assert PLACEHOLDER_7 in response.text and 'hx-swap-oob="true"' in response.text
        assert f'id="review-{review.id}-spoiler-0"' in response.text
    else:
        assert response.status_code == 303
        assert response.headers["Location"] == f"/reviews/{review.id}#review-{review.id}-spoiler-0"
    html = client.get(f"/reviews/{review.id}").text
    assert "MAGPIE-EP7" not in html and PLACEHOLDER_7 in html
    assert kept_rows() == 0


def test_hide_again_on_a_get_reveal_page_hides_it(client, make_review):
    review = make_review(BODY)
    page = client.get(f"/reviews/{review.id}?reveal=7").text
    assert "MAGPIE-EP7" in page and "Hide again" in page
    response = hide(client, review, htmx=False)
    html = client.get(response.headers["Location"]).text
    assert "MAGPIE-EP7" not in html and PLACEHOLDER_7 in html


@pytest.mark.parametrize(
    ("path", "with_token", "status"),
    [
        ("/reviews/{id}/spoilers/0", True, 404),
        ("/reviews/{id}/spoilers/11", True, 404),  # beyond the show's 10 episodes
        ("/reviews/{id}/spoilers/5", True, 404),  # the review has no spoiler for it
        ("/reviews/999/spoilers/7", True, 404),
        ("/reviews/{id}/spoilers/7", False, 400),  # no CSRF token
        ("/reviews/{id}/spoilers/0/hide", True, 404),
        ("/reviews/{id}/spoilers/11/hide", True, 404),
        ("/reviews/999/spoilers/7/hide", True, 404),
        ("/reviews/{id}/spoilers/7/hide", False, 400),
        ("/comments/999/spoilers/7", True, 404),
    ],
)
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_bad_reveal_posts_are_refused(
    client, make_review, make_reader, path, with_token, status, htmx
):
    review = make_review(BODY)
    make_reader(review.show, episode=2)
    url = path.format(id=review.id)
    headers = HTMX if htmx else {}
    if with_token:
        response = client.submit(url, page=f"/reviews/{review.id}", headers=headers)
    else:
        response = client.post(url, headers=headers)
    assert response.status_code == status
    assert "MAGPIE-EP7" not in response.text and "JACKDAW-EP9" not in response.text
    assert kept_rows() == 0


def test_a_kept_episode_covers_the_comments_on_the_page(client, make_review, make_user, login):
    review = make_review(BODY)
    commenter = make_user()
    login(commenter)
    for text in ("Plain ROOK-PLAIN [spoiler ep=7]ROOK-EP7[/spoiler].",
                 "Hidden one [spoiler ep=7]CROW-HIDDEN-EP7[/spoiler]."):  # fmt: skip
        client.submit(f"/reviews/{review.id}/comments", {"body": text},
                      page=f"/reviews/{review.id}")  # fmt: skip
    rook, crow = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    crow.status = "hidden"
    db.session.commit()
    client.submit("/logout")
    login(make_user())

    page = client.get(f"/reviews/{review.id}").text
    assert "ROOK-PLAIN" in page and "ROOK-EP7" not in page
    assert f'hx-post="/comments/{rook.id}/spoilers/7?comments=1"' in page
    reply = keep(client, review)
    assert "MAGPIE-EP7" in reply.text and "ROOK-EP7" in reply.text
    assert f'id="comment-{rook.id}-spoiler-0"' in reply.text
    assert "CROW-HIDDEN-EP7" not in reply.text  # hidden by a moderator: never sent
    card_reply = keep(client, review, query="")  # from the show page: no comments there
    assert "MAGPIE-EP7" in card_reply.text and "ROOK-EP7" not in card_reply.text

    hide(client, review)
    assert "ROOK-EP7" not in client.get(f"/reviews/{review.id}").text
    reply = client.submit(f"/comments/{rook.id}/spoilers/7?comments=1",
                          page=f"/reviews/{review.id}", headers=HTMX)  # fmt: skip
    assert "ROOK-EP7" in reply.text and "MAGPIE-EP7" in reply.text
    html = client.get(f"/reviews/{review.id}").text
    assert "ROOK-EP7" in html and "MAGPIE-EP7" in html and "CROW-HIDDEN-EP7" not in html
    plain = client.submit(
        f"/comments/{rook.id}/spoilers/7?comments=1", page=f"/reviews/{review.id}"
    )
    assert plain.headers["Location"] == f"/reviews/{review.id}#comment-{rook.id}-spoiler-0"


def test_a_kept_episode_the_reader_then_reaches_is_simply_shown(client, make_review, make_reader):
    review = make_review(BODY)
    make_reader(review.show, episode=2)
    keep(client, review)
    client.submit(f"/shows/{review.show.slug}/progress",
                  {"episodes_watched": "8", "status": "watching"})  # fmt: skip
    html = client.get(f"/reviews/{review.id}").text
    assert "MAGPIE-EP7" in html and "Hide again" not in html
    assert "Spoiler for episode 9 — reveal" in html  # control: still gated beyond 8


def test_anonymous_session_keeps_only_the_newest_reveals(client, make_show, make_review):
    show = make_show(episodes=120)
    limit = reveals.SESSION_LIMIT
    body = "\n\n".join(f"[spoiler ep={ep}]\nSWIFT-{ep}-END\n[/spoiler]" for ep in range(1, 112))
    review = make_review(body, show=show)
    token = client.csrf_token(f"/reviews/{review.id}")
    for episode in range(1, limit + 11):
        response = client.post(f"/reviews/{review.id}/spoilers/{episode}",
                               data={"csrf_token": token}, headers=HTMX)  # fmt: skip
        assert response.status_code == 200
    with client.session_transaction() as session:
        assert len(session[reveals.SESSION_KEY]) == limit
    html = client.get(f"/reviews/{review.id}").text
    assert "SWIFT-10-END" not in html and "SWIFT-11-END" in html  # the oldest went first
    assert f"SWIFT-{limit + 10}-END" in html
    cookie = client.get_cookie("session")
    assert len(cookie.value) < 3000  # well under a browser's 4 KB per cookie
