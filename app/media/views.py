"""Poster and avatar files, served from MEDIA_FOLDER."""

from flask import Blueprint, abort, current_app, send_from_directory

from app import images

bp = Blueprint("media", __name__)
ONE_YEAR = 365 * 24 * 60 * 60


@bp.get("/media/<path:filename>")
def file(filename: str):
    """One WebP file. Its name is a hash of its content, so it never changes: any cache
    may keep it for a year without asking again. Any other name is a 404 (no listing,
    no other file of the folder, no way out of it)."""
    if not images.FILE_NAME.fullmatch(filename):
        abort(404)
    response = send_from_directory(current_app.config["MEDIA_FOLDER"], filename, max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
