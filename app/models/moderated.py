"""What moderation records on a review or comment itself (shared by both models)."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column


class Moderated:
    """Columns of a review or comment that moderation sets.

    `held_at`: when enough different members reported it as an unmarked spoiler
    (SPOILER_HOLD_REPORTS); while set, only its author and moderators read it
    (`permissions.can_see_held`). A moderator's restore, re-tag or removal clears it.
    `spoiler_tagged_at`: when a moderator last re-tagged a passage as a spoiler; that
    edit's `edited_at` is the same instant, so readers see "spoiler tagged by a
    moderator" for it and "edited" only for a later edit by the author.
    """

    held_at: Mapped[datetime | None] = mapped_column(default=None)
    spoiler_tagged_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_held(self) -> bool:
        """Held for review (see the class docstring)."""
        return self.held_at is not None

    @property
    def edited_by_author(self) -> bool:
        """Edited since it was posted by someone other than a moderator re-tagging it."""
        return self.edited_at is not None and self.edited_at != self.spoiler_tagged_at
