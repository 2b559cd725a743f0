"""Reading Unspoiled's own export back (issue 19): a good file gives its shows and extras;
a wrong format or version, malformed JSON or a file of the wrong shape is refused with a
sentence that says what is wrong. (The round trip through the database is in
tests/exports/test_export.py.)"""

import io
import json
import zipfile

import pytest

from app.imports import unspoiled
from app.imports.history import History, ImportRefused
from app.models import STATUSES

MANIFEST = {"format": "unspoiled-export", "version": 1, "username": "kestrel",
            "exported_at": "2026-07-20T10:00:00+00:00"}  # fmt: skip
PROGRESS = [
    {"slug": "run-on", "title": "Run On", "native_title": "런 온", "year": 2020,
     "episodes_watched": 5, "status": "dropped", "score": 6.5, "hide_numbers_until": None},
    {"slug": "move-to-heaven", "title": "Move to Heaven", "native_title": None, "year": 2021,
     "episodes_watched": 10, "status": "completed", "score": None, "hide_numbers_until": 0},
]  # fmt: skip
REVIEW = {"slug": "move-to-heaven", "title": "Grief", "body": "[spoiler ep=9]X[/spoiler]",
          "episodes_watched": 10, "rating_overall": 8.5, "rating_story": 9, "rating_acting": None,
          "rating_music": None, "rating_rewatch": None, "status": "published",
          "created_at": "2025-01-02T03:04:05+00:00"}  # fmt: skip


def export(**files) -> bytes:
    """A zip of JSON files: export(progress=[...]) holds progress.json; bytes go in as they
    are; a value of None leaves the file out. The manifest and progress are good unless
    given."""
    contents = {"manifest": MANIFEST, "progress": PROGRESS} | files
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, value in contents.items():
            if value is None:
                continue
            data = value if isinstance(value, bytes) else json.dumps(value).encode()
            archive.writestr(name if name.endswith(".json") else f"{name}.json", data)
    return buffer.getvalue()


def test_good_export_gives_shows_with_progress_status_and_score():
    history = unspoiled.parse(export(reviews=[REVIEW]), "unspoiled-kestrel.zip")

    assert history.source == "unspoiled"
    assert [(s.slug, s.title, s.native_title, s.year, s.episodes_watched, s.status, s.score)
            for s in history.shows] == [
        ("run-on", "Run On", "런 온", 2020, 5, "dropped", 6.5),
        ("move-to-heaven", "Move to Heaven", None, 2021, 10, "completed", None),
    ]  # fmt: skip
    [review] = history.extras["reviews"]
    assert review["body"] == "[spoiler ep=9]X[/spoiler]" and review["rating_story"] == 9.0
    assert history.extras["settings"]["hide_numbers_until"] == {"move-to-heaven": 0}
    assert history.extras["progress_slugs"] == ["run-on", "move-to-heaven"]
    assert History.from_json(history.to_json()) == history  # kept between upload and confirm


def test_files_left_out_restore_nothing_of_their_kind():
    history = unspoiled.parse(export(), "x.zip")
    extras = history.extras
    assert (extras["reviews"], extras["lists"], extras["episode_ratings"]) == ([], [], [])
    assert extras["follows"] == {"following": [], "blocked": []}
    assert history.skipped == []


def test_files_in_a_folder_with_other_spellings_are_found():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("my-export/Manifest.JSON", json.dumps(MANIFEST))
        archive.writestr("my-export/Progress.json", json.dumps(PROGRESS[:1]))
    assert [s.slug for s in unspoiled.parse(buffer.getvalue(), "x.zip").shows] == ["run-on"]


def test_statuses_are_the_site_s():
    assert unspoiled.STATUSES == STATUSES


BAD_FILES = [
    ({"manifest": {**MANIFEST, "version": 2}}, "format version 2; this site reads version 1"),
    ({"manifest": {**MANIFEST, "version": "1"}}, "format version '1'"),
    ({"manifest": {**MANIFEST, "version": True}}, "format version True"),
    ({"manifest": {**MANIFEST, "format": "trakt"}}, "does not describe an Unspoiled export"),
    ({"manifest": ["unspoiled-export", 1]}, "does not describe an Unspoiled export"),
    ({"manifest": None}, "it has no manifest.json"),
    ({"progress": None}, "This export has no progress.json"),
    ({"progress": b'[{"slug": "run-on",'}, "progress.json is not valid JSON (line 1)"),
    ({"progress": b"\xff\xfe\x00garbage"}, "progress.json is not valid JSON"),
    ({"lists": b"[" * 200_000 + b"]" * 200_000}, "lists.json nests too deeply"),
    ({"progress": {"run-on": 5}}, "progress.json should hold a list, not an object"),
    ({"reviews": "all of them"}, "reviews.json should hold a list, not a string"),
    ({"lists": [["Slow burns"]]}, "lists.json, entry 1: expected an object, found a list"),
    ({"progress": [{**PROGRESS[0], "status": "binged"}]}, "“status” 'binged' is not one of"),
    ({"progress": [{**PROGRESS[0], "episodes_watched": -1}]}, "cannot be negative"),
    ({"progress": [{**PROGRESS[0], "episodes_watched": "5"}]}, "“episodes_watched” is missing"),
    ({"progress": [{**PROGRESS[0], "episodes_watched": True}]}, "not a whole number"),
    ({"progress": [{**PROGRESS[0], "score": 7.3}]}, "7.3 is not a rating from 1 to 10"),
    ({"progress": [{**PROGRESS[0], "slug": None}]}, "entry 1: “slug” is missing or not text"),
    ({"reviews": [{**REVIEW, "rating_overall": None}]}, "“rating_overall” is missing"),
    ({"reviews": [{**REVIEW, "body": 12}]}, "reviews.json, entry 1: “body” is missing"),
    ({"episode_ratings": [{"slug": "run-on", "episode": 0, "rating": 8}]}, "episode from 1"),
    ({"lists": [{"name": "L", "is_public": "yes", "items": []}]}, "“is_public” is missing"),
    ({"lists": [{"name": "L", "is_public": True, "items": [3]}]}, "item 1: expected an object"),
    ({"follows": ["minji"]}, "follows.json should hold an object, not a list"),
    ({"follows": {"following": "minji"}}, "“following” should be a list of usernames"),
    ({"profile": {"hide_numbers_percent": 500}}, "should be from 1 to 100"),
]


@pytest.mark.parametrize(("files", "message"), BAD_FILES)
def test_bad_export_is_refused_with_what_is_wrong(files, message):
    with pytest.raises(ImportRefused) as refused:
        unspoiled.parse(export(**files), "unspoiled-kestrel.zip")
    assert message in str(refused.value)


def test_not_a_zip_is_refused():
    with pytest.raises(ImportRefused, match="not a zip archive"):
        unspoiled.parse(b"slug,title\nrun-on,Run On\n", "history.csv")


def test_a_file_twice_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(MANIFEST))
        archive.writestr("progress.json", json.dumps(PROGRESS))
        archive.writestr("copy/progress.json", json.dumps([]))
    with pytest.raises(ImportRefused, match="holds progress.json twice"):
        unspoiled.parse(buffer.getvalue(), "x.zip")


def test_path_tricks_and_other_kinds_of_member_are_refused():
    for name in ("../progress.json", "notes.txt"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("manifest.json", json.dumps(MANIFEST))
            archive.writestr(name, "[]")
        with pytest.raises(ImportRefused):
            unspoiled.parse(buffer.getvalue(), "x.zip")


def test_comments_are_counted_as_not_restored():
    comment = {"where": {"kind": "episode", "slug": "run-on", "episode": 2}, "body": "hi"}
    history = unspoiled.parse(export(comments=[comment]), "x.zip")
    assert history.skipped == [
        "1 comment not restored: comments answer other members' reviews and threads "
        "(they stay in your file)."
    ]
