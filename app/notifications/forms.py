"""Forms of the notifications page: marking read, and which kinds to receive."""

from wtforms import BooleanField, IntegerField
from wtforms.validators import NumberRange, Optional

from app.models.notification import OPTIONAL_KINDS
from app.validators import SiteForm


class MarkReadForm(SiteForm):
    """Mark one notification read (`id`), or all of them (no `id`), from page `page`."""

    id = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=10_000)])


class SettingsForm(SiteForm):
    """One checkbox per kind a member may turn off (checked: receive it)."""

    @classmethod
    def filled(cls, off: set[str]) -> "SettingsForm":
        """The form showing the member's current choices."""
        form = cls(formdata=None)
        for kind in OPTIONAL_KINDS:
            form[kind].data = kind not in off
        return form

    def turned_off(self) -> set[str]:
        """The kinds left unchecked."""
        return {kind for kind in OPTIONAL_KINDS if not self[kind].data}


for _kind, _label in OPTIONAL_KINDS.items():
    setattr(SettingsForm, _kind, BooleanField(_label))
