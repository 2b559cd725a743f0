"""`make bench`: throughput and latency of the key pages at 10, 1,000 and 10,000 reviews.

Seeds a PostgreSQL database so that move-to-heaven holds each scale of reviews in turn,
serves it with gunicorn (2 workers x 2 threads, rate limits off), drives each target
with wrk from this machine (keep-alive, after a warm-up), counts SQL statements per
request in-process, and writes a Markdown table to bench/results/<date>.md.

Environment (all optional):
  BENCH_DATABASE_URL  default postgresql+psycopg://postgres@127.0.0.1:5432/unspoiled_bench;
                      the default database is the bench's own and is recreated each run
  BENCH_RESET         1 to drop and recreate BENCH_DATABASE_URL's database too
  BENCH_SCALES        reviews of the show, default 10,1000,10000
  BENCH_SECONDS       measured seconds per target, default 20
  BENCH_WARMUP        warm-up seconds per target, default 5
  BENCH_CONNECTIONS   wrk connections, default 8;  BENCH_THREADS wrk threads, default 2
  BENCH_TARGETS       comma-separated subset of the targets (trivial is always run)
  BENCH_QUIET_WAIT    seconds to wait, before each measurement, for other work on the
                      machine to leave the CPUs idle (default 120; it goes on regardless)
  BENCH_LABEL         written to bench/results/<date>-<label>.md instead (experiments)
  BENCH_GUNICORN_ARGS gunicorn options beyond workers and threads (default
                      "--worker-connections 4"; "" for gunicorn's defaults)
  BENCH_RETRIES       measurements repeated when other processes took over 25% of the
                      CPUs meanwhile (default 2); the least disturbed one is reported
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from feed import seed_feed  # noqa: E402
from notifications import seed_notifications  # noqa: E402
from targets import MID_EPISODE, NAMES, READERS, SHOW, Target, targets  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/unspoiled_bench"
RESULTS = Path(__file__).resolve().parent / "results"
# Issue 20's floors: each page's req/s as a share of the trivial route's in the same run.
GOALS = {"show-signed-in": 0.25, "show-anon": 0.35, "review": 0.25, "reveal": 0.50,
         "search": 0.25, "progress-post": 0.15, "episode": 0.25, "feed": 0.20}  # fmt: skip
HELLO_SHARE = 0.85  # the trivial route's req/s as a share of the bare app's (hello)
P99_FACTOR = 5
PAGES = ("show-anon", "show-signed-in", "review", "reveal", "search", "episode",
         "episode-closed", "feed", "unread", "progress-post")  # fmt: skip
NOISY = 0.25  # other processes' CPU share above which a measurement is retried


@dataclass
class Row:
    """One target at one scale; `other_cpu`: the share of the machine's CPU that other
    processes (PostgreSQL included) used during the measurement; `spread`: how wrk's
    connections were spread over the gunicorn workers half-way through it."""

    target: str
    scale: int
    result: common.WrkResult
    ratio: float
    queries: int | None
    other_cpu: float
    spread: str  # open connections per worker, e.g. "8/0"


@dataclass(frozen=True)
class Settings:
    """The run's parameters, from the environment."""

    url: str
    reset: bool
    scales: list[int]
    seconds: int
    warmup: int
    connections: int
    threads: int
    only: set[str]
    quiet_wait: int
    retries: int

    @classmethod
    def from_env(cls) -> "Settings":
        """Read BENCH_* variables."""
        env = os.environ
        url = env.get("BENCH_DATABASE_URL") or DEFAULT_URL
        only = {name.strip() for name in env.get("BENCH_TARGETS", "").split(",") if name.strip()}
        unknown = only - set(NAMES)
        if unknown:
            raise SystemExit(f"BENCH_TARGETS: unknown {sorted(unknown)}; known: {NAMES}")
        return cls(
            url=url,
            reset=env.get("BENCH_RESET", "1" if url == DEFAULT_URL else "0") == "1",
            scales=sorted(int(s) for s in env.get("BENCH_SCALES", "10,1000,10000").split(",")),
            seconds=int(env.get("BENCH_SECONDS", "20")),
            warmup=int(env.get("BENCH_WARMUP", "5")),
            connections=int(env.get("BENCH_CONNECTIONS", "8")),
            threads=int(env.get("BENCH_THREADS", "2")),
            only=only | {"trivial"} if only else set(NAMES),
            quiet_wait=int(env.get("BENCH_QUIET_WAIT", "120")),
            retries=int(env.get("BENCH_RETRIES", "2")),
        )


def probe(env: dict[str, str], mode: str) -> dict:
    """Run bench/probe.py against the database; return its JSON."""
    result = subprocess.run(
        [str(common.BIN / "python"), str(Path(__file__).parent / "probe.py"), mode],
        cwd=common.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"probe {mode} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def seed(settings: Settings, env: dict[str, str], scale: int, demo_reviews: int) -> float:
    """Bring the show to `scale` reviews; return the seconds it took."""
    started = time.monotonic()
    extra = scale - demo_reviews
    if extra > 0:
        common.log(f"seed-demo --scale {extra} (the show gets {scale} reviews)")
        common.flask(env, "seed-demo", "--scale", str(extra))
    seconds = time.monotonic() - started
    common.vacuum_analyze(settings.url)
    return seconds


def prepare_readers(server: common.Server) -> list[common.Session]:
    """Sign the readers in (creating them the first time) and put them at MID_EPISODE."""
    sessions = [common.sign_in(server, name) for name in READERS]
    for session in sessions:
        reply = common.post_progress(server, session, SHOW, MID_EPISODE)
        if reply.status != 303:
            raise RuntimeError(f"progress of {session.username}: HTTP {reply.status}")
    return sessions


def measure(settings: Settings, server, target: Target, sessions, workdir: Path):
    """Warm up, then measure one target with wrk."""
    script = workdir / f"{target.name}.lua"
    cookie_sets = [(s.cookie_header(), s.csrf) for s in sessions] if target.signed_in else None
    script.write_text(
        common.wrk_script(
            method=target.method,
            path=target.path,
            headers=target.headers,
            cookie_sets=cookie_sets,
            bodies=list(target.bodies) or None,
        )
    )
    url = server.base + target.path
    options = {"connections": settings.connections, "threads": settings.threads}
    best = None
    for _attempt in range(1 + settings.retries):
        common.wait_until_quiet(settings.quiet_wait)
        if settings.warmup:
            common.run_wrk(url, script, seconds=settings.warmup, **options)
        spread = []
        with common.CpuMeter([server.process.pid, *server.worker_pids()]) as meter:
            result = common.run_wrk(
                url,
                script,
                seconds=settings.seconds,
                midway=lambda found=spread: found.append(common.connections_per_worker(server)),
                **options,
            )
        if best is None or meter.other_share < best[1]:
            best = (result, meter.other_share, spread[0] if spread else "?")
        if meter.other_share < NOISY:
            break
        common.log(f"other processes took {meter.other_share:.0%} of the CPUs; measuring again")
    return best


def measure_alone(settings: Settings, env, target: Target, workdir: Path, scale: int):
    """Measure a target of another app (bench/hello.py) under its own gunicorn."""
    log_path = workdir / f"gunicorn-{target.name}-{scale}.log"
    server = common.start_gunicorn(env, log_path, app=target.app)
    try:
        common.log(f"scale {scale}: {target.name} ({target.app}) {target.path}")
        return measure(settings, server, target, [], workdir)
    finally:
        server.stop()


def run_scale(settings: Settings, env, scale: int, workdir: Path) -> tuple[list[Row], dict]:
    """Every target at one scale, against a fresh gunicorn."""
    info = probe(env, "facts")
    server = common.start_gunicorn(env, workdir / f"gunicorn-{scale}.log")
    try:
        sessions = prepare_readers(server)
        added = seed_feed(settings.url, READERS, SHOW)  # once: the probe counts every target
        common.log(f"feed: {added:,} items added for the readers" if added else "feed: seeded")
        added = seed_notifications(settings.url, READERS)
        common.log(f"unread: {added:,} notifications added" if added else "unread: seeded")
        counts = probe(env, "queries")
        chosen = [
            t
            for t in targets(review_id=info["review_id"], reveal_episode=info["reveal_episode"])
            if t.name in settings.only
        ]
        info["busy"] = common.wait_until_quiet(settings.quiet_wait)
        results = {}
        for target in chosen:
            if target.app == "wsgi:app":
                common.log(f"scale {scale}: {target.name} {target.method} {target.path}")
                results[target.name] = measure(settings, server, target, sessions, workdir)
    finally:
        server.stop()
    for target in chosen:  # other apps (hello), each served alone by the same settings
        if target.app != "wsgi:app":
            results[target.name] = measure_alone(settings, env, target, workdir, scale)
    trivial = results["trivial"][0].rate
    rows = [
        Row(name, scale, result, result.rate / trivial, counts.get(name), other, spread)
        for name, (result, other, spread) in results.items()
    ]
    return rows, info


def table(rows: list[Row]) -> str:
    """The Markdown results table, by target then scale."""
    order = {name: index for index, name in enumerate(NAMES)}
    lines = [
        "| target | scale | req/s | p50 ms | p99 ms | ratio | queries |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(rows, key=lambda r: (order[r.target], r.scale)):
        r = row.result
        queries = "-" if row.queries is None else row.queries
        lines.append(
            f"| {row.target} | {row.scale:,} | {r.rate:,.0f} | {r.p50_ms:.1f} | "
            f"{r.p99_ms:.1f} | {row.ratio:.3f} | {queries} |"
        )
    return "\n".join(lines)


def checks(rows: list[Row]) -> list[str]:
    """The issue's targets, each met or not, per scale."""
    by = {(row.target, row.scale): row for row in rows}
    scales = sorted({row.scale for row in rows})
    lines = []
    for scale in scales:
        hello, trivial = by.get(("hello", scale)), by.get(("trivial", scale))
        if hello and trivial:
            share = trivial.result.rate / hello.result.rate
            verdict = "met" if share >= HELLO_SHARE else "NOT met"
            lines.append(f"- trivial ÷ hello at {scale:,}: {share:.3f}, target ≥ "
                         f"{HELLO_SHARE:.2f}: {verdict}")  # fmt: skip
    for name, floor in GOALS.items():
        for scale in scales:
            row = by.get((name, scale))
            if row is not None:
                verdict = "met" if row.ratio >= floor else "NOT met"
                lines.append(f"- {name} ratio at {scale:,}: {row.ratio:.3f}, target ≥ "
                             f"{floor:.2f}: {verdict}")  # fmt: skip
    for name in PAGES:
        counts = {by[(name, s)].queries for s in scales if (name, s) in by}
        if len(scales) > 1 and counts:
            same = "met" if len(counts) == 1 else "NOT met"
            lines.append(f"- {name} queries at every scale: {sorted(counts)}: {same}")
        for scale in scales:
            row, trivial = by.get((name, scale)), by.get(("trivial", scale))
            if row and trivial:
                limit = P99_FACTOR * trivial.result.p99_ms
                verdict = "met" if row.result.p99_ms <= limit else "NOT met"
                lines.append(
                    f"- {name} p99 at {scale:,}: {row.result.p99_ms:.1f} ms, target ≤ "
                    f"{P99_FACTOR}× trivial p99 = {limit:.1f} ms: {verdict}"
                )
    errors = [f"{row.target}@{row.scale}: {row.result.errors}" for row in rows if row.result.errors]
    lines.append("- wrk errors (non-2xx/3xx or socket): " + ("; ".join(errors) or "none"))
    return lines


def context(settings: Settings, seed_seconds: dict[int, float], load: tuple) -> list[str]:
    """What the numbers were measured on."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=common.ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=common.ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    pg = common.sql_value(settings.url, "SHOW server_version")
    seeding = ", ".join(f"{s:,}: {t:.0f} s" for s, t in seed_seconds.items())
    busy = ", ".join(f"{share:.0%} at {scale:,}" for scale, share in load[2].items())
    return [
        f"- commit {commit}{' with uncommitted changes' if dirty else ''}; "
        f"Python {platform.python_version()}, PostgreSQL {pg}, {os.cpu_count()} CPUs",
        f"- gunicorn 2 workers × 2 threads "
        f"{os.environ.get('BENCH_GUNICORN_ARGS', '--worker-connections 4')}, "
        f"RATELIMIT_ENABLED=false; wrk -t{settings.threads} "
        f"-c{settings.connections}, keep-alive, {settings.warmup} s warm-up then "
        f"{settings.seconds} s per target, from the same machine",
        "- scale = reviews of move-to-heaven (20 shown per page, default sort); signed-in "
        f"readers are at episode {MID_EPISODE} of 10; progress-post is the widget's htmx POST",
        "- ratio = req/s ÷ trivial req/s at the same scale in the same run; queries = SQL "
        "statements per request (in-process count, bench/probe.py); hello = a bare Flask "
        "app's one route (bench/hello.py) under the same gunicorn settings, alone",
        f"- other work on the machine: CPUs {busy} busy just before each scale was measured; "
        f"load average before / after the run: {load[0]:.2f} / {load[1]:.2f}",
        f"- seeding time per scale: {seeding}",
        "- feed: every signed-in reader follows 1,000 members with 100,000 items between "
        "them (bench/feed.py); the target is the newest page of /feed",
        "- unread: every signed-in reader has 1,000 unread notifications "
        "(bench/notifications.py); the badge's count stops at its cap (99+)",
    ]


def main() -> None:
    """Run every scale and write the report."""
    settings = Settings.from_env()
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        raise SystemExit("wrk is not installed: apt-get update && apt-get install wrk")
    started, load_before = time.monotonic(), os.getloadavg()[0]
    env = common.app_env(settings.url)
    common.log(f"database {common.database_name(settings.url)} (reset: {settings.reset})")
    common.ensure_database(settings.url, reset=settings.reset)
    common.flask(env, "db", "upgrade")
    common.flask(env, "seed-demo")
    demo_reviews = probe(env, "facts")["demo_reviews"]
    workdir = Path(tempfile.mkdtemp(prefix="unspoiled-bench-"))
    common.log(f"scripts and server logs in {workdir}")
    rows, seed_seconds, busy = [], {}, {}
    for scale in settings.scales:
        current = probe(env, "facts")["reviews"]
        if current > scale:
            common.log(f"skipping scale {scale}: the show already has {current} reviews")
            continue
        seed_seconds[scale] = seed(settings, env, scale, demo_reviews)
        scale_rows, info = run_scale(settings, env, scale, workdir)
        rows += scale_rows
        busy[scale] = info["busy"]
    load = (load_before, os.getloadavg()[0], busy)
    report = render(settings, rows, seed_seconds, load)
    RESULTS.mkdir(exist_ok=True)
    label = os.environ.get("BENCH_LABEL", "")
    path = RESULTS / f"{datetime.now():%Y-%m-%d}{'-' + label if label else ''}.md"
    path.write_text(report)
    print(report)
    common.log(f"wrote {path} in {time.monotonic() - started:.0f} s")


def render(settings: Settings, rows: list[Row], seed_seconds, load) -> str:
    """The whole results file."""
    return "\n".join(
        [
            f"# Benchmark {datetime.now():%Y-%m-%d %H:%M}",
            "",
            table(rows),
            "",
            "## Against the targets",
            "",
            *checks(rows),
            "",
            "## Conditions",
            "",
            *context(settings, seed_seconds, load),
            "",
            "While each target was measured: the CPU share other processes (PostgreSQL "
            "included) used, high values meaning the row is pessimistic · how wrk's "
            "connections were spread over the two gunicorn workers (8/0: one worker served "
            "everything):",
            "",
            noise(rows),
            "",
        ]
    )


def noise(rows: list[Row]) -> str:
    """A small table: other processes' CPU share per target and scale."""
    scales = sorted({row.scale for row in rows})
    by = {(row.target, row.scale): f"{row.other_cpu:.0%} · {row.spread}" for row in rows}
    names = [name for name in NAMES if any((name, s) in by for s in scales)]
    lines = [
        "| target | " + " | ".join(f"{s:,}" for s in scales) + " |",
        "|---|" + "---:|" * len(scales),
    ]
    for name in names:
        cells = [by.get((name, s), "-") for s in scales]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
