"""Database models, re-exported so `from app.models import User` works."""

from app.models.comment import COMMENT_STATUSES, Comment, CommentRevision, EpisodeThread
from app.models.moderation import REPORT_REASONS, ModerationAction, Report
from app.models.progress import STATUS_LABELS, STATUSES, WatchEntry
from app.models.rating import EpisodeRating, EpisodeStats
from app.models.reveal import ReviewReveal
from app.models.review import SUBRATINGS, HelpfulVote, Review, ReviewRevision
from app.models.score import ShowStats
from app.models.show import AltTitle, Episode, SearchTerm, Show, ShowGenre
from app.models.user import ROLES, User

__all__ = [
    "COMMENT_STATUSES",
    "REPORT_REASONS",
    "Comment",
    "CommentRevision",
    "ModerationAction",
    "Report",
    "ROLES",
    "STATUSES",
    "STATUS_LABELS",
    "SUBRATINGS",
    "AltTitle",
    "Episode",
    "EpisodeThread",
    "EpisodeRating",
    "EpisodeStats",
    "HelpfulVote",
    "Review",
    "ReviewRevision",
    "ReviewReveal",
    "SearchTerm",
    "Show",
    "ShowGenre",
    "ShowStats",
    "User",
    "WatchEntry",
]
