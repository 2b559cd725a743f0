"""Spoiler markup and safe HTML: pure functions, no Flask, no database.

Write time: `render_document` parses, validates and renders a body into JSON-ready
segments (shape in `app.markup.render`). Read time: `gate`, `spoilers_for`,
`episodes_in` and `excerpt` only choose and join those stored strings.
"""

from app.markup.parse import SpoilerSyntaxError, first_marker
from app.markup.render import TOP_HEADING, Segments, render_document, shift_headings
from app.markup.spoilers import (
    GateResult,
    SpoilerRef,
    episodes_in,
    excerpt,
    gate,
    spoilers_for,
)

__all__ = [
    "TOP_HEADING",
    "GateResult",
    "Segments",
    "SpoilerRef",
    "SpoilerSyntaxError",
    "episodes_in",
    "excerpt",
    "first_marker",
    "gate",
    "render_document",
    "shift_headings",
    "spoilers_for",
]
