"""How episode counts and statuses stay consistent. Pure."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """A reader's place in a show; `status` is None when they have never set one."""

    episodes_watched: int = 0
    status: str | None = None
    score: float | None = None  # members only

    def has_seen(self, episode: int) -> bool:
        """True when the reader has watched `episode`."""
        return episode <= self.episodes_watched


def reconcile(
    *, episodes: int, status: str, episode_count: int, previous_status: str | None
) -> Progress:
    """Make the pair consistent: completed if and only if every episode is watched.

    Choosing "completed" marks every episode watched; watching the last episode marks
    the show completed; fewer episodes than that on a completed show means watching
    again; any episode watched means no longer "plan to watch".
    """
    if status == "completed" and previous_status != "completed":
        return Progress(episode_count, "completed")
    if episodes >= episode_count:
        return Progress(episode_count, "completed")
    if status == "completed" or (status == "plan_to_watch" and episodes > 0):
        return Progress(episodes, "watching")
    return Progress(episodes, status)


def next_episode(progress: Progress, episode_count: int) -> Progress:
    """The progress after watching one more episode (the "+1" button)."""
    episodes = min(progress.episodes_watched + 1, episode_count)
    status = progress.status if progress.status in ("watching", "completed") else "watching"
    return reconcile(
        episodes=episodes,
        status=status,
        episode_count=episode_count,
        previous_status=progress.status,
    )


def merged(session_value: Progress, saved: Progress | None) -> Progress:
    """Progress kept when an anonymous reader signs in: the further of the two."""
    if saved is None or session_value.episodes_watched > saved.episodes_watched:
        return session_value
    return saved
