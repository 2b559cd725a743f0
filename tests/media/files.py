"""Real image files made with Pillow, good and bad, for the upload tests."""

import functools
import io
import struct
import zlib

from PIL import ExifTags, Image, ImageCms
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

RED, BLUE = (220, 20, 20), (20, 20, 220)
EXIF_SENTINEL = b"SENTINEL-CAMERA-MAKE"
XMP_SENTINEL = b"SENTINEL-XMP-PACKET"


def saved(image: Image.Image, fmt: str, **options) -> bytes:
    """`image` saved as `fmt`."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def halves(size=(300, 200), mode="RGB") -> Image.Image:
    """Red on the left half, blue on the right, as stored."""
    image = Image.new(mode, size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image


def jpeg(size=(400, 600), colour=RED, **options) -> bytes:
    """A plain JPEG."""
    return saved(Image.new("RGB", size, colour), "JPEG", **options)


def png(size=(400, 600), colour=BLUE, mode="RGB") -> bytes:
    """A plain PNG."""
    return saved(Image.new(mode, size, colour), "PNG")


def camera_jpeg() -> bytes:
    """A 300x200 JPEG as a phone stores a portrait photo: pixels on their side with EXIF
    orientation 6 (turn 90° clockwise to view), a GPS position, a camera make, an XMP
    packet and an ICC profile. Viewed upright it is 200x300, red on top, blue below."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = EXIF_SENTINEL.decode()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 33.0, 59.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (126.0, 58.0, 41.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + XMP_SENTINEL + b"</x:xmpmeta>"
    return saved(halves(), "JPEG", quality=95, exif=exif, icc_profile=srgb, xmp=xmp)


def transparent_png(size=(300, 300)) -> bytes:
    """An RGBA PNG: transparent, with an opaque red square in the middle."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((*RED, 255), (100, 100, 200, 200))
    return saved(image, "PNG")


@functools.cache
def bomb_png(side=20_000) -> bytes:
    """A decompression bomb: a valid 1-bit PNG declaring side x side pixels (400 million
    by default) in a file of a few dozen kilobytes. Written chunk by chunk (zlib does
    the work in a blink, where Pillow's encoder takes seconds)."""
    row = b"\0" * (1 + (side + 7) // 8)  # filter type 0, then the row's bits

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    pixels = zlib.compress(row * side, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="200" height="300">'
    b'<rect width="200" height="300" fill="red"/><script>alert(1)</script></svg>'
)
GIF = saved(Image.new("P", (400, 600)), "GIF")
BMP = saved(Image.new("RGB", (160, 240), RED), "BMP")  # 115 kB: under the tests' 200 kB limit
TEXT = b"Not an image at all, whatever its name says.\n" * 20


def truncated(data: bytes) -> bytes:
    """The first half of `data`: an upload cut off on the way."""
    return data[: len(data) // 2]


def noisy_png(size: tuple[int, int]) -> bytes:
    """A PNG of random pixels, which hardly compresses: a large file of few pixels."""
    return saved(Image.effect_noise(size, 100).convert("RGB"), "PNG")


def opened(data: bytes) -> Image.Image:
    """A written file, opened (and loaded) again."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def upload(data: bytes, name: str = "upload.jpg") -> FileStorage:
    """A file as a browser sends it: bytes and a name (which decides nothing)."""
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/octet-stream")


def submit_multipart(client, url: str, data: dict, *, page: str):
    """POST `data` as multipart/form-data with the CSRF token from `page`. The body is
    encoded in memory here: the test client's own encoder spools a large body to a
    temporary file that nothing closes."""
    fields = {**data, "csrf_token": client.csrf_token(page)}
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
