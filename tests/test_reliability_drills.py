"""What `make reliability`'s two-server drill (bench/two_servers.py) relies on: it reads a
member's progress from the show page's widget, and RELIABILITY_DRILLS picks the drills.
The drill itself needs two gunicorn masters and Redis; `make reliability` runs it."""

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def bench(monkeypatch):
    """bench/'s modules, imported as the scripts import each other (by bare name)."""
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("two_servers"), importlib.import_module("reliability")


@pytest.mark.parametrize("episode", [3, 7])
def test_drill_reads_progress_from_show_page_widget(bench, client, make_show, make_reader,
                                                    episode):  # fmt: skip
    two_servers, _ = bench
    show = make_show(episodes=10)
    make_reader(show, episode=episode)
    html = client.get(f"/shows/{show.slug}").text
    assert f"{episode} of 10 episodes watched." in html  # control: the widget says it
    assert two_servers.episodes_watched(html) == episode


def test_drill_reads_no_progress_from_page_without_any(bench, client, make_show):
    two_servers, _ = bench
    show = make_show(episodes=10)
    html = client.get(f"/shows/{show.slug}").text
    assert "Tell us how far you have watched" in html
    assert two_servers.episodes_watched(html) is None


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ("", ["worker-kill", "pg-restart", "writers", "two-servers"]),
        ("two-servers", ["two-servers"]),
        (" writers , two-servers ", ["writers", "two-servers"]),
    ],
)
def test_reliability_drills_selects_named_drills(bench, monkeypatch, chosen, expected):
    _, reliability = bench
    monkeypatch.setenv("RELIABILITY_DRILLS", chosen)
    assert reliability.selected_drills() == expected


def test_reliability_drills_refuses_unknown_name(bench, monkeypatch):
    _, reliability = bench
    monkeypatch.setenv("RELIABILITY_DRILLS", "two-servers,kill-redis")
    with pytest.raises(SystemExit, match="unknown drill.*kill-redis"):
        reliability.selected_drills()
