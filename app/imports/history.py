"""What a watch-history file says, whatever tracker wrote it (issue 19). Pure: the parsers
(tvtime.py, trakt.py, unspoiled.py) turn a file into a History; matching.py pairs its shows
with the catalogue; service.py writes what the member confirmed. A History goes to JSON and
back (`to_json`, `from_json`) so it is parsed once, at upload, and kept in HistoryImport."""

import json
from dataclasses import asdict, dataclass, field


class ImportRefused(ValueError):
    """The file cannot be imported; the message says why, in words for the member (it is
    shown on the page and printed by the command). Nothing has been written."""


@dataclass
class WatchedShow:
    """One show in the file, with what was watched of it.

    `seasons` maps a season number (1 and up; specials, season 0, are left out) to the
    highest episode number watched in it; `episodes_watched` is set instead when the source
    counts episodes in one sequence, as ours does (Unspoiled's own export). `first_watched`
    and `last_watched` are ISO 8601 strings in UTC, or None."""

    title: str
    year: int | None = None
    native_title: str | None = None
    alt_titles: list[str] = field(default_factory=list)
    slug: str | None = None  # Unspoiled's own export only
    ids: dict[str, str] = field(default_factory=dict)  # e.g. {"tvdb": "81189", "imdb": "tt…"}
    seasons: dict[int, int] = field(default_factory=dict)
    episodes_watched: int | None = None
    status: str | None = None  # ours (WatchEntry.status), when the source says it exactly
    score: float | None = None  # only where the source's scale maps onto ours exactly
    # Episode ratings where the scale maps exactly: "season:number" (or "n" in one
    # sequence) -> rating 1.0-10.0 in halves.
    episode_ratings: dict[str, float] = field(default_factory=dict)
    plays: int = 0  # episode plays read for this show, rewatches included
    followed: bool = False  # followed in the source (TV Time), watched or not
    first_watched: str | None = None
    last_watched: str | None = None


@dataclass
class History:
    """A parsed file: its shows in the order first met, what was skipped and why (shown to
    the member: "12 film plays skipped: films are not shows"), and, for Unspoiled's own
    export, everything else it holds (reviews, lists, follows, …) as `extras`, restored by
    app/imports/restore.py."""

    source: str
    shows: list[WatchedShow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    extras: dict | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "History":
        data = json.loads(text)
        shows = [
            WatchedShow(**{**show, "seasons": {int(k): v for k, v in show["seasons"].items()}})
            for show in data.pop("shows")
        ]
        return cls(shows=shows, **data)


def sequence_episode(seasons: dict[int, int]) -> int:
    """The highest episode watched, counted across seasons in order (docs/decisions.md,
    "Seasons"): the highest episode seen in each earlier season stands for its length,
    then the highest in the last. It errs low (a season whose last episodes were never
    marked counts shorter), never high: an import must not open spoilers."""
    if not seasons:
        return 0
    last = max(seasons)
    return sum(count for season, count in seasons.items() if season < last) + seasons[last]
