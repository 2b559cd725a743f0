"""The import pages (issue 19): upload, check the matches, choose, confirm or discard.
Plain forms; bad files re-render the form with the reason and write nothing."""

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import HistoryImport, Show, WatchEntry
from app.progress.service import find_entry
from app.scores.service import drifts
from tests.imports.flow_zips import tvtime_zip

UPLOAD = "/account/import"
DEMO_PLAYS = [("Run On", 1, 1), ("Run On", 1, 2), ("Run On", 1, 3),
              ("Move to Heaven", 1, 10), ("Nobody Knows This Show", 1, 1)]  # fmt: skip


@pytest.fixture
def member(make_user, login, demo_catalogue):
    user = make_user("jiwoo")
    login(user)
    return user


def upload(client, data: bytes, *, source: str = "tvtime", filename: str = "tvtime.zip",
           headers=None):  # fmt: skip
    """POST the upload form. The body is encoded in memory (encode_multipart): the test
    client's own encoder spools a large body to a temporary file that nothing closes."""
    fields = {"csrf_token": client.csrf_token(UPLOAD), "source": source,
              "file": FileStorage(io.BytesIO(data), filename=filename)}  # fmt: skip
    boundary, body = encode_multipart(fields)
    return client.post(UPLOAD, data=body, headers=headers,
                       content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip


def staged_id(response) -> int:
    assert response.status_code == 303, response.text[:500]
    return int(re.search(r"/account/import/(\d+)$", response.headers["Location"]).group(1))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def show(slug: str) -> Show:
    return db.session.scalar(select(Show).where(Show.slug == slug))


def progress(user, slug: str):
    db.session.expire_all()
    entry = find_entry(user.id, show(slug).id)
    return (entry.episodes_watched, entry.status) if entry else None


def test_upload_page_needs_sign_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_upload_then_confirm_writes_progress(client, member):
    import_id = staged_id(upload(client, tvtime_zip(DEMO_PLAYS, followed=["Signal"])))
    page = client.get(f"/account/import/{import_id}").text
    assert "3 matched" in page and "0 need you" in page and "1 not in our catalogue" in page
    assert "Nobody Knows This Show" in page
    assert 'name="show-0"' in page and 'name="show-3"' in page and 'name="show-2"' not in page
    response = client.submit(
        f"/account/import/{import_id}/confirm", page=f"/account/import/{import_id}"
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/users/jiwoo/list")
    assert "3 shows updated, 1 skipped" in client.get(response.headers["Location"]).text
    assert progress(member, "run-on") == (3, "watching")
    assert progress(member, "move-to-heaven") == (10, "completed")
    assert progress(member, "signal") == (0, "plan_to_watch")
    assert count(HistoryImport) == 0
    assert drifts() == []


def test_member_chooses_among_candidates_or_skips(client, member, make_show):
    other = make_show("Signal", slug="signal-remake", year=2018)
    data = tvtime_zip([("Signal", 1, 4), ("Run On", 1, 2)])
    import_id = staged_id(upload(client, data))
    page = client.get(f"/account/import/{import_id}").text
    assert "1 matched" in page and "1 need you" in page
    response = client.submit(f"/account/import/{import_id}/confirm",
                             {"show-0": str(other.id), "show-1": "skip"})  # fmt: skip
    assert response.status_code == 303
    assert progress(member, "signal-remake") == (4, "watching")
    assert progress(member, "signal") is None
    assert progress(member, "run-on") is None


def test_a_choice_not_offered_is_refused_and_writes_nothing(client, member):
    import_id = staged_id(upload(client, tvtime_zip([("Run On", 1, 2)])))
    response = client.submit(f"/account/import/{import_id}/confirm",
                             {"show-0": str(show("signal").id)})  # fmt: skip
    assert response.status_code == 200
    assert "not one of the matches offered" in response.text
    assert count(WatchEntry) == 0
    assert count(HistoryImport) == 1


def test_discard_writes_nothing(client, member):
    import_id = staged_id(upload(client, tvtime_zip([("Run On", 1, 2)])))
    response = client.submit(f"/account/import/{import_id}/discard")
    assert response.status_code == 303
    assert "nothing was written" in client.get(response.headers["Location"]).text
    assert count(HistoryImport) == 0
    assert count(WatchEntry) == 0


def test_another_members_staged_import_is_404(client, member, adversary):
    import_id = staged_id(upload(client, tvtime_zip([("Run On", 1, 2)])))
    assert adversary.get(f"/account/import/{import_id}").status_code == 404
    for action in ("confirm", "discard"):
        response = adversary.submit(f"/account/import/{import_id}/{action}", {"show-0": "skip"})
        assert response.status_code == 404
    assert count(HistoryImport) == 1
    assert count(WatchEntry) == 0


@pytest.mark.parametrize(
    ("source", "data", "filename", "message"),
    [
        ("tvtime", b"", "tvtime.zip", "The file is empty"),
        ("tvtime", b"PK\x03\x04 broken", "tvtime.zip", "zip"),
        ("trakt", b"[{]", "watched-history.json", "JSON"),
        ("netflix", b"x", "x.zip", "Choose TV Time, Trakt or Unspoiled."),
    ],
)
def test_bad_upload_rerenders_the_form_with_the_reason(client, member, source, data, filename,
                                                       message):  # fmt: skip
    response = upload(client, data, source=source, filename=filename)
    assert response.status_code == 200
    assert message.lower() in response.text.lower()
    assert 'id="import-upload"' in response.text
    assert count(HistoryImport) == 0


def test_bad_upload_for_htmx_is_a_422_fragment(client, member):
    response = upload(client, b"not a zip", headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="import-upload"')
    assert count(HistoryImport) == 0


def test_upload_beyond_the_limit_is_413(app, client, member):
    app.config["IMPORT_MAX_BYTES"] = 10_000
    response = upload(client, b"PK" + b"\0" * (1024 * 1024 + 20_000))
    assert response.status_code == 413
    assert count(HistoryImport) == 0


def test_review_page_query_count_does_not_grow_with_the_file(client, member, count_queries):
    small = staged_id(upload(client, tvtime_zip([("Run On", 1, 1)])))
    with count_queries() as one:
        assert "1 matched" in client.get(f"/account/import/{small}").text
    titles = ["Run On", "Move to Heaven", "Signal", "Kingdom", "Stranger", "My Mister",
              "Reply 1988", "Squid Game", "Unknown A", "Unknown B"]  # fmt: skip
    large = staged_id(upload(client, tvtime_zip([(title, 1, 2) for title in titles])))
    with count_queries() as many:
        assert "8 matched" in client.get(f"/account/import/{large}").text
    assert many.count == one.count <= 5, many.statements
