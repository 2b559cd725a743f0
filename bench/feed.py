"""Seeding for the feed target (issue 18): 1,000 members every bench reader follows and
100,000 feed items by them, written in bulk with SQL (PostgreSQL), not through the
services. Items need a source the feed can join to: 90,000 are episode ratings of the
demo shows (their EpisodeStats are left alone: `flask stats check` would report them),
10,000 point at reviews of the bench show. Running it again changes nothing."""

import common
import psycopg

MEMBERS = 1_000
ITEMS = 100_000
REVIEW_ITEMS = 10_000
PREFIX = "bench-feed-"

ADD_MEMBERS = f"""
INSERT INTO "user" (username, username_key, email, password_hash, role, is_banned,
                    is_list_public, session_token, created_at)
SELECT '{PREFIX}' || n, '{PREFIX}' || n, '{PREFIX}' || n || '@bench.invalid', '!', 'user',
       false, true, md5(n::text), now()
FROM generate_series(1, {MEMBERS}) n
ON CONFLICT DO NOTHING
"""
FOLLOW = f"""
INSERT INTO follow (follower_id, followed_id, created_at)
SELECT r.id, f.id, now() FROM "user" r CROSS JOIN "user" f
WHERE r.username = ANY(%s) AND f.username LIKE '{PREFIX}%%'
ON CONFLICT DO NOTHING
"""
RATE = f"""
INSERT INTO episode_rating (user_id, show_id, episode, rating, created_at, updated_at)
SELECT u.id, s.id, e, 1 + ((u.id + e) % 19) / 2.0, now(), now()
FROM "user" u CROSS JOIN show s CROSS JOIN LATERAL generate_series(1, s.episode_count) e
WHERE u.username LIKE '{PREFIX}%%'
ORDER BY u.id, s.id, e
LIMIT {ITEMS - REVIEW_ITEMS}
ON CONFLICT DO NOTHING
"""
ITEMS_SQL = f"""
INSERT INTO activity (actor_id, show_id, kind, target_id, episode, created_at)
SELECT actor_id, show_id, kind, target_id, episode, now() FROM (
  SELECT er.user_id AS actor_id, er.show_id, 'episode_rating' AS kind, er.episode AS target_id,
         er.episode
  FROM episode_rating er JOIN "user" u ON u.id = er.user_id
  WHERE u.username LIKE '{PREFIX}%%'
  UNION ALL
  SELECT * FROM (
    SELECT u.id, r.show_id, 'review', r.id, r.episodes_watched
    FROM "user" u CROSS JOIN review r JOIN show s ON s.id = r.show_id
    WHERE u.username LIKE '{PREFIX}%%' AND s.slug = %s
    LIMIT {REVIEW_ITEMS}
  ) reviews
) items
ORDER BY md5(actor_id::text || '-' || kind || '-' || target_id::text)
"""
COUNT = f"""
SELECT count(*) FROM activity a JOIN "user" u ON u.id = a.actor_id
WHERE u.username LIKE '{PREFIX}%%'
"""


def seed_feed(url: str, readers: list[str], show_slug: str) -> int:
    """Make every reader follow MEMBERS members with ITEMS items between them (once);
    return how many items were added."""
    with psycopg.connect(common.libpq_url(url), autocommit=True) as conn:
        conn.execute(ADD_MEMBERS)
        conn.execute(FOLLOW, (readers,))
        if conn.execute(COUNT).fetchone()[0] >= ITEMS:
            return 0
        conn.execute(RATE)
        added = conn.execute(ITEMS_SQL, (show_slug,)).rowcount
        conn.execute("VACUUM ANALYZE activity")
        conn.execute("VACUUM ANALYZE follow")
        conn.execute("VACUUM ANALYZE episode_rating")
    return added
