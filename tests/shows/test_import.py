"""`flask shows import`: upsert by slug; bad records reported; a bad file writes nothing."""

import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Episode, Show
from app.shows import importer

GOOD = [
    {
        "slug": "signal-test",
        "title": "Signal Test",
        "native_title": "시그널",
        "alt_titles": ["Sigeuneol Test"],
        "year": 2016,
        "network": "tvN",
        "episodes": 3,
        "genres": ["Thriller"],
        "synopsis": "A walkie-talkie.",
        "episode_guide": ["One", {"title": "Two", "synopsis": "Second."}],
    },
    {"slug": "tiny", "title": "Tiny", "episodes": 1},
]


def run_import(app, tmp_path, records, name="shows.json"):
    path = tmp_path / name
    path.write_text(records if isinstance(records, str) else json.dumps(records), "utf-8")
    return app.test_cli_runner().invoke(args=["shows", "import", str(path)])


def show_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Show))


def test_import_adds_shows_with_episodes_and_is_idempotent(app, client, tmp_path):
    result = run_import(app, tmp_path, GOOD)
    assert result.exit_code == 0, result.output
    assert "Imported 2 shows: 2 new, 0 updated." in result.output
    show = db.session.scalar(select(Show).where(Show.slug == "signal-test"))
    assert [e.title for e in show.episodes] == ["One", "Two", ""]
    assert show.episodes[1].synopsis == "Second."
    assert "Signal Test" in client.get("/shows?q=sigeuneol").text
    again = run_import(app, tmp_path, GOOD)
    assert "Imported 2 shows: 0 new, 2 updated." in again.output
    assert show_count() == 2
    assert db.session.scalar(select(func.count()).select_from(Episode)) == 4


def test_import_updates_by_slug(app, tmp_path):
    run_import(app, tmp_path, GOOD)
    changed = [GOOD[0] | {"title": "Signal Renamed", "episodes": 2}]
    assert run_import(app, tmp_path, changed).exit_code == 0
    db.session.expire_all()
    show = db.session.scalar(select(Show).where(Show.slug == "signal-test"))
    assert show.title == "Signal Renamed"
    assert [e.number for e in show.episodes] == [1, 2]


@pytest.mark.parametrize(
    ("records", "messages"),
    [
        (
            [GOOD[0], {"slug": "Bad Slug", "title": "", "episodes": 0}],
            [
                "record 1, field 'slug': must be lower-case letters",
                "record 1, field 'title': is required",
                "record 1, field 'episodes': must be a whole number from 1 to 500",
            ],
        ),
        ([{"slug": "x", "title": "X", "episodes": "12"}], ["record 0, field 'episodes'"]),
        ([{"slug": "x", "title": "X", "episodes": 2, "year": 1800}], ["field 'year'"]),
        ([{"slug": "x", "title": "X", "episodes": 2, "colour": "red"}], ["'colour': is not a"]),
        (
            [{"slug": "x", "title": "X", "episodes": 1, "episode_guide": ["a", "b"]}],
            ["field 'episode_guide': lists 2 episodes but the show has 1"],
        ),
        ([{"slug": "x", "title": "X", "episodes": 2, "genres": "Drama"}], ["must be a list"]),
        ([GOOD[1], GOOD[1]], ["record 1, field 'slug': 'tiny' already used by record 0"]),
        (["not an object"], ["record 0, field 'record': must be a JSON object"]),
        ({"slug": "x"}, ["must hold a JSON array"]),
        ("[{broken json", ["is not valid JSON"]),
    ],
)
def test_bad_file_reports_each_problem_and_writes_nothing(app, tmp_path, records, messages):
    result = run_import(app, tmp_path, records)
    assert result.exit_code == 1
    for message in messages:
        assert message in result.output
    assert "nothing imported" in result.output
    assert show_count() == 0


def test_import_sets_and_clears_the_runtime(app, tmp_path):
    assert run_import(app, tmp_path, [GOOD[1] | {"runtime_minutes": 70}]).exit_code == 0
    show = db.session.scalar(select(Show).where(Show.slug == "tiny"))
    assert show.runtime_minutes == 70
    assert run_import(app, tmp_path, [GOOD[1] | {"runtime_minutes": 600}]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Show, show.id).runtime_minutes == 600
    assert run_import(app, tmp_path, [GOOD[1]]).exit_code == 0  # absent: unknown
    db.session.expire_all()
    assert db.session.get(Show, show.id).runtime_minutes is None


@pytest.mark.parametrize("runtime", [0, 601, "abc", -5, 12.5, "70", True, [70]])
def test_bad_runtime_is_reported_by_record_and_field(app, tmp_path, runtime):
    records = [GOOD[1], {"slug": "x", "title": "X", "episodes": 2, "runtime_minutes": runtime}]
    result = run_import(app, tmp_path, records)
    assert result.exit_code == 1
    assert (
        "record 1, field 'runtime_minutes': must be a whole number from 1 to 600" in result.output
    )
    assert "record 0" not in result.output
    assert show_count() == 0


def test_missing_file_is_a_clear_error(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["shows", "import", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (DEEP.encode(), "nests arrays or objects too deeply"),
        (('[{"slug": "x", "title": "X", "episodes": 1, "genres": ' + DEEP + "}]").encode(),
         "nests arrays or objects too deeply"),
        ('[{"slug": "x", "title": "Caf\u00e9", "episodes": 1}]'.encode("latin-1"),
         "is not UTF-8 text"),
        (('[{"slug": "x", "title": "X", "episodes": 1' + "1" * 5000 + "}]").encode(),
         "holds a number with too many digits"),
        (b'[{"slug": "x", "title": "\\ud800", "episodes": 1}]', "holds text that is not valid"),
        (b"\x00\x01\x02", "is not valid JSON"),
        (b"", "is not valid JSON"),
        (b'"a string"', "must hold a JSON array"),
        (b"null", "must hold a JSON array"),
    ],
    ids=["deep", "deep-in-a-record", "latin-1", "long-number", "lone-surrogate", "binary",
         "empty", "string", "null"],
)  # fmt: skip
def test_malformed_file_is_one_clear_line_and_writes_nothing(app, tmp_path, content, message):
    path = tmp_path / "shows.json"
    path.write_bytes(content)
    result = app.test_cli_runner().invoke(args=["shows", "import", str(path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0], result.output
    assert "Traceback" not in result.output
    assert "nothing imported" in result.output
    assert show_count() == 0


def test_file_over_the_size_limit_is_refused_unread(app, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 1000)
    small = run_import(app, tmp_path, GOOD)
    assert small.exit_code == 0, small.output  # control: under the limit it imports
    big = run_import(app, tmp_path, GOOD + [{"slug": f"s{n}", "title": "S", "episodes": 1}
                                            for n in range(50)])  # fmt: skip
    assert big.exit_code == 1
    assert "is larger than" in big.output and "split it" in big.output
    assert show_count() == 2
