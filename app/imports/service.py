"""Staging an upload and writing what the member confirmed (issue 19).

An upload is parsed once (`stage`) and kept as a HistoryImport until the member confirms
the matches (`apply`) or discards it; a member has at most one staged import, and none
lives longer than STAGED_FOR. `apply` writes in the caller's transaction: it flushes, the
view or command commits, and any error leaves nothing written.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, or_, select

from app.extensions import db
from app.imports import matching, parsers, restore
from app.imports.history import History, ImportRefused
from app.imports.matching import Proposal
from app.models import HistoryImport, Show, User, WatchEntry
from app.models.user import utcnow
from app.permissions import can_post
from app.progress import service as progress_service
from app.progress.rules import Progress, reconcile
from app.ratings import service as ratings
from app.scoring import is_valid_score

STAGED_FOR = timedelta(days=1)


def stage(user: User, source: str, data: bytes, filename: str) -> HistoryImport:
    """Parse an upload and keep it for the confirmation page, replacing the member's
    earlier staged imports (and removing anybody's older than STAGED_FOR). ImportRefused,
    with the reason, when the file cannot be read or holds nothing to import; then
    nothing is written."""
    history = read_history(source, data, filename)
    db.session.execute(
        delete(HistoryImport).where(
            or_(HistoryImport.user_id == user.id, HistoryImport.created_at < utcnow() - STAGED_FOR)
        )
    )
    staged = HistoryImport(user_id=user.id, source=source, filename=filename[:255],
                           payload=history.to_json())  # fmt: skip
    db.session.add(staged)
    db.session.flush()
    return staged


def read_history(source: str, data: bytes, filename: str) -> History:
    """The History in an uploaded file; ImportRefused, with the reason, when it cannot be
    read or holds nothing to import."""
    if not data:
        raise ImportRefused("The file is empty: choose the export file itself.")
    history = parsers.parse(source, data, filename)
    if not history.shows and not history.extras:
        reasons = "; ".join(history.skipped[:3])
        raise ImportRefused(
            "No shows were found in this file" + (f" ({reasons})." if reasons else ".")
        )
    return history


def staged_import(user: User, import_id: int) -> HistoryImport | None:
    """The member's own staged import, unless it has expired."""
    return db.session.scalar(
        select(HistoryImport).where(
            HistoryImport.id == import_id,
            HistoryImport.user_id == user.id,
            HistoryImport.created_at >= utcnow() - STAGED_FOR,
        )
    )


def history_of(staged: HistoryImport) -> History:
    """The History a staged import holds."""
    return History.from_json(staged.payload)


def proposals(staged: HistoryImport) -> list[Proposal]:
    """The matches to show on the confirmation page, in the file's order."""
    return matching.propose(history_of(staged), matching.Catalogue.load())


def progress_on(user: User, items: list[Proposal]) -> dict[int, int]:
    """The member's episodes watched on every candidate show of `items` (one query)."""
    show_ids = {entry.id for item in items for entry in item.candidates}
    rows = db.session.execute(
        select(WatchEntry.show_id, WatchEntry.episodes_watched).where(
            WatchEntry.user_id == user.id, WatchEntry.show_id.in_(show_ids)
        )
    )
    return dict(rows.all())


def discard(staged: HistoryImport) -> None:
    """Forget a staged import."""
    db.session.delete(staged)
    db.session.flush()


def confident_choices(items: list[Proposal]) -> dict[str, int | None]:
    """The choices that take every confident match and skip everything else (the
    command line's choice: it cannot ask)."""
    return {item.key: item.proposed.id if item.proposed else None for item in items}


@dataclass
class Result:
    """What an import did, counted for the member."""

    updated: int = 0  # progress raised, or the show added to the list
    already: int = 0  # already as far or further: nothing changed
    skipped: int = 0  # no show chosen
    scores: int = 0
    episode_ratings: int = 0
    messages: list[str] = field(default_factory=list)  # from restoring our own export

    def summary(self) -> str:
        """The counts for the member: "37 shows updated, 3 skipped, 2 already as far"."""
        parts = [_count(self.updated, "show", "updated")]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.already:
            parts.append(f"{self.already} already as far or further")
        if self.scores:
            parts.append(_count(self.scores, "score", "added"))
        if self.episode_ratings:
            parts.append(_count(self.episode_ratings, "episode rating", "added"))
        return ", ".join(parts) + "."


def _count(number: int, noun: str, verb: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'} {verb}"


def apply(
    user: User,
    history: History,
    choices: Mapping[str, int | None],
    *,
    items: list[Proposal] | None = None,
    on_each: Callable[[], None] | None = None,
) -> Result:
    """Write the chosen matches: `choices` maps each proposal's key to a show's id, or to
    None (or leaves it out) to skip it. An import never lowers progress, sets a score
    only where the member has none, and is idempotent. ImportRefused when a chosen show
    is gone from the catalogue. `items`: the proposals already made for `history`, if the
    caller has them; `on_each` is called after each proposal (a progress bar)."""
    if items is None:
        items = matching.propose(history, matching.Catalogue.load())
    wanted = {choices[item.key] for item in items if choices.get(item.key) is not None}
    shows = {show.id: show for show in db.session.scalars(select(Show).where(Show.id.in_(wanted)))}
    if wanted - shows.keys():
        raise ImportRefused("A show you chose is no longer in the catalogue: upload again.")
    result, by_slug = Result(), {}
    for item in items:
        show = shows.get(choices.get(item.key))
        if show is None:
            result.skipped += 1
        else:
            _apply_one(user, item, show, result)
            by_slug[item.watched.slug or show.slug] = show
        if on_each is not None:
            on_each()
    if history.extras:
        result.messages.extend(restore.restore(user, history.extras, by_slug))
    return result


def _apply_one(user: User, item: Proposal, show: Show, result: Result) -> None:
    """Raise the member's progress on `show` to what `item` says (never lower it); add
    the score where they have none; then the episode ratings within their progress."""
    entry = progress_service.find_entry(user.id, show.id)
    before = Progress(entry.episodes_watched, entry.status) if entry else None
    episodes = min(item.episodes, show.episode_count)
    progress = None
    if before is None or episodes > before.episodes_watched:
        progress = imported_progress(item.watched.status, episodes, show.episode_count, before)
    score = _new_score(item, entry)
    if progress is None and score is progress_service.KEEP:
        result.already += 1
    else:
        progress_service.save_entry(user, show, progress or before, score=score)
        result.updated += progress is not None
        result.already += progress is None
        result.scores += score is not progress_service.KEEP
    result.episode_ratings += _rate_episodes(user, item, show)


def _new_score(item: Proposal, entry: WatchEntry | None):
    """The file's score for the show when it maps onto ours and the member has none yet
    (an import never overwrites a score); else KEEP."""
    score = item.watched.score if item.primary else None
    if (
        score is None
        or not is_valid_score(score)
        or (entry is not None and entry.score is not None)
    ):
        return progress_service.KEEP
    return score


def imported_progress(
    status: str | None, episodes: int, episode_count: int, before: Progress | None
) -> Progress:
    """The progress an import sets: `episodes` with the source's status when it has one
    that fits (on hold, dropped), else watching, completed at the last episode, or plan
    to watch for a show followed but not watched. Never "completed" short of the last
    episode: that would open spoilers the member has not reached."""
    if status in (None, "plan_to_watch", "watching") or (
        status == "completed" and episodes < episode_count
    ):
        status = "watching" if episodes else "plan_to_watch"
    return reconcile(episodes=episodes, status=status, episode_count=episode_count,
                     previous_status=before.status if before else None)  # fmt: skip


def _rate_episodes(user: User, item: Proposal, show: Show) -> int:
    """Add the file's episode ratings (where the scale maps exactly) of episodes the
    member has now watched and not rated yet; none for banned members. The count added."""
    if not item.watched.episode_ratings or not can_post(user):
        return 0
    watched = progress_service.find_entry(user.id, show.id)
    reached = watched.episodes_watched if watched else 0
    added = 0
    for rating_key, value in item.watched.episode_ratings.items():
        episode = item.episode_of(rating_key)
        if episode is None or episode > reached or not is_valid_score(value):
            continue
        if ratings.own_rating(user.id, show.id, episode) is None:
            ratings.rate(user, show, episode, value)
            added += 1
    return added
