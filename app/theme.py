"""The reader's colour scheme: light, dark or the system's, remembered in a cookie.

The server reads the cookie and renders `<html data-theme="…">` with the matching
`<meta name="color-scheme">`, so the first paint has the right colours without a script
(the CSP allows no inline one). No cookie means the system's scheme.
"""

from flask import current_app, request

SYSTEM = "system"
THEMES = ("light", "dark", SYSTEM)  # the switch's values, in its order
COOKIE = "theme"
MAX_AGE = 365 * 24 * 60 * 60  # a year
# What <meta name="color-scheme"> says for each: the browser's own controls and the
# canvas before the stylesheet arrives follow it.
COLOR_SCHEMES = {"light": "light", "dark": "dark", SYSTEM: "light dark"}
MAX_BACK_PATH = 1000  # longer ones are left out of the switch's `next` (cut, they would lie)


def current_theme() -> str:
    """The theme this request's cookie chose; `system` when there is none (or junk)."""
    value = request.cookies.get(COOKIE)
    return value if value in THEMES else SYSTEM


def remember(response, theme: str) -> None:
    """Set the cookie on `response` for `theme` (one of THEMES); `system` clears it.

    HttpOnly: no script reads it (app.js switches through POST /theme, which sets it).
    """
    secure = request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]
    if theme == SYSTEM:
        response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="Lax")
        return
    response.set_cookie(
        COOKIE, theme, max_age=MAX_AGE, path="/", secure=secure, httponly=True, samesite="Lax"
    )


def back_path() -> str | None:
    """This page's path and query, where the switch's plain POST comes back to; None on a
    page answering a POST (its URL may not take a GET) or matching no route."""
    if request.method != "GET" or request.url_rule is None:
        return None
    target = request.full_path if request.query_string else request.path
    return target if len(target) <= MAX_BACK_PATH else None


def register_template_globals(app) -> None:
    """Give templates the theme helpers (base.html's <html>, meta and switch)."""
    app.jinja_env.globals.update(
        current_theme=current_theme,
        THEMES=THEMES,
        COLOR_SCHEMES=COLOR_SCHEMES,
        theme_back_path=back_path,
    )
