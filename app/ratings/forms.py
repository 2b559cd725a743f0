"""The episode rating form: a rating on the show score's scale, or "none" to remove it."""

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from app.scoring import SCALE, SCALE_WORDS
from app.validators import SiteForm

NO_RATING = "none"
CHOOSE = f"Choose a rating {SCALE_WORDS}, or No rating to remove yours."


class EpisodeRatingForm(SiteForm):
    """One field, `rating`: "10.0" .. "1.0", or "none" (remove my rating)."""

    rating = SelectField(
        "Your rating",
        choices=[SelectChoice(NO_RATING, "No rating")] + [SelectChoice(v) for v in SCALE],
        default=NO_RATING,
        validate_choice=False,
        validators=[InputRequired(message=CHOOSE), AnyOf((NO_RATING, *SCALE), message=CHOOSE)],
        # A required <select> must open on an empty option; "No rating" is a real choice.
        render_kw={"required": False},
    )

    @classmethod
    def filled(cls, rating: float | None) -> "EpisodeRatingForm":
        """The form showing the member's current rating (None: "No rating")."""
        return cls(formdata=None, rating=NO_RATING if rating is None else f"{rating:.1f}")

    def value(self) -> float | None:
        """The chosen rating as a number; None for "No rating"."""
        return None if self.rating.data == NO_RATING else float(self.rating.data)
