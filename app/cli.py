"""Flask commands: seed-demo, shows import, stats check/rebuild, users promote/end-bans and
import-history."""

from pathlib import Path

import click
from flask import Flask

from app import demo
from app.comments import service as comment_service
from app.demo import scale as demo_scale
from app.extensions import db
from app.imports.commands import import_history
from app.media import service as media_service
from app.models import ROLES, User
from app.moderation import bans
from app.ratings import stats as episode_stats
from app.scores import service as scores
from app.shows.importer import ImportFileInvalid, read_records
from app.shows.service import save_show


def register_commands(app: Flask) -> None:
    """Attach the commands to `app`."""
    app.cli.add_command(seed_demo)
    app.cli.add_command(shows)
    app.cli.add_command(stats)
    app.cli.add_command(users)


@click.command("seed-demo")
@click.option(
    "--scale",
    type=click.IntRange(min=0),
    default=0,
    help="Also make sure each main demo show has N generated reviews (benchmarks).",
)
def seed_demo(scale: int) -> None:
    """Load the demo shows and accounts (idempotent)."""
    created = demo.seed()
    db.session.commit()
    click.echo(
        f"Demo data ready: {created['shows']} new shows, {created['users']} new users, "
        f"{created['reviews']} new reviews (demo password: {demo.DEMO_PASSWORD})."
    )
    if scale:
        generated = demo_scale.generate(scale)
        db.session.commit()
        click.echo(
            f"Generated: {generated['users']} members, {generated['reviews']} reviews, "
            f"{generated['votes']} helpful votes (up to {scale} reviews per main show)."
        )


@click.group()
def shows() -> None:
    """Manage the catalogue."""


@shows.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_shows(file: Path) -> None:
    """Add or update the shows in FILE (a JSON array), by slug. A bad file writes nothing."""
    try:
        items = read_records(file, image_limits=media_service.limits())
    except ImportFileInvalid as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"{file}: nothing imported.") from None
    added = 0
    with click.progressbar(items, label="Importing shows", show_pos=True) as bar:
        for item in bar:
            show, created = save_show(item.record)
            if item.poster is not None:
                media_service.set_poster(show, item.poster)
            added += created
    db.session.commit()
    click.echo(f"Imported {len(items)} shows: {added} new, {len(items) - added} updated.")


@click.group()
def stats() -> None:
    """Check or rebuild the score statistics."""


@stats.command("check")
def stats_check() -> None:
    """Recompute every show's statistics from the source rows; exit 1 on any drift."""
    problems = scores.drifts()
    problems += episode_stats.drifts()  # episode ratings (issue 17)
    problems += comment_service.thread_counts_drift()  # episode threads (issue 17)
    for problem in problems:
        click.echo(f"drift: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo("Statistics match a recomputation from the source rows.")


@stats.command("rebuild")
def stats_rebuild() -> None:
    """Overwrite every show's statistics with a recomputation."""
    changed = scores.rebuild()
    episodes_changed = episode_stats.rebuild()  # episode ratings (issue 17)
    threads_changed = comment_service.rebuild_thread_counts()  # episode threads (issue 17)
    db.session.commit()
    click.echo(f"Rebuilt statistics: {changed} shows changed.")
    click.echo(f"Rebuilt episode rating statistics: {episodes_changed} episodes changed.")
    click.echo(f"Rebuilt episode thread comment counts: {threads_changed} threads changed.")


@click.group()
def users() -> None:
    """Manage user accounts."""


users.add_command(import_history)  # the web import's matching, from a shell (issue 19)


@users.command("promote")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The role to give.")
def promote(name: str, role: str) -> None:
    """Give the user NAME a role (user, moderator or admin)."""
    user = User.by_username(name)
    if user is None:
        raise click.ClickException(f"No user named {name!r}.")
    user.role = role
    db.session.commit()
    click.echo(f"{user.username} is now {role}.")


@users.command("end-bans")
def end_bans() -> None:
    """Lift every ban that has ended, so those members' scores count again (run it
    periodically, e.g. hourly; sign-in and posting lift a member's own ended ban too)."""
    lifted = bans.end_all_over()
    db.session.commit()
    click.echo(f"{lifted} ended ban{'' if lifted == 1 else 's'} lifted.")
