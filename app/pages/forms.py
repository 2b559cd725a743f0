"""The site-wide light/dark switch."""

from wtforms import StringField
from wtforms.validators import AnyOf, DataRequired

from app.theme import THEMES
from app.validators import SiteForm

THEME_MESSAGE = "Choose a theme: light, dark or system."


class ThemeForm(SiteForm):
    """POST /theme: `theme`, light, dark or system (the form's `next` is read by the view,
    as everywhere, through safe_next_path)."""

    theme = StringField(
        "Theme",
        validators=[DataRequired(message=THEME_MESSAGE), AnyOf(THEMES, message=THEME_MESSAGE)],
    )
