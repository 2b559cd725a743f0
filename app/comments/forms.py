"""Comment and report forms."""

from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from app.comments.service import BODY_LIMIT
from app.models import REPORT_REASONS
from app.urls import MAX_INTEGER
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


NOT_A_PARENT = "That is not a comment you can reply to: reload the page and try again."


class CommentIdField(IntegerField):
    """A comment id from a hidden input: junk reads as no id, with NOT_A_PARENT."""

    def process_formdata(self, valuelist) -> None:
        """Parse the value; refuse junk, and ids no INTEGER column holds, in words."""
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(NOT_A_PARENT) from error
        if self.data is not None and not 1 <= self.data <= MAX_INTEGER:
            self.data = None
            raise ValueError(NOT_A_PARENT)


class ThreadCommentForm(CommentForm):
    """A comment in an episode's thread; with `parent_id`, a reply to one of its comments
    (the service checks it is one of this thread's: `comment_service.reply_parent`)."""

    parent_id = CommentIdField("Reply to", widget=HiddenInput(), validators=[Optional()])


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
