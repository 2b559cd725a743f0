"""`flask users import-history` (issue 19): prints the matches, writes the confident ones
only (or nothing with --dry-run), and exits 1 with the reason on a bad file."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Show, WatchEntry
from app.progress.rules import Progress
from app.progress.service import find_entry, save_entry
from app.scores.service import drifts
from tests.imports.flow_zips import tvtime_zip

PLAYS = [("Run On", 1, 1), ("Run On", 1, 2), ("Move to Heaven", 1, 10), ("Signal", 1, 5),
         ("Nobody Knows This Show", 1, 1)]  # fmt: skip


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "tvtime.zip"
    path.write_bytes(tvtime_zip(PLAYS))
    return path


@pytest.fixture
def catalogue(demo_catalogue, make_show):
    """The demo shows and a second "Signal", so one show of the file needs a choice."""
    make_show("Signal", slug="signal-remake", year=2018)


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=["users", "import-history", *map(str, args)])


def progress(user, slug: str):
    db.session.expire_all()
    show = db.session.scalar(select(Show).where(Show.slug == slug))
    entry = find_entry(user.id, show.id)
    return (entry.episodes_watched, entry.status) if entry else None


def entries() -> int:
    return db.session.scalar(select(func.count()).select_from(WatchEntry))


def test_dry_run_prints_the_matches_and_writes_nothing(app, make_user, catalogue, export):
    make_user("minji")
    result = invoke(app, "minji", export, "--source", "tvtime", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "matched:       Run On (episode 2) -> Run On (run-on)" in result.output
    assert "need a choice: Signal (episode 5): Signal (signal), Signal (signal-remake)" in (
        result.output
    )
    assert "unknown:       Nobody Knows This Show (episode 1): skipped" in result.output
    assert "2 matched, 1 need a choice, 1 unknown." in result.output
    assert "Dry run: nothing written." in result.output
    assert entries() == 0


def test_import_writes_confident_matches_only(app, make_user, catalogue, export):
    member = make_user("minji")
    heaven = db.session.scalar(select(Show).where(Show.slug == "move-to-heaven"))
    save_entry(member, heaven, Progress(10, "completed"))
    db.session.commit()
    result = invoke(app, "MINJI", export, "--source", "tvtime")
    assert result.exit_code == 0, result.output
    assert "minji: 1 show updated, 2 skipped, 1 already as far or further." in result.output
    assert progress(member, "run-on") == (2, "watching")
    assert progress(member, "move-to-heaven") == (10, "completed")
    assert progress(member, "signal") is None
    assert drifts() == []
    again = invoke(app, "minji", export, "--source", "tvtime")
    assert "minji: 0 shows updated, 2 skipped, 2 already as far or further." in again.output


@pytest.mark.parametrize(
    ("name", "content", "source", "message"),
    [
        ("nobody", b"PK", "tvtime", "No user named 'nobody'."),
        ("minji", b"", "tvtime", "The file is empty"),
        ("minji", b"no zip here", "tvtime", "zip"),
        ("minji", b"[{", "trakt", "JSON"),
        ("minji", b"[]", "netflix", "Invalid value for '--source'"),
    ],
)
def test_bad_input_exits_1_with_the_reason(app, make_user, tmp_path, name, content, source,
                                           message):  # fmt: skip
    make_user("minji")
    path = tmp_path / "export.zip"
    path.write_bytes(content)
    result = invoke(app, name, path, "--source", source)
    assert result.exit_code == (2 if source == "netflix" else 1)  # 2: click's usage error
    assert message.lower() in result.output.lower()
    assert entries() == 0
