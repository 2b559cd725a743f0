"""Forms of lists of shows: the list itself, adding a show, a note, a move."""

from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, ValidationError

from app.models.lists import DESCRIPTION_LIMIT, NAME_LIMIT, NOTE_LIMIT
from app.urls import MAX_INTEGER
from app.validators import SiteForm, no_direction_controls

SLUG_LIMIT = 200
NOTE_HINT = "Plain text, no spoilers: readers of any progress see it."


class ListForm(SiteForm):
    """A list's name, description and visibility (new and edit)."""

    name = StringField(
        "Name",
        validators=[
            DataRequired(message="Give the list a name."),
            Length(max=NAME_LIMIT, message=f"A name has at most {NAME_LIMIT} characters."),
            no_direction_controls,
        ],
    )
    description = TextAreaField(
        "Description (optional)",
        validators=[
            Length(max=DESCRIPTION_LIMIT,
                   message=f"A description has at most {DESCRIPTION_LIMIT:,} characters."),
        ],
    )  # fmt: skip
    is_public = BooleanField("Public: anyone can read it and it counts on show pages")


class NoteField(TextAreaField):
    """A show's note in a list: plain text, at most NOTE_LIMIT characters."""

    def __init__(self, label: str = "Note (optional)", **kwargs) -> None:
        message = f"A note has at most {NOTE_LIMIT} characters."
        super().__init__(label, validators=[Length(max=NOTE_LIMIT, message=message)], **kwargs)


class AddItemForm(SiteForm):
    """A show to add (its slug or its exact title) and a note."""

    slug = StringField(
        "Show",
        validators=[
            DataRequired(message="Name a show to add."),
            Length(max=SLUG_LIMIT, message="No show has a name that long."),
        ],
    )
    note = NoteField()


class NoteForm(SiteForm):
    """A new note for a show in a list."""

    note = NoteField()


DIRECTIONS = ("up", "down")


class MoveForm(SiteForm):
    """Move a show one place up or down, or to a position (1 is the top)."""

    direction = SelectField(
        "Direction",
        choices=[SelectChoice("up", "Up"), SelectChoice("down", "Down")],
        validate_choice=False,
        validators=[Optional(), AnyOf(DIRECTIONS, message="Move up or down.")],
    )
    position = IntegerField(
        "Position",
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_INTEGER, message="A position is a whole number from 1."),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        """Valid with a direction or a position."""
        if not super().validate(extra_validators):
            return False
        if not self.direction.data and self.position.data is None:
            self.position.errors.append("Say where to move the show.")
            return False
        return True


class ChooseListForm(SiteForm):
    """From a show's page: one of the member's lists, and a note."""

    list_id = SelectField("List", coerce=int, validate_choice=False)
    note = NoteField()

    @classmethod
    def for_lists(cls, own) -> "ChooseListForm":
        """The form offering `own` (queries.OwnList rows): the lists that hold the show
        already are named so, and refused."""
        form = cls()
        form.list_id.choices = [
            SelectChoice(item.id, f"{item.name} (has it)" if item.holds_show else item.name)
            for item in own
        ]
        return form

    def validate_list_id(self, field) -> None:
        """Only one of the member's lists (the service checks again, under their lock)."""
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Choose one of your lists.")
