"""Restores what Unspoiled's own export holds beyond progress and scores (issue 19):
reviews, episode ratings, lists, follows and blocks, and the account's settings.

Everything goes through the services that write these things on the site (statistics, the
page cache and the feed stay right) and is checked as the site's forms check it: a review
the review form would refuse is skipped with the reason, never written half. restore()
flushes and never commits: the import flow calls it after writing progress, then commits.
"""

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.lists import service as lists_service
from app.models import SUBRATINGS, Activity, Review, Show, ShowList, User
from app.models.lists import DESCRIPTION_LIMIT, NAME_LIMIT, NOTE_LIMIT
from app.models.user import username_key
from app.notifications import service as notifications
from app.permissions import NotAllowed, can_post
from app.progress import service as progress_service
from app.progress.rules import NUMBERS_DEFAULTS
from app.ratings import service as ratings
from app.reviews import service as reviews
from app.reviews.forms import ReviewForm
from app.users import service as users

BANNED = (
    "Your account is banned from posting: reviews, episode ratings, lists and follows in the "
    "file were not restored."
)


def restore(user: User, extras: dict, shows_by_slug: dict[str, Show]) -> list[str]:
    """Write `extras` (from app/imports/unspoiled.py) for `user`; the sentences to show
    them, one per kind of thing restored or skipped. Shows not in `shows_by_slug` (the
    member skipped them, or the catalogue lacks them) are skipped; list items of shows the
    export had no progress for are looked up by slug."""
    messages = _settings(user, extras.get("settings") or {}, shows_by_slug)
    if not can_post(user):
        return [*messages, BANNED]
    messages += _reviews(user, extras.get("reviews", []), shows_by_slug)
    messages += _episode_ratings(user, extras.get("episode_ratings", []), shows_by_slug)
    messages += _lists(user, extras.get("lists", []), _list_shows(extras, shows_by_slug))
    messages += _people(user, extras.get("follows") or {})
    db.session.flush()
    return messages


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _reviews(user: User, records: list[dict], shows: dict[str, Show]) -> list[str]:
    restored: list[Review] = []
    messages = []
    unmatched = 0
    for record in records:
        show = shows.get(record["slug"])
        if show is None:
            unmatched += 1
        elif record.get("held"):
            messages.append(
                f"Your review of {show.title} was held for moderation when you exported it: "
                "it is not published again (its text is in your file)."
            )
        elif reviews.existing_review(show, user) is not None:
            messages.append(f"You have a review of {show.title} already: it is kept as it is.")
        else:
            review, problem = _create_review(user, show, record)
            if problem:
                messages.append(f"Your review of {show.title} was not restored: {problem}")
            else:
                restored.append(review)
    _date_activity(user, restored)
    if unmatched:
        messages.append(f"{_plural(unmatched, 'review')} of shows not imported skipped.")
    return [f"{_plural(len(restored), 'review')} restored.", *messages] if records else []


def _create_review(user: User, show: Show, record: dict) -> tuple[Review | None, str]:
    """The review the form would accept from `record`, created with its first date; or
    None and the form's first complaint."""
    ratings = {f"rating_{name}": record.get(f"rating_{name}") for name in ("overall", *SUBRATINGS)}
    data = {
        "title": record["title"],
        "body": record["body"],
        "episodes_watched": str(record["episodes_watched"]),
        **{key: "" if value is None else f"{value:.1f}" for key, value in ratings.items()},
    }
    form = ReviewForm(
        formdata=MultiDict(data), meta={"csrf": False}, episode_count=show.episode_count
    )
    if not form.validate():
        return None, next(iter(form.errors.values()))[0]
    try:
        review = reviews.create_review(show, user, form.draft())
    except reviews.AlreadyReviewed:  # a simultaneous request published one first
        return None, "you have a review of it already."
    created = _parse_time(record.get("created_at"))
    if created is not None:
        review.created_at = created
    return review, ""


def _parse_time(value: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _date_activity(user: User, restored: list[Review]) -> None:
    """A restored review's feed item carries the review's own date, so it takes its place
    in followers' feeds instead of appearing as news."""
    if not restored:
        return
    db.session.flush()
    written = select(Review.created_at).where(Review.id == Activity.target_id).scalar_subquery()
    db.session.execute(
        update(Activity)
        .where(
            Activity.actor_id == user.id,
            Activity.kind == "review",
            Activity.target_id.in_([review.id for review in restored]),
        )  # fmt: skip
        .values(created_at=written)
        .execution_options(synchronize_session=False)
    )


def _episode_ratings(user: User, records: list[dict], shows: dict[str, Show]) -> list[str]:
    restored = beyond = unmatched = 0
    for record in records:
        show = shows.get(record["slug"])
        if show is None:
            unmatched += 1
            continue
        try:
            ratings.rate(user, show, record["episode"], record["rating"])
        except NotAllowed:
            beyond += 1  # an episode past the progress now on the list
            continue
        restored += 1
    messages = [f"{_plural(restored, 'episode rating')} restored."] if records else []
    if beyond:
        messages.append(
            f"{_plural(beyond, 'episode rating')} of episodes beyond your progress skipped: "
            "ratings come from members who saw the episode."
        )
    if unmatched:
        messages.append(f"{_plural(unmatched, 'episode rating')} of shows not imported skipped.")
    return messages


def _list_shows(extras: dict, shows: dict[str, Show]) -> dict[str, Show]:
    """`shows`, plus the catalogue's shows that only lists name (the export had no
    progress on them, so the member could not have chosen to skip them)."""
    progress_slugs = set(extras.get("progress_slugs", []))
    named = {item["slug"] for show_list in extras.get("lists", []) for item in show_list["items"]}
    missing = named - set(shows) - progress_slugs
    found = db.session.scalars(select(Show).where(Show.slug.in_(missing))) if missing else []
    return {**shows, **{show.slug: show for show in found}}


def _lists(user: User, records: list[dict], shows: dict[str, Show]) -> list[str]:
    """Each list made anew, unless the member has it already (same name, same shows in
    the same order: importing a file twice makes no twins)."""
    if not records:
        return []
    own = db.session.scalars(
        select(ShowList).where(ShowList.owner_id == user.id).options(selectinload(ShowList.items))
    ).all()
    have = {(s.name.casefold(), tuple(item.show_id for item in s.items)) for s in own}
    taken = {show_list.name.casefold() for show_list in own}
    messages, made, missing = [], 0, 0
    for record in records:
        problem = _list_problem(record)
        found = [shows[item["slug"]] for item in record["items"] if item["slug"] in shows]
        if problem:
            messages.append(
                f"Your list “{record['name'][:NAME_LIMIT]}” was not restored: {problem}"
            )
        elif (record["name"].strip().casefold(), _ids(found)) in have:
            messages.append(f"You have the list “{record['name'].strip()}” already: it is kept.")
        else:
            messages += _make_list(user, record, shows, taken)
            made += 1
            missing += len(record["items"]) - len(found)
    if missing:
        messages.append(
            f"{_plural(missing, 'list entry', 'list entries')} of shows not imported skipped."
        )
    return [f"{_plural(made, 'list')} restored.", *messages]


def _ids(shows: list[Show]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(show.id for show in shows))


def _make_list(user: User, record: dict, shows: dict[str, Show], taken: set[str]) -> list[str]:
    """A new list of `record`'s items whose shows are in `shows` (by the file's slug)."""
    name = _free_name(record["name"].strip(), taken)
    show_list = lists_service.create(user, name=name, description=record["description"],
                                     is_public=record["is_public"])  # fmt: skip
    added = set()
    for item in record["items"]:
        show = shows.get(item["slug"])
        if show is not None and show.id not in added:
            lists_service.add(show_list, user, show, note=item["note"])
            added.add(show.id)
    if name == record["name"].strip():
        return []
    return [f"You have a list called “{record['name'].strip()}” already: the imported one is "
            f"called “{name}”."]  # fmt: skip


def _list_problem(record: dict) -> str:
    if not record["name"].strip():
        return "it has no name."
    if len(record["name"].strip()) > NAME_LIMIT:
        return f"a list's name has at most {NAME_LIMIT} characters."
    if len(record["description"]) > DESCRIPTION_LIMIT:
        return f"a description has at most {DESCRIPTION_LIMIT:,} characters."
    if any(len(item["note"]) > NOTE_LIMIT for item in record["items"]):
        return f"a note has at most {NOTE_LIMIT} characters."
    return ""


def _free_name(name: str, taken: set[str]) -> str:
    """`name`, or "name (2)", "name (3)"… the first the member does not use; kept in `taken`."""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: NAME_LIMIT - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


def _people(user: User, follows: dict) -> list[str]:
    """Blocks first (a block ends follows), then follows, of members who still exist."""
    wanted = [*follows.get("blocked", []), *follows.get("following", [])]
    if not wanted:
        return []
    keys = {username_key(name.strip()) for name in wanted}
    found = {member.username_key: member for member in db.session.scalars(
        select(User).where(User.username_key.in_(keys), User.deleted_at.is_(None)))}  # fmt: skip
    messages = []
    for kind, act in (("blocked", users.block), ("following", users.follow)):
        names = follows.get(kind, [])
        done = 0
        for name in names:
            member = found.get(username_key(name.strip()))
            if member is None or member.id == user.id:
                continue
            try:
                act(user, member)
            except NotAllowed:
                continue
            done += 1
        verb = "blocked" if kind == "blocked" else "followed"
        if names:
            messages.append(f"{_plural(done, 'member')} of {len(names)} {verb} again"
                            + ("." if done == len(names) else
                               " (the others no longer have an account here, or a block "
                               "stands between you)."))  # fmt: skip
    return messages


def _settings(user: User, settings: dict, shows: dict[str, Show]) -> list[str]:
    """The account's list visibility, numbers setting and notification opt-outs, and each
    imported show's own numbers setting."""
    if not settings:
        return []
    if settings.get("is_list_public") is not None:
        user.is_list_public = settings["is_list_public"]
    percent = settings.get("hide_numbers_percent")
    if percent in {value for value, _label in NUMBERS_DEFAULTS.values()}:
        progress_service.set_numbers_default(user, percent)
    off = set(settings.get("notifications_off") or [])
    if off:
        notifications.set_opt_outs(user, notifications.opted_out(user.id) | off)
    for slug, until in (settings.get("hide_numbers_until") or {}).items():
        show = shows.get(slug)
        if show is not None and 0 <= until <= show.episode_count:
            progress_service.set_numbers_override(user, show, until)
    return ["Your settings (numbers, notifications, list visibility) restored."]
