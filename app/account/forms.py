"""The account deletion form (issue 19)."""

from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, ValidationError

from app.models import User
from app.validators import SiteForm

KEEP_CONTENT_LABEL = "Keep my reviews and comments, under “a former member”"


class DeleteAccountForm(SiteForm):
    """Delete my account: my password, and whether my reviews and comments stay."""

    keep_content = BooleanField(KEEP_CONTENT_LABEL)
    password = PasswordField(
        "Your password", validators=[DataRequired(message="Enter your password to confirm.")]
    )

    def __init__(self, member: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def validate_password(self, field: PasswordField) -> None:
        """The member's own password, so a borrowed session cannot delete an account."""
        if not self.member.check_password(field.data or ""):
            raise ValidationError("That password is not correct. Nothing was deleted.")
