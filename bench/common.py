"""Shared pieces of the bench and reliability scripts: databases, gunicorn, HTTP, wrk.

Only the standard library plus what the project already installs (psycopg). Every
loop here is bounded by a count or a deadline, and every target is 127.0.0.1.
"""

import http.client
import json
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
USER_AGENT = "unspoiled-bench/1"
DEMO_PASSWORD = "unspoiled-demo"
SHOW = "move-to-heaven"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def log(message: str) -> None:
    """Progress lines go to stderr, so stdout holds only results."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cpu_busy(seconds: float = 2.0) -> float:
    """The share of CPU time (0..1) the whole machine spent busy over `seconds`."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields), idle

    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def _jiffies(pid: int) -> int:
    """User plus system CPU ticks a process has used (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


@dataclass
class CpuMeter:
    """How much CPU the rest of the machine took while we measured: total busy time
    minus what the given processes (the app's workers) and our children (wrk) used.
    PostgreSQL counts as "other": it serves us, but also whoever else uses it."""

    pids: list[int]
    started: float = 0.0
    machine: tuple[int, int] = (0, 0)
    ours: int = 0
    children: float = 0.0

    def __enter__(self) -> "CpuMeter":
        self.started = time.monotonic()
        self.machine = self._machine()
        self.ours = sum(_jiffies(pid) for pid in self.pids)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.children = usage.ru_utime + usage.ru_stime
        return self

    def __exit__(self, *exc) -> None:
        hz = os.sysconf("SC_CLK_TCK")
        total, idle = self._machine()
        busy = ((total - self.machine[0]) - (idle - self.machine[1])) / hz
        ours = (sum(_jiffies(pid) for pid in self.pids) - self.ours) / hz
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours += usage.ru_utime + usage.ru_stime - self.children
        capacity = (time.monotonic() - self.started) * (os.cpu_count() or 1)
        self.other_share = max(0.0, busy - ours) / capacity

    @staticmethod
    def _machine() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]


def worker_connections(server: "Server") -> dict[int, int]:
    """Open client connections held by each worker process."""
    listing = subprocess.run(
        ["ss", "-tnpH", "state", "established", f"( sport = :{server.port} )"],
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout
    owners = re.findall(r"pid=(\d+)", listing)
    return {pid: owners.count(str(pid)) for pid in server.worker_pids()}


def connections_per_worker(server: "Server") -> str:
    """How the clients' open connections are spread over the workers, e.g. "8/0"."""
    return "/".join(str(n) for n in sorted(worker_connections(server).values(), reverse=True))


def wait_until_quiet(max_seconds: float, busy_below: float = 0.2) -> float:
    """Wait (at most `max_seconds`) until other work leaves the CPUs mostly idle, so the
    numbers are not someone else's; return the last busy share seen."""
    deadline = time.monotonic() + max_seconds
    busy = cpu_busy()
    while busy >= busy_below and time.monotonic() < deadline:
        log(f"CPUs {busy:.0%} busy with other work; waiting for them to settle")
        busy = cpu_busy(5)
    return busy


# --- databases ---------------------------------------------------------------------------


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as psycopg wants it."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def database_name(url: str) -> str:
    """The database part of a PostgreSQL URL."""
    return urllib.parse.urlsplit(libpq_url(url)).path.lstrip("/")


def ensure_database(url: str, *, reset: bool) -> None:
    """Create the URL's database on its server if missing; with `reset`, drop it first."""
    name = database_name(url)
    admin = urllib.parse.urlsplit(libpq_url(url))._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if reset:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def sql_value(url: str, query: str, params: tuple = ()):
    """The first column of the first row of `query` (PostgreSQL)."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def sql_run(url: str, statement: str) -> None:
    """Run one statement outside a transaction (PostgreSQL)."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute(statement)


def vacuum_analyze(url: str) -> None:
    """What autovacuum does after a bulk load, done now so plans and index-only scans
    reflect the data (a site that has been up for a while is in this state)."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment for `flask` and gunicorn against `database_url`, rate limits off."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_hex(32),
        RATELIMIT_ENABLED="false",
        RATELIMIT_STORAGE_URI="memory://",
        FLASK_DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def flask(env: dict[str, str], *args: str, check: bool = True, timeout: float = 900):
    """Run `flask --app wsgi ARGS` in the project; return the CompletedProcess."""
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


# --- gunicorn ----------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A gunicorn master we started, with its log file."""

    process: subprocess.Popen
    port: int
    log_path: Path
    base: str = field(init=False)

    def __post_init__(self) -> None:
        self.base = f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[int]:
        """The master's current worker processes (its children)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def stop(self, timeout: float = 20) -> None:
        """Graceful stop (SIGTERM to the master we started), then SIGKILL if it hangs."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            for pid in self.worker_pids():
                os.kill(pid, signal.SIGKILL)
            self.process.kill()
            self.process.wait(timeout=10)


def start_gunicorn(
    env: dict[str, str], log_path: Path, *, workers=2, threads=2, app: str = "wsgi:app"
) -> Server:
    """Start gunicorn serving `app` (ours, or "hello:app": bench/hello.py's bare app, found
    on bench/ added to its path) on a free port and wait until /healthz/live answers.

    Each worker holds at most 4 connections, so the clients' keep-alive connections are
    spread over both workers (docs/decisions.md). BENCH_GUNICORN_ARGS replaces that
    option with others for experiments ("" for gunicorn's defaults).
    """
    port = free_port()
    extra = os.environ.get("BENCH_GUNICORN_ARGS", "--worker-connections 4").split()
    log_file = open(log_path, "a")  # noqa: SIM115 - the child writes to it until stop()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"{HOST}:{port}",
            "--graceful-timeout",
            "5",
            "--error-logfile",
            "-",
            "--no-control-socket",
            *(["--pythonpath", str(ROOT / "bench")] if app != "wsgi:app" else []),
            *extra,
            app,
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    server = Server(process, port, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
        if len(server.worker_pids()) == workers:
            try:
                if request(server, "GET", "/healthz/live").status == 200:
                    return server
            except OSError:
                pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log_path}")


# --- HTTP (stdlib only) -----------------------------------------------------------------


@dataclass
class Reply:
    """What a request got back."""

    status: int
    headers: dict[str, str]
    body: str
    cookies: dict[str, str]


def request(server: Server, method: str, path: str, *, form=None, headers=None, cookies=None,
            timeout: float = 30) -> Reply:  # fmt: skip
    """One request on a fresh connection; redirects are not followed."""
    conn = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        jar = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                jar[key.strip()] = rest.split(";", 1)[0]
        return Reply(response.status, dict(response.getheaders()), text, jar)
    finally:
        conn.close()


@dataclass
class Session:
    """A signed-in member: their cookies and the CSRF token of their session."""

    username: str
    cookies: dict[str, str]
    csrf: str

    def cookie_header(self) -> str:
        """The Cookie header value."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def csrf_from(html: str) -> str:
    """The token from `<meta name="csrf-token" content="...">`."""
    found = CSRF_META.search(html)
    if not found:
        raise RuntimeError("no csrf-token meta tag in the page")
    return found.group(1)


def sign_in(server: Server, username: str, password: str = DEMO_PASSWORD) -> Session:
    """Log in through the form like a browser; sign up first if the account is missing."""
    page = request(server, "GET", "/login")
    cookies = dict(page.cookies)
    form = {"username": username, "password": password, "csrf_token": csrf_from(page.body)}
    reply = request(server, "POST", "/login", form=form, cookies=cookies)
    if reply.status != 303:
        page = request(server, "GET", "/signup")
        cookies = dict(page.cookies)
        form = {
            "username": username,
            "email": f"{username}@example.com",
            "password": password,
            "confirm": password,
            "csrf_token": csrf_from(page.body),
        }
        reply = request(server, "POST", "/signup", form=form, cookies=cookies)
        if reply.status != 303:
            raise RuntimeError(f"cannot sign in or sign up {username}: HTTP {reply.status}")
    cookies.update(reply.cookies)
    home = request(server, "GET", "/", cookies=cookies)
    cookies.update(home.cookies)
    if username.lower() not in home.body.lower():
        raise RuntimeError(f"{username} does not appear signed in")
    return Session(username, cookies, csrf_from(home.body))


def post_progress(server: Server, session: Session, slug: str, episodes: int,
                  status: str = "watching", **extra: str) -> Reply:  # fmt: skip
    """POST the progress form as a plain form (a 303 on success)."""
    form = {"episodes_watched": str(episodes), "status": status, "csrf_token": session.csrf}
    form.update(extra)
    return request(server, "POST", f"/shows/{slug}/progress", form=form, cookies=session.cookies)


# --- wrk ---------------------------------------------------------------------------------

WRK_REPORT = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def lua_string(value: str) -> str:
    """A Lua string literal."""
    return json.dumps(value)  # JSON string escapes are valid Lua escapes for our values


def wrk_script(*, method="GET", path="/", headers=None, cookie_sets=None, bodies=None) -> str:
    """A wrk Lua script: fixed request, or one rotating over sessions and bodies."""
    headers = {"User-Agent": USER_AGENT, **(headers or {})}
    lines = [f"wrk.method = {lua_string(method)}", f"wrk.path = {lua_string(path)}"]
    lines += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()]
    if cookie_sets:
        lines.append("local sessions = {")
        lines += [
            f"  {{cookie = {lua_string(c)}, token = {lua_string(t)}}}," for c, t in cookie_sets
        ]
        lines.append("}")
        lines.append("local bodies = {" + ", ".join(lua_string(b) for b in bodies or [""]) + "}")
        lines.append(
            "local n = 0\n"
            "function request()\n"
            "  n = n + 1\n"
            "  local s = sessions[(n % #sessions) + 1]\n"
            "  local body = bodies[(math.floor(n / #sessions) % #bodies) + 1]\n"
            "  wrk.headers['Cookie'] = s.cookie\n"
            "  wrk.headers['X-CSRFToken'] = s.token\n"
            "  if #body > 0 then body = body .. '&csrf_token=' .. s.token end\n"
            "  return wrk.format(nil, nil, nil, #body > 0 and body or nil)\n"
            "end"
        )
    return "\n".join(lines) + "\n" + WRK_REPORT


@dataclass
class WrkResult:
    """One wrk run, summarised."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: dict[str, int]

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(url: str, script: Path, *, seconds: int, connections: int, threads: int,
            midway=None) -> WrkResult:  # fmt: skip
    """Drive `url` with wrk (keep-alive) for `seconds`; parse the Lua done() report.
    `midway`, if given, is called once half-way through the run."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(script), url]  # fmt: skip
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as wrk:
        if midway is not None:
            time.sleep(seconds / 2)
            midway()
        try:
            stdout, stderr = wrk.communicate(timeout=seconds + 60)
        except subprocess.TimeoutExpired:
            wrk.kill()
            stdout, stderr = wrk.communicate()
    result = subprocess.CompletedProcess(command, wrk.returncode, stdout, stderr)
    found = re.search(r"^BENCHJSON (.*)$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    data = json.loads(found.group(1))
    errors = {k: data[k] for k in ("connect", "read", "write", "status", "timeout") if data[k]}
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors,
    )
