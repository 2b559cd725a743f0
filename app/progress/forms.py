"""The progress widget's form."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, StopValidation, ValidationError

from app.models import STATUS_LABELS
from app.progress.service import KEEP


class EpisodeNumberField(IntegerField):
    """A whole number of episodes; junk gets the same sentence as a number out of range."""

    def pre_validate(self, form) -> None:
        if self.process_errors:
            self.errors.clear()  # WTForms' "Not a valid integer value." becomes our sentence
            raise StopValidation(form.range_message)


class StatusField(SelectField):
    """One of the watch statuses."""

    def pre_validate(self, form) -> None:
        if self.data not in STATUS_LABELS:
            raise ValidationError("Choose a status from the list.")


NO_SCORE = "none"
SCORES = [f"{half / 2:.1f}" for half in range(20, 1, -1)]  # "10.0" ... "1.0"


class ScoreField(SelectField):
    """A member's score: 1.0 to 10.0 in halves, or "none" to have no score."""

    def pre_validate(self, form) -> None:
        if not self.raw_data:  # not sent: the score stays as it is
            return
        if self.data not in SCORES and self.data != NO_SCORE:
            raise ValidationError("Choose a score from 1.0 to 10.0 in steps of 0.5, or No score.")


class ProgressForm(FlaskForm):
    """Episodes watched (0..the show's count) and a status."""

    episodes_watched = EpisodeNumberField("Episodes watched")
    status = StatusField(
        "Status", choices=[SelectChoice(value, label) for value, label in STATUS_LABELS.items()]
    )
    score = ScoreField(
        "Your score",
        choices=[SelectChoice(NO_SCORE, "No score")] + [SelectChoice(v) for v in SCORES],
    )

    def __init__(self, *args, episode_count: int, **kwargs) -> None:
        message = f"Episodes watched must be a whole number from 0 to {episode_count}."
        super().__init__(*args, **kwargs)
        self.range_message = message
        self.episodes_watched.validators = [
            InputRequired(message=message),
            NumberRange(min=0, max=episode_count, message=message),
        ]

    def score_value(self):
        """KEEP when no score was sent, None for "No score", else the score as a number."""
        if not self.score.raw_data:
            return KEEP
        return None if self.score.data == NO_SCORE else float(self.score.data)
