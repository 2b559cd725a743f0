"""GET /media/<file>: poster and avatar files, cached forever, and nothing else."""

import pytest

from app import images
from app.media import service as media_service
from tests.media import files


@pytest.fixture
def stored(app):
    """A poster's files, stored as an upload stores them."""
    prepared = images.prepare(files.jpeg(), images.POSTER)
    media_service.store(prepared)
    return prepared


def test_file_is_served_as_webp_cached_for_a_year(client, stored, media_folder):
    name = f"{stored.key}-320.webp"
    with client.get(f"/media/{name}") as response:
        assert response.status_code == 200
        assert response.data == (media_folder / name).read_bytes() == stored.files[name]
        assert response.mimetype == "image/webp"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Set-Cookie" not in response.headers  # a shared cache may keep it
        etag = response.headers["ETag"]
    with client.get(f"/media/{name}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_store_writes_whole_files_only(stored, media_folder):
    assert sorted(p.name for p in media_folder.iterdir()) == sorted(stored.files)
    media_service.store(stored)  # again: same names, same bytes, nothing else appears
    assert sorted(p.name for p in media_folder.iterdir()) == sorted(stored.files)


@pytest.mark.parametrize(
    "path",
    [
        "0123456789abcdef0123-320.webp",  # a well-formed name with no file
        "notes.txt",  # a file of the folder that is not ours
        ".secret-320.webp",
        "../unspoiled-test.db",
        "..%2funspoiled-test.db",
        "%2e%2e/unspoiled-test.db",
        "sub/0123456789abcdef0123-320.webp",
        "0123456789ABCDEF0123-320.webp",
        "0123456789abcdef0123-320.webp.partial",
        "",
    ],
)
def test_anything_else_is_404(client, stored, media_folder, path):
    (media_folder / "notes.txt").write_text("private")
    (media_folder / ".secret-320.webp").write_text("private")
    response = client.get(f"/media/{path}")
    assert response.status_code == 404
    assert "private" not in response.text
    assert "SQLite" not in response.text


def test_a_key_that_exists_at_another_width_is_404(client, stored):
    assert client.get(f"/media/{stored.key}-1000.webp").status_code == 404
