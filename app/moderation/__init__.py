"""The moderation area (/mod): views.py holds its blueprint."""
