"""What the accessibility and HTML-validity tests know about the demo data and the app."""

from functools import cache

from app import create_app

SHOW = "/shows/move-to-heaven"  # 10 episodes; its demo reviews tag spoilers up to episode 10
UNREVIEWED = "/shows/reply-1988"  # a show the demo user jaehyun has not reviewed
DEMO_PASSWORD = "unspoiled-demo"
MODERATOR = "sora"


@cache
def has_route(rule: str) -> bool:
    """Whether the app's url_map has `rule` (the moderation queue arrives in a later change)."""
    # Limits off: the process has one limiter, and an app made with them on would switch
    # them on for the live server too (its sign-ups would meet the 10-an-hour limit).
    config = {"TESTING": True, "SECRET_KEY": "routes-only", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    app = create_app({**config, "RATELIMIT_ENABLED": False})
    return any(r.rule == rule for r in app.url_map.iter_rules())
