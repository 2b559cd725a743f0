"""Reading uploaded zips (issue 19): the whole archive is checked before anything is read,
only wanted members are read, and every hostile archive is refused with a clear sentence."""

import io
import zipfile

import pytest

from app.imports import archive
from app.imports.archive import normalised_name, read_members
from app.imports.history import ImportRefused
from tests.imports.hostile_zips import (
    make_zip,
    spy_opens,
    with_declared_size,
    with_encrypted_flag,
)

CSV = (".csv",)
MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Tracking-Prod-Records-V2.csv", "trackingprodrecordsv2csv"),
        ("export/tracking_prod_records_v2.CSV", "trackingprodrecordsv2csv"),
        ("a/b/Followed TV Show (1).csv", "followedtvshow1csv"),
        ("données/été.csv", "tcsv"),
    ],
)
def test_normalised_name_keeps_base_name_letters_and_digits(name, normalised):
    assert normalised_name(name) == normalised


def test_read_members_reads_only_wanted_members_by_normalised_name(monkeypatch):
    opened = spy_opens(monkeypatch)
    data = make_zip(
        [
            ("export/", b""),
            ("export/Tracking-Prod-Records-V2.csv", b"a,b\n1,2\n"),
            ("export/login_history.csv", b"\xff\xfe secret"),
            ("export/access_tokens.csv", b"token"),
        ]
    )
    members = read_members(data, {"trackingprodrecordsv2csv"}, suffixes=CSV)
    assert members == {"export/Tracking-Prod-Records-V2.csv": b"a,b\n1,2\n"}
    assert opened == ["export/Tracking-Prod-Records-V2.csv"]


def test_read_members_takes_a_predicate():
    data = make_zip([("one.json", b"[1]"), ("two.json", b"[2]")])
    assert read_members(data, lambda name: name.startswith("two"), suffixes=(".json",)) == {
        "two.json": b"[2]"
    }


def test_read_members_ignores_macos_metadata_without_reading_it(monkeypatch):
    opened = spy_opens(monkeypatch)
    data = make_zip(
        [
            ("followed_tv_show.csv", b"x"),
            ("__MACOSX/._followed_tv_show.csv", b"\x00\x05\x16\x07"),
            (".DS_Store", b"\x00\x00\x00\x01Bud1"),
        ]
    )
    assert read_members(data, {"followedtvshowcsv"}, suffixes=CSV) == {"followed_tv_show.csv": b"x"}
    assert opened == ["followed_tv_show.csv"]


@pytest.mark.parametrize(
    "data",
    [b"", b"user_id,tv_show_name\n1,Signal\n", b"PK\x03\x04 not really a zip", b"\x00" * 100],
)
def test_not_a_zip_is_refused(data):
    with pytest.raises(ImportRefused, match="not a zip archive, or it is damaged"):
        read_members(data, {"x"}, suffixes=CSV)


def test_truncated_zip_is_refused():
    data = make_zip([("followed_tv_show.csv", b"tv_show_name,active\nSignal,1\n" * 50)])
    with pytest.raises(ImportRefused, match="not a zip archive, or it is damaged"):
        read_members(data[: len(data) // 2], {"followedtvshowcsv"}, suffixes=CSV)


def test_member_with_damaged_data_is_refused():
    data = bytearray(make_zip([("a.csv", b"0123456789" * 100)], compression=zipfile.ZIP_STORED))
    data[40:50] = b"XXXXXXXXXX"  # inside the member's data: its CRC no longer matches
    with pytest.raises(ImportRefused, match="'a.csv' in this zip archive is damaged"):
        read_members(bytes(data), {"acsv"}, suffixes=CSV)


@pytest.mark.parametrize("members", [[], [("empty/", b"")], [("__MACOSX/", b"")]])
def test_empty_zip_is_refused(members):
    with pytest.raises(ImportRefused, match="This zip archive is empty"):
        read_members(make_zip(members), {"x"}, suffixes=CSV)


def test_encrypted_member_is_refused_with_what_to_do(monkeypatch):
    opened = spy_opens(monkeypatch)
    data = with_encrypted_flag(make_zip([("followed_tv_show.csv", b"x")]))
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].flag_bits & 0x1
    with pytest.raises(
        ImportRefused,
        match="This export is password-protected: unzip it with its password, then zip",
    ):
        read_members(data, {"followedtvshowcsv"}, suffixes=CSV)
    assert opened == []


@pytest.mark.parametrize(
    "name",
    [
        "../followed_tv_show.csv",
        "export/../../etc/followed_tv_show.csv",
        "/etc/followed_tv_show.csv",
        "export\\followed_tv_show.csv",
        "C:/Users/me/followed_tv_show.csv",
        "c:followed_tv_show.csv",
        "..",
    ],
)
def test_path_tricks_are_refused_before_anything_is_read(name, monkeypatch):
    opened = spy_opens(monkeypatch)
    data = make_zip([("followed_tv_show.csv", b"x"), (name, b"x")])
    with pytest.raises(ImportRefused, match="a path that could point outside the archive"):
        read_members(data, {"followedtvshowcsv"}, suffixes=CSV)
    assert opened == []


def test_duplicate_member_names_are_refused():
    data = make_zip([("followed_tv_show.csv", b"x"), ("followed_tv_show.xsv", b"y")])
    data = data.replace(b"followed_tv_show.xsv", b"followed_tv_show.csv")
    with pytest.raises(ImportRefused, match="holds 'followed_tv_show.csv' twice"):
        read_members(data, {"followedtvshowcsv"}, suffixes=CSV)


@pytest.mark.parametrize("name", ["photo.jpg", "nested.zip", "notes", "export/tokens.json"])
def test_member_of_another_kind_is_refused(name, monkeypatch):
    opened = spy_opens(monkeypatch)
    data = make_zip([("followed_tv_show.csv", b"x"), (name, b"x")])
    with pytest.raises(
        ImportRefused, match=f"holds '{name}', which is not an export file: only .csv files"
    ):
        read_members(data, {"followedtvshowcsv"}, suffixes=CSV)
    assert opened == []


def test_suffixes_match_whatever_their_case():
    data = make_zip([("Followed_TV_Show.CSV", b"x")])
    assert read_members(data, {"followedtvshowcsv"}, suffixes=CSV) == {"Followed_TV_Show.CSV": b"x"}


def test_too_many_members_are_refused():
    members = [(f"t{i}.csv", b"") for i in range(archive.MAX_MEMBERS + 1)]
    with pytest.raises(ImportRefused, match="holds 2,001 files; an export has far fewer"):
        read_members(make_zip(members, compression=zipfile.ZIP_STORED), {"x"}, suffixes=CSV)


def test_zip_bomb_member_over_100_mb_is_refused_unread(monkeypatch):
    opened = spy_opens(monkeypatch)
    data = make_zip([("tracking-prod-records-v2.csv", bytes(150 * MB))], level=1)
    assert len(data) < 1 * MB
    with pytest.raises(ImportRefused, match="unpacks to 150 MB; at most 100 MB per file"):
        read_members(data, {"trackingprodrecordsv2csv"}, suffixes=CSV)
    assert opened == []


def test_highly_compressed_member_is_refused_as_a_bomb(monkeypatch):
    opened = spy_opens(monkeypatch)
    data = make_zip([("tracking-prod-records-v2.csv", b"a" * (20 * MB))], level=9)
    with pytest.raises(ImportRefused, match="times its packed size.*refused as a zip bomb"):
        read_members(data, {"trackingprodrecordsv2csv"}, suffixes=CSV)
    assert opened == []


def test_declared_total_over_the_cap_is_refused(monkeypatch):
    opened = spy_opens(monkeypatch)
    data = make_zip([(f"part{i}.csv", b"x" * 1000) for i in range(3)])
    for i in range(3):
        data = with_declared_size(data, f"part{i}.csv", 90 * MB)
    with pytest.raises(ImportRefused, match="unpacks to 270 MB; at most 200 MB is accepted"):
        read_members(data, {"part0csv"}, suffixes=CSV)
    assert opened == []


def test_member_whose_header_lies_about_its_size_is_refused():
    """150 MB of zeros declared as 1,000 bytes: the checks pass, the read does not."""
    data = make_zip([("tracking-prod-records-v2.csv", bytes(150 * MB))], level=1)
    data = with_declared_size(data, "tracking-prod-records-v2.csv", 1000)
    with pytest.raises(ImportRefused, match="'tracking-prod-records-v2.csv' in this zip"):
        read_members(data, {"trackingprodrecordsv2csv"}, suffixes=CSV)


class Endless(io.RawIOBase):
    """A stream that never ends, as a member whose header lies would be without zipfile's
    own checks."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = archive.CHUNK if size is None or size < 0 else size
        self.served += size
        return bytes(size)


def test_reading_stops_at_the_cap_whatever_the_header_says():
    stream = Endless()
    with pytest.raises(ImportRefused, match="unpacks to more than 1,048,576 bytes.*zip bomb"):
        archive.read_capped(stream, MB, "tracking-prod-records-v2.csv")
    assert stream.served <= MB + archive.CHUNK
