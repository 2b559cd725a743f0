"""WTForms validators that every domain's forms share."""

from wtforms.validators import ValidationError

from app.markup import SpoilerSyntaxError, render_document


class SpoilerMarkup:
    """Checks a Markdown body with spoiler tags by rendering it, once.

    Put it last in the chain: a body that already failed a check is not rendered. On
    success the rendered segments are left on the field as `field.segments`, for the
    service to store; bad markup becomes the field's error (the sentence of
    SpoilerSyntaxError, which names the line). `episode_count` is the show's, set by the
    form that knows it.
    """

    def __init__(self, episode_count: int) -> None:
        self.episode_count = episode_count

    def __call__(self, form, field) -> None:
        if field.errors:  # empty or too long already: not worth rendering
            field.segments = None
            return
        try:
            field.segments = render_document(field.data, episode_count=self.episode_count)
        except SpoilerSyntaxError as error:
            field.segments = None
            raise ValidationError(str(error)) from None
