"""`flask shows import` reads a record's `poster` path (relative to the JSON file's folder);
a missing or bad image is reported with its record and field, and nothing is written."""

import json

from sqlalchemy import func, select

from app.extensions import db
from app.models import Show
from tests.media import files


def run_import(app, folder, records):
    path = folder / "shows.json"
    path.write_text(json.dumps(records), "utf-8")
    return app.test_cli_runner().invoke(args=["shows", "import", str(path)])


def test_import_with_posters(app, tmp_path, media_folder):
    (tmp_path / "posters").mkdir()
    (tmp_path / "posters" / "signal.jpg").write_bytes(files.camera_jpeg())
    records = [
        {"slug": "signal-test", "title": "Signal Test", "episodes": 3,
         "poster": "posters/signal.jpg"},
        {"slug": "plain", "title": "Plain", "episodes": 1},
    ]  # fmt: skip
    result = run_import(app, tmp_path, records)
    assert result.exit_code == 0, result.output
    signal = db.session.scalar(select(Show).where(Show.slug == "signal-test"))
    plain = db.session.scalar(select(Show).where(Show.slug == "plain"))
    assert plain.poster_key is None
    key = signal.poster_key
    assert sorted(p.name for p in media_folder.iterdir()) == [
        f"{key}-{w}.webp" for w in (160, 320, 640)
    ]
    again = run_import(app, tmp_path, [records[1]])  # a record without poster keeps it
    assert again.exit_code == 0
    db.session.expire_all()
    assert db.session.get(Show, signal.id).poster_key == key


def test_missing_or_bad_posters_are_reported_and_nothing_is_imported(app, tmp_path, media_folder):
    (tmp_path / "good.jpg").write_bytes(files.jpeg())
    (tmp_path / "fake.jpg").write_bytes(files.TEXT)
    (tmp_path / "vector.png").write_bytes(files.SVG)
    (tmp_path / "bomb.png").write_bytes(files.bomb_png())
    (tmp_path / "cut.jpg").write_bytes(files.truncated(files.jpeg()))
    records = [
        {"slug": "good", "title": "Good", "episodes": 1, "poster": "good.jpg"},
        {"slug": "missing", "title": "Missing", "episodes": 1, "poster": "nowhere.jpg"},
        {"slug": "fake", "title": "Fake", "episodes": 1, "poster": "fake.jpg"},
        {"slug": "vector", "title": "Vector", "episodes": 1, "poster": "vector.png"},
        {"slug": "bomb", "title": "Bomb", "episodes": 1, "poster": "bomb.png"},
        {"slug": "cut", "title": "Cut", "episodes": 1, "poster": "cut.jpg"},
        {"slug": "folder", "title": "Folder", "episodes": 1, "poster": "."},
        {"slug": "number", "title": "Number", "episodes": 1, "poster": 7},
    ]
    result = run_import(app, tmp_path, records)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    expected = {
        1: "cannot read",
        2: "not a JPEG, PNG or WebP image",
        3: "SVG among them",
        4: "declares far more pixels",
        5: "could not be read to the end",
        6: "cannot read",
        7: "must be text",
    }
    for index, message in expected.items():
        assert any(
            line.startswith(f"error: record {index}, field 'poster': ") and message in line
            for line in lines
        ), (index, result.output)
    assert "record 0" not in result.output
    assert "nothing imported" in result.output
    assert db.session.scalar(select(func.count()).select_from(Show)) == 0
    assert not media_folder.exists() or not any(media_folder.iterdir())
