"""WTForms validators that every domain's forms share, and `SiteForm`, the base of
every form, which keeps control characters out of all text."""

import re

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import StopValidation, ValidationError

from app.markup import SpoilerSyntaxError, first_marker, render_document

# C0 and C1 controls and DEL, except tab, newline and carriage return (browsers send
# CR LF from a textarea; the markup reads any line ending). No text here needs one,
# PostgreSQL refuses NUL, and the others are invisible or garble a page.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Explicit embeddings, overrides and isolates: they make text read as something else.
DIRECTION_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def no_control_characters(form, field) -> None:
    """Refuse text holding a control character (first in every text field's chain, so no
    other check, nor the markup renderer, ever sees one)."""
    found = CONTROL_CHARACTER.search(field.data or "")
    if found:
        raise StopValidation(
            f"Remove the control character U+{ord(found.group()):04X} from this text."
        )


class SiteForm(FlaskForm):
    """The base of every form: each text field (StringField and its kinds: text areas,
    passwords, emails, hidden fields) refuses control characters before anything else."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Bind as usual, then put `no_control_characters` first in a text field's chain."""
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField):
                field.validators = [no_control_characters, *field.validators]
            return field


def no_direction_controls(form, field) -> None:
    """For a title: refuse the characters that reverse how text reads. (Usernames need
    no such check: they hold ASCII letters, digits, '_' and '-' only.)"""
    found = DIRECTION_CONTROL.search(field.data or "")
    if found:
        raise ValidationError(
            f"Remove the text-direction control U+{ord(found.group()):04X}: "
            "it can make text read as something else."
        )


def no_spoiler_markup(form, field) -> None:
    """For a review's title, which every reader sees: refuse any spoiler marker, in our
    syntax or a pasted one, as the markup module recognises them."""
    marker = first_marker(field.data or "")
    if marker is not None:
        raise ValidationError(
            f"A title is shown to every reader: it cannot hold spoiler markup (found “{marker}”)."
        )


class SpoilerMarkup:
    """Checks a Markdown body with spoiler tags by rendering it, once.

    Put it last in the chain: a body that already failed a check is not rendered. On
    success the rendered segments are left on the field as `field.segments`, for the
    service to store; bad markup becomes the field's error (the sentence of
    SpoilerSyntaxError, which names the line). `episode_count` is the show's, set by the
    form that knows it.
    """

    def __init__(self, episode_count: int) -> None:
        self.episode_count = episode_count

    def __call__(self, form, field) -> None:
        if field.errors:  # empty or too long already: not worth rendering
            field.segments = None
            return
        try:
            field.segments = render_document(field.data, episode_count=self.episode_count)
        except SpoilerSyntaxError as error:
            field.segments = None
            raise ValidationError(str(error)) from None
