"""Flask commands: seed-demo and users promote."""

import click
from flask import Flask

from app import demo
from app.extensions import db
from app.models import ROLES, User


def register_commands(app: Flask) -> None:
    """Attach the commands to `app`."""
    app.cli.add_command(seed_demo)
    app.cli.add_command(users)


@click.command("seed-demo")
def seed_demo() -> None:
    """Load the demo shows and accounts (idempotent)."""
    created = demo.seed()
    db.session.commit()
    click.echo(
        f"Demo data ready: {created['shows']} new shows, {created['users']} new users "
        f"(demo password: {demo.DEMO_PASSWORD})."
    )


@click.group()
def users() -> None:
    """Manage user accounts."""


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
