"""Reads a Trakt export into a History (issue 19). Pure: bytes in, a History out.

Trakt exports JSON (../shared/IMPORT-FORMATS.md): watched-history.json (plays),
ratings-shows.json and ratings-episodes.json (whole ratings 1-10, our scale exactly). A member
uploads one of those files alone, or the zip holding them; from a zip only those three are
read. Strict where a misread would write wrong progress or scores (shapes, numbers,
ratings), lenient with fields that are simply extra or absent (dates, ids, years)."""

import json

from app.imports.archive import normalised_name, read_members
from app.imports.history import History, ImportRefused, WatchedShow
from app.imports.plays import FILMS, SPECIALS, Tally, iso_utc

HISTORY = "watched-history.json"
SHOW_RATINGS = "ratings-shows.json"
EPISODE_RATINGS = "ratings-episodes.json"
FILES = {normalised_name(name): name for name in (HISTORY, SHOW_RATINGS, EPISODE_RATINGS)}
ID_KEYS = ("trakt", "slug", "tvdb", "imdb", "tmdb")

SPECIAL_RATINGS = "{n} rating{s} of special episodes skipped: season 0 holds specials"
OTHER_RATINGS = "{n} rating{s} of films, seasons or other things skipped: only shows and episodes"
OTHER_PLAYS = "{n} play{s} of another kind skipped: only episode plays count"


def parse(data: bytes, filename: str) -> History:
    """The History in a Trakt export: one of its JSON files, or a zip of them; ImportRefused
    with the reason (and where: "watched-history.json, item 17: no show title")."""
    tally = Tally("trakt")
    if data.startswith(b"PK"):
        files = _from_zip(data)
    else:
        name = filename.rsplit("/", 1)[-1] or "the file"
        items = _load(name, data)
        files = {_kind(name, items): (name, items)}
    if HISTORY in files:
        _read_history(tally, *files[HISTORY])
    if SHOW_RATINGS in files:
        _read_show_ratings(tally, *files[SHOW_RATINGS])
    if EPISODE_RATINGS in files:
        _read_episode_ratings(tally, *files[EPISODE_RATINGS])
    history = tally.history()
    if not history.shows:
        why = f" ({'; '.join(history.skipped)})" if history.skipped else ""
        raise ImportRefused(
            f"This Trakt export holds no episode plays and no show ratings{why}: there is "
            "nothing to import."
        )
    return history


def _from_zip(data: bytes) -> dict[str, tuple[str, list]]:
    members = read_members(data, FILES, suffixes=(".json",))
    files: dict[str, tuple[str, list]] = {}
    for member, content in members.items():
        kind = FILES[normalised_name(member)]
        if kind in files:
            raise ImportRefused(
                f"This zip holds two files that could be {kind}: {files[kind][0]!r} and "
                f"{member!r}. Upload the zip Trakt gave you, as it came."
            )
        files[kind] = (member, _load(member, content))
    if not files:
        raise ImportRefused(
            f"This zip holds none of the Trakt files we read: {HISTORY}, {SHOW_RATINGS} or "
            f"{EPISODE_RATINGS}. Upload the zip Trakt gave you, as it came."
        )
    return files


def _load(name: str, content: bytes) -> list:
    try:
        value = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{name} is not UTF-8 text (unreadable byte at position {error.start:,})."
        ) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"{name} is not valid JSON (line {error.lineno:,}, column {error.colno:,}: "
            f"{error.msg})."
        ) from None
    except RecursionError:
        raise ImportRefused(f"{name} is nested too deeply to be a Trakt export.") from None
    if not isinstance(value, list):
        raise ImportRefused(
            f"{name} should hold a list of plays or ratings, not {_kind_of(value)}: this is "
            "not a Trakt export file."
        )
    return value


def _kind(name: str, items: list) -> str:
    """Which Trakt file a lone upload is, told from its content, not its name."""
    first = items[0] if items else None
    if isinstance(first, dict) and "watched_at" in first:
        return HISTORY
    if isinstance(first, dict) and "rating" in first:
        return EPISODE_RATINGS if first.get("type") == "episode" else SHOW_RATINGS
    raise ImportRefused(
        f"{name} holds neither Trakt plays (watched-history.json) nor ratings "
        "(ratings-shows.json, ratings-episodes.json)."
    )


def _read_history(tally: Tally, name: str, items: list) -> None:
    for index, item in enumerate(items, start=1):
        where = f"{name}, item {index:,}"
        kind = _field(item, "type", str, where)
        if kind == "movie":
            tally.skip(FILMS)
            continue
        if kind != "episode":
            tally.skip(OTHER_PLAYS)
            continue
        season, number = _episode(item, where)
        if season == 0:
            tally.skip(SPECIALS)
            continue
        show = _show(tally, item, where)
        tally.play(show, season, number, iso_utc(item.get("watched_at")))


def _read_show_ratings(tally: Tally, name: str, items: list) -> None:
    for index, item in enumerate(items, start=1):
        where = f"{name}, item {index:,}"
        if _field(item, "type", str, where) != "show":
            tally.skip(OTHER_RATINGS)
            continue
        rating = _rating(item, where)
        _show(tally, item, where).score = rating


def _read_episode_ratings(tally: Tally, name: str, items: list) -> None:
    for index, item in enumerate(items, start=1):
        where = f"{name}, item {index:,}"
        if _field(item, "type", str, where) != "episode":
            tally.skip(OTHER_RATINGS)
            continue
        rating = _rating(item, where)
        season, number = _episode(item, where)
        if season == 0:
            tally.skip(SPECIAL_RATINGS)
            continue
        _show(tally, item, where).episode_ratings[f"{season}:{number}"] = rating


def _show(tally: Tally, item: dict, where: str) -> WatchedShow:
    show = _field(item, "show", dict, where)
    title = show.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ImportRefused(f"{where}: no show title.")
    raw_ids = show.get("ids") if isinstance(show.get("ids"), dict) else {}
    ids = {key: str(raw_ids[key]) for key in ID_KEYS if _present(raw_ids.get(key))}
    year = show.get("year") if _is_int(show.get("year")) else None
    if "trakt" in ids:
        key = ("trakt", ids["trakt"])
    elif "slug" in ids:
        key = ("slug", ids["slug"])
    else:
        key = ("title", title.strip().casefold(), year)
    return tally.show(key, title.strip(), year=year, ids=ids)


def _episode(item: dict, where: str) -> tuple[int, int]:
    episode = _field(item, "episode", dict, where)
    season, number = episode.get("season"), episode.get("number")
    if not _is_int(season) or season < 0:
        raise ImportRefused(f"{where}: the episode has no season number.")
    if not _is_int(number) or number < 1:
        raise ImportRefused(f"{where}: the episode has no episode number.")
    return season, number


def _rating(item: dict, where: str) -> float:
    rating = item.get("rating")
    if not _is_int(rating) or not 1 <= rating <= 10:
        raise ImportRefused(
            f"{where}: rating {rating!r} is not a whole number from 1 to 10, as Trakt's are."
        )
    return float(rating)


def _field(item: object, key: str, kind: type, where: str):
    if not isinstance(item, dict):
        raise ImportRefused(f"{where}: {_kind_of(item)}, where a play or rating was expected.")
    value = item.get(key)
    if not isinstance(value, kind):
        raise ImportRefused(f"{where}: no {key}.")
    return value


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _present(value: object) -> bool:
    return _is_int(value) or (isinstance(value, str) and bool(value.strip()))


def _kind_of(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "nothing")
