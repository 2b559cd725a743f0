"""Moderator forms: every action needs a reason."""

from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from app.validators import SiteForm


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


class RetagForm(ActionForm):
    """Mark a passage of a review or comment as a spoiler for an episode."""

    passage = TextAreaField(
        "Passage to hide (copy it exactly)",
        validators=[DataRequired(message="Paste the passage to hide.")],
    )
    episode = IntegerField(
        "Spoils episode",
        validators=[NumberRange(min=1, message="Give the episode it spoils.")],
    )
