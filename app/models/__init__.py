"""Database models, re-exported so `from app.models import User` works."""

from app.models.activity import ACTIVITY_KINDS, Activity
from app.models.comment import COMMENT_STATUSES, Comment, CommentRevision, EpisodeThread
from app.models.history_import import IMPORT_SOURCES, HistoryImport
from app.models.lists import LIST_STATUSES, ListItem, ShowList
from app.models.moderation import REPORT_REASONS, ModerationAction, Report
from app.models.notification import NOTIFICATION_KINDS, Notification, NotificationOptOut
from app.models.progress import STATUS_LABELS, STATUSES, WatchEntry
from app.models.rating import EpisodeRating, EpisodeStats
from app.models.reveal import ReviewReveal
from app.models.review import SUBRATINGS, HelpfulVote, Review, ReviewRevision
from app.models.score import ShowStats
from app.models.show import AltTitle, Episode, SearchTerm, Show, ShowGenre
from app.models.social import Block, Follow, ProgressEvent
from app.models.user import ROLES, User

__all__ = [
    "HistoryImport",
    "IMPORT_SOURCES",
    "ACTIVITY_KINDS",
    "Activity",
    "COMMENT_STATUSES",
    "LIST_STATUSES",
    "REPORT_REASONS",
    "Comment",
    "CommentRevision",
    "ModerationAction",
    "NOTIFICATION_KINDS",
    "Notification",
    "NotificationOptOut",
    "Report",
    "ROLES",
    "STATUSES",
    "STATUS_LABELS",
    "SUBRATINGS",
    "AltTitle",
    "Block",
    "Follow",
    "ProgressEvent",
    "Episode",
    "EpisodeThread",
    "EpisodeRating",
    "EpisodeStats",
    "HelpfulVote",
    "ListItem",
    "Review",
    "ReviewRevision",
    "ReviewReveal",
    "SearchTerm",
    "Show",
    "ShowGenre",
    "ShowList",
    "ShowStats",
    "User",
    "WatchEntry",
]
