"""How episode counts and statuses stay consistent. Pure."""

from dataclasses import dataclass

ALWAYS_SHOW = 0  # a show's own numbers setting: never hide them here, whatever the account says
# The account-wide numbers setting: its form value, the share of a show's episodes (in
# percent) to watch before its numbers appear, and its wording. A share, not an episode,
# because one setting covers shows of 2 and of 50 episodes.
NUMBERS_DEFAULTS = {
    "never": (None, "Never hide them"),
    "half": (50, "Until I am halfway through a show"),
    "finished": (100, "Until I finish a show"),
}

# How often one reader may set their progress (the show page's widget, an episode page's
# "watched"): generous, as a binge-watcher clicks "+1" a lot.
PROGRESS_LIMIT = "120 per hour"


@dataclass(frozen=True)
class Progress:
    """A reader's place in a show; `status` is None when they have never set one."""

    episodes_watched: int = 0
    status: str | None = None
    score: float | None = None  # members only
    # "Numbers that spoil" (issue 17): the member hides the show's score, sub-ratings and
    # episode ratings until they have watched this many episodes; None: never hidden.
    numbers_until: int | None = None
    # Their own choice for this show, which `numbers_until` was resolved from with their
    # account setting (`resolve_numbers_until`): None follows the account setting, 0 always
    # shows, N hides until episode N. The show page's form shows it, so the page cache's
    # key (which holds the whole Progress) tells its states apart.
    numbers_override: int | None = None

    @property
    def numbers_hidden(self) -> bool:
        """True while the reader's own setting hides the show's numbers from them."""
        return self.numbers_until is not None and self.episodes_watched < self.numbers_until

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


def watched_up_to(progress: Progress, episode: int, episode_count: int) -> Progress:
    """The progress after marking `episode` watched on its page: at least `episode`,
    never lower than `progress` (already further: `progress` itself, unchanged)."""
    if progress.has_seen(episode):
        return progress
    status = progress.status if progress.status in ("watching", "completed") else "watching"
    return reconcile(
        episodes=min(episode, episode_count),
        status=status,
        episode_count=episode_count,
        previous_status=progress.status,
    )


def resolve_numbers_until(
    *, override: int | None, percent: int | None, episode_count: int
) -> int | None:
    """The episode a member must reach before a show's numbers (score, sub-ratings,
    episode ratings) appear to them; None when they are never hidden.

    The show's own setting wins: ALWAYS_SHOW, or an episode (clamped to the show's
    length, which may have shrunk since). Otherwise the account setting, a share of the
    episodes in percent rounded up to a whole episode (50 of 15 episodes: episode 8;
    100: the last one), so one choice fits shows of every length.
    """
    if override is not None:
        return min(override, episode_count) or None
    if not percent or percent <= 0:
        return None
    share = -(-episode_count * min(percent, 100) // 100)  # ceiling, in integers
    return max(1, share)


def numbers_default_name(percent: int | None) -> str:
    """The account setting's form value for a stored share (an unknown share reads as
    the nearest choice at or above it, "never" for None)."""
    if not percent or percent <= 0:
        return "never"
    return min(
        (value, name)
        for name, (value, _label) in NUMBERS_DEFAULTS.items()
        if value is not None and value >= min(percent, 100)
    )[1]
