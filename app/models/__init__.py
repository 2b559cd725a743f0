"""Database models, re-exported so `from app.models import User` works."""

from app.models.show import Show
from app.models.user import ROLES, User

__all__ = ["ROLES", "Show", "User"]
