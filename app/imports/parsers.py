"""One entry point for every source the importer reads (issue 19)."""

from app.imports import trakt, tvtime, unspoiled
from app.imports.history import History, ImportRefused

PARSERS = {"tvtime": tvtime.parse, "trakt": trakt.parse, "unspoiled": unspoiled.parse}


def parse(source: str, data: bytes, filename: str) -> History:
    """The History in `data` (an uploaded file named `filename`) read as `source`;
    ImportRefused, with the reason, for anything it cannot read."""
    if source not in PARSERS:
        raise ImportRefused(f"Unknown source {source!r}: choose TV Time, Trakt or Unspoiled.")
    return PARSERS[source](data, filename)
