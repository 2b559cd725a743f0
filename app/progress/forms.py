"""The progress widget's form."""

from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, NumberRange, StopValidation

from app.models import STATUS_LABELS, Show
from app.progress.rules import Progress
from app.progress.service import KEEP
from app.scoring import SCALE, SCALE_WORDS
from app.validators import SiteForm

NO_SCORE = "none"


class EpisodeNumberField(IntegerField):
    """A whole number of episodes. Junk gets the same sentence as a number out of range
    (the form's `range_message`), not WTForms' "Not a valid integer value." beside it."""

    def pre_validate(self, form) -> None:
        if self.process_errors:
            self.errors.clear()
            raise StopValidation(form.range_message)


def episode_validators(episode_count: int) -> tuple[str, list]:
    """The sentence and validators for a number of episodes from 0 to `episode_count`."""
    message = f"Episodes watched must be a whole number from 0 to {episode_count}."
    return message, [InputRequired(message=message),
                     NumberRange(min=0, max=episode_count, message=message)]  # fmt: skip


def status_field() -> SelectField:
    """One of the watch statuses."""
    return SelectField(
        "Status",
        choices=[SelectChoice(value, label) for value, label in STATUS_LABELS.items()],
        validate_choice=False,
        validators=[AnyOf(STATUS_LABELS, message="Choose a status from the list.")],
    )


class ProgressForm(SiteForm):
    """Episodes watched (0..the show's count), a status and, for members, a score."""

    episodes_watched = EpisodeNumberField("Episodes watched")
    status = status_field()
    score = SelectField(
        "Your score",
        choices=[SelectChoice(NO_SCORE, "No score")] + [SelectChoice(v) for v in SCALE],
        default=NO_SCORE,  # not sent at all: valid, and `score_value` says KEEP
        validate_choice=False,
        validators=[
            AnyOf((NO_SCORE, *SCALE), message=f"Choose a score {SCALE_WORDS}, or No score.")
        ],
    )

    def __init__(self, *args, episode_count: int, may_score: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.range_message, self.episodes_watched.validators = episode_validators(episode_count)
        self.may_score = may_score

    @classmethod
    def filled(cls, show: Show, progress: Progress) -> "ProgressForm":
        """The widget's form showing the reader's current progress. A reader with none
        starts at "Plan to watch"; saving episodes with it still means watching
        (`rules.reconcile`)."""
        return cls(
            formdata=None,
            episode_count=show.episode_count,
            episodes_watched=progress.episodes_watched,
            status=progress.status or "plan_to_watch",
            score=NO_SCORE if progress.score is None else f"{progress.score:.1f}",
        )

    def validate_score(self, field) -> None:
        """Only members keep a score."""
        if field.raw_data and not self.may_score:
            raise StopValidation("Sign in to score this show.")

    def score_value(self):
        """KEEP when no score was sent, None for "No score", else the score as a number."""
        if not self.score.raw_data:
            return KEEP
        return None if self.score.data == NO_SCORE else float(self.score.data)
