"""Pairs the shows of a History with the catalogue (issue 19): by slug (our own export),
normalised title, native and alternative titles, and year where given.

The rule (docs/decisions.md, "History import"): a show of the file becomes one or more
*proposals*. Its seasons are counted in one sequence (`history.sequence_episode`), except
that a season with a catalogue entry of its own ("Hospital Playlist 2", "... Season 2",
as MyDramaList catalogues them) goes to that entry with its own episode numbers, and so
do the seasons after it until the next one with an entry. Each proposal has candidates:
one confident match, several to choose from, or none.

The catalogue's keys are read once per import (`Catalogue.load`, one query), from
`Show.search_key`, which holds the keys of every title (app/search.py) of each show.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from app import search
from app.extensions import db
from app.imports.history import History, WatchedShow, sequence_episode
from app.models import Show

YEAR_TOLERANCE = 1  # an export's year may be the season's or the broadcast year's
# What follows a show's title in the title of an entry for one of its later seasons, as
# a key (app/search.py drops spaces and punctuation): "Hospital Playlist 2",
# "Hospital Playlist: Season 2", "... S2", "... Part 2", "슬기로운 의사생활 시즌2".
SEASON_SUFFIXES = ("{n}", "season{n}", "s{n}", "part{n}", "시즌{n}")


@dataclass(frozen=True)
class Entry:
    """A catalogue show, as matching and the confirmation page need it."""

    id: int
    slug: str
    title: str
    year: int | None
    episode_count: int


@dataclass
class Catalogue:
    """Every show's entry by slug and by title key."""

    by_slug: dict[str, Entry] = field(default_factory=dict)
    by_key: dict[str, list[Entry]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Catalogue":
        """The whole catalogue's slugs and title keys, in one query."""
        catalogue = cls()
        rows = db.session.execute(
            select(Show.id, Show.slug, Show.title, Show.year, Show.episode_count, Show.search_key)
        )
        for show_id, slug, title, year, episode_count, key in rows:
            entry = Entry(show_id, slug, title, year, episode_count)
            catalogue.by_slug[slug] = entry
            for title_key in filter(None, key.split(search.SEPARATOR)):
                catalogue.by_key.setdefault(title_key, []).append(entry)
        return catalogue

    def titled(self, keys: list[str]) -> list[Entry]:
        """The distinct entries one of whose titles has one of `keys`, in title order."""
        found = {entry.id: entry for key in keys for entry in self.by_key.get(key, ())}
        return sorted(found.values(), key=lambda entry: (entry.title, entry.id))


@dataclass(frozen=True)
class Proposal:
    """What the file says of one show (or of some of its seasons), and where it may go.

    `key` names it in the confirmation form ("3", or "3-s2" for season 2 onwards of the
    file's fourth show); `episodes` is the episode reached in the catalogue's count, before
    clamping to a chosen show's length; `confident` means the first candidate is the match."""

    key: str
    index: int
    watched: WatchedShow
    seasons: tuple[int, ...]
    episodes: int
    candidates: tuple[Entry, ...]
    confident: bool
    primary: bool  # the first proposal of its show: the one the show's score goes with

    @property
    def kind(self) -> str:
        """The proposal's kind: "matched", "choose" (candidates, none certain) or "unknown"."""
        if not self.candidates:
            return "unknown"
        return "matched" if self.confident else "choose"

    @property
    def proposed(self) -> Entry | None:
        """The confident match, if any."""
        return self.candidates[0] if self.confident else None

    @property
    def label(self) -> str:
        """The file's title, with the seasons when this proposal holds only some."""
        if self.seasons and (not self.primary or len(self.seasons) < len(self.watched.seasons)):
            first, last = self.seasons[0], self.seasons[-1]
            part = f"season {first}" if first == last else f"seasons {first}-{last}"
            return f"{self.watched.title} ({part})"
        return self.watched.title

    @property
    def watched_text(self) -> str:
        """What was watched, as the member reads it: "S1 16, S2 4 -> episode 20"."""
        if not self.seasons:
            return f"episode {self.episodes}" if self.episodes else "followed, not watched"
        parts = ", ".join(f"S{s} {self.watched.seasons[s]}" for s in self.seasons)
        if len(self.seasons) == 1 and self.seasons[0] == 1:
            return f"episode {self.episodes}"
        return f"{parts} -> episode {self.episodes}"

    def episode_of(self, rating_key: str) -> int | None:
        """The catalogue episode of an episode rating's key ("2:5", or "5" in one
        sequence) within this proposal, or None when it belongs elsewhere."""
        season_text, _, number_text = rating_key.rpartition(":")
        try:
            number = int(number_text)
            season = int(season_text) if season_text else None
        except ValueError:
            return None
        if season is None:
            return number if not self.seasons and number >= 1 else None
        if season not in self.seasons or number < 1:
            return None
        before = sum(self.watched.seasons[s] for s in self.seasons if s < season)
        return before + number


def propose(history: History, catalogue: Catalogue) -> list[Proposal]:
    """The proposals for every show of `history`, in the file's order."""
    proposals: list[Proposal] = []
    for index, watched in enumerate(history.shows):
        proposals.extend(_proposals_for(index, watched, catalogue))
    return proposals


def _proposals_for(index: int, watched: WatchedShow, catalogue: Catalogue) -> list[Proposal]:
    """One show's proposals: by slug, else its seasons grouped by catalogue entry."""
    if watched.slug and watched.slug in catalogue.by_slug:
        entry = catalogue.by_slug[watched.slug]
        episodes = _episodes(watched, tuple(sorted(watched.seasons)))
        return [Proposal(str(index), index, watched, tuple(sorted(watched.seasons)), episodes,
                         (entry,), True, True)]  # fmt: skip
    keys = search.title_keys([watched.title, watched.native_title or "", *watched.alt_titles])
    groups = _season_groups(watched, keys, catalogue)
    proposals = []
    for start, seasons, entries in groups:
        if entries is None:
            candidates, confident = _narrowed(catalogue.titled(keys), watched.year)
        else:
            candidates, confident = tuple(entries), len(entries) == 1
        key = str(index) if start is None else f"{index}-s{start}"
        proposals.append(Proposal(key, index, watched, seasons, _episodes(watched, seasons),
                                  candidates, confident, not proposals))  # fmt: skip
    return proposals


def _season_groups(watched: WatchedShow, keys: list[str], catalogue: Catalogue):
    """(first season with its own entry or None, seasons, that season's entries or None
    for the show's own match) for each group of the show's seasons."""
    seasons = sorted(watched.seasons)
    starts: dict[int, list[Entry]] = {}
    for season in seasons:
        if season < 2:
            continue
        season_keys = [key + suffix.format(n=season) for key in keys for suffix in SEASON_SUFFIXES]
        entries = catalogue.titled(season_keys)
        if entries:
            starts[season] = entries
    if not starts:
        return [(None, tuple(seasons), None)]
    groups = []
    base = tuple(s for s in seasons if s < min(starts))
    if base:
        groups.append((None, base, None))
    bounds = sorted(starts) + [max(seasons) + 1]
    for start, stop in zip(bounds, bounds[1:], strict=False):
        groups.append((start, tuple(s for s in seasons if start <= s < stop), starts[start]))
    return groups


def _episodes(watched: WatchedShow, seasons: tuple[int, ...]) -> int:
    """The episode reached over `seasons` of `watched`, counted in one sequence."""
    if not seasons:
        return watched.episodes_watched or 0
    return sequence_episode({season: watched.seasons[season] for season in seasons})


def _narrowed(entries: list[Entry], year: int | None) -> tuple[tuple[Entry, ...], bool]:
    """The candidates by title narrowed by year, best first, and whether the first is
    certain: the only one of the right year (within YEAR_TOLERANCE; a catalogue show
    without a year does not contradict one). A title match of another year is offered,
    never taken: remakes share titles."""
    if year is None:
        return tuple(entries), len(entries) == 1
    exact = [entry for entry in entries if entry.year == year]
    near = [
        entry for entry in entries if entry.year is None or abs(entry.year - year) <= YEAR_TOLERANCE
    ]
    others = [entry for entry in entries if entry not in near]
    if exact:
        rest = [entry for entry in near if entry not in exact]
        return tuple(exact + rest + others), len(exact) == 1
    return tuple(near + others), len(near) == 1
