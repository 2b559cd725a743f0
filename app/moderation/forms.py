"""Moderator forms: every action needs a reason."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange


class ActionForm(FlaskForm):
    """The reason for a moderator action, kept in the log."""

    reason = StringField(
        "Reason",
        validators=[
            DataRequired(message="Give a reason: it goes in the moderation log."),
            Length(max=500, message="A reason has at most 500 characters."),
        ],
    )


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
