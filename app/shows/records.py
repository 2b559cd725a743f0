"""A show as plain data, and the rules a show record must follow. Pure.

The same rules check the admin form and `flask shows import`, so both accept exactly
the same shows. The JSON shape is documented in the README.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_EPISODES = 500
MAX_RUNTIME_MINUTES = 600  # minutes per episode; the column's check says the same
FIELDS = {
    "slug",
    "title",
    "native_title",
    "alt_titles",
    "year",
    "network",
    "episodes",
    "runtime_minutes",
    "genres",
    "synopsis",
    "episode_guide",
    "poster",
}


@dataclass(frozen=True)
class EpisodeInfo:
    """An episode's title and optional synopsis."""

    title: str
    synopsis: str = ""


@dataclass(frozen=True)
class ShowRecord:
    """Validated facts of one show."""

    slug: str
    title: str
    episodes: int
    native_title: str | None = None
    alt_titles: list[str] = field(default_factory=list)
    year: int | None = None
    network: str | None = None
    runtime_minutes: int | None = None  # minutes per episode
    genres: list[str] = field(default_factory=list)
    synopsis: str = ""
    episode_guide: list[EpisodeInfo] = field(default_factory=list)
    poster: str | None = None  # an image file's path, as written (the import reads it)


class RecordInvalid(Exception):
    """A record broke the rules; `errors` maps each bad field to a sentence."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


def _text(data: Mapping, name: str, errors: dict, *, limit: int, required: bool = False):
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = "is required"
        return None
    if not isinstance(value, str):
        errors[name] = "must be text"
        return None
    if len(value.strip()) > limit:
        errors[name] = f"must be at most {limit} characters"
        return None
    return value.strip()


def _whole(data: Mapping, name: str, errors: dict, *, low: int, high: int, required=False):
    value = data.get(name)
    if value is None or value == "":
        if required:
            errors[name] = "is required"
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[name] = f"must be a whole number from {low} to {high}"
        return None
    return value


def _text_list(data: Mapping, name: str, errors: dict, *, limit: int, most: int) -> list[str]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors[name] = "must be a list of text"
        return []
    items = [item.strip() for item in value if item.strip()]
    if len(items) > most:
        errors[name] = f"must have at most {most} entries"
    elif any(len(item) > limit for item in items):
        errors[name] = f"entries must be at most {limit} characters"
    return list(dict.fromkeys(items))


def _episode_guide(data: Mapping, episodes: int | None, errors: dict) -> list[EpisodeInfo]:
    value = data.get("episode_guide") or []
    entries = []
    for entry in value if isinstance(value, list) else [None]:
        if isinstance(entry, str):
            entry = {"title": entry}
        if not isinstance(entry, dict) or set(entry) - {"title", "synopsis"}:
            errors["episode_guide"] = 'must be a list of {"title", "synopsis"} objects'
            return []
        sub: dict[str, str] = {}
        title = _text(entry, "title", sub, limit=200) or ""
        synopsis = _text(entry, "synopsis", sub, limit=2000) or ""
        if sub:
            errors["episode_guide"] = f"episode {len(entries) + 1}: " + "; ".join(
                f"{k} {v}" for k, v in sub.items()
            )
            return []
        entries.append(EpisodeInfo(title, synopsis))
    if episodes is not None and len(entries) > episodes:
        errors["episode_guide"] = f"lists {len(entries)} episodes but the show has {episodes}"
    return entries


def parse_record(data: Any) -> ShowRecord:
    """Check `data` (a JSON object) and return the show it describes; raise RecordInvalid."""
    if not isinstance(data, Mapping):
        raise RecordInvalid({"record": "must be a JSON object"})
    errors: dict[str, str] = {}
    for unknown in sorted(set(data) - FIELDS):
        errors[unknown] = "is not a known field"
    slug = _text(data, "slug", errors, limit=100, required=True)
    if slug and not SLUG.match(slug):
        errors["slug"] = "must be lower-case letters and digits joined by single hyphens"
    episodes = _whole(data, "episodes", errors, low=1, high=MAX_EPISODES, required=True)
    record = dict(
        slug=slug,
        title=_text(data, "title", errors, limit=200, required=True),
        episodes=episodes,
        native_title=_text(data, "native_title", errors, limit=200),
        alt_titles=_text_list(data, "alt_titles", errors, limit=200, most=20),
        year=_whole(data, "year", errors, low=1950, high=2100),
        network=_text(data, "network", errors, limit=100),
        runtime_minutes=_whole(data, "runtime_minutes", errors, low=1, high=MAX_RUNTIME_MINUTES),
        genres=_text_list(data, "genres", errors, limit=50, most=10),
        synopsis=_text(data, "synopsis", errors, limit=5000) or "",
        episode_guide=_episode_guide(data, episodes, errors),
        poster=_text(data, "poster", errors, limit=1000),
    )
    if errors:
        raise RecordInvalid(errors)
    return ShowRecord(**record)
