"""Reads a TV Time export into a History (issue 19). Pure: bytes in, a History out.

TV Time's GDPR export is a zip of one CSV per table (../shared/IMPORT-FORMATS.md). Only the
files named below are ever taken out of it: the rest hold login records, access tokens and
password hashes, and are never decompressed. Names match by `normalised_name`, exactly, so
"Tracking-Prod-Records-V2.csv" and "tracking_prod_records_v2.csv" are the same file."""

import csv
import io
from collections.abc import Iterator

from app.imports.archive import normalised_name, read_members
from app.imports.history import History, ImportRefused, WatchedShow
from app.imports.plays import FILMS, SPECIALS, Tally, iso_utc

# Watched episodes, the newest format first: only the first one present is read.
WATCHED_FILES = {
    "trackingprodrecordsv2csv": "tracking-prod-records-v2.csv",
    "trackingprodrecordscsv": "tracking-prod-records.csv",
    "watchedonepisodecsv": "watched_on_episode.csv",
}
# Followed shows, and the column saying so: both are read when present.
FOLLOWED_FILES = {
    "followedtvshowcsv": ("followed_tv_show.csv", "active"),
    "usertvshowdatacsv": ("user_tv_show_data.csv", "is_followed"),
}
VOTES_FILE = "ratings3prodepisodevotescsv"  # noticed, never read
VOTES_NOTE = "episode votes not imported: TV Time's votes have no scale we can map"

# Roles -> the column names TV Time has used for them (lower case), the usual one first.
WATCHED_COLUMNS = {
    "name": ("series_name", "tv_show_name"),
    "season": ("season_number", "s_no", "episode_season_number"),
    "number": ("episode_number", "ep_no"),
}
WATCHED_OPTIONAL = {
    "id": ("s_id", "tv_show_id", "series_id"),
    "date": ("created_at",),
    "key": ("key",),
}
FOLLOWED_OPTIONAL = {"id": ("tv_show_id",)}
PLAY_KEYS = ("watch-episode", "rewatch-episode")  # v2's `key` column: rows that are plays
FILM_KEYS = ("watch-movie", "rewatch-movie")
TRUE = {"1", "true", "t", "yes", "y"}

NUMBERED_ZERO = "{n} play{s} of episodes numbered 0 skipped: TV Time lost their numbers"
NO_NUMBERS = "{n} row{s} without a season or episode number skipped"
NO_NAME = "{n} row{s} without a show name skipped"


def parse(data: bytes, filename: str) -> History:
    """The History in TV Time's export zip (or in one of its watched or followed CSV files,
    uploaded alone); ImportRefused with the reason when it cannot be read."""
    files = _members(data, filename)
    tally = Tally("tvtime")
    names = _NameIndex()
    watched = [key for key in WATCHED_FILES if key in files]
    if watched:
        member, content = files[watched[0]]
        _read_watched(tally, names, member, content)
    for key, (_, column) in FOLLOWED_FILES.items():
        if key in files:
            member, content = files[key]
            _read_followed(tally, names, member, content, column)
    if VOTES_FILE in files:
        tally.notes.append(VOTES_NOTE)
    return _finish(tally)


def _known(name: str) -> str | None:
    """The key of the TV Time file a normalised member name is, allowing for a service
    prefix ("tvtime-tracking-prod-records-v2.csv"); None for every other file."""
    for key in (*WATCHED_FILES, *FOLLOWED_FILES, VOTES_FILE):
        if name.endswith(key):
            return key
    return None


def _members(data: bytes, filename: str) -> dict[str, tuple[str, bytes | None]]:
    """{file key: (member name, bytes)} of the files this reads; the votes file is listed
    with None, as it is noticed but never read."""
    alone = _known(normalised_name(filename))
    if not data.startswith(b"PK") and (alone in WATCHED_FILES or alone in FOLLOWED_FILES):
        return {alone: (filename.rsplit("/", 1)[-1], data)}
    present: list[str] = []
    read_members(data, lambda name: present.append(_known(name)) or False, suffixes=(".csv",))
    watched = [key for key in WATCHED_FILES if key in present][:1]
    wanted = set(watched) | {key for key in FOLLOWED_FILES if key in present}
    if not wanted:
        raise ImportRefused(
            "This zip holds none of the TV Time files we read: tracking-prod-records-v2.csv "
            "(or tracking-prod-records.csv, or watched_on_episode.csv) for the episodes you "
            "watched, followed_tv_show.csv or user_tv_show_data.csv for the shows you follow. "
            "Upload the zip TV Time sent, as it came."
        )
    found: dict[str, tuple[str, bytes | None]] = {}
    chosen = read_members(data, lambda name: _known(name) in wanted, suffixes=(".csv",))
    for member, content in chosen.items():
        key = _known(normalised_name(member))
        if key in found:
            raise ImportRefused(
                f"This zip holds two files that could be {_display(key)}: {found[key][0]!r} "
                f"and {member!r}. Upload the zip TV Time sent, as it came."
            )
        found[key] = (member, content)
    if VOTES_FILE in present:
        found[VOTES_FILE] = (VOTES_FILE, None)
    return found


def _display(key: str) -> str:
    return WATCHED_FILES.get(key) or FOLLOWED_FILES[key][0]


class _NameIndex:
    """Which key a show goes under: its TVDB id when the row has one, else the id another row
    gave the same name, else the name itself."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def learn(self, name: str, tvdb: str) -> None:
        if name and tvdb:
            self.ids.setdefault(name.casefold(), tvdb)

    def key(self, name: str, tvdb: str) -> tuple[str, str]:
        tvdb = tvdb or self.ids.get(name.casefold(), "")
        return ("tvdb", tvdb) if tvdb else ("name", name.casefold())


def _read_watched(tally: Tally, names: _NameIndex, member: str, content: bytes) -> None:
    rows = list(_table(member, content, WATCHED_COLUMNS, WATCHED_OPTIONAL))
    for _, row in rows:
        names.learn(row["name"], row["id"])
    for line, row in rows:
        kind = row["key"].lower()
        if kind.startswith(FILM_KEYS):
            tally.skip(FILMS)
            continue
        if kind and not kind.startswith(PLAY_KEYS):
            continue  # follows ("user-series-…") and totals ("tracking-stats"), not plays
        if not row["name"] and not row["id"]:
            tally.skip(NO_NAME)
            continue
        season = _whole(row["season"], member, line, "season number")
        number = _whole(row["number"], member, line, "episode number")
        if season is None or number is None:
            tally.skip(NO_NUMBERS)
        elif season == 0:
            tally.skip(SPECIALS)
        elif number == 0:
            tally.skip(NUMBERED_ZERO)
        else:
            show = _show(tally, names, row)
            tally.play(show, season, number, iso_utc(row["date"]))


def _read_followed(
    tally: Tally, names: _NameIndex, member: str, content: bytes, column: str
) -> None:
    required = {"name": ("tv_show_name",), "flag": (column,)}
    for _, row in _table(member, content, required, FOLLOWED_OPTIONAL):
        if row["flag"].strip().lower() not in TRUE or not (row["name"] or row["id"]):
            continue
        _show(tally, names, row).followed = True


def _show(tally: Tally, names: _NameIndex, row: dict[str, str]) -> WatchedShow:
    show = tally.show(
        names.key(row["name"], row["id"]),
        row["name"],
        ids={"tvdb": row["id"]} if row["id"] else {},
    )
    if not show.title:
        show.title = row["name"]
    return show


def _finish(tally: Tally) -> History:
    nameless = [key for key, show in tally.shows.items() if not show.title]
    for key in nameless:
        tally.skip(NO_NAME, tally.shows.pop(key).plays or 1)
    history = tally.history()
    if not history.shows:
        why = f" ({'; '.join(history.skipped)})" if history.skipped else ""
        raise ImportRefused(
            f"This TV Time export holds no watched episodes and no followed shows{why}: "
            "there is nothing to import."
        )
    return history


def _table(
    member: str, content: bytes, required: dict, optional: dict
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {role: value}) for each row of the CSV `content`, found by column name in any
    order; extra columns are ignored. ImportRefused names the file and what is wrong."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{member} is not UTF-8 text (unreadable byte at position {error.start:,}): "
            "download the export again."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        header = [column.strip().lower() for column in next(reader, [])]
        if not header:
            return
        where = {}
        for role, aliases in required.items():
            found = [header.index(a) for a in aliases if a in header]
            if not found:
                raise ImportRefused(
                    f"{member} has no {aliases[0]} column: this is not the TV Time file we "
                    "expected. Upload the zip TV Time sent, as it came."
                )
            where[role] = found[0]
        for role, aliases in optional.items():
            found = [header.index(a) for a in aliases if a in header]
            where[role] = found[0] if found else None
        start = reader.line_num + 1  # where the next row begins (a row may span lines)
        for row in reader:
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in row):
                yield line, {role: _cell(row, i) for role, i in where.items()}
    except csv.Error as error:
        raise ImportRefused(f"{member}, line {start:,}: not readable as CSV ({error}).") from None


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _whole(value: str, member: str, line: int, what: str) -> int | None:
    """A season or episode number: None when empty, ImportRefused when it is not a whole
    number of zero or more (a file we misread must not become progress)."""
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise ImportRefused(f"{member}, line {line:,}: {what} {value!r} is not a whole number.")
    return int(value)
