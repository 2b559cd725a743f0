"""Reads Unspoiled's own export (docs/export-format.md) into a History (issue 19). Pure:
bytes in, a History out.

Shows become WatchedShows (slug, titles, year, episodes in one sequence, status, score);
what restore.py writes besides (reviews, episode ratings, lists, follows, settings) goes
into `History.extras`, checked here for shape so restore() meets only well-formed values.
Comments are not restored (they answer other people's reviews and threads, which the new
account may not see as they were): they are counted in `skipped`.
"""

import json

from app.imports.archive import normalised_name, read_members
from app.imports.history import History, ImportRefused, WatchedShow
from app.scoring import SUBRATINGS, is_valid_score

SOURCE = "unspoiled"
FORMAT = "unspoiled-export"
VERSION = 1
# WatchEntry.status values (app/models/progress.py STATUSES, which this pure module may
# not import; tests/imports/test_unspoiled_format.py checks they stay the same).
STATUSES = ("plan_to_watch", "watching", "completed", "on_hold", "dropped")
FILES = ("manifest", "profile", "progress", "reviews", "comments", "episode_ratings", "lists",
         "follows")  # fmt: skip
WANTED = {f"{name.replace('_', '')}json": name for name in FILES}


class Malformed(ImportRefused):
    """A file of the export is not as docs/export-format.md says."""


def parse(data: bytes, filename: str) -> History:
    """The History in `data`; ImportRefused with the reason when it cannot be read."""
    files = _load(data)
    _check_manifest(files.get("manifest"))
    progress = _list(files, "progress", required=True)
    shows = [_show(record, index) for index, record in enumerate(progress)]
    comments = _list(files, "comments")
    skipped = []
    if comments:
        skipped.append(
            f"{len(comments)} comment{'s' if len(comments) != 1 else ''} not restored: "
            "comments answer other members' reviews and threads (they stay in your file)."
        )
    return History(source=SOURCE, shows=shows, skipped=skipped, extras=_extras(files))


def _load(data: bytes) -> dict[str, object]:
    """{file name without .json: its JSON} for each export file in the zip."""
    members = read_members(data, WANTED, suffixes=(".json",))
    files: dict[str, object] = {}
    for name, content in members.items():
        key = WANTED[normalised_name(name)]
        if key in files:
            raise Malformed(
                f"This zip archive holds {key}.json twice: upload the export as it came."
            )
        try:
            files[key] = json.loads(content.decode("utf-8-sig"))
        except RecursionError:
            raise Malformed(f"{key}.json nests too deeply to be an export.") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            where = f" (line {error.lineno})" if isinstance(error, json.JSONDecodeError) else ""
            raise Malformed(
                f"{key}.json is not valid JSON{where}: was it edited by hand?"
            ) from None
    if "manifest" not in files:
        raise ImportRefused(
            "This is not an Unspoiled export: it has no manifest.json. Choose the source the "
            "file came from (TV Time, Trakt), or upload the zip from “Download your data”."
        )
    return files


def _check_manifest(manifest: object) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ImportRefused("manifest.json does not describe an Unspoiled export.")
    version = manifest.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ImportRefused(
            f"This export is in format version {version!r}; this site reads version {VERSION}. "
            "Download your data again from the site that made it."
        )


def _list(files: dict, name: str, *, required: bool = False) -> list:
    """The JSON list in `name`.json; [] when it is absent (a member may leave a file out
    of the zip to restore less), unless `required`."""
    if name not in files:
        if required:
            raise Malformed(f"This export has no {name}.json: upload the zip as it came.")
        return []
    value = files[name]
    if not isinstance(value, list):
        raise Malformed(f"{name}.json should hold a list, not {_kind(value)}.")
    for index, record in enumerate(value):
        if not isinstance(record, dict):
            raise Malformed(
                f"{name}.json, entry {index + 1}: expected an object, found {_kind(record)}."
            )
    return value


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _field(record: dict, key: str, kinds, where: str, *, optional: bool = False):
    """`record[key]`, checked to be one of `kinds` (None allowed when `optional`)."""
    value = record.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, kinds) or isinstance(value, bool) and bool not in _tuple(kinds):
        raise Malformed(f"{where}: “{key}” is missing or not {_expected(kinds)}.")
    return value


def _tuple(kinds) -> tuple:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _expected(kinds) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             list: "a list", dict: "an object"}  # fmt: skip
    return " or ".join(dict.fromkeys(names[kind] for kind in _tuple(kinds)))


def _score(record: dict, key: str, where: str) -> float | None:
    value = _field(record, key, (int, float), where, optional=True)
    if value is not None and not is_valid_score(float(value)):
        raise Malformed(f"{where}: “{key}” {value} is not a rating from 1 to 10 in halves.")
    return None if value is None else float(value)


def _show(record: dict, index: int) -> WatchedShow:
    where = f"progress.json, entry {index + 1}"
    episodes = _field(record, "episodes_watched", int, where)
    status = _field(record, "status", str, where)
    if episodes < 0:
        raise Malformed(f"{where}: “episodes_watched” cannot be negative.")
    if status not in STATUSES:
        raise Malformed(f"{where}: “status” {status!r} is not one of {', '.join(STATUSES)}.")
    native = _field(record, "native_title", str, where, optional=True)
    return WatchedShow(
        title=_field(record, "title", str, where),
        slug=_field(record, "slug", str, where),
        year=_field(record, "year", int, where, optional=True),
        native_title=native,
        episodes_watched=episodes,
        status=status,
        score=_score(record, "score", where),
    )


def _extras(files: dict) -> dict:
    """What restore() writes besides progress, as plain JSON values."""
    return {
        "reviews": [_review(r, i) for i, r in enumerate(_list(files, "reviews"))],
        "episode_ratings": [_rating(r, i) for i, r in enumerate(_list(files, "episode_ratings"))],
        "lists": [_show_list(r, i) for i, r in enumerate(_list(files, "lists"))],
        "follows": _follows(files.get("follows", {})),
        "settings": _settings(files.get("profile", {}), _list(files, "progress")),
        "progress_slugs": [record["slug"] for record in _list(files, "progress")],
    }


def _review(record: dict, index: int) -> dict:
    where = f"reviews.json, entry {index + 1}"
    review = {
        "slug": _field(record, "slug", str, where),
        "title": _field(record, "title", str, where),
        "body": _field(record, "body", str, where),
        "episodes_watched": _field(record, "episodes_watched", int, where),
        "rating_overall": _score(record, "rating_overall", where),
        **{f"rating_{n}": _score(record, f"rating_{n}", where) for n in SUBRATINGS},
        "created_at": _field(record, "created_at", str, where, optional=True),
        "held": record.get("status") == "held",
    }
    if review["rating_overall"] is None:
        raise Malformed(f"{where}: “rating_overall” is missing.")
    return review


def _rating(record: dict, index: int) -> dict:
    where = f"episode_ratings.json, entry {index + 1}"
    episode = _field(record, "episode", int, where)
    rating = _score(record, "rating", where)
    if episode < 1 or rating is None:
        raise Malformed(f"{where}: needs an episode from 1 and a rating.")
    return {"slug": _field(record, "slug", str, where), "episode": episode, "rating": rating}


def _show_list(record: dict, index: int) -> dict:
    where = f"lists.json, entry {index + 1}"
    items = _field(record, "items", list, where)
    for number, item in enumerate(items):
        item_where = f"{where}, item {number + 1}"
        if not isinstance(item, dict):
            raise Malformed(f"{item_where}: expected an object, found {_kind(item)}.")
        _field(item, "slug", str, item_where)
        _field(item, "note", str, item_where, optional=True)
    return {
        "name": _field(record, "name", str, where),
        "description": _field(record, "description", str, where, optional=True) or "",
        "is_public": _field(record, "is_public", bool, where),
        "items": [{"slug": item["slug"], "note": item.get("note") or ""} for item in items],
    }


def _follows(value: object) -> dict[str, list[str]]:
    """Whom the member followed and blocked (their followers chose to follow the old
    account: that is theirs to do again)."""
    if not isinstance(value, dict):
        raise Malformed(f"follows.json should hold an object, not {_kind(value)}.")
    names = {}
    for key in ("following", "blocked"):
        found = value.get(key, [])
        if not isinstance(found, list) or not all(isinstance(n, str) for n in found):
            raise Malformed(f"follows.json: “{key}” should be a list of usernames.")
        names[key] = found
    return names


def _settings(profile: object, progress: list) -> dict:
    """The account's numbers and notification settings, and each show's numbers setting."""
    if not isinstance(profile, dict):
        raise Malformed(f"profile.json should hold an object, not {_kind(profile)}.")
    where = "profile.json"
    percent = _field(profile, "hide_numbers_percent", int, where, optional=True)
    if percent is not None and not 1 <= percent <= 100:
        raise Malformed(f"{where}: “hide_numbers_percent” should be from 1 to 100.")
    off = profile.get("notifications_off", [])
    if not isinstance(off, list) or not all(isinstance(kind, str) for kind in off):
        raise Malformed(f"{where}: “notifications_off” should be a list of kinds.")
    per_show = {}
    for index, record in enumerate(progress):
        until = _field(record, "hide_numbers_until", int, f"progress.json, entry {index + 1}",
                       optional=True)  # fmt: skip
        if until is not None and until >= 0:
            per_show[record["slug"]] = until
    return {
        "is_list_public": _field(profile, "is_list_public", bool, where, optional=True),
        "hide_numbers_percent": percent,
        "notifications_off": off,
        "hide_numbers_until": per_show,
    }
