"""One handler per error status: a friendly page, or a small fragment for htmx."""

import logging
from contextlib import suppress

from flask import Flask, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db
from app.htmx import fragment, retarget, wants_fragment

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Bad request", "Something in that request did not make sense to us."),
    403: ("Not allowed", "You do not have permission to do that."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Method not allowed", "That page cannot be used that way."),
    409: ("Already done", "That cannot be done now: it may have been done already."),
    413: ("Too large", "What you sent is larger than we accept ({limit} at most)."),
    422: ("Could not process", "Some of what you sent is not valid."),
    429: ("Slow down", "Too many attempts in a short time. Wait a minute and try again."),
    500: ("Something went wrong", "An error on our side stopped this page. It has been logged."),
    503: ("Back in a moment", "We cannot reach our database just now. Try again in a moment."),
}
RETRY_AFTER_SECONDS = 5


def render_error(status: int, detail: str | None = None):
    """The error page (or htmx fragment) for `status`; never touches the database."""
    title, message = MESSAGES[status]
    if status == 413:
        message = message.format(limit=_body_limit())
    if request.path.startswith("/api/"):
        return {"error": message, "status": status}, status
    context = {"code": status, "title": title, "message": message, "detail": detail}
    if wants_fragment():
        return retarget(
            fragment("errors/_error.html", status=status, **context), target="#messages"
        )
    template = "errors/500.html" if status == 500 else "errors/error.html"
    return render_template(template, **context), status


def _body_limit() -> str:
    """This route's body limit in MiB (1 on most; more where an image may be sent)."""
    limit = request.max_content_length or 0
    return f"{limit / 2**20:.0f} MiB"


def handle_http_error(error: HTTPException):
    """Render a known HTTP error with its friendly message."""
    status = error.code if error.code in MESSAGES else 500
    # Our own refusals (and CSRF failures) say why; werkzeug's stock texts are not shown.
    custom = error.description != type(error).description
    detail = error.description if custom or isinstance(error, CSRFError) else None
    return render_error(status, detail)


def handle_server_error(error: Exception):
    """Roll back the failed transaction, log the error, and show the 500 page."""
    db.session.rollback()
    original = getattr(error, "original_exception", None) or error
    log.error("unhandled error", exc_info=original)
    return render_error(500)


def handle_database_unavailable(error: OperationalError):
    """The database is down or restarting: a 503 to retry, not a 500 (nothing was saved)."""
    with suppress(SQLAlchemyError):  # the connection may be gone; the pool replaces it
        db.session.rollback()
    log.warning("database unavailable: %s", error.orig)
    response = make_response(render_error(503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register_error_handlers(app: Flask) -> None:
    """Attach the handlers to `app`."""
    for status in MESSAGES:
        if status not in (500, 503):
            app.register_error_handler(status, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
