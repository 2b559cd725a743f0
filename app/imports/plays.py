"""What the tracker parsers share (issue 19). Pure: a tally of episode plays grouped by show,
and dates read leniently into one ISO 8601 form."""

from collections import Counter
from datetime import UTC, datetime

from app.imports.history import History, WatchedShow

# What both trackers' exports hold that we skip, said the same way (a Tally counts them).
FILMS = "{n} film play{s} skipped: films are not shows"
SPECIALS = "{n} special episode play{s} skipped: season 0 holds specials, which we do not count"


def iso_utc(text: object) -> str | None:
    """`text` as "YYYY-MM-DDTHH:MM:SSZ" in UTC, or None when it is no date we can read (a
    date is extra: a play without one still counts). Reads ISO 8601 with or without a zone
    ("Z", "+02:00", "+0000"), TV Time's "2021-03-01 10:00:00" and "… +0000 UTC"; a time
    without a zone is taken as UTC."""
    if not isinstance(text, str) or not text.strip():
        return None
    value = text.strip().removesuffix(" UTC").strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Tally:
    """Shows in the order first met, keyed by whatever identifies a show in the source.
    Counts what was skipped, by reason, for History.skipped."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.shows: dict[object, WatchedShow] = {}
        self.skipped: Counter[str] = Counter()
        self.notes: list[str] = []

    def show(self, key: object, title: str, **fields) -> WatchedShow:
        """The show under `key`, made from `title` and `fields` the first time it is met; on
        later meetings, fields it lacks are filled in."""
        show = self.shows.get(key)
        if show is None:
            show = self.shows[key] = WatchedShow(title=title, **fields)
            return show
        for name, value in fields.items():
            if value and not getattr(show, name):
                setattr(show, name, value)
        return show

    def play(self, show: WatchedShow, season: int, number: int, when: str | None) -> None:
        """One play of episode `number` of `season`: the season's highest episode, the play
        count and the first and last dates move on. Season 0 (specials) is never passed in."""
        show.plays += 1
        show.seasons[season] = max(show.seasons.get(season, 0), number)
        if when:
            if show.first_watched is None or when < show.first_watched:
                show.first_watched = when
            if show.last_watched is None or when > show.last_watched:
                show.last_watched = when

    def skip(self, reason: str, count: int = 1) -> None:
        """Count one more thing skipped for `reason`, a sentence with "{n}" for the count
        and "{s}" where a plural takes an s: "{n} film play{s} skipped: films are not shows"."""
        self.skipped[reason] += count

    def history(self) -> History:
        skipped = [
            reason.format(n=f"{n:,}", s="" if n == 1 else "s") for reason, n in self.skipped.items()
        ]
        shows = list(self.shows.values())
        for show in shows:
            show.seasons = dict(sorted(show.seasons.items()))
        return History(source=self.source, shows=shows, skipped=skipped + self.notes)
