"""Forms for signing up, signing in and changing account details."""

import unicodedata

from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from app.validators import SiteForm

USERNAME_RULES = [
    DataRequired(message="Choose a username."),
    Length(min=3, max=30, message="A username has 3 to 30 characters."),
    Regexp(  # \Z, not $: "$" also matches before a final newline
        r"\A[A-Za-z0-9_-]+\Z",
        message="A username may hold only letters, digits, '_' and '-'.",
    ),
]
EMAIL_RULES = [
    DataRequired(message="Enter your email address."),
    Length(max=254, message="That email address is too long."),
    Email(message="Enter a valid email address.", check_deliverability=False),
]
PASSWORD_LENGTH = Length(min=10, max=200, message="A password has 10 to 200 characters.")
NEW_PASSWORD_RULES = [DataRequired(message="Choose a password."), PASSWORD_LENGTH]
# The second typing of a new password, in a field named `confirm` beside `password`.
CONFIRM_RULES = [
    DataRequired(message="Type the password again."),
    EqualTo("password", message="The two passwords do not match."),
]


def compatibility_form(text: str | None) -> str | None:
    """`text` NFKC-normalised: a name typed in fullwidth letters (as East Asian input
    methods may) is kept in its plain form, "Ｍｉｎｊｉ" as "Minji"."""
    return unicodedata.normalize("NFKC", text) if text else text


def stripped(text: str | None) -> str | None:
    """`text` without surrounding spaces (a pasted address often carries one)."""
    return text.strip() if text else text


class SignupForm(SiteForm):
    """New account: username, email, password twice."""

    username = StringField("Username", validators=USERNAME_RULES, filters=[compatibility_form])
    email = EmailField("Email", validators=EMAIL_RULES)
    password = PasswordField("Password", validators=NEW_PASSWORD_RULES)
    confirm = PasswordField("Confirm password", validators=CONFIRM_RULES)


class LoginForm(SiteForm):
    """Sign in with a username or an email address."""

    username = StringField(
        "Username or email", validators=[DataRequired(message="Enter your username or email.")]
    )
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")


class AccountForm(SiteForm):
    """Change email, password or list privacy; the current password confirms changes."""

    email = EmailField("Email", validators=EMAIL_RULES)
    new_password = PasswordField(
        "New password (leave empty to keep the current one)",
        validators=[Optional(), PASSWORD_LENGTH],
    )
    confirm = PasswordField(
        "Confirm new password",
        validators=[EqualTo("new_password", message="The two new passwords do not match.")],
    )
    is_list_public = BooleanField("Anyone may see my list")
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password to save changes.")],
    )


class ResetRequestForm(SiteForm):
    """Ask for a password reset link by email."""

    email = EmailField("Email", validators=EMAIL_RULES, filters=[stripped])


class ResetPasswordForm(SiteForm):
    """Choose a new password (from a reset link)."""

    password = PasswordField("New password", validators=NEW_PASSWORD_RULES)
    confirm = PasswordField("Confirm new password", validators=CONFIRM_RULES)
