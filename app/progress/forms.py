"""The progress widget's form and the "numbers that spoil" settings (per show, account-wide)."""

from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, NumberRange, StopValidation, ValidationError

from app.models import STATUS_LABELS, Show
from app.progress.rules import ALWAYS_SHOW, NUMBERS_DEFAULTS, Progress, numbers_default_name
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


# A show's own numbers setting (the show page's form): follow the account, always show,
# or hide until an episode (`until_episode`).
SHOW_NUMBERS = ("account", "never", "until")


class ShowNumbersForm(SiteForm):
    """Hide this show's score, sub-ratings and episode ratings until an episode, always
    show them, or do as the account setting says. The episode counts only with "until"."""

    hide_numbers = RadioField(
        "Scores and ratings of this show",
        choices=[SelectChoice(value) for value in SHOW_NUMBERS],  # the template words them
        validate_choice=False,
        validators=[AnyOf(SHOW_NUMBERS, message="Choose one of the three options.")],
    )
    until_episode = StringField("Episode")

    def __init__(self, *args, episode_count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.episode_count = episode_count
        self.range_message = f"Choose an episode from 1 to {episode_count}."

    def validate_until_episode(self, field) -> None:
        """A whole episode of the show, when hiding until one."""
        if self.hide_numbers.data != "until":
            return
        try:
            episode = int((field.data or "").strip())  # refuses junk and 4,300-digit numbers
        except ValueError:
            episode = 0
        if not 1 <= episode <= self.episode_count:
            raise ValidationError(self.range_message)

    def override(self) -> int | None:
        """The validated choice as stored on the watch entry (rules.resolve_numbers_until)."""
        if self.hide_numbers.data == "until":
            return int(self.until_episode.data.strip())
        return ALWAYS_SHOW if self.hide_numbers.data == "never" else None


class NumbersDefaultForm(SiteForm):
    """The account-wide setting: on the shows on my list, hide the numbers until I have
    watched this share of the episodes (rules.NUMBERS_DEFAULTS)."""

    hide_numbers = RadioField(
        "Hide scores, sub-ratings and episode ratings of the shows on my list",
        choices=[SelectChoice(name, label) for name, (_percent, label) in NUMBERS_DEFAULTS.items()],
        validate_choice=False,
        validators=[AnyOf(NUMBERS_DEFAULTS, message="Choose one of the options.")],
    )

    @classmethod
    def filled(cls, percent: int | None) -> "NumbersDefaultForm":
        """The form showing a stored setting."""
        return cls(formdata=None, hide_numbers=numbers_default_name(percent))

    def percent(self) -> int | None:
        """The validated choice as stored on the user."""
        return NUMBERS_DEFAULTS[self.hide_numbers.data][0]
