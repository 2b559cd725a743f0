"""Small TV Time export zips built in the import-flow tests (issue 19): real CSV rows, as
TV Time writes them, for end-to-end tests of upload, matching and writing."""

import csv
import io
import zipfile

WATCHED_HEADER = ["s_id", "series_name", "season_number", "episode_number", "episode_id",
                  "created_at"]  # fmt: skip


def tvtime_zip(plays: list[tuple[str, int, int]], followed: list[str] = ()) -> bytes:
    """A TV Time export zip: `plays` as (series name, season, episode) rows of
    tracking-prod-records-v2.csv, `followed` as active rows of followed_tv_show.csv, and
    an account file that the importer must never need."""
    watched = io.StringIO()
    writer = csv.writer(watched)
    writer.writerow(WATCHED_HEADER)
    for number, (name, season, episode) in enumerate(plays, start=1):
        writer.writerow(["", name, season, episode, 1000 + number, "2024-03-01 20:15:00"])
    follows = io.StringIO()
    writer = csv.writer(follows)
    writer.writerow(["tv_show_id", "tv_show_name", "active"])
    for number, name in enumerate(followed, start=1):
        writer.writerow([500 + number, name, "1"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tracking-prod-records-v2.csv", "\ufeff" + watched.getvalue())
        archive.writestr("followed_tv_show.csv", follows.getvalue())
        archive.writestr("access_tokens.csv", "token\nSECRET-TOKEN\n")
    return buffer.getvalue()
