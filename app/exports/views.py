"""Downloading your data (issue 19)."""

import io

from flask import Blueprint, send_file
from flask_login import current_user, login_required

from app.exports.service import build_export, download_name
from app.extensions import limiter, member_or_address
from app.models.user import utcnow

bp = Blueprint("exports", __name__)

# Building an export reads everything the member made: generous for a person, not a loop.
EXPORT_LIMIT = "10 per hour"


@bp.get("/account/export")
@login_required
@limiter.limit(EXPORT_LIMIT, key_func=member_or_address)
def download():
    """The member's data as a zip of JSON (docs/export-format.md), as an attachment that
    no cache keeps: it holds their email and private lists."""
    now = utcnow()
    data = build_export(current_user, now=now)
    response = send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                         download_name=download_name(current_user, now), max_age=0)  # fmt: skip
    response.headers["Cache-Control"] = "no-store"
    return response
