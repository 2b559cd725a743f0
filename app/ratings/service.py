"""Rating episodes: a member rates an episode they have watched, changes the rating or
removes it, and the episode's statistics follow in the same transaction
(app/ratings/stats.py). Services flush; the view commits."""

from sqlalchemy import select

from app.extensions import db
from app.feed import service as feed
from app.models import EpisodeRating, Show, User, WatchEntry
from app.permissions import can_post, ensure
from app.progress.rules import Progress
from app.ratings import stats
from app.scoring import is_valid_score

BANNED_MESSAGE = "Your account is banned from posting."


def not_reached_message(episode: int) -> str:
    """Why a member who has not watched `episode` may not rate it."""
    return f"Mark episode {episode} watched to rate it: ratings come from members who saw it."


def ensure_may_rate(user: User, episode: int, progress: Progress) -> None:
    """Raise NotAllowed (403) with the reason unless `user` may rate `episode`: a member
    not banned who has watched it (`progress` is theirs on the show)."""
    ensure(can_post(user), BANNED_MESSAGE)
    ensure(progress.has_seen(episode), not_reached_message(episode))


def rate(user: User, show: Show, episode: int, value: float) -> EpisodeRating:
    """Set or change `user`'s rating of `show`'s `episode`. Raises NotAllowed (banned,
    or not watched: checked again under the member's lock) and ValueError (off the
    scale)."""
    if not is_valid_score(value):
        raise ValueError(f"{value} is not a rating from 1.0 to 10.0 in halves")
    member = _lock(user)
    ensure_may_rate(member, episode, Progress(_episodes_watched(member.id, show.id)))
    row = own_rating(member.id, show.id, episode)
    before = row.rating if row is not None else None
    if row is None:
        row = EpisodeRating(user_id=member.id, show_id=show.id, episode=episode, rating=value)
        db.session.add(row)
        feed.record("episode_rating", actor_id=member.id, show_id=show.id, target_id=episode,
                    episode=episode)  # fmt: skip
    row.rating = value
    db.session.flush()
    _count(member, show.id, episode, before, value)
    return row


def remove(user: User, show: Show, episode: int) -> bool:
    """Remove `user`'s rating of the episode, if any; True when there was one. Members
    below the episode may remove theirs (they rated it when they had seen it); banned
    members may not (NotAllowed)."""
    member = _lock(user)
    ensure(can_post(member), BANNED_MESSAGE)
    row = own_rating(member.id, show.id, episode)
    if row is None:
        return False
    before = row.rating
    db.session.delete(row)
    db.session.flush()
    _count(member, show.id, episode, before, None)
    return True


def own_rating(user_id: int, show_id: int, episode: int) -> EpisodeRating | None:
    """The member's rating row of the episode, if any."""
    return db.session.get(EpisodeRating, (user_id, show_id, episode))


def _lock(user: User) -> User:
    """The member re-read under their row lock (`scores.lock_member`'s lock: a ban and
    their ratings never interleave), so the ban checked is the latest."""
    return db.session.scalars(
        select(User)
        .where(User.id == user.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _episodes_watched(user_id: int, show_id: int) -> int:
    watched = db.session.scalar(
        select(WatchEntry.episodes_watched).where(
            WatchEntry.user_id == user_id, WatchEntry.show_id == show_id
        )
    )
    return watched or 0


def _count(member: User, show_id: int, episode: int, before, after) -> None:
    """Move the statistics from `before` to `after`; a banned member's ratings (the flag:
    a ban that has ended but is not lifted yet) are not counted until the lift adds them."""
    if member.is_banned:
        return
    stats.apply_delta(show_id, episode, *stats.delta(before, after))
