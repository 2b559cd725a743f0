"""The progress widget's form."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, StopValidation, ValidationError

from app.models import STATUS_LABELS


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


class ProgressForm(FlaskForm):
    """Episodes watched (0..the show's count) and a status."""

    episodes_watched = EpisodeNumberField("Episodes watched")
    status = StatusField(
        "Status", choices=[SelectChoice(value, label) for value, label in STATUS_LABELS.items()]
    )

    def __init__(self, *args, episode_count: int, **kwargs) -> None:
        message = f"Episodes watched must be a whole number from 0 to {episode_count}."
        super().__init__(*args, **kwargs)
        self.range_message = message
        self.episodes_watched.validators = [
            InputRequired(message=message),
            NumberRange(min=0, max=episode_count, message=message),
        ]
