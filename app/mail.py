"""Sending email (issue 19): through Flask-Mail when MAIL_SERVER is set, else to the log.

Bodies are plain text, rendered from templates/mail/<template>.txt. Whether mail goes out
is decided by MAIL_SERVER alone, not by TESTING (Flask-Mail's own switch, turned off in
Config), so tests send to a real SMTP server in the test process.
"""

import logging
import sys
import threading

from flask import Flask, current_app, render_template
from flask_mail import Message

log = logging.getLogger(__name__)  # "app.mail"


def send(to: str, subject: str, template: str, **context) -> None:
    """Render templates/mail/<template>.txt with `context` and send it to `to`.

    Without MAIL_SERVER the message is written to the log instead (development: the
    link can be followed from the console). Raises what the SMTP client raises
    (`smtplib.SMTPException`, `OSError`) when the server refuses or cannot be reached.
    """
    message = _compose(to, subject, template, context)
    _deliver(current_app._get_current_object(), message)


def send_in_background(to: str, subject: str, template: str, **context) -> None:
    """Like `send`, but the SMTP conversation happens in a thread: the request neither
    waits for it nor fails with it (a failure is logged). The body is rendered here, in
    the request, so the thread touches no database and no request state."""
    message = _compose(to, subject, template, context)
    app = current_app._get_current_object()
    thread = threading.Thread(target=_deliver_logging_errors, args=(app, message), daemon=True)
    thread.start()


def _compose(to: str, subject: str, template: str, context: dict) -> Message:
    body = render_template(f"mail/{template}.txt", **context)
    return Message(subject=subject, recipients=[to], body=body)


def _deliver(app: Flask, message: Message) -> None:
    if not app.config.get("MAIL_SERVER"):
        _log_instead(message)
        return
    with app.app_context():  # Flask-Mail finds its state and signals through the app
        app.extensions["mail"].send(message)
    log.info("mail sent", extra={"subject": message.subject})


def _deliver_logging_errors(app: Flask, message: Message) -> None:
    try:
        _deliver(app, message)
    except Exception:  # a thread's exception would vanish: say what was lost
        log.exception("mail not sent", extra={"subject": message.subject})


def _log_instead(message: Message) -> None:
    """Write the message to the "app.mail" log at INFO. When logging was never set up (a
    bare `flask run`), give that logger a console handler first, or INFO would be dropped
    and the developer would never see the link."""
    if not log.hasHandlers():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    to = ", ".join(message.recipients)
    log.info(
        "MAIL_SERVER is not set; this mail was not sent.\nTo: %s\nSubject: %s\n\n%s",
        to,
        message.subject,
        message.body,
        extra={"to": to},
    )
