"""Moderator forms: every action needs a reason."""

from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from app.markup.retag import paragraphs
from app.moderation.bans import DURATIONS
from app.validators import SiteForm

PASSAGE_LIMIT = 60_000  # a review body's limit


def reason_field() -> StringField:
    """The required reason of a moderator action (field `reason`), kept in the log."""
    return StringField(
        "Reason",
        validators=[
            DataRequired(message="Give a reason: it goes in the moderation log."),
            Length(max=500, message="A reason has at most 500 characters."),
        ],
    )


class ActionForm(SiteForm):
    """The reason for a moderator action, kept in the log."""

    reason = reason_field()


class BanForm(ActionForm):
    """Ban a member: a reason, how long (`until`), and whether to hide their comments of
    the last 24 hours in the same action."""

    until = RadioField(
        "How long",
        choices=[SelectChoice(value, label) for value, (label, _) in DURATIONS.items()],
        validate_choice=False,
        validators=[
            AnyOf(
                DURATIONS,
                message="Choose how long the ban lasts: 1 day, 7 days, 30 days or permanently.",
            )
        ],  # fmt: skip
    )
    hide_recent = BooleanField("Also hide their comments of the last 24 hours")


class RetagForm(ActionForm):
    """Hide part of a review or comment as a spoiler for an episode: the paragraphs
    chosen (`paragraphs`, numbers from 1, as `markup.retag.paragraphs` counts them) or
    one passage copied exactly (`passage`), one way or the other."""

    paragraphs = SelectMultipleField("Paragraphs to hide", coerce=int, validate_choice=False)
    passage = TextAreaField(
        "Or the exact passage to hide",
        validators=[Length(max=PASSAGE_LIMIT, message="A passage has at most 60,000 characters.")],
    )
    episode = IntegerField("Spoils episode")

    def __init__(self, *args, text: str, episode_count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.paragraph_count = len(paragraphs(text))
        self.episode_count = episode_count

    def validate_paragraphs(self, field) -> None:
        """Each number names a paragraph of the text."""
        wrong = field.process_errors or [
            n for n in field.data or () if not 1 <= n <= self.paragraph_count
        ]
        if wrong:
            field.errors.clear()
            raise ValidationError(
                f"Choose paragraphs from 1 to {self.paragraph_count}: the text has no other."
            )

    def validate_passage(self, field) -> None:
        """Paragraphs or a passage, exactly one of the two."""
        chosen, typed = bool(self.paragraphs.data), bool((field.data or "").strip())
        if not chosen and not typed:
            raise ValidationError("Choose the paragraphs to hide, or paste the exact passage.")
        if chosen and typed:
            raise ValidationError("Choose paragraphs or paste a passage, not both.")

    def validate_episode(self, field) -> None:
        """An episode of the show."""
        if field.process_errors or field.data is None or not 1 <= field.data <= self.episode_count:
            field.errors.clear()
            raise ValidationError(
                f"Give the episode it spoils: a number from 1 to {self.episode_count}."
            )
