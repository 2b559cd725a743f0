"""Data: reviews' ratings become their authors' scores; every show gets a statistics row.

The statistics rows start at zero; `flask --app wsgi stats rebuild` (run by `make run`)
fills them from the source rows, and `stats check` verifies them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STATS_COLUMNS = (
    ["rating_count", "rating_sum", "completed_count", "completed_sum"]
    + [f"{name}_{kind}" for name in ("story", "acting", "music", "rewatch")
       for kind in ("count", "sum")]
    + [f"half_{half}_count" for half in range(2, 21)]
)


def upgrade():
    op.execute(
        """
        UPDATE watch_entry SET score = (
            SELECT review.rating_overall FROM review
            WHERE review.author_id = watch_entry.user_id AND review.show_id = watch_entry.show_id
        )
        WHERE EXISTS (
            SELECT 1 FROM review
            WHERE review.author_id = watch_entry.user_id AND review.show_id = watch_entry.show_id
        )
        """
    )
    op.execute(
        """
        INSERT INTO watch_entry (user_id, show_id, status, episodes_watched, score, updated_at)
        SELECT review.author_id, review.show_id,
               CASE WHEN review.episodes_watched >= show.episode_count
                    THEN 'completed' ELSE 'watching' END,
               CASE WHEN review.episodes_watched >= show.episode_count
                    THEN show.episode_count ELSE review.episodes_watched END,
               review.rating_overall, review.created_at
        FROM review JOIN show ON show.id = review.show_id
        WHERE NOT EXISTS (
            SELECT 1 FROM watch_entry
            WHERE watch_entry.user_id = review.author_id AND watch_entry.show_id = review.show_id
        )
        """
    )
    columns = ", ".join(STATS_COLUMNS)
    zeros = ", ".join("0" for _ in STATS_COLUMNS)
    op.execute(
        sa.text(
            f"INSERT INTO show_stats (show_id, {columns}) SELECT id, {zeros} FROM show "
            "WHERE id NOT IN (SELECT show_id FROM show_stats)"
        )
    )


def downgrade():
    op.execute("DELETE FROM show_stats")
