"""Comment and report forms."""

from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from app.comments.service import BODY_LIMIT
from app.models import REPORT_REASONS
from app.validators import SiteForm, SpoilerMarkup


class CommentForm(SiteForm):
    """A comment: Markdown with the same spoiler markup as reviews."""

    body = TextAreaField(
        "Your comment",
        validators=[
            DataRequired(message="Write something first."),
            Length(max=BODY_LIMIT, message=f"A comment has at most {BODY_LIMIT:,} characters."),
        ],
    )

    def __init__(self, *args, episode_count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body.validators = [*self.body.validators, SpoilerMarkup(episode_count)]


class ReportForm(SiteForm):
    """Why a reader reports a comment or review."""

    reason = SelectField(
        "Reason",
        choices=[SelectChoice(key, label) for key, label in REPORT_REASONS.items()],
        validate_choice=False,
        validators=[AnyOf(REPORT_REASONS, message="Choose a reason from the list.")],
    )
    note = TextAreaField(
        "Note for the moderators (optional)",
        validators=[Length(max=1000, message="A note has at most 1,000 characters.")],
    )
