"""Seeding for the unread-count target (issue 18): every bench reader gets one
notification from each of the feed's 1,000 members (bench/feed.py, seeded first), all
unread, written in bulk with SQL. The badge then says "99+": the count stops at the cap,
so its cost is that of 100 index entries however many are unread. Running it again
changes nothing."""

import common
import psycopg
from feed import PREFIX

NOTIFY = f"""
INSERT INTO notification (recipient_id, kind, actor_id, count, created_at)
SELECT r.id, 'follow', f.id, 1, now() FROM "user" r CROSS JOIN "user" f
WHERE r.username = ANY(%s) AND f.username LIKE '{PREFIX}%%'
  AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.recipient_id = r.id)
"""


def seed_notifications(url: str, readers: list[str]) -> int:
    """Give every reader 1,000 unread notifications (once); how many were added."""
    with psycopg.connect(common.libpq_url(url), autocommit=True) as conn:
        added = conn.execute(NOTIFY, (readers,)).rowcount
        if added:
            conn.execute("VACUUM ANALYZE notification")
    return added
