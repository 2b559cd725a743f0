"""Security headers on every response, and the checks that keep redirects and absolute
links on this site."""

from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException

MAX_RETURN_PATH = 1000  # longer ones are left out of the header's links (cut, they would lie)
AUTH_ENDPOINTS = ("auth.login", "auth.signup")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response):
    """Set the strict headers of DESIGN.md on `response`, whatever produced it.

    Every response is `Cache-Control: private` unless it set its own: pages carry the
    reader's CSRF token, progress and name, so no shared cache may hand one reader's copy
    to another. Only static files set their own (`no-cache` with an ETag).
    """
    headers = response.headers
    if "Content-Security-Policy" not in headers:  # no view sets these: one lookup, not five
        headers.extend(SECURITY_HEADERS)
    if "Cache-Control" not in headers:
        headers["Cache-Control"] = "private"
    return response


def external_url(endpoint: str, **values) -> str:
    """An absolute URL (feeds), built on SITE_URL when it is set, so the Host header a
    client sent never reaches a link; without it, on the request's host as before."""
    site_url = current_app.config["SITE_URL"]
    if not site_url:
        return url_for(endpoint, _external=True, **values)
    return site_url.rstrip("/") + url_for(endpoint, **values)


def safe_next_path(target: str | None) -> str | None:
    """Return `target` if it is a path on this site, else None.

    Rejects absolute URLs, scheme-relative `//host` and `/\\host` forms and anything
    with control characters, which browsers may read as another origin.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _posted_next() -> str | None:
    """The form's `next`, or None when the body cannot be read (the 413 page renders
    for a body over the limit, and reading it again would raise inside the error page)."""
    try:
        return request.form.get("next")
    except HTTPException:
        return None


def return_path() -> str | None:
    """Where signing in or up from this page should come back to, for the `next` of the
    header's links and the sign-in and sign-up forms.

    On those two pages, the `next` they were given (if it is safe); on any other page
    shown by a GET, its path and query; None on the home page, on pages answering a POST
    (their URL may not take a GET) and on URLs that match no route.
    """
    if request.endpoint in AUTH_ENDPOINTS:
        return safe_next_path(_posted_next() or request.args.get("next"))
    if request.method != "GET" or request.url_rule is None:
        return None
    target = request.full_path if request.query_string else request.path
    if target == "/" or len(target) > MAX_RETURN_PATH:
        return None
    return safe_next_path(target)
