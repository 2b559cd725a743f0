"""Posters and avatars: an upload checked, then written as WebP in the sizes pages use. Pure.

Bytes in, `Prepared` out, or `ImageRefused` with a sentence fit for a form. Pillow only:
no Flask, no database, no module state (Pillow's own global pixel limit is left alone;
our limit comes in as `Limits`).

The pipeline, in order, each step before the costlier next one:
1. the size in bytes;
2. the format, read from the content (`Image.open` tries only the JPEG, PNG and WebP
   decoders), never from the file name: SVG, GIF, BMP, text and the rest are refused;
3. the pixel count, from the header, before any pixel is decoded (a decompression bomb
   is a small file declaring a huge image);
4. decoding, which a truncated or damaged file fails;
5. EXIF orientation applied, colours brought to sRGB, then every bit of metadata
   dropped (EXIF with its GPS position, XMP, ICC): the outputs are built from pixels only;
6. a centre crop to the shape's ratio, resized to each width, saved as WebP.

Files are named by a content hash of the source bytes (`<key>-<width>.webp`), so a URL
never changes meaning and can be cached forever. The hash also covers the shape and
`PIPELINE_VERSION`: the same photo as a poster and as an avatar has two keys, and a
change to the output (quality, sizes) must bump the version so no cached file goes stale.
"""

import hashlib
import io
import re
import zlib
from contextlib import suppress
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
PIPELINE_VERSION = 1
KEY_LENGTH = 20  # hex characters of the SHA-256: 80 bits, collisions out of reach
FILE_NAME = re.compile(r"(?P<key>[0-9a-f]{20})-(?P<width>[0-9]{2,4})\.webp")
WEBP_QUALITY = 80
HUES = 12  # colour pairs of generated covers and initials (`cover-hue-N` in app.css)
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Shape:
    """What an image becomes: a name, a width:height ratio and the widths written."""

    name: str
    ratio: tuple[int, int]
    widths: tuple[int, ...]

    def height(self, width: int) -> int:
        """The height of the file `width` pixels wide."""
        return width * self.ratio[1] // self.ratio[0]


POSTER = Shape("poster", (2, 3), (160, 320, 640))
AVATAR = Shape("avatar", (1, 1), (48, 96, 192))  # 48 and 96 on pages, each also at 2x


@dataclass(frozen=True)
class Limits:
    """What an upload may be: bytes of the file, pixels of the image it declares."""

    max_bytes: int = 8 * MEGABYTE
    max_pixels: int = 40_000_000


@dataclass(frozen=True)
class Prepared:
    """An accepted image: its key and its files, {file name: WebP bytes}."""

    key: str
    files: dict[str, bytes]


class ImageRefused(Exception):
    """The upload is not an image we accept; `message` is a sentence for the form."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


NOT_ACCEPTED = (
    "This file is not a JPEG, PNG or WebP image (other formats, SVG among them, are not "
    "accepted). Save it as one of those and try again."
)
DAMAGED = (
    "This image could not be read to the end: the file may be damaged or incomplete. "
    "Save it again and try again."
)


def prepare(data: bytes, shape: Shape, limits: Limits | None = None) -> Prepared:
    """Check `data` and return its WebP files for `shape`; raise ImageRefused."""
    limits = limits or Limits()
    if not data:
        raise ImageRefused("The file is empty. Choose an image file.")
    if len(data) > limits.max_bytes:
        raise ImageRefused(
            f"The file is {_megabytes(len(data))}: the largest accepted is "
            f"{_megabytes(limits.max_bytes)}. Save a smaller version and try again."
        )
    image = _decoded(data, limits, shape)
    image = _upright_srgb(image)
    box = _centre_box(image.size, shape.ratio)
    smallest = shape.widths[0]
    if box[2] - box[0] < smallest:
        raise ImageRefused(
            f"The image is {image.width} × {image.height} pixels: a {shape.name} needs at "
            f"least {smallest} × {shape.height(smallest)}."
        )
    key = image_key(data, shape)
    files = {
        file_name(key, width): _webp(image, box, (width, shape.height(width)))
        for width in shape.widths
    }
    return Prepared(key=key, files=files)


def image_key(data: bytes, shape: Shape) -> str:
    """The content hash naming the files made from `data` as `shape`."""
    salt = f"{shape.name}:{PIPELINE_VERSION}\0".encode()
    return hashlib.sha256(salt + data).hexdigest()[:KEY_LENGTH]


def file_name(key: str, width: int) -> str:
    """The name of the file of image `key` at `width` pixels."""
    return f"{key}-{width}.webp"


def hue(text: str) -> int:
    """A stable colour index (0 to HUES-1) for a slug or username: crc32, not hash(),
    which changes from process to process."""
    return zlib.crc32(text.encode("utf-8")) % HUES


def initials(name: str) -> str:
    """One or two letters for a member without an avatar: "minji" -> "M",
    "kim_minji" -> "KM"."""
    parts = [part for part in re.split(r"[\W_]+", name) if part]
    if len(parts) >= 2:
        return (parts[0][0] + parts[1][0]).upper()
    return (parts[0][0] if parts else name[:1] or "?").upper()


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB".replace(".0 MB", " MB")


def _decoded(data: bytes, limits: Limits, shape: Shape) -> Image.Image:
    """The image in `data`, decoded, once its format and pixel count pass. A large JPEG
    is decoded at a reduced scale (`draft`) that still covers the largest file of
    `shape` whichever way it is cropped or turned: far less time and memory."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own check (89 million pixels) ran first; under `-W error` its
        # warning is an exception too. Either way: too many pixels.
        raise ImageRefused(_too_many_pixels(None, limits)) from None
    except Exception:  # Pillow names an unknown format, and a broken header, many ways
        raise ImageRefused(NOT_ACCEPTED) from None
    if image.width * image.height > limits.max_pixels:
        raise ImageRefused(_too_many_pixels(image.size, limits))
    largest = max(shape.widths[-1], shape.height(shape.widths[-1]))
    shortest = min(image.size)
    if shortest > largest:
        image.draft(
            "RGB", (-(-image.width * largest // shortest), -(-image.height * largest // shortest))
        )
    try:
        image.load()
    except Exception:  # truncated data, bad chunks, failed CRCs: all "damaged"
        raise ImageRefused(DAMAGED) from None
    return image


def _too_many_pixels(size: tuple[int, int] | None, limits: Limits) -> str:
    millions = f"{limits.max_pixels / 1_000_000:g} million"
    declared = f"is {size[0]} × {size[1]} pixels" if size else "declares far more pixels"
    return (
        f"The image {declared}: the most we accept is {millions} pixels "
        "(8000 × 5000, for instance). Save a smaller version and try again."
    )


def _upright_srgb(image: Image.Image) -> Image.Image:
    """`image` turned as its EXIF orientation says, in sRGB, as RGB or RGBA, and with no
    metadata left (a fresh image of the same pixels)."""
    with suppress(Exception):  # a malformed EXIF block: keep the pixels as stored
        image = ImageOps.exif_transpose(image)
    image = _to_srgb(image)
    if _has_alpha(image):
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema() == (255, 255):
            image = image.convert("RGB")  # an alpha channel with nothing transparent
    else:
        image = image.convert("RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert from the embedded colour profile to sRGB (wide-gamut photos would look
    washed out once the profile is dropped); without a usable profile, as it is."""
    profile = image.info.get("icc_profile")
    if not profile:
        return image
    mode = "RGBA" if _has_alpha(image) else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except Exception:  # a broken or unsupported profile
        return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _centre_box(size: tuple[int, int], ratio: tuple[int, int]) -> tuple[int, int, int, int]:
    """The largest box of `ratio` in the middle of an image of `size`."""
    width, height = size
    if width * ratio[1] > height * ratio[0]:  # wider than the ratio: trim the sides
        inner = height * ratio[0] // ratio[1]
        left = (width - inner) // 2
        return (left, 0, left + inner, height)
    inner = width * ratio[1] // ratio[0]
    top = (height - inner) // 2
    return (0, top, width, top + inner)


def _webp(image: Image.Image, box: tuple[int, int, int, int], size: tuple[int, int]) -> bytes:
    resized = image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    out = io.BytesIO()
    resized.save(out, "WEBP", quality=WEBP_QUALITY, method=4)  # no exif, xmp nor icc
    return out.getvalue()
