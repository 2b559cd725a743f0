"""Profile one bench target in-process with cProfile (stdlib), against DATABASE_URL.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/unspoiled_bench \\
    SECRET_KEY=x .venv/bin/python bench/profiling.py show-signed-in [requests]

Run `make bench` (or at least its seeding) first: it creates the database and the
signed-in readers. Prints the median wall time per request without the profiler, then
the functions with the most cumulative and the most own time under it. cProfile
inflates code that makes many small calls (templates), so read shares, not absolutes.
"""

import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from probe import facts, one_request, sign_in  # noqa: E402
from targets import NAMES, READERS, targets  # noqa: E402

from app import create_app  # noqa: E402


def main() -> None:
    """Time and profile the named target."""
    name = sys.argv[1] if len(sys.argv) > 1 else "show-signed-in"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    if name not in NAMES:
        raise SystemExit(f"unknown target {name!r}; known: {', '.join(NAMES)}")
    app = create_app()
    client = app.test_client()
    with app.app_context():
        info = facts()
    target = next(
        t
        for t in targets(review_id=info["review_id"], reveal_episode=info["reveal_episode"])
        if t.name == name
    )
    token = sign_in(client, READERS[0]) if target.signed_in else ""
    for number in range(5):
        one_request(client, target, token, number)
    times = []
    for number in range(count):
        started = time.perf_counter()
        one_request(client, target, token, number)
        times.append(time.perf_counter() - started)
    print(f"{name}: median {statistics.median(times) * 1000:.1f} ms over {count} requests")
    profiler = cProfile.Profile()
    profiler.enable()
    for number in range(count):
        one_request(client, target, token, number)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"/app/|/templates/", 30)
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
