"""htmx helpers: every HX-* request or response header is read or set here."""

from flask import make_response, render_template, request
from flask.typing import ResponseReturnValue


def wants_fragment() -> bool:
    """True when htmx will swap the reply into part of the page, not replace the page."""
    h = request.headers
    return (
        h.get("HX-Request") == "true"
        and h.get("HX-Boosted") != "true"
        and h.get("HX-History-Restore-Request") != "true"
    )


def fragment(template: str, *, status: int = 200, **context) -> ResponseReturnValue:
    """Render a fragment template for htmx with the given status."""
    return render_template(template, **context), status


def retarget(response_value: ResponseReturnValue, *, target: str, swap: str = "innerHTML"):
    """Make htmx swap this response into `target` (a CSS selector), not the trigger's target."""
    response = make_response(response_value)
    response.headers["HX-Retarget"] = target
    response.headers["HX-Reswap"] = swap
    return response


def add_vary_header(response):
    """Vary every HTML response on HX-Request, so no cache serves a fragment for a page."""
    if response.mimetype == "text/html":
        response.vary.add("HX-Request")
    return response
