"""Recording feed activity: what members do that their followers and the shows'
watchers see in their feeds (issue 18). Services flush; the view commits."""

from sqlalchemy import select

from app.extensions import db
from app.models import ACTIVITY_KINDS, Activity


def record(
    kind: str, *, actor_id: int, show_id: int | None, target_id: int, episode: int | None = None
) -> Activity:
    """Note one activity for the feed: `kind` is "review", "episode_rating" or
    "list_item"; `target_id` the review, the rated episode's number or the list;
    `episode` the episode it concerns, for gating.

    One item per source: recording the same (kind, actor, show, target) again returns
    the item already there, so a changed rating, an edited review or a show taken off a
    list and put back does not flood followers' feeds (the item shows the source as it
    is now). Raises ValueError for an unknown kind.
    """
    if kind not in ACTIVITY_KINDS:
        raise ValueError(f"unknown activity kind {kind!r}")
    found = db.session.scalar(
        select(Activity).where(
            Activity.actor_id == actor_id,
            Activity.kind == kind,
            Activity.target_id == target_id,
            Activity.show_id.is_(None) if show_id is None else Activity.show_id == show_id,
        )
    )
    if found is not None:
        return found
    item = Activity(
        kind=kind, actor_id=actor_id, show_id=show_id, target_id=target_id, episode=episode
    )
    db.session.add(item)
    db.session.flush()
    return item
