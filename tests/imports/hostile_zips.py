"""Building zips for the parser tests: honest ones from the fixture files, hostile ones by
patching the bytes of honest ones, and a spy that records which members get opened."""

import io
import struct
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
CENTRAL = b"PK\x01\x02"
LOCAL = b"PK\x03\x04"


def make_zip(members, *, compression=zipfile.ZIP_DEFLATED, level=None) -> bytes:
    """A zip of `members`: (name, bytes or str) pairs, or names ending in "/" for folders."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=level) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def fixture(source: str, name: str) -> bytes:
    return (FIXTURES / source / name).read_bytes()


def _central_entries(data: bytes):
    """(offset, name) of each central directory entry."""
    at = data.find(CENTRAL)
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        yield at, data[at + 46 : at + 46 + name_length].decode()
        at = data.find(CENTRAL, at + 46 + name_length)


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """`data` with the central directory claiming `member` unpacks to `size` bytes (a lying
    header: zipfile trusts the central directory)."""
    patched = bytearray(data)
    for at, name in _central_entries(data):
        if name == member:
            struct.pack_into("<I", patched, at + 24, size)
    return bytes(patched)


def with_encrypted_flag(data: bytes) -> bytes:
    """`data` with every member flagged as encrypted (general purpose bit 0), in the local
    headers and the central directory, as a password-protected export is."""
    patched = bytearray(data)
    for at, _ in _central_entries(data):
        patched[at + 8] |= 0x01
    at = data.find(LOCAL)
    while at != -1:
        patched[at + 6] |= 0x01
        at = data.find(LOCAL, at + 4)
    return bytes(patched)


def spy_opens(monkeypatch) -> list[str]:
    """The names of the members zipfile is asked to open for reading, in order, from now on
    (for the rest of the test)."""
    names: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, mode="r", *args, **kwargs):
        if mode == "r":
            names.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return real_open(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    return names
