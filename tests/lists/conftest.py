"""Builders for lists of shows."""

import pytest

from app.extensions import db
from app.models import ListItem, ShowList


@pytest.fixture
def make_list(app, make_user):
    """Create and commit a list: make_list(owner=..., shows=[...], is_public=..., name=...)."""

    def build(owner=None, *, shows=(), is_public: bool = True, name: str = "My list",
              notes=None) -> ShowList:  # fmt: skip
        show_list = ShowList(owner=owner or make_user(), name=name, is_public=is_public)
        db.session.add(show_list)
        for position, show in enumerate(shows, start=1):
            note = (notes or {}).get(show.slug, "")
            db.session.add(ListItem(show_list=show_list, show=show, position=position, note=note))
        db.session.commit()
        return show_list

    return build
