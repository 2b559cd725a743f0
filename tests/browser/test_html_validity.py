"""Valid HTML on every main page and every htmx fragment, checked by the Nu HTML Checker.

The pages and fragments are fetched from the live demo server over HTTP (urllib, with a
cookie jar and the CSRF token read from the page, like a browser) and checked in one run
of `java -jar vnu.jar` (the JVM takes seconds to start). Fragments are wrapped in a
minimal document first. The same HTML is also checked here for one h1 per page, heading
levels that never skip going down, and a label for every form control.

vnu.jar is not committed: `npm ci --ignore-scripts --prefix tests/browser/vendor` installs
the version pinned in tests/browser/vendor/package.json. Without it (or without java) the
vnu tests skip, except under CI=true where they fail.

htmx's hx-* attributes are the one thing filtered out of vnu's report (docs/decisions.md).
"""

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from tests.browser.demo_site import DEMO_PASSWORD, MODERATOR, SHOW, UNREVIEWED, has_route
from tests.fixtures.app import require
from tests.fixtures.mail import link_in

pytestmark = pytest.mark.browser

VNU_JAR = Path(__file__).parent / "vendor/node_modules/vnu-jar/build/dist/vnu.jar"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
FRAGMENT_PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>x</title></head>"
    "<body>{}</body></html>"
)

PAGES = [
    "home",
    "home-member",
    "shows",
    "show",
    "show-at-episode-3",
    "review",
    "review-one-episode-revealed",
    "review-kept-revealed",
    "write-review",
    "write-review-errors",
    "login",
    "signup",
    "signup-errors",
    "profile",
    "watch-list",
    "own-watch-list",
    "account",
    "about-scores",
    "about",
    "not-found",
    "moderation-queue",
    "review-history",
    "episode-closed",
    "episode-revealed",
    "episode-open-member",
    "episode-thread",
    "profile-member",
    "followers",
    "blocked",
    "notifications",
    "new-list",
    "list",
    "list-errors",
    "add-to-list-page",
    "reset-request",
    "reset-sent",
    "reset-password",
    "bad-link",
]
FRAGMENTS = [
    "search-results",
    "reveal",
    "keep-revealed",
    "progress-update",
    "continue-card",
    "error",
    "episode-reveal",
    "episode-watched",
    "thread-post",
    "thread-post-errors",
    "follow-bar",
    "unread-badge",
    "notifications-read",
    "list-items",
    "add-to-list",
]


class Client:
    """A cookie-keeping HTTP client for the live server, sending CSRF tokens like a browser."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))
        self.token = ""

    def request(self, path: str, data: dict | None = None, *, htmx: bool = False):
        """GET (or POST `data` with the CSRF token); returns (status, text). Follows 303s."""
        headers = {"HX-Request": "true"} if htmx else {}
        body = None
        if data is not None:
            body = urlencode({**data, "csrf_token": self.token}).encode()
            headers["X-CSRFToken"] = self.token
        try:
            with self.opener.open(Request(self.base_url + path, body, headers)) as response:
                status, text = response.status, response.read().decode("utf-8")
        except HTTPError as error:
            status, text = error.code, error.read().decode("utf-8")
        if match := CSRF_META.search(text):
            self.token = match.group(1)
        return status, text

    def get(self, path: str, *, htmx: bool = False, status: int = 200) -> str:
        got, text = self.request(path, htmx=htmx)
        assert got == status, f"GET {path}: HTTP {got}, expected {status}"
        return text

    def post(self, path: str, data: dict, *, htmx: bool = False, status: int = 200) -> str:
        got, text = self.request(path, data, htmx=htmx)
        assert got == status, f"POST {path}: HTTP {got}, expected {status}"
        return text

    def sign_in(self, username: str) -> None:
        self.get("/login")
        self.post("/login", {"username": username, "password": DEMO_PASSWORD})
        assert 'class="current-user"' in self.get("/"), f"could not sign in as {username}"


def _first(pattern: str, html: str, what: str) -> re.Match:
    match = re.search(pattern, html, re.DOTALL)
    assert match, f"no {what} found"
    return match


def _anonymous_documents(live_server: str) -> dict[str, str]:
    client = Client(live_server)
    docs = {name: client.get(path) for name, path in [("home", "/"), ("shows", "/shows")]}
    docs["show"] = client.get(SHOW)
    review = _first(r'class="review card-review".*?href="(/reviews/\d+)"', docs["show"], "review")
    docs["review"] = client.get(review.group(1))
    docs["login"] = client.get("/login")
    docs["signup"] = client.get("/signup")
    bad_signup = {"username": "x", "email": "not-an-email", "password": "short", "confirm": "no"}
    docs["signup-errors"] = client.post("/signup", bad_signup)
    docs["profile"] = client.get("/users/minji")
    docs["watch-list"] = client.get("/users/minji/list")
    if has_route("/about/scores"):  # arrives with the score change
        docs["about-scores"] = client.get("/about/scores")
    docs["about"] = client.get("/about")
    docs["not-found"] = client.get("/no-such-page", status=404)
    docs["error"] = client.get("/no-such-page", htmx=True, status=404)
    docs["search-results"] = client.get("/shows?q=run", htmx=True)
    client.get(SHOW)  # the token for the progress form
    progress = {"episodes_watched": "3", "status": "watching"}
    docs["progress-update"] = client.post(f"{SHOW}/progress", progress, htmx=True)
    docs["show-at-episode-3"] = client.get(SHOW)
    withheld = _first(
        r'hx-post="(/reviews/(\d+)/spoilers/(\d+))"', docs["show-at-episode-3"], "placeholder"
    )
    docs["reveal"] = client.get(withheld.group(1), htmx=True)
    revealed = f"/reviews/{withheld.group(2)}?reveal={withheld.group(3)}"
    docs["review-one-episode-revealed"] = client.get(revealed)  # "Keep revealed", "Hide again"
    # its "Hide again" buttons belong to the page's one hidden form (base.html)
    page_form = '<form id="spoiler-controls" method="post" hidden></form>'
    docs["keep-revealed"] = client.post(withheld.group(1), {}, htmx=True) + page_form
    docs["review-kept-revealed"] = client.get(f"/reviews/{withheld.group(2)}")
    # Episode pages (issue 17), at episode 3: episode 5 closed, revealed, then watched.
    docs["episode-closed"] = client.get(f"{SHOW}/episodes/5")
    docs["episode-revealed"] = client.get(f"{SHOW}/episodes/5?reveal=1")
    docs["episode-reveal"] = client.get(f"{SHOW}/episodes/5?reveal=1", htmx=True)
    docs["episode-watched"] = client.post(f"{SHOW}/episodes/4/watched", {}, htmx=True)
    return docs


def _signed_in_documents(live_server: str) -> dict[str, str]:
    client = Client(live_server)
    client.sign_in("jaehyun")
    docs = {"write-review": client.get(f"{UNREVIEWED}/reviews/new")}
    bad_review = {"title": "", "body": "[spoiler ep=99]never closed", "episodes_watched": "1"}
    docs["write-review-errors"] = client.post(f"{UNREVIEWED}/reviews/new", bad_review)
    docs["account"] = client.get("/account")
    docs.update(_list_documents(client))
    # Follows (issue 18): another's profile (Follow, the Block menu), the bar htmx swaps in,
    # the followers page and the member's own blocked page; the follow is undone after.
    docs["profile-member"] = client.get("/users/minji")
    docs["follow-bar"] = client.post("/users/minji/follow", {}, htmx=True)
    docs["followers"] = client.get("/users/minji/followers")
    client.post("/users/minji/unfollow", {}, htmx=True)
    docs["blocked"] = client.get("/users/jaehyun/blocked")
    moderator = Client(live_server)
    moderator.sign_in(MODERATOR)
    docs["own-watch-list"] = moderator.get(f"/users/{MODERATOR}/list")  # with "+1" buttons
    # Notifications (issue 18): a follow tells jaehyun; his page, the badge, marking read.
    moderator.post("/users/jaehyun/follow", {}, htmx=True)
    docs["notifications"] = client.get("/notifications")
    docs["unread-badge"] = client.get("/notifications/unread", htmx=True)
    docs["notifications-read"] = client.post("/notifications/read", {}, htmx=True)
    moderator.post("/users/jaehyun/unfollow", {}, htmx=True)
    if has_route("/mod"):  # the moderation queue arrives with the moderation change
        docs["moderation-queue"] = moderator.get("/mod")
    review = _first(r'class="review card-review".*?href="(/reviews/\d+)"', moderator.get(SHOW),
                    "review")  # fmt: skip
    docs["review-history"] = moderator.get(f"{review.group(1)}/history")
    docs["episode-open-member"] = moderator.get(f"{SHOW}/episodes/1")  # rating, thread forms
    # An episode thread (issue 17): a comment posted with htmx, a reply, a rejected post.
    thread = f"{SHOW}/episodes/1/comments"
    docs["thread-post"] = moderator.post(thread, {"body": "Valid? [spoiler ep=9]x[/spoiler]"},
                                         htmx=True)  # fmt: skip
    parent = _first(r'name="parent_id" value="(\d+)"', docs["thread-post"], "reply form")
    moderator.post(thread, {"body": "A reply.", "parent_id": parent.group(1)}, htmx=True)
    docs["thread-post-errors"] = moderator.post(thread, {"body": ""}, htmx=True, status=422)
    docs["episode-thread"] = moderator.get(f"{SHOW}/episodes/1")  # with moderator tools
    member = Client(live_server)
    member.sign_in("taeyang")  # part-way through My Mister: a "Continue watching" card
    docs["home-member"] = member.get("/")
    next_episode = {"episodes_watched": "13", "status": "watching"}
    card = member.post("/shows/my-mister/progress?view=home", next_episode, htmx=True)
    docs["continue-card"] = f"<ul>{card}</ul>"  # the card is a list item
    return docs


def _list_documents(client: Client) -> dict[str, str]:
    """Lists (issue 18): the new-list form, a list with its owner's tools (and a rejected
    add), its items after an htmx move, and "Add to a list" as a page and a fragment."""
    docs = {"new-list": client.get("/lists/new")}
    docs["list"] = client.post("/lists/new", {"name": "Valid lists", "is_public": "y"})
    list_id = _first(r'id="list-(\d+)-items"', docs["list"], "list").group(1)
    for slug in ("run-on", "my-mister"):
        docs["list"] = client.post(f"/lists/{list_id}/items", {"slug": slug, "note": "A note."})
    docs["list-errors"] = client.post(f"/lists/{list_id}/items", {"slug": "no-such-show"})
    docs["list-items"] = client.post(f"/lists/{list_id}/items/my-mister/move",
                                     {"direction": "up"}, htmx=True)  # fmt: skip
    docs["add-to-list-page"] = client.get("/lists/add/reply-1988")
    docs["add-to-list"] = client.get("/lists/add/reply-1988", htmx=True)
    return docs


def _email_documents(live_server: str, smtp_server) -> dict[str, str]:
    """Password reset (issue 19): the request form, its answer, the form the mailed link
    opens (asking changes no password) and the page of a link that does not work."""
    member = Client(live_server)  # the demo's addresses are .invalid: the form refuses them
    member.get("/signup")
    password = "a long password"
    account = {"username": "forgetful", "email": "forgetful@example.com"}
    member.post("/signup", account | {"password": password, "confirm": password})
    client = Client(live_server)
    docs = {"reset-request": client.get("/reset-password")}
    docs["reset-sent"] = client.post("/reset-password", {"email": "forgetful@example.com"})
    link = link_in(smtp_server.last_to("forgetful@example.com", subject="Choose a new password"))
    docs["reset-password"] = client.get(link.removeprefix(live_server))
    docs["bad-link"] = client.get("/reset-password/not-a-token", status=400)
    return docs


@pytest.fixture(scope="module")
def documents(live_server, smtp_server) -> dict[str, str]:
    """Every page and fragment under test, fragments wrapped in a minimal document."""
    docs = _anonymous_documents(live_server) | _signed_in_documents(live_server)
    docs |= _email_documents(live_server, smtp_server)
    for name in FRAGMENTS:
        docs[name] = FRAGMENT_PAGE.format(docs[name])
    return docs


def document(documents: dict[str, str], name: str) -> str:
    if name not in documents:
        pytest.skip(f"{name}: its route is not in the app's url_map yet")
    return documents[name]


@pytest.fixture(scope="module")
def vnu_messages(documents, tmp_path_factory) -> dict[str, list[dict]]:
    """vnu's error messages per document, from one run over all of them."""
    require(
        VNU_JAR.exists(),
        f"HTML validity skipped: no {VNU_JAR} "
        "(install it: npm ci --ignore-scripts --prefix tests/browser/vendor)",
    )
    java = shutil.which("java")
    require(java is not None, "HTML validity skipped: no java (apt-get install default-jre)")
    folder = tmp_path_factory.mktemp("vnu")
    files = []
    for name, html in documents.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    try:
        report = json.loads(result.stderr)  # vnu writes its JSON report to stderr
    except json.JSONDecodeError as error:
        message = f"vnu failed (exit {result.returncode}):\n{result.stderr[-2000:]}"
        raise AssertionError(message) from error
    messages: dict[str, list[dict]] = {name: [] for name in documents}
    for message in report["messages"]:
        if message.get("type") == "non-document-error" or "url" not in message:
            raise AssertionError(f"vnu could not check the files: {message}")
        messages[Path(message["url"]).stem].append(message)
    return messages


# Deliberate: htmx's hx-* attributes (STYLE.md's markup pattern) are not in the HTML
# standard, and vnu says so for each one. Nothing else is filtered (docs/decisions.md).
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element")


def _describe(messages: list[dict]) -> str:
    return "\n".join(
        f"  line {m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}"
        for m in messages
    )


# -- vnu --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES + FRAGMENTS)
def test_document_is_valid_html(documents, vnu_messages, name):
    document(documents, name)
    errors = [m for m in vnu_messages[name] if not HTMX_ATTRIBUTE.match(m["message"])]
    assert not errors, f"vnu found errors in {name}:\n{_describe(errors)}"


# -- headings ---------------------------------------------------------------------------


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def heading_problems(html: str) -> list[str]:
    """One h1, and each heading at most one level deeper than the one before it."""
    parser = _Headings()
    parser.feed(html)
    problems = []
    if parser.levels.count(1) != 1:
        problems.append(f"{parser.levels.count(1)} h1 elements, expected 1")
    previous = 0
    for level in parser.levels:
        if level > previous + 1:
            problems.append(f"h{level} follows {f'h{previous}' if previous else 'the page start'}")
        previous = level
    return problems


@pytest.mark.parametrize("name", PAGES)
def test_page_has_one_h1_and_never_skips_a_heading_level(documents, name):
    problems = heading_problems(document(documents, name))
    assert not problems, f"headings of {name}: {problems}"


def test_heading_check_catches_a_skipped_level():
    assert heading_problems("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>") == []
    assert heading_problems("<h1>a</h1><h3>c</h3>") == ["h3 follows h1"]
    assert heading_problems("<h2>a</h2>") == [
        "0 h1 elements, expected 1",
        "h2 follows the page start",
    ]


# -- labels -----------------------------------------------------------------------------

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.label_depth = 0
        self.label_for: set[str] = set()
        self.controls: list[tuple[dict, bool]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "label":
            self.label_depth += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        elif tag in ("select", "textarea") or (
            tag == "input" and attributes.get("type", "text") not in UNLABELLED_TYPES
        ):
            self.controls.append(({"tag": tag} | attributes, self.label_depth > 0))

    def handle_endtag(self, tag):
        if tag == "label" and self.label_depth:
            self.label_depth -= 1


def unlabelled_controls(html: str) -> list[str]:
    """Form controls with neither a <label> (around or for=) nor an ARIA name."""
    parser = _Controls()
    parser.feed(html)
    found = []
    for control, wrapped in parser.controls:
        named = control.get("aria-label", "").strip() or control.get("aria-labelledby")
        if not (wrapped or named or control.get("id") in parser.label_for):
            found.append(
                f"<{control['tag']} id={control.get('id', '')} name={control.get('name', '')}>"
            )
    return found


@pytest.mark.parametrize("name", PAGES + FRAGMENTS)
def test_every_form_control_has_a_label(documents, name):
    found = unlabelled_controls(document(documents, name))
    assert not found, f"unlabelled controls in {name}: {found}"


def test_label_check_catches_an_unlabelled_control():
    html = (
        '<label for="a">A</label><input id="a"><label><input type="checkbox"> B</label>'
        '<input type="hidden" name="t"><select aria-label="C"></select><textarea id="d"></textarea>'
    )
    assert unlabelled_controls(html) == ["<textarea id=d name=>"]
