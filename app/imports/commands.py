"""`flask users import-history`: the web import's matching and writing, from a shell
(issue 19). It cannot ask, so it writes the confident matches only and says which shows
it skipped and why."""

from pathlib import Path

import click

from app.extensions import db
from app.imports import matching
from app.imports import service as imports
from app.imports.history import History, ImportRefused
from app.imports.matching import Proposal
from app.models import IMPORT_SOURCES, User

LABELS = {"matched": "matched", "choose": "need a choice", "unknown": "unknown"}


@click.command("import-history")
@click.argument("name")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", type=click.Choice(IMPORT_SOURCES), required=True,
              help="Where FILE comes from.")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Print the matches and write nothing.")
def import_history(name: str, file: Path, source: str, dry_run: bool) -> None:
    """Import the watch history in FILE for the member NAME: shows matched with certainty
    are written (never lowering progress); those that need a choice are skipped (the
    member can choose them at /account/import)."""
    user = User.by_username(name)
    if user is None:
        raise click.ClickException(f"No user named {name!r}.")
    try:
        history = imports.read_history(source, file.read_bytes(), file.name)
    except ImportRefused as refused:
        raise click.ClickException(f"{file}: {refused} Nothing imported.") from None
    items = matching.propose(history, matching.Catalogue.load())
    _print_matches(history, items)
    if dry_run:
        click.echo("Dry run: nothing written.")
        return
    choices = imports.confident_choices(items)
    try:
        with click.progressbar(length=len(items), label="Importing", show_pos=True) as bar:
            result = imports.apply(user, history, choices, items=items,
                                   on_each=lambda: bar.update(1))  # fmt: skip
    except ImportRefused as refused:
        raise click.ClickException(f"{refused} Nothing imported.") from None
    db.session.commit()
    click.echo(f"{user.username}: {result.summary()}")
    for message in result.messages:
        click.echo(message)


def _print_matches(history: History, items: list[Proposal]) -> None:
    """One line per proposal: what it matched, or why it will be skipped."""
    for item in items:
        line = f"{LABELS[item.kind] + ':':<15}{item.label} ({item.watched_text})"
        if item.kind == "matched":
            line += f" -> {item.proposed.title} ({item.proposed.slug})"
        elif item.kind == "choose":
            options = ", ".join(f"{entry.title} ({entry.slug})" for entry in item.candidates)
            line += f": {options}; skipped, choose at /account/import"
        else:
            line += ": skipped, not in the catalogue"
        click.echo(line)
    for reason in history.skipped:
        click.echo(f"left out of the file: {reason}")
    counts = {kind: sum(item.kind == kind for item in items) for kind in LABELS}
    click.echo(f"{counts['matched']} matched, {counts['choose']} need a choice, "
               f"{counts['unknown']} unknown.")  # fmt: skip
