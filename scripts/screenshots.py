"""Screenshots of the main pages for docs/screenshots/, from a throwaway demo site.

Starts the app on a temporary SQLite database filled by `seed-demo`, serves it on a free
loopback port in a background thread, and saves PNGs of the home page (a visitor's and a
member's), the show list, a search, a show page at episode 3 (spoiler placeholders), a
review with one episode revealed, a profile and the write-review page, each at desktop
(1280 px) and mobile (390 px) widths, light and dark.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Uses Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Korean titles need a
CJK font: apt-get install fonts-noto-cjk.
"""

import argparse
import logging
import os
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.demo import DEMO_PASSWORD  # noqa: E402
from app.extensions import db  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOW = "/shows/move-to-heaven"
UNREVIEWED = "/shows/reply-1988"  # a show the demo user jaehyun has not reviewed
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}
SCHEMES = ("light", "dark")


@contextmanager
def demo_site() -> Iterator[str]:
    """The app with the demo data on a temporary SQLite file, served on 127.0.0.1."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SECRET_KEY": secrets.token_hex(32),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'screenshots.db'}",
                "MEDIA_FOLDER": str(Path(folder) / "media"),
                "RATELIMIT_ENABLED": False,
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
        with app.app_context():
            db.create_all()
            result = app.test_cli_runner().invoke(args=["seed-demo"])
        if result.exit_code != 0:
            raise SystemExit(f"seed-demo failed:\n{result.output}")
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)
            with app.app_context():
                db.engine.dispose()


def set_progress(page: Page, episodes: int) -> None:
    """Set this browser's progress on the show, as the progress form does."""
    page.goto(SHOW)
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    form = {"csrf_token": token, "episodes_watched": str(episodes), "status": "watching"}
    response = page.request.post(f"{SHOW}/progress", form=form)
    if not response.ok:
        raise SystemExit(f"progress update failed: HTTP {response.status}")


def show_at_episode_3(page: Page) -> None:
    set_progress(page, 3)
    page.goto(SHOW)
    page.locator("#episodes-1").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('.spoiler.withheld').scrollIntoView({block: 'center'})")


def review_with_one_episode_revealed(page: Page) -> None:
    set_progress(page, 3)
    page.goto(SHOW)
    card = page.locator(".card-review", has=page.locator(".spoiler.withheld")).first
    page.goto(card.locator("h3 a").get_attribute("href"))
    placeholder = page.locator(".spoiler.withheld").first
    spoiler_id = placeholder.get_attribute("id")
    placeholder.locator("a").click()
    page.wait_for_selector(f"#{spoiler_id}.shown")
    page.evaluate(f"document.getElementById('{spoiler_id}').scrollIntoView({{block: 'center'}})")


def sign_in(page: Page, username: str = "jaehyun") -> None:
    page.goto("/login")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".current-user")


def member_home(page: Page) -> None:
    sign_in(page)
    page.goto("/")


def write_review(page: Page) -> None:
    sign_in(page)
    page.goto(f"{UNREVIEWED}/reviews/new")


def episode_closed(page: Page) -> None:
    """Episode 5's page for a reader at episode 3: the placeholder."""
    set_progress(page, 3)
    page.goto(f"{SHOW}/episodes/5")


def episode_thread(page: Page) -> None:
    """Episode 1's page for a member who watched the show: its rating and thread."""
    sign_in(page)
    page.goto(f"{SHOW}/episodes/1")
    page.locator(".episode-rating").scroll_into_view_if_needed()


def episode_chart(page: Page) -> None:
    """The show page's guide opened at episode 6: the chart, later episodes locked."""
    set_progress(page, 6)
    page.goto(SHOW)
    page.locator(".episode-guide summary").click()
    page.locator(".episode-chart").scroll_into_view_if_needed()


def member_page(path: str, username: str = "jaehyun") -> Callable[[Page], None]:
    """Open `path` signed in as `username`."""

    def open_page(page: Page) -> None:
        sign_in(page, username)
        page.goto(path)

    return open_page


SHOTS: dict[str, Callable[[Page], None]] = {
    "home": lambda page: page.goto("/"),
    "home-member": member_home,
    "shows": lambda page: page.goto("/shows"),
    "search-without-spaces": lambda page: page.goto("/shows?q=런온"),
    "show-at-episode-3": show_at_episode_3,
    "review-revealed": review_with_one_episode_revealed,
    "profile": lambda page: page.goto("/users/sora"),
    "write-review": write_review,
    "episode-closed": episode_closed,
    "episode-thread": episode_thread,
    "episode-chart": episode_chart,
    "feed": member_page("/feed"),
    "notifications": member_page("/notifications", "minji"),
    "list": lambda page: page.goto("/lists/1"),
}


def take_all(base_url: str, out: Path) -> list[Path]:
    """Every page at every width in both colour schemes; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, open_page in SHOTS.items():
            for width_name, (width, height) in WIDTHS.items():
                for scheme in SCHEMES:
                    context = browser.new_context(
                        base_url=base_url,
                        viewport={"width": width, "height": height},
                        color_scheme=scheme,
                        is_mobile=width_name == "mobile",
                        has_touch=width_name == "mobile",
                    )
                    page = context.new_page()
                    open_page(page)
                    page.evaluate("document.fonts.ready")
                    path = out / f"{name}-{width_name}-{scheme}.png"
                    page.screenshot(path=path, full_page=False, animations="disabled")
                    written.append(path)
                    context.close()
        browser.close()
    return written


def main() -> None:
    """Parse the arguments, serve the demo site and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    with demo_site() as base_url:
        for path in take_all(base_url, args.out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
