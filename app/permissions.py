"""Every "who may" rule, once: predicates, the decorators and `ensure` built on them.

Each predicate takes the acting user (an anonymous one included) and the target, and
answers True or False; views call `ensure(predicate(...))` or a decorator, services raise
`NotAllowed` through the same predicates, and templates call them as Jinja globals
(`register_template_globals`), so no template restates a rule.
"""

from datetime import UTC, timedelta
from functools import wraps

from flask import Flask, abort
from flask_login import current_user, login_required
from werkzeug.exceptions import Forbidden

from app.models import Comment, Review, User
from app.models.user import utcnow

COMMENT_EDIT_WINDOW = timedelta(minutes=15)


class NotAllowed(Forbidden):
    """The user may not do this; it answers 403 wherever it is raised."""


def ensure(allowed: bool, message: str | None = None) -> None:
    """Raise NotAllowed (403) with `message` unless `allowed`."""
    if not allowed:
        raise NotAllowed(message)


def is_author(user, target: Review | Comment) -> bool:
    """True when `user` wrote `target`."""
    return user.is_authenticated and user.id == target.author_id


def can_post(user) -> bool:
    """Members write, comment, vote and report unless a ban holds (one that has ended
    no longer does, even before it is lifted)."""
    return user.is_authenticated and not user.is_banned_now


def can_moderate(user) -> bool:
    """Moderators and admins moderate, unless banned."""
    return user.is_authenticated and user.is_moderator and not user.is_banned_now


def can_administer(user) -> bool:
    """Admins edit the catalogue."""
    return user.is_authenticated and user.role == "admin"


def sees_every_spoiler(user, author_id: int) -> bool:
    """Authors read their own spoilers, and moderators everyone's, all labelled; a banned
    moderator keeps only a reader's rights."""
    return user.is_authenticated and (user.id == author_id or can_moderate(user))


def can_see_held(user, author_id: int) -> bool:
    """A review or comment held for review (enough members reported it as an unmarked
    spoiler) stays readable to its author and to moderators (not banned ones) only."""
    return user.is_authenticated and (user.id == author_id or can_moderate(user))


def is_held_from(user, target) -> bool:
    """True when `target` (a review or comment, or a row with `held_at` and
    `author_id`) is held for review and `user` may not read it."""
    return target.held_at is not None and not can_see_held(user, target.author_id)


def can_edit_review(user, review: Review) -> bool:
    """Authors edit and delete their own reviews, moderators any; not while banned."""
    return can_post(user) and (user.id == review.author_id or user.is_moderator)


def can_vote_helpful(user, review: Review) -> bool:
    """Members mark others' reviews helpful (not their own)."""
    return can_post(user) and user.id != review.author_id


def can_report(user, target: Review | Comment) -> bool:
    """Members report what others wrote."""
    return can_post(user) and user.id != target.author_id


def can_edit_comment(user, comment: Comment) -> bool:
    """Authors edit a visible comment for 15 minutes after posting it (unless banned)."""
    if not (can_post(user) and is_author(user, comment) and comment.status == "visible"):
        return False
    created = comment.created_at
    if created.tzinfo is None:  # SQLite returns naive datetimes (stored in UTC)
        created = created.replace(tzinfo=UTC)
    return utcnow() - created <= COMMENT_EDIT_WINDOW


def can_delete_comment(user, comment: Comment) -> bool:
    """Authors delete their own comments (unless banned)."""
    return can_post(user) and is_author(user, comment)


def can_read_hidden(user, comment: Comment) -> bool:
    """A hidden comment stays readable to its author and to moderators (not banned ones)."""
    return is_author(user, comment) or can_moderate(user)


def can_ban(actor, target: User) -> bool:
    """Moderators ban members; only admins ban moderators; nobody bans an admin or
    themselves, nor a deleted account (issue 19: nobody is left to ban)."""
    if not can_moderate(actor) or target.id == actor.id or target.role == "admin":
        return False
    if target.is_former_member:
        return False
    return target.role == "user" or actor.role == "admin"


def acts_as_moderator(user, target: Review | Comment) -> bool:
    """True when a moderator acts on what someone else wrote: such an action asks a
    reason and goes in the moderation log (and the target's history)."""
    return can_moderate(user) and not is_author(user, target)


def can_read_history(user, target: Review | Comment) -> bool:
    """A review's or comment's edit history (every version, every spoiler shown) is for
    its author and for moderators."""
    return is_author(user, target) or can_moderate(user)


def can_see_list(user, owner: User) -> bool:
    """A member's list is public unless they made it private; they always see their own."""
    return owner.is_list_public or (user.is_authenticated and user.id == owner.id)


def can_follow(user, member: User) -> bool:
    """Members follow others (not themselves) unless a ban holds; a block between the two
    is checked by the follow itself (app/users/service.py), as it needs a query."""
    return can_post(user) and user.id != member.id


def can_block(user, member: User) -> bool:
    """Members block others (not themselves), banned ones too: a block protects them."""
    return user.is_authenticated and user.id != member.id


def can_read_show_list(user, show_list) -> bool:
    """A list of shows (issue 18): its owner always reads it; others a public one, unless
    a moderator hid it or reports hold it; moderators (not banned ones) a public one
    whatever its state, to judge it. Nobody else learns a private list exists (404)."""
    if user.is_authenticated and user.id == show_list.owner_id:
        return True
    if not show_list.is_public:
        return False
    return show_list.counts or can_moderate(user)


def can_edit_show_list(user, show_list) -> bool:
    """Owners change their own lists (name, items, order, notes), unless banned."""
    return can_post(user) and user.id == show_list.owner_id


def _requiring(predicate, doc: str):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    decorator.__doc__ = doc
    return decorator


moderator_required = _requiring(
    can_moderate, "Anonymous readers go to sign in; others who may not moderate get 403."
)
admin_required = _requiring(
    can_administer, "Anonymous readers go to sign in; members who are not admins get 403."
)

TEMPLATE_PREDICATES = (
    is_author,
    can_post,
    can_moderate,
    can_edit_review,
    can_vote_helpful,
    can_report,
    can_edit_comment,
    can_delete_comment,
    can_read_hidden,
    is_held_from,
    can_ban,
    acts_as_moderator,
    can_read_history,
    can_see_list,
    can_follow,
    can_block,
    can_read_show_list,
    can_edit_show_list,
)


def register_template_globals(app: Flask) -> None:
    """Templates ask `can_edit_review(review)`: the predicates, bound to the current user."""
    for predicate in TEMPLATE_PREDICATES:
        app.jinja_env.globals[predicate.__name__] = _for_current_user(predicate)


def _for_current_user(predicate):
    def bound(*args):
        return predicate(current_user, *args)

    bound.__name__ = predicate.__name__
    return bound
