"""The admin's show form takes a poster: stored as WebP, shown, replaced, removed; a bad
file is refused with its reason and changes nothing."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Show
from tests.media import files
from tests.media.files import submit_multipart, upload
from tests.shows.test_admin import NEW


@pytest.fixture
def admin(make_user, login):
    user = make_user(role="admin")
    login(user)
    return user


def edit(client, show, **fields):
    url = f"/admin/shows/{show.slug}/edit"
    form = NEW | {"slug": show.slug, "title": show.title, "episodes": "3"} | fields
    return submit_multipart(client, url, form, page=url)


def reloaded(show) -> Show:
    db.session.expire_all()
    return db.session.get(Show, show.id)


def test_new_show_with_a_poster(client, admin, media_folder):
    data = NEW | {"poster": upload(files.camera_jpeg(), "poster.jpg")}
    response = submit_multipart(client, "/admin/shows/new", data, page="/admin/shows/new")
    assert response.status_code == 303
    show = db.session.scalar(select(Show).where(Show.slug == "my-new-drama"))
    key = show.poster_key
    assert key and len(key) == 20
    assert sorted(p.name for p in media_folder.iterdir()) == [
        f"{key}-160.webp", f"{key}-320.webp", f"{key}-640.webp"
    ]  # fmt: skip
    form = client.get(f"/admin/shows/{show.slug}/edit").text
    assert f'src="/media/{key}-320.webp"' in form
    assert "Remove the poster" in form


def test_poster_over_one_mebibyte_is_accepted(client, admin, make_show):
    """The upload routes take more than the site's 1 MiB body limit."""
    show = make_show(episodes=3)
    data = files.noisy_png((800, 1200))
    assert len(data) > 1024 * 1024
    assert edit(client, show, poster=upload(data, "big.png")).status_code == 303
    assert reloaded(show).poster_key is not None


def test_body_beyond_the_upload_limit_is_413(client, admin, make_show):
    show = make_show(episodes=3)
    response = edit(client, show, poster=upload(b"\xff" * (9 * 1024 * 1024 + 10)))
    assert response.status_code == 413
    assert "larger than we accept (9 MiB at most)" in response.text
    assert reloaded(show).poster_key is None


def test_other_forms_keep_the_one_mebibyte_limit(client):
    token = client.csrf_token("/signup")
    response = client.post("/signup", data={"csrf_token": token, "username": "x" * 1_100_000})
    assert response.status_code == 413
    assert "larger than we accept (1 MiB at most)" in response.text


BAD_FILES = [
    ("too-large", lambda: files.noisy_png((400, 400)), "poster.png", "the largest accepted is"),
    ("gif-named-png", lambda: files.GIF, "poster.png", "not a JPEG, PNG or WebP image"),
    ("bmp-named-jpg", lambda: files.BMP, "poster.jpg", "not a JPEG, PNG or WebP image"),
    ("svg", lambda: files.SVG, "poster.svg", "SVG among them"),
    ("bomb", files.bomb_png, "poster.png", "declares far more pixels"),
    ("truncated", lambda: files.truncated(files.camera_jpeg()), "p.jpg", "could not be read"),
    ("text-named-jpg", lambda: files.TEXT, "poster.jpg", "not a JPEG, PNG or WebP image"),
]


@pytest.mark.parametrize(("make_data", "name", "message"), [b[1:] for b in BAD_FILES],
                         ids=[b[0] for b in BAD_FILES])  # fmt: skip
def test_bad_poster_is_refused_and_the_old_one_kept(
    app, client, admin, make_show, media_folder, make_data, name, message
):
    app.config["IMAGE_MAX_BYTES"] = 200_000
    show = make_show(episodes=3)
    assert edit(client, show, poster=upload(files.jpeg())).status_code == 303
    old_key = reloaded(show).poster_key
    kept = sorted(p.name for p in media_folder.iterdir())
    response = edit(client, show, title="Changed Title", poster=upload(make_data(), name))
    assert response.status_code == 200
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    after = reloaded(show)
    assert (after.poster_key, after.title) == (old_key, show.title)  # nothing saved
    assert sorted(p.name for p in media_folder.iterdir()) == kept  # no file written


def test_replacing_and_removing_the_poster(client, admin, make_show):
    show = make_show(episodes=3)
    edit(client, show, poster=upload(files.jpeg()))
    first = reloaded(show).poster_key
    edit(client, show, poster=upload(files.png(), "other.png"))
    second = reloaded(show).poster_key
    assert second not in (None, first)
    edit(client, show)  # no file: the poster stays
    assert reloaded(show).poster_key == second
    edit(client, show, remove_poster="y")
    assert reloaded(show).poster_key is None
    assert "cover-hue-" in client.get(f"/admin/shows/{show.slug}/edit").text


def test_a_poster_change_bumps_the_show_page_version(client, admin, make_show):
    show = make_show(episodes=3)
    before = reloaded(show).page_version
    edit(client, show, poster=upload(files.jpeg()))
    assert reloaded(show).page_version > before
    middle = reloaded(show).page_version
    edit(client, show, remove_poster="y")
    assert reloaded(show).page_version > middle


def test_cached_show_page_shows_the_new_poster_at_once(client, admin, make_show):
    show = make_show(episodes=3)
    page = client.get(f"/shows/{show.slug}").text  # cached now
    assert "cover-hue-" in page and "/media/" not in page
    edit(client, show, poster=upload(files.jpeg()))
    key = reloaded(show).poster_key
    page = client.get(f"/shows/{show.slug}").text
    assert f'src="/media/{key}-320.webp"' in page
    assert 'fetchpriority="high"' in page  # the header's poster is not lazy
