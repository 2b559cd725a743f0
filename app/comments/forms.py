"""Comment and report forms."""

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from app.comments.service import BODY_LIMIT
from app.models import REPORT_REASONS


class CommentForm(FlaskForm):
    """A comment: Markdown with the same spoiler markup as reviews."""

    body = TextAreaField(
        "Your comment",
        validators=[
            DataRequired(message="Write something first."),
            Length(max=BODY_LIMIT, message=f"A comment has at most {BODY_LIMIT:,} characters."),
        ],
    )


class ReasonField(SelectField):
    """One of the report reasons."""

    def pre_validate(self, form) -> None:
        if self.data not in REPORT_REASONS:
            raise ValidationError("Choose a reason from the list.")


class ReportForm(FlaskForm):
    """Why a reader reports a comment or review."""

    reason = ReasonField(
        "Reason", choices=[SelectChoice(key, label) for key, label in REPORT_REASONS.items()]
    )
    note = TextAreaField(
        "Note for the moderators (optional)",
        validators=[Length(max=1000, message="A note has at most 1,000 characters.")],
    )
