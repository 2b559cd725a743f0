"""Reading uploaded zip files safely (issue 19). Pure: refuses zip bombs, path tricks,
encrypted archives and members of the wrong kind before reading anything.

`read_members` checks the whole archive from its central directory first (member count,
names, kinds, encryption, declared sizes and compression ratios), then reads only the
members the caller asks for, each through a hard byte cap that does not trust the sizes the
archive declares. Every refusal is an ImportRefused with a sentence for the member."""

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Collection

from app.imports.history import ImportRefused

MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # declared, all members; and read, wanted members
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # read, one member
MAX_RATIO = 100  # uncompressed / compressed size of one member
RATIO_FLOOR = 1024 * 1024  # smaller members may compress as well as they like
CHUNK = 64 * 1024
SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
# Written by macOS's "Compress" beside the real files; never read, never refused.
MACOS_METADATA = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$)")
DRIVE = re.compile(r"^[A-Za-z]:")
NOT_ALNUM = re.compile(r"[^a-z0-9]")
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)


def normalised_name(name: str) -> str:
    """A member's base name in lower case, ASCII letters and digits only, so exports that
    spell a file differently still match: "Tracking-Prod-Records-V2.csv" ->
    "trackingprodrecordsv2csv"."""
    return NOT_ALNUM.sub("", name.rsplit("/", 1)[-1].lower())


def read_members(
    data: bytes,
    wanted: Callable[[str], bool] | Collection[str],
    *,
    suffixes: tuple[str, ...],
) -> dict[str, bytes]:
    """{original name: bytes} of the members whose normalised name `wanted` accepts (a
    predicate, or a collection of normalised names). The whole archive is checked first;
    ImportRefused, with the reason, when anything about it is wrong. Members not wanted
    are never decompressed."""
    accept = wanted if callable(wanted) else wanted.__contains__
    archive = _open(data)
    infos = archive.infolist()
    _check(infos, suffixes)
    members: dict[str, bytes] = {}
    budget = MAX_TOTAL_BYTES
    for info in infos:
        if info.is_dir() or MACOS_METADATA.search(info.filename):
            continue
        if not accept(normalised_name(info.filename)):
            continue
        content = _read(archive, info, min(MAX_MEMBER_BYTES, budget))
        budget -= len(content)
        members[info.filename] = content
    return members


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except READ_ERRORS:
        raise ImportRefused(
            "This file is not a zip archive, or it is damaged (cut short while downloading?): "
            "download the export again and upload the .zip file as it came."
        ) from None


def _check(infos: list[zipfile.ZipInfo], suffixes: tuple[str, ...]) -> None:
    """Refuse the archive from its central directory alone, before anything is read."""
    files = [i for i in infos if not i.is_dir() and not MACOS_METADATA.search(i.filename)]
    if not files:
        raise ImportRefused("This zip archive is empty: it holds no files to import.")
    if len(infos) > MAX_MEMBERS:
        raise ImportRefused(
            f"This zip archive holds {len(infos):,} files; an export has far fewer "
            f"(at most {MAX_MEMBERS:,} accepted)."
        )
    _check_names(infos)
    _check_kinds(infos, files, suffixes)
    _check_sizes(infos, files)


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    names = set()
    for info in infos:
        _check_name(info.filename)
        if info.filename in names:
            raise ImportRefused(f"This zip archive holds {info.filename!r} twice.")
        names.add(info.filename)


def _check_kinds(
    infos: list[zipfile.ZipInfo], files: list[zipfile.ZipInfo], suffixes: tuple[str, ...]
) -> None:
    for info in infos:
        if info.flag_bits & 0x1:
            raise ImportRefused(
                "This export is password-protected: unzip it with its password, then zip "
                "the files again (without a password) and upload that."
            )
    allowed = ", ".join(suffixes)
    for info in files:
        if not info.filename.lower().endswith(tuple(s.lower() for s in suffixes)):
            raise ImportRefused(
                f"This zip archive holds {info.filename!r}, which is not an export file: "
                f"only {allowed} files are expected."
            )
        if info.compress_type not in SUPPORTED_METHODS:
            raise ImportRefused(
                f"{info.filename!r} is compressed in a way we cannot read: zip the files "
                "again with your system's ordinary zip tool."
            )


def _check_sizes(infos: list[zipfile.ZipInfo], files: list[zipfile.ZipInfo]) -> None:
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise ImportRefused(
            f"This zip archive unpacks to {total / 1024 / 1024:,.0f} MB; at most "
            f"{MAX_TOTAL_BYTES // 1024 // 1024} MB is accepted."
        )
    for info in files:
        if info.file_size > MAX_MEMBER_BYTES:
            raise ImportRefused(
                f"{info.filename!r} unpacks to {info.file_size / 1024 / 1024:,.0f} MB; at "
                f"most {MAX_MEMBER_BYTES // 1024 // 1024} MB per file is accepted."
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ImportRefused(
                f"{info.filename!r} unpacks to {ratio:,.0f} times its packed size, which no "
                "export does: this archive is refused as a zip bomb."
            )


def _check_name(name: str) -> None:
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or DRIVE.match(name)
        or ".." in parts
        or "\x00" in name
    ):
        raise ImportRefused(
            f"This zip archive holds a file named {name!r}, a path that could point outside "
            "the archive: it is refused."
        )


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    try:
        with archive.open(info) as stream:
            return read_capped(stream, limit, info.filename)
    except ImportRefused:
        raise
    except READ_ERRORS:
        raise ImportRefused(
            f"{info.filename!r} in this zip archive is damaged: download the export again."
        ) from None


def read_capped(stream: io.RawIOBase | io.BufferedIOBase, limit: int, name: str) -> bytes:
    """Everything `stream` holds, read in chunks; ImportRefused as soon as it passes `limit`
    bytes, whatever the archive declared (a lying header is a zip bomb too)."""
    chunks = []
    size = 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise ImportRefused(
                f"{name!r} unpacks to more than {limit:,} bytes, more than an export "
                "holds: this archive is refused as a zip bomb."
            )
        chunks.append(chunk)
    return b"".join(chunks)
