"""Reading a file of show records for `flask shows import`: all good, or nothing written."""

import json
from pathlib import Path

from app.shows.records import RecordInvalid, ShowRecord, parse_record


class ImportFileInvalid(Exception):
    """The file cannot be imported; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_records(path: Path) -> list[ShowRecord]:
    """Parse and check every record of a JSON file (an array of show objects)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileInvalid([f"cannot read {path}: {error}"]) from None
    except json.JSONDecodeError as error:
        raise ImportFileInvalid([f"{path} is not valid JSON: {error}"]) from None
    if not isinstance(data, list):
        raise ImportFileInvalid(["the file must hold a JSON array of show objects"])
    records, problems, seen = [], [], {}
    for index, item in enumerate(data):
        try:
            record = parse_record(item)
        except RecordInvalid as error:
            problems += [f"record {index}, field '{k}': {v}" for k, v in error.errors.items()]
            continue
        if record.slug in seen:
            problems.append(
                f"record {index}, field 'slug': {record.slug!r} already used by record "
                f"{seen[record.slug]}"
            )
        seen[record.slug] = index
        records.append(record)
    if problems:
        raise ImportFileInvalid(problems)
    return records
