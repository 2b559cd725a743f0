"""Reading a file of show records for `flask shows import`: all good, or nothing written.

A record's `poster` is the path of an image file, relative to the JSON file's folder;
each is read and prepared (app/images.py) here, with the records, so a bad image is
reported with its record's index like any other problem, before anything is written.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from app import images
from app.shows.records import RecordInvalid, ShowRecord, parse_record

MAX_FILE_BYTES = 64 * 1024 * 1024  # read whole into memory; far above any real catalogue


class ImportFileInvalid(Exception):
    """The file cannot be imported; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Imported:
    """One checked record, with its poster prepared (None when it names none)."""

    record: ShowRecord
    poster: images.Prepared | None = None


def read_records(path: Path, *, image_limits: images.Limits | None = None) -> list[Imported]:
    """Parse and check every record of a JSON file (an array of show objects), and
    prepare the posters they name within `image_limits`."""
    data = _load(path)
    if not isinstance(data, list):
        raise ImportFileInvalid(["the file must hold a JSON array of show objects"])
    items, problems, seen = [], [], {}
    for index, item in enumerate(data):
        try:
            record = parse_record(item)
            poster = _poster(record, path.parent, image_limits or images.Limits())
        except RecordInvalid as error:
            problems += [f"record {index}, field '{k}': {v}" for k, v in error.errors.items()]
            continue
        if record.slug in seen:
            problems.append(
                f"record {index}, field 'slug': {record.slug!r} already used by record "
                f"{seen[record.slug]}"
            )
        seen[record.slug] = index
        items.append(Imported(record, poster))
    if problems:
        raise ImportFileInvalid(problems)
    return items


def _poster(record: ShowRecord, folder: Path, limits: images.Limits) -> images.Prepared | None:
    """The record's poster file, read (relative to `folder`) and prepared; a file that
    cannot be read or is refused is a RecordInvalid of the `poster` field."""
    if record.poster is None:
        return None
    file = folder / record.poster
    try:
        with file.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)  # one byte over says "too large"
        return images.prepare(data, images.POSTER, limits)
    except OSError as error:
        problem = f"cannot read {file}: {error.strerror or error}"
    except images.ImageRefused as refused:
        problem = f"{file}: {refused.message}"
    raise RecordInvalid({"poster": problem})


def _load(path: Path):
    """The file's JSON value; each way a file can be unreadable is one sentence in an
    ImportFileInvalid, never a traceback."""
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileInvalid([f"{path} is not valid JSON: {error}"]) from None
    except RecursionError:
        raise ImportFileInvalid([f"{path} nests arrays or objects too deeply"]) from None
    except ValueError:  # Python refuses to convert integers of more than 4,300 digits
        raise ImportFileInvalid([f"{path} holds a number with too many digits"]) from None
    if not _is_unicode(data):
        problem = f"{path} holds text that is not valid Unicode (an unpaired \\u surrogate escape)"
        raise ImportFileInvalid([problem])
    return data


def _read_text(path: Path) -> str:
    """The file's text, if it is UTF-8 and small enough to load whole."""
    try:
        if path.stat().st_size <= MAX_FILE_BYTES:
            return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ImportFileInvalid([f"cannot read {path}: {error.strerror or error}"]) from None
    except UnicodeDecodeError as error:
        raise ImportFileInvalid([f"{path} is not UTF-8 text (byte {error.start})"]) from None
    megabytes = MAX_FILE_BYTES // 2**20
    raise ImportFileInvalid([f"{path} is larger than {megabytes} MiB: split it into smaller files"])


def _is_unicode(data) -> bool:
    """False if any text in `data` holds a lone surrogate (which JSON escapes allow);
    walked without recursion, however deep the file nests."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
    return True
