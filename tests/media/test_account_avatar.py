"""Members set, replace and remove their picture on /account; a bad file is refused with
its reason and keeps the old picture; every show page with their reviews is refreshed."""

import pytest
from sqlalchemy import select

from app import images
from app.extensions import db
from app.media import service as media_service
from app.models import Show, User
from tests.fixtures.users import PASSWORD
from tests.media import files
from tests.media.files import submit_multipart, upload


def send_avatar(client, data: bytes, name: str = "me.jpg"):
    return submit_multipart(client, "/account", {"avatar": upload(data, name)}, page="/account")


def avatar_key(user) -> str | None:
    db.session.expire_all()
    return db.session.get(User, user.id).avatar_key


def test_upload_shows_the_picture_without_asking_the_password(client, make_user, login):
    user = make_user("minji")
    login(user)
    page = client.get("/account").text
    assert 'enctype="multipart/form-data"' in page
    assert 'class="avatar avatar-96 avatar-hue-' in page and ">M</span>" in page  # initials
    response = send_avatar(client, files.camera_jpeg())
    assert response.status_code == 303
    key = avatar_key(user)
    assert key
    page = client.get("/account").text
    assert "Your picture was updated." in page
    assert f'src="/media/{key}-96.webp"' in page
    assert f'srcset="/media/{key}-192.webp 2x"' in page
    assert 'width="96" height="96"' in page
    with client.get(f"/media/{key}-48.webp") as image:
        assert image.status_code == 200


@pytest.mark.parametrize(
    ("make_data", "name", "message"),
    [
        (lambda: files.noisy_png((400, 400)), "me.png", "the largest accepted is"),
        (lambda: files.GIF, "me.png", "not a JPEG, PNG or WebP image"),
        (lambda: files.SVG, "me.svg", "SVG among them"),
        (files.bomb_png, "me.png", "declares far more pixels"),
        (lambda: files.truncated(files.camera_jpeg()), "me.jpg", "could not be read"),
        (lambda: files.TEXT, "me.jpg", "not a JPEG, PNG or WebP image"),
        (lambda: b"", "", "Choose an image file to upload."),
    ],
    ids=["too-large", "gif", "svg", "bomb", "truncated", "text-as-jpg", "no-file"],
)
def test_bad_avatar_is_refused_and_the_old_one_kept(
    app, client, make_user, login, media_folder, make_data, name, message
):
    app.config["IMAGE_MAX_BYTES"] = 200_000
    user = make_user()
    login(user)
    send_avatar(client, files.jpeg())
    old = avatar_key(user)
    kept = sorted(media_folder.iterdir())
    response = send_avatar(client, make_data(), name)
    assert response.status_code == 200
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert f'src="/media/{old}-96.webp"' in response.text  # the old picture, still there
    assert avatar_key(user) == old
    assert sorted(media_folder.iterdir()) == kept


def test_remove_the_picture(client, make_user, login):
    user = make_user()
    login(user)
    send_avatar(client, files.png())
    assert "Remove picture" in client.get("/account").text
    response = client.submit("/account", {"remove_avatar": "y"}, page="/account")
    assert response.status_code == 303
    assert avatar_key(user) is None
    page = client.get("/account").text
    assert "Your picture was removed." in page and "Remove picture" not in page


def test_picture_changes_need_the_csrf_token(client, make_user, login):
    user = make_user()
    login(user)
    send_avatar(client, files.jpeg())
    key = avatar_key(user)
    assert client.post("/account", data={"remove_avatar": "y"}).status_code == 400
    other = {"avatar": upload(files.png(), "me.png")}
    assert client.post("/account", data=other).status_code == 400
    assert avatar_key(user) == key


def test_the_account_form_still_needs_the_password(client, make_user, login):
    user = make_user()
    login(user)
    response = client.submit("/account", {"email": "x@example.com"}, page="/account")
    assert response.status_code == 200
    assert "Enter your current password" in response.text
    data = {"email": "new@example.com", "current_password": PASSWORD}
    assert client.submit("/account", data, page="/account").status_code == 303


def test_anonymous_cannot_upload(client):
    response = submit_multipart(client, "/account", {"avatar": upload(files.jpeg())}, page="/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def versions(*shows) -> list[int]:
    db.session.expire_all()
    return [db.session.scalar(select(Show.page_version).where(Show.id == s.id)) for s in shows]


def test_avatar_change_refreshes_the_pages_of_the_shows_reviewed(
    app, make_user, make_show, make_review, count_queries
):
    author, other = make_user(), make_user()
    first, second, unrelated = make_show(), make_show(), make_show()
    make_review(show=first, author=author)
    make_review(show=second, author=author)
    make_review(show=unrelated, author=other)
    before = versions(first, second, unrelated)
    prepared = images.prepare(files.jpeg(), images.AVATAR)
    with count_queries() as counter:
        media_service.set_avatar(db.session.get(User, author.id), prepared)
    assert sum("show_id" in s and "review" in s for s in counter.statements) == 1  # one query
    db.session.commit()
    after = versions(first, second, unrelated)
    assert after[0] > before[0] and after[1] > before[1]
    assert after[2] == before[2]
    media_service.remove_avatar(db.session.get(User, author.id))
    db.session.commit()
    removed = versions(first)
    assert removed[0] > after[0]
    media_service.remove_avatar(db.session.get(User, author.id))  # no change: no bump
    db.session.commit()
    assert versions(first) == removed


def test_cached_show_page_shows_the_new_avatar_on_review_cards(
    client, make_user, make_show, make_review, login
):
    author = make_user("reviewer")
    show = make_show()
    make_review(show=show, author=author)
    assert 'class="avatar avatar-48 avatar-hue-' in client.get(f"/shows/{show.slug}").text
    login(author)
    client.get(f"/shows/{show.slug}")  # the member's own view, cached too
    send_avatar(client, files.jpeg())
    key = avatar_key(author)
    assert f'src="/media/{key}-48.webp"' in client.get(f"/shows/{show.slug}").text
    client.submit("/logout")
    assert f'src="/media/{key}-48.webp"' in client.get(f"/shows/{show.slug}").text
