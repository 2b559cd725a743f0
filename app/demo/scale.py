"""Generated reviews for benchmarks: `flask --app wsgi seed-demo --scale N`.

N generated members each review every main demo show once (a member has one review
per show), so each main show ends up with N generated reviews besides the hand-written
ones. Running it again with the same N adds nothing; a larger N adds the difference.

Speed matters more than variety here: a handful of bodies is rendered once per show
through the real pipeline (`render_document`, `excerpt`), their stored segments are
reused for every generated review, every member shares one precomputed password hash
(scrypt once, not N times), and rows go in with batched INSERTs.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import click
from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from app.demo import DEMO_PASSWORD, SPAN
from app.extensions import db
from app.markup import excerpt, render_document
from app.models import HelpfulVote, Review, Show, User, WatchEntry
from app.models.user import new_session_token, username_key, utcnow
from app.scores import service as scores

MAIN_SHOWS = ("move-to-heaven", "run-on", "run-toward-tomorrow", "the-producers")
EMAIL_DOMAIN = "scale.unspoiled.invalid"  # marks generated members; .invalid never resolves
BATCH = 1000
EXCERPT_CHARS = 300  # the same length app.reviews.service stores

TITLES = (
    "Worth every episode",
    "A slow start, then it never lets go",
    "Not perfect, but I keep thinking about it",
    "The cast carries it",
    "Why I stopped halfway, then came back",
    "My honest take after the finale",
    "Comfort viewing with a sting in the tail",
    "Overhyped? A dissenting view",
)

# Bodies with spoilers at a quarter, half, three quarters and the end of the show.
BODIES = (
    "I came to {title} with low expectations and left with a list of scenes I want to "
    "rewatch. The first episodes take their time: the writers trust you to sit with the "
    "characters before anything happens, and that patience pays off.\n\n"
    "The lead performances are careful and specific. Nobody shouts to show they are sad; "
    "they fold a shirt, or hesitate at a door, and you understand.\n\n"
    "[spoiler ep={half}]\nThe reveal in the middle of the show reframes everything that "
    "came before. I rewound the last five minutes twice.\n[/spoiler]\n\n"
    "The soundtrack is used sparingly, which makes the few big musical moments land.\n\n"
    "Overall: recommended, with tissues.",
    "### What works\n\nThe writing. Every side character gets a small arc of their own, "
    "and the dialogue sounds like people talking rather than people explaining the plot "
    "to each other. Episode by episode the show builds a world you want to live in.\n\n"
    "### What does not\n\nThe pacing sags around the middle, when the show seems unsure "
    "whether it is a romance or a family drama. I was close to dropping it until "
    "[spoiler ep={quarter}]the brother comes back and the tone changes[/spoiler].\n\n"
    "### The ending\n\n[spoiler ep={last}]\nThe finale chooses quiet over spectacle. "
    "Some viewers hated the open last scene; I found it honest.\n[/spoiler]\n\n"
    "A flawed show with a big heart, and one I will recommend to friends.",
    "Short version: watch it.\n\nLonger version: {title} is one of those dramas where the "
    "premise sounds small and the execution is anything but. The direction is confident, "
    "the colour grading is gorgeous, and the actors have real chemistry. "
    "||The kiss in the rain is earned, for once.|| I laughed more than I expected and cried "
    "exactly when the show wanted me to.\n\n"
    "[spoiler ep={three_quarters}]\nI did not see the betrayal coming, and I am still "
    "angry about it in the best way.\n[/spoiler]\n\n"
    "If you liked the writer's earlier work you will feel at home here.",
    "I want to talk about the craft, because it is easy to miss. The editing cuts away "
    "from the obvious reaction shot again and again, and the silence does the work. The "
    "camera keeps a respectful distance during the hardest scenes, and the production "
    "design fills every room with objects that tell you who lived there.\n\n"
    "- The opening credits change subtly as the story progresses.\n"
    "- Recurring props pay off much later.\n"
    "- The score borrows one motif and varies it beautifully.\n\n"
    "[spoiler ep={quarter}]\nThe first loss is handled with restraint; the show does not "
    "milk it.\n[/spoiler]\n\n"
    "[spoiler ep={half}]\nThe mid-season flashback explains the uncle completely, and I "
    "forgave him for everything.\n[/spoiler]\n\n"
    "> Some stories are about endings; this one is about what we carry forward.\n\n"
    "That line from the first episode sums it up. Highly recommended, but pace yourself: "
    "this is not a show to binge in one weekend, and it rewards a little reflection "
    "between episodes. Give it the patience it asks for and it will give a lot back.",
    "Mixed feelings. The first act is excellent, the acting is strong throughout, and "
    "the supporting cast steals several episodes. But the plot leans on coincidences, "
    "and one subplot goes nowhere.\n\n"
    "[spoiler]\nKilling off the best friend felt cheap, and the time skip skipped the part "
    "I wanted to see.\n[/spoiler]\n\n"
    "Still, I finished it in a week and I do not regret it. Seven out of ten for the "
    "story, nine for the cast.",
    "Rewatching {title} years later, it holds up. What struck me this time is how much "
    "of the story is told through work: the rituals of a job, done well, as a way of "
    "caring for people. The show respects labour, and that is rarer than it should be.\n\n"
    "The humour is gentle and character-driven. The older cast members are a joy, and "
    "the young leads grow into their roles as the series goes on.\n\n"
    "[spoiler ep={three_quarters}]\nThe hospital episode is the best hour of the show. "
    "The phone call at the end wrecked me.\n[/spoiler]\n\n"
    "[spoiler ep={last}]\nI love that the last scene mirrors the first one, with the "
    "roles reversed.\n[/spoiler]\n\n"
    "On a second watch I noticed how carefully the early episodes plant everything: a "
    "throwaway line about a birthday, a photograph on a shelf, a song hummed in a car. "
    "None of it is wasted. The show is also better at silence than most dramas; it lets "
    "scenes breathe, and it trusts the audience to notice. If you skipped it because "
    "the premise sounded gloomy, give it two episodes. It is warmer than it sounds.",
)


LONG_PARAGRAPHS = (
    "Episode by episode, {title} builds its world out of small, specific things: a "
    "workplace ritual, a family dinner that goes wrong, a song on the car radio. The "
    "writers are patient, and the show asks you to be patient too.",
    "The performances deserve a paragraph each, but I will settle for one: nobody in "
    "this cast plays a type. Even the antagonist gets a scene that explains, without "
    "excusing, why he became who he is, and the supporting players are just as careful.",
    "Technically it is a cut above most dramas of its year. The cinematography favours "
    "natural light, the editing knows when to hold a shot, and the score is used with "
    "restraint, so that when the main theme finally swells it means something.",
)


def _long_body() -> str:
    """A long-form review (about 8,000 characters), spoilers spread through it, as the
    community writes for a finished show."""
    sections = []
    for number, key in enumerate(("quarter", "half", "three_quarters", "last"), start=1):
        sections.append(f"### Part {number}\n\n" + "\n\n".join(LONG_PARAGRAPHS * 2))
        sections.append(
            f"[spoiler ep={{{key}}}]\nWhat happens here changes how you see the earlier "
            "episodes; I will not say more outside this block.\n\n"
            + LONG_PARAGRAPHS[number % 3]
            + "\n[/spoiler]"
        )
    return "\n\n".join(sections) + "\n\nIn short: one of the best of its kind."


@dataclass(frozen=True)
class Variant:
    """One distinct body for one show, rendered once and reused."""

    body: str
    segments: list[Any]
    excerpt: str


def generate(count: int, *, progressbar: Callable = click.progressbar) -> dict[str, int]:
    """Make sure each main demo show has `count` generated reviews; return what was added.

    The caller commits. The demo shows must exist (`demo.seed()` first).
    """
    shows = list(db.session.scalars(select(Show).where(Show.slug.in_(MAIN_SHOWS))))
    if len(shows) != len(MAIN_SHOWS):
        raise click.ClickException("The demo shows are missing: run seed-demo first.")
    added = {"users": _add_members(count, progressbar), "reviews": 0, "votes": 0}
    members = _member_ids(count)
    for show in sorted(shows, key=lambda show: MAIN_SHOWS.index(show.slug)):
        reviews, votes = _add_reviews(show, members, progressbar)
        added["reviews"] += reviews
        added["votes"] += votes
    if added["reviews"]:
        # Bulk inserts bypass the services that keep score statistics exact: recompute.
        scores.rebuild([show.id for show in shows])
    return added


def member_name(number: int) -> str:
    """The username of generated member `number` (1-based)."""
    return f"gen-{number:05d}"


def _member_ids(count: int) -> dict[int, int]:
    """Generated member number -> user id, for members 1..count."""
    rows = db.session.execute(
        select(User.id, User.username).where(User.email.like(f"%@{EMAIL_DOMAIN}"))
    )
    ids = {int(name.removeprefix("gen-")): user_id for user_id, name in rows}
    return {number: ids[number] for number in range(1, count + 1)}


def _add_members(count: int, progressbar: Callable) -> int:
    """Insert the generated members 1..count that do not exist yet."""
    existing = set(
        db.session.scalars(select(User.username).where(User.email.like(f"%@{EMAIL_DOMAIN}")))
    )
    missing = [n for n in range(1, count + 1) if member_name(n) not in existing]
    if not missing:
        return 0
    password_hash = generate_password_hash(DEMO_PASSWORD, method="scrypt")  # once, shared
    now = utcnow()
    rows = (
        {
            "username": member_name(n),
            "username_key": username_key(member_name(n)),  # no ORM here to set it
            "email": f"{member_name(n)}@{EMAIL_DOMAIN}",
            "password_hash": password_hash,
            "role": "user",
            "is_banned": False,
            "is_list_public": True,
            "session_token": new_session_token(),
            "created_at": now - timedelta(days=400, minutes=n),
        }
        for n in missing
    )
    _insert_batches(User, rows, len(missing), "Generated members", progressbar)
    return len(missing)


def _variants(show: Show) -> list[Variant]:
    count = show.episode_count
    episodes = {
        "quarter": max(1, count // 4),
        "half": max(1, count // 2),
        "three_quarters": max(1, 3 * count // 4),
        "last": count,
    }
    variants = []
    for template in (*BODIES, _long_body()):
        body = template.format(title=show.title, **episodes)
        segments = render_document(body, episode_count=count)
        variants.append(Variant(body, segments, excerpt(segments, max_chars=EXCERPT_CHARS)))
    return variants


def _add_reviews(show: Show, members: dict[int, int], progressbar: Callable) -> tuple[int, int]:
    """Insert the missing generated reviews of `show`, their authors' progress and votes."""
    authors = set(members.values())
    reviewed = set(db.session.scalars(select(Review.author_id).where(Review.show_id == show.id)))
    watching = set(
        db.session.scalars(select(WatchEntry.user_id).where(WatchEntry.show_id == show.id))
    )
    todo = [n for n, user_id in members.items() if user_id not in reviewed]
    if not todo:
        return 0, 0
    variants = _variants(show)
    now = utcnow()
    reviews = (_review_row(show, n, members[n], variants, now) for n in todo)
    _insert_batches(Review, reviews, len(todo), f"Reviews of {show.slug}", progressbar)
    entries = [_entry_row(show, n, members[n], now) for n in todo if members[n] not in watching]
    _insert_batches(
        WatchEntry, iter(entries), len(entries), f"Progress on {show.slug}", progressbar
    )
    review_ids = dict(
        db.session.execute(
            select(Review.author_id, Review.id).where(
                Review.show_id == show.id, Review.author_id.in_(authors - reviewed)
            )
        ).all()
    )
    votes = [
        vote
        for n in todo
        for vote in _votes(n, members, review_ids[members[n]], written_at(show, n, now), now)
    ]
    _insert_batches(HelpfulVote, iter(votes), len(votes), f"Votes on {show.slug}", progressbar)
    return len(todo), len(votes)


def _review_row(show: Show, number: int, author_id: int, variants: list[Variant], now):
    variant = variants[number % len(variants)]
    episode_count = show.episode_count
    finished = number % 10 < 7  # most reviews are written after the finale
    rating = _rating(number)
    return {
        "show_id": show.id,
        "author_id": author_id,
        "title": TITLES[number % len(TITLES)],
        "body": variant.body,
        "segments": variant.segments,
        "excerpt": variant.excerpt,
        "episodes_watched": episode_count if finished else max(1, episode_count // 2),
        "rating_overall": rating,
        "rating_story": max(1.0, rating - 0.5) if number % 3 else None,
        "rating_acting": min(10.0, rating + 0.5) if number % 4 else None,
        "rating_music": rating if number % 5 else None,
        "rating_rewatch": max(1.0, rating - 1.0) if number % 2 else None,
        "helpful_count": _vote_count(number),
        "created_at": written_at(show, number, now),
        "edited_at": None,
    }


def written_at(show: Show, number: int, now):
    """When generated review `number` of `show` was written: spread over the demo's SPAN
    before `now` by a fixed scramble of the number (deterministic, so a second run with
    a larger N leaves the first ones' dates alone), at least two hours ago."""
    minutes = int(SPAN.total_seconds() // 60)
    return now - timedelta(minutes=120 + (number * 7919 + len(show.slug) * 131) % minutes)


def _entry_row(show: Show, number: int, user_id: int, now) -> dict[str, Any]:
    """The author's progress at the episode the review was written at, and their score."""
    finished = number % 10 < 7
    row = {
        "user_id": user_id,
        "show_id": show.id,
        "status": "completed" if finished else "watching",
        "episodes_watched": show.episode_count if finished else max(1, show.episode_count // 2),
        "updated_at": written_at(show, number, now),  # set when they wrote the review
        "score": _rating(number),  # a member's score mirrors their review's rating
    }
    return row


def _rating(number: int) -> float:
    return 5.0 + (number * 3 % 11) * 0.5


def _vote_count(number: int) -> int:
    """Helpful votes, from the members just before the author, skewed as on real sites:
    half the reviews get none, a quarter one, an eighth two, and so on."""
    return min(number - 1, (number & -number).bit_length() - 1)


def _votes(number: int, members: dict[int, int], review_id: int, written, now) -> Iterator[dict]:
    """The helpful votes of review `number`, each an hour or more after it was written."""
    for step, voter in enumerate(range(number - _vote_count(number), number), start=1):
        yield {
            "review_id": review_id,
            "user_id": members[voter],
            "created_at": min(written + timedelta(hours=step), now),
        }


def _insert_batches(model, rows: Iterator[dict], total: int, label: str, progressbar) -> None:
    """INSERT `rows` into `model`'s table BATCH at a time, with a progress bar."""
    if total == 0:
        return
    with progressbar(length=total, label=label, show_pos=True) as bar:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                db.session.execute(insert(model), batch)
                bar.update(len(batch))
                batch = []
        if batch:
            db.session.execute(insert(model), batch)
            bar.update(len(batch))
