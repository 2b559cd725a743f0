"""The review form (new and edit share it)."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from app.models import SUBRATINGS, Review
from app.progress.forms import EpisodeNumberField
from app.reviews.service import ReviewDraft

BODY_LIMIT = 60_000
TITLE_LIMIT = 200
RATINGS = [f"{half / 2:.1f}" for half in range(2, 21)]  # "1.0" ... "10.0"


class RatingField(SelectField):
    """A rating from 1.0 to 10.0 in half steps; optional ones may be left empty."""

    def __init__(self, label: str | None = None, *, required: bool = False, **kwargs) -> None:
        empty = [] if required else [SelectChoice("", "—")]
        choices = empty + [SelectChoice(value) for value in reversed(RATINGS)]
        kwargs.setdefault("default", None if required else "")
        super().__init__(label, choices=choices, **kwargs)
        self.required = required

    def pre_validate(self, form) -> None:
        if self.data in RATINGS or (not self.required and not self.data):
            return
        raise ValidationError(
            "Choose a rating from 1.0 to 10.0 in steps of 0.5."
            if self.data
            else "Choose an overall rating."
        )

    @property
    def value(self) -> float | None:
        """The rating as a number, or None when left empty."""
        return float(self.data) if self.data else None


class ReviewForm(FlaskForm):
    """Title, Markdown body with spoiler tags, the episode written at, and ratings."""

    title = StringField(
        "Title",
        validators=[
            DataRequired(message="Give your review a title."),
            Length(max=TITLE_LIMIT, message=f"A title has at most {TITLE_LIMIT} characters."),
        ],
    )
    body = TextAreaField(
        "Review",
        validators=[
            DataRequired(message="Write your review."),
            Length(
                max=BODY_LIMIT,
                message=f"A review has at most {BODY_LIMIT:,} characters.",
            ),
        ],
    )
    episodes_watched = EpisodeNumberField("Written after episode")
    rating_overall = RatingField("Overall rating", required=True)
    rating_story = RatingField("Story", required=False)
    rating_acting = RatingField("Acting and cast", required=False)
    rating_music = RatingField("Music", required=False)
    rating_rewatch = RatingField("Rewatch value", required=False)

    def __init__(self, *args, episode_count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.range_message = f"Episodes watched must be a whole number from 0 to {episode_count}."
        self.episodes_watched.validators = [
            InputRequired(message=self.range_message),
            NumberRange(min=0, max=episode_count, message=self.range_message),
        ]

    def fill_from(self, review: Review) -> None:
        """Put a review's current text and ratings into the fields (the edit form)."""
        self.title.data = review.title
        self.body.data = review.body
        self.episodes_watched.data = review.episodes_watched
        for name in ("overall", *SUBRATINGS):
            value = getattr(review, f"rating_{name}")
            self[f"rating_{name}"].data = "" if value is None else f"{value:.1f}"

    def draft(self) -> ReviewDraft:
        """The validated input as a draft for the service."""
        return ReviewDraft(
            title=self.title.data,
            body=self.body.data,
            episodes_watched=self.episodes_watched.data,
            rating_overall=self.rating_overall.value,
            subratings={name: self[f"rating_{name}"].value for name in SUBRATINGS},
        )
