"""Upload fields for posters and avatars, and the account page's picture form."""

from flask_wtf.file import FileField, FileRequired
from wtforms.validators import ValidationError

from app import images
from app.media import service as media_service
from app.validators import SiteForm

ACCEPT = "image/jpeg,image/png,image/webp"  # the file picker's hint; the content decides


class ImageUpload:
    """Validator of a FileField: the file, if one was chosen, is an image
    `images.prepare` accepts as `shape`. The result is kept as `field.prepared` (None
    without a file), so the view stores what was checked, never a second reading."""

    def __init__(self, shape: images.Shape) -> None:
        self.shape = shape

    def __call__(self, form, field) -> None:
        """Prepare the upload; its refusal becomes the field's error."""
        field.prepared = None
        if not field.data:
            return
        try:
            field.prepared = media_service.prepare_upload(field.data, self.shape)
        except images.ImageRefused as refused:
            raise ValidationError(refused.message) from None


def prepared(field) -> images.Prepared | None:
    """The image an ImageUpload field accepted, or None (no file, or not validated)."""
    return getattr(field, "prepared", None)


class AvatarForm(SiteForm):
    """A new picture for the signed-in member (removing it is a button of its own)."""

    avatar = FileField(
        "Choose a picture",
        validators=[FileRequired("Choose an image file to upload."), ImageUpload(images.AVATAR)],
        render_kw={"accept": ACCEPT},
    )
