"""The `hello` bench target: a bare Flask app with one route, the same as our trivial route,
served by the same gunicorn settings in the same run. What it serves per second is what any
Flask app could; the trivial route's share of it is what our app's per-request work costs."""

from flask import Flask

app = Flask(__name__)


@app.get("/healthz/live")
def live():
    """The same answer as app/pages/views.py's trivial route."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
