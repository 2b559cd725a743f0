"""User text reaches every page escaped or sanitised: no executable markup anywhere."""

import re
from html.parser import HTMLParser

import pytest

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="javascript:123">x</a>',
    "![img](x onerror=alert(1))",
    '<div hx-get="/logout" hx-trigger="load">x</div>',
]
SAFE_URL = re.compile(r"^(https?:|mailto:|/(?!/)|#|\?)", re.IGNORECASE)
# + the badge and the show page's "Add to a list" (issue 18)
OUR_HTMX_URL = re.compile(r"^/((reviews|shows|lists)/|theme$|notifications/unread$)")


class ExecutableMarkupFinder(HTMLParser):
    """Collects every tag or attribute, as a browser parses them, that could run code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        our_script = tag == "script" and (attributes.get("src") or "").startswith("/static/")
        our_chart = tag == "svg" and (attributes.get("aria-labelledby") or "").startswith(
            ("histogram-", "episode-chart-", "stats-")
        )  # the score histogram, the episode-ratings chart and a profile's stats (server-drawn)
        ours = our_script or our_chart
        if tag in ("script", "iframe", "object", "embed", "svg", "img", "math") and not ours:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            elif name in ("href", "src", "action", "formaction") and not SAFE_URL.match(value):
                self.found.append(f"{tag} {name}={value}")
            elif name.startswith("hx-") and name in ("hx-get", "hx-post"):
                if not OUR_HTMX_URL.match(value):
                    self.found.append(f"{tag} {name}={value}")
            elif name.startswith("hx-on"):
                self.found.append(f"{tag} {name}")


def dangerous_bits(html: str) -> list[str]:
    finder = ExecutableMarkupFinder()
    finder.feed(html)
    return finder.found


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("place", ["body", "spoiler", "title"])
def test_payload_is_harmless_on_every_page(client, make_review, make_user, login, payload, place):
    body = {
        "body": f"Intro.\n\n{payload}",
        "spoiler": f"Intro.\n\n[spoiler ep=2]\n{payload}\n[/spoiler]",
        "title": "Plain body.",
    }[place]
    author = make_user()
    review = make_review(body, title=payload if place == "title" else "Title", author=author)
    login(author)  # the author sees every spoiler, so spoiler payloads are rendered too
    urls = [
        f"/reviews/{review.id}",
        f"/shows/{review.show.slug}",
        "/",
        f"/users/{author.username}",
        f"/reviews/{review.id}/spoilers/2" if place == "spoiler" else "/",
    ]
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            html = client.get(url, headers=headers).text
            assert dangerous_bits(html) == [], url


def test_the_finder_catches_what_it_should():
    assert dangerous_bits('<img src=x onerror="alert(1)">') == ["<img>", "img src=x", "img onerror"]
    assert dangerous_bits('<a href="javascript:alert(1)">x</a>') == ["a href=javascript:alert(1)"]
    assert dangerous_bits('<div hx-get="/logout">') == ["div hx-get=/logout"]
    assert dangerous_bits("&lt;script&gt;alert(1)&lt;/script&gt;") == []
