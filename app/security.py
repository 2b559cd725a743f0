"""Security headers on every response, and the checks that keep redirects and absolute
links on this site."""

from urllib.parse import urlsplit

from flask import current_app, url_for

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
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Cache-Control", "private")
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
