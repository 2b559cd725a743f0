"""Forms of the history import (issue 19): the upload, and reading the member's choices
from the confirmation page (one select per proposal, named `show-<key>`)."""

from collections.abc import Mapping

from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf

from app.imports.matching import Proposal
from app.validators import SiteForm

SOURCES = [
    ("tvtime", "TV Time (the GDPR export zip)"),
    ("trakt", "Trakt (the JSON export: a zip, or watched-history.json)"),
    ("unspoiled", "Unspoiled (a zip from Download your data)"),
]
SOURCE_NAMES = [name for name, _label in SOURCES]
SKIP = "skip"


class UploadForm(SiteForm):
    """A history file and where it comes from."""

    source = SelectField(
        "Where is it from?",
        choices=[SelectChoice(name, label) for name, label in SOURCES],
        validate_choice=False,  # AnyOf says it in words
        validators=[AnyOf(SOURCE_NAMES, message="Choose TV Time, Trakt or Unspoiled.")],
    )
    file = FileField("Your export file", validators=[FileRequired("Choose the file to import.")])


def field_name(item: Proposal) -> str:
    """The name (and id) of the select of `item`."""
    return f"show-{item.key}"


def choices(items: list[Proposal], values: Mapping[str, str]) -> dict[str, int | None]:
    """Each proposal's chosen show id (None: skip) from the posted `values`. A select
    left out means the proposal's default (its confident match, else skip). ValueError
    for a value that is not one of the proposal's candidates (a stale or forged page)."""
    chosen: dict[str, int | None] = {}
    for item in items:
        default = str(item.proposed.id) if item.proposed else SKIP
        value = values.get(field_name(item), default)
        if value == SKIP:
            chosen[item.key] = None
            continue
        ids = {str(entry.id): entry.id for entry in item.candidates}
        if value not in ids:
            raise ValueError(f"{item.label}: that show is not one of the matches offered.")
        chosen[item.key] = ids[value]
    return chosen
