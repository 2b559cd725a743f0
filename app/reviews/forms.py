"""The review form (new and edit share it)."""

from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from app.models import SUBRATINGS, Review
from app.moderation.forms import reason_field
from app.progress.forms import EpisodeNumberField, episode_validators
from app.reviews.service import ReviewDraft
from app.scoring import SCALE, SCALE_WORDS
from app.validators import SiteForm, SpoilerMarkup, no_direction_controls, no_spoiler_markup

BODY_LIMIT = 60_000
TITLE_LIMIT = 200
ON_SCALE = AnyOf(SCALE, message=f"Choose a rating {SCALE_WORDS}.")


def rating_field(label: str, *, required: bool) -> SelectField:
    """A rating on the scale. None is chosen until the author chooses one: a required one
    starts at "Choose a rating" (and must be changed), an optional one at "—"."""
    empty = SelectChoice("", "Choose a rating" if required else "—")
    first = InputRequired(message="Choose an overall rating.") if required else Optional()
    return SelectField(
        label,
        choices=[empty] + [SelectChoice(value) for value in SCALE],
        default="",
        validate_choice=False,
        validators=[first, ON_SCALE],
    )


class ReviewForm(SiteForm):
    """Title, Markdown body with spoiler tags, the episode written at, and ratings."""

    title = StringField(
        "Title",
        validators=[
            DataRequired(message="Give your review a title."),
            Length(max=TITLE_LIMIT, message=f"A title has at most {TITLE_LIMIT} characters."),
            no_spoiler_markup,
            no_direction_controls,
        ],
    )
    body = TextAreaField(
        "Review",
        validators=[
            DataRequired(message="Write your review."),
            Length(max=BODY_LIMIT, message=f"A review has at most {BODY_LIMIT:,} characters."),
        ],
    )
    episodes_watched = EpisodeNumberField("Written after episode")
    rating_overall = rating_field("Overall rating", required=True)
    rating_story = rating_field("Story", required=False)
    rating_acting = rating_field("Acting and cast", required=False)
    rating_music = rating_field("Music", required=False)
    rating_rewatch = rating_field("Rewatch value", required=False)

    def __init__(self, *args, episode_count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.range_message, self.episodes_watched.validators = episode_validators(episode_count)
        self.body.validators = [*self.body.validators, SpoilerMarkup(episode_count)]

    def fill_from(self, review: Review) -> None:
        """Put a review's current text and ratings into the fields (the edit form)."""
        self.title.data = review.title
        self.body.data = review.body
        self.episodes_watched.data = review.episodes_watched
        for name in ("overall", *SUBRATINGS):
            value = getattr(review, f"rating_{name}")
            self[f"rating_{name}"].data = "" if value is None else f"{value:.1f}"

    def draft(self) -> ReviewDraft:
        """The validated input, with the body already rendered, as a draft for the service."""
        return ReviewDraft(
            title=self.title.data,
            body=self.body.data,
            segments=self.body.segments,
            episodes_watched=self.episodes_watched.data,
            rating_overall=float(self.rating_overall.data),
            subratings={name: _number(self[f"rating_{name}"].data) for name in SUBRATINGS},
        )


class ModeratorReviewForm(ReviewForm):
    """The edit form of a moderator changing someone else's review: it also asks why."""

    reason = reason_field()


def _number(value: str | None) -> float | None:
    return float(value) if value else None
