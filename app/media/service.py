"""Posters and avatars: files stored in MEDIA_FOLDER, keys set on shows and members.

They flush; the view (or command) commits. Files are written before the key that names
them is set, so a saved key always has its files, and a failed or refused upload changes
nothing a page shows. Files are never deleted here: a name is a content hash, so one
file may serve several shows or members, and a replaced image's files stay (small, and
a page cached elsewhere may still ask for them).
"""

import os
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app import images, pagecache
from app.extensions import db
from app.models import Review, Show, User


def limits() -> images.Limits:
    """The upload limits of this app's configuration."""
    config = current_app.config
    return images.Limits(max_bytes=config["IMAGE_MAX_BYTES"], max_pixels=config["IMAGE_MAX_PIXELS"])


def prepare_upload(upload: FileStorage, shape: images.Shape) -> images.Prepared:
    """Read an uploaded file (no further than one byte past the limit) and prepare it;
    raise images.ImageRefused."""
    checked = limits()
    return images.prepare(upload.stream.read(checked.max_bytes + 1), shape, checked)


def store(prepared: images.Prepared) -> None:
    """Write `prepared`'s files into MEDIA_FOLDER. Each lands whole under its name
    (written aside, then renamed), so no reader ever gets half a file; a name already
    there is skipped (same name, same bytes)."""
    folder = Path(current_app.config["MEDIA_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in prepared.files.items():
        target = folder / name
        if target.exists():
            continue
        partial = folder / f".{name}.{secrets.token_hex(4)}.partial"
        try:
            partial.write_bytes(data)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)


def set_poster(show: Show, prepared: images.Prepared) -> None:
    """Give `show` the poster `prepared` (its page version moves with the show row)."""
    store(prepared)
    show.poster_key = prepared.key
    db.session.flush()


def remove_poster(show: Show) -> None:
    """Take `show`'s poster away: its page shows the generated cover again."""
    show.poster_key = None
    db.session.flush()


def set_avatar(user: User, prepared: images.Prepared) -> None:
    """Give `user` the avatar `prepared`."""
    store(prepared)
    _change_avatar(user, prepared.key)


def remove_avatar(user: User) -> None:
    """Take `user`'s avatar away: initials again."""
    _change_avatar(user, None)


def _change_avatar(user: User, key: str | None) -> None:
    """Set the key, and mark the page of every show `user` reviewed as changed: a cached
    show page carries its review cards, with their authors' avatars (app/pagecache.py)."""
    if user.avatar_key == key:
        return
    user.avatar_key = key
    reviewed = db.session.scalars(
        select(Review.show_id).where(Review.author_id == user.id).distinct()
    )
    for show_id in reviewed:
        pagecache.changed(db.session, show_id)
    db.session.flush()
