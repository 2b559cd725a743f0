"""Following and blocking (issue 18): the rules, the two kinds of answer, the pages."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Block, Follow, User
from app.users import queries as social

HX = {"HX-Request": "true"}


@pytest.fixture
def notified(monkeypatch):
    """The notifications the follow service sends, as (recipient, kind, actor) triples."""
    sent = []

    def spy(recipient_id, kind, *, actor_id=None, subject_id=None):
        sent.append((recipient_id, kind, actor_id))

    monkeypatch.setattr("app.users.service.notify", spy)
    return sent


def follows() -> set[tuple[int, int]]:
    db.session.expire_all()
    return {
        tuple(row) for row in db.session.execute(select(Follow.follower_id, Follow.followed_id))
    }


def blocks() -> set[tuple[int, int]]:
    db.session.expire_all()
    return {tuple(row) for row in db.session.execute(select(Block.blocker_id, Block.blocked_id))}


def relate(client, action: str, user: User, **kwargs):
    return client.submit(f"/users/{user.username}/{action}", kwargs.pop("data", {}), **kwargs)


def test_follow_redirects_to_the_profile_and_counts(client, make_user, login, notified):
    ann, bob = make_user("ann"), make_user("bob")
    login(ann)
    response = relate(client, "follow", bob)
    assert response.status_code == 303
    assert response.headers["Location"] == "/users/bob"
    assert follows() == {(ann.id, bob.id)}
    assert notified == [(bob.id, "follow", ann.id)]
    page = client.get("/users/bob").text
    assert "You follow bob." in page  # the flash
    assert "<strong>1</strong> follower</a>" in page
    assert ">Unfollow</button>" in page


def test_following_twice_is_once_and_notifies_once(client, make_user, login, notified):
    ann, bob = make_user("ann"), make_user("bob")
    login(ann)
    assert relate(client, "follow", bob).status_code == 303
    assert relate(client, "follow", bob).status_code == 303
    assert follows() == {(ann.id, bob.id)}
    assert notified == [(bob.id, "follow", ann.id)]


def test_unfollow_ends_the_follow_and_twice_is_no_error(client, make_user, login, notified):
    ann, bob = make_user("ann"), make_user("bob")
    login(ann)
    relate(client, "follow", bob)
    assert relate(client, "unfollow", bob).status_code == 303
    assert follows() == set()
    assert relate(client, "unfollow", bob).status_code == 303
    assert "<strong>0</strong> followers</a>" in client.get("/users/bob").text


@pytest.mark.parametrize("action", ["follow", "block"])
def test_following_or_blocking_yourself_is_a_clear_400(client, make_user, login, action):
    ann = make_user("ann")
    login(ann)
    response = relate(client, action, ann)
    assert response.status_code == 400
    assert f"You cannot {action} yourself." in response.text
    fragment = relate(client, action, ann, headers=HX)
    assert fragment.status_code == 400
    assert f"You cannot {action} yourself." in fragment.text
    assert follows() == set() and blocks() == set()


def test_block_ends_follows_both_ways(client, make_user, login, notified):
    ann, bob, cat = make_user("ann"), make_user("bob"), make_user("cat")
    db.session.add_all([Follow(follower_id=ann.id, followed_id=bob.id),
                        Follow(follower_id=bob.id, followed_id=ann.id),
                        Follow(follower_id=cat.id, followed_id=bob.id)])  # fmt: skip
    db.session.commit()
    login(ann)
    assert relate(client, "block", bob).status_code == 303
    assert blocks() == {(ann.id, bob.id)}
    assert follows() == {(cat.id, bob.id)}  # others' follows stay
    assert relate(client, "block", bob).status_code == 303  # twice is once
    assert blocks() == {(ann.id, bob.id)}


def test_blocked_member_cannot_follow_the_blocker(app, client, make_user, login, notified):
    ann, bob = make_user("ann"), make_user("bob")
    db.session.add(Block(blocker_id=ann.id, blocked_id=bob.id))
    db.session.commit()
    login(bob)
    response = relate(client, "follow", ann)
    assert response.status_code == 403
    assert "You cannot follow ann: they blocked you." in response.text
    fragment = relate(client, "follow", ann, headers=HX)
    assert fragment.status_code == 403
    assert "they blocked you" in fragment.text
    assert follows() == set()
    assert notified == []
    page = client.get("/users/ann").text
    assert "You cannot follow ann." in page
    assert ">Follow</button>" not in page
    assert "Block ann</button>" in page  # the blocked member may still block back


def test_blocker_follows_again_only_after_unblocking(client, make_user, login, notified):
    ann, bob = make_user("ann"), make_user("bob")
    login(ann)
    relate(client, "block", bob)
    response = relate(client, "follow", bob)
    assert response.status_code == 403
    assert "You blocked bob: unblock them to follow." in response.text
    page = client.get("/users/bob").text
    assert "You blocked bob." in page and ">Unblock</button>" in page
    assert relate(client, "unblock", bob).status_code == 303
    assert blocks() == set()
    assert relate(client, "follow", bob).status_code == 303
    assert follows() == {(ann.id, bob.id)}


def test_banned_member_may_not_follow_but_may_unfollow_and_block(client, make_user, login):
    ann, bob, cat = make_user("ann"), make_user("bob"), make_user("cat")
    db.session.add(Follow(follower_id=ann.id, followed_id=cat.id))
    ann.is_banned = True
    db.session.commit()
    login(ann)
    response = relate(client, "follow", bob)
    assert response.status_code == 403
    assert "you cannot follow members" in response.text
    assert ">Follow</button>" not in client.get("/users/bob").text
    assert relate(client, "unfollow", cat).status_code == 303
    assert relate(client, "block", bob).status_code == 303
    assert relate(client, "unblock", bob).status_code == 303
    assert follows() == set() and blocks() == set()


def test_htmx_gets_the_buttons_fragment_with_the_new_count(client, make_user, login, notified):
    ann, bob = make_user("ann"), make_user("bob")
    login(ann)
    response = relate(client, "follow", bob, headers=HX)
    assert response.status_code == 200
    html = response.text
    assert html.startswith(f'<div id="user-{bob.id}-follow"')
    assert "<html" not in html
    assert "<strong>1</strong> follower</a>" in html
    assert ">Unfollow</button>" in html
    html = relate(client, "block", bob, headers=HX).text
    assert html.startswith(f'<div id="user-{bob.id}-follow"')
    assert "<strong>0</strong> followers</a>" in html
    assert ">Unblock</button>" in html


@pytest.mark.parametrize(
    ("next_path", "location"),
    [
        ("/users/bob/followers", "/users/bob/followers"),
        ("https://evil.example/", "/users/bob"),
        ("//evil.example/", "/users/bob"),
        ("", "/users/bob"),
    ],
)
def test_plain_form_goes_back_to_a_safe_next(client, make_user, login, next_path, location):
    make_user("ann"), make_user("bob")
    login("ann")
    response = client.submit("/users/bob/follow", {"next": next_path})
    assert response.status_code == 303
    assert response.headers["Location"] == location


@pytest.mark.parametrize("action", ["follow", "unfollow", "block", "unblock"])
def test_bad_requests_change_nothing(client, make_user, login, action):
    bob = make_user("bob")
    # Anonymous: sent to sign in.
    response = client.submit(f"/users/bob/{action}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(make_user("ann"))
    cases = [
        (client.submit(f"/users/nobody-here/{action}"), 404),
        (client.get(f"/users/bob/{action}"), 405),
        (client.post(f"/users/bob/{action}"), 400),  # no CSRF token
    ]
    for response, status in cases:
        assert response.status_code == status
    assert follows() == set() and blocks() == set()
    assert bob.id


def test_usernames_match_in_any_case(client, make_user, login, notified):
    ann, bob = make_user("ann"), make_user("Bob")
    login(ann)
    assert client.submit("/users/BOB/follow").status_code == 303
    assert follows() == {(ann.id, bob.id)}


def test_profile_offers_what_each_reader_may_do(client, make_user, login):
    ann, bob = make_user("ann"), make_user("bob")
    anonymous = client.get("/users/bob").text
    assert "Sign in to follow" in anonymous and "Block bob" not in anonymous
    login(ann)
    other = client.get("/users/bob").text
    assert ">Follow</button>" in other
    assert "Block bob? They will not be able to follow you" in other
    own = client.get("/users/ann").text
    assert ">Follow</button>" not in own and "Block ann" not in own
    assert "Members you blocked" in own
    assert "Members you blocked" not in other
    assert bob.id


def test_summary_counts_and_relations_in_one_query(app, make_user, count_queries):
    ann, bob, cat = make_user("ann"), make_user("bob"), make_user("cat")
    db.session.add_all([Follow(follower_id=ann.id, followed_id=bob.id),
                        Follow(follower_id=cat.id, followed_id=bob.id),
                        Follow(follower_id=bob.id, followed_id=cat.id),
                        Block(blocker_id=bob.id, blocked_id=cat.id)])  # fmt: skip
    db.session.commit()
    assert ann.id and bob.id  # loaded before counting
    with count_queries() as counter:
        summary = social.social_summary(ann, bob)
    assert counter.count == 1
    assert summary == social.SocialSummary(2, 1, is_following=True)
    assert social.social_summary(cat, bob) == social.SocialSummary(2, 1, True, False, True)
    assert social.social_summary(bob, cat).is_blocking
    assert social.social_summary(bob, bob) == social.SocialSummary(2, 1)


def test_profile_queries_stay_flat_as_followers_grow(client, make_user, login, count_queries):
    bob = make_user("bob")
    login(make_user("ann"))

    def profile_queries() -> int:
        with count_queries() as counter:
            assert client.get("/users/bob").status_code == 200
        return counter.count

    before = profile_queries()
    for _ in range(5):
        db.session.add(Follow(follower_id=make_user().id, followed_id=bob.id))
    db.session.commit()
    assert profile_queries() == before


def test_hidden_members_are_blocked_both_ways(app, make_user):
    ann, bob, cat, dan = (make_user(n) for n in ("ann", "bob", "cat", "dan"))
    db.session.add_all([Block(blocker_id=ann.id, blocked_id=bob.id),
                        Block(blocker_id=cat.id, blocked_id=ann.id)])  # fmt: skip
    db.session.commit()
    assert social.blocked_ids(ann.id) == {bob.id}
    assert social.hidden_member_ids(ann) == {bob.id, cat.id}
    assert social.hidden_member_ids(dan) == set()
    visible = select(User.username).where(
        User.id.not_in(social.hidden_members_select(ann.id)), User.id != ann.id
    )
    assert sorted(db.session.scalars(visible)) == ["dan"]


def test_hidden_member_ids_is_empty_for_anonymous(app):
    from flask_login import AnonymousUserMixin

    assert social.hidden_member_ids(AnonymousUserMixin()) == set()


def test_followers_and_following_pages_list_members(client, make_user, monkeypatch):
    bob = make_user("bob")
    fans = [make_user(f"fan{n}") for n in range(3)]
    for fan in fans:
        db.session.add(Follow(follower_id=fan.id, followed_id=bob.id))
    db.session.add(Follow(follower_id=bob.id, followed_id=fans[0].id))
    db.session.commit()
    monkeypatch.setattr(social, "PER_PAGE", 2)
    first = client.get("/users/bob/followers").text
    assert "bob’s followers" in first
    assert 'class="avatar avatar-48' in first
    second = client.get("/users/bob/followers?page=2").text
    names = [f"fan{n}" for n in range(3)]
    assert sorted(n for n in names if f">{n}</a>" in first + second) == names
    assert "Page 1 of 2" in first
    following = client.get("/users/bob/following").text
    assert ">fan0</a>" in following and ">fan1</a>" not in following
    make_user("cat")
    assert "cat does not follow anyone yet." in client.get("/users/cat/following").text
    assert "Nobody follows fan1 yet." in client.get("/users/fan1/followers").text


@pytest.mark.parametrize("url", ["/users/nobody/followers", "/users/nobody/following",
                                 "/users/nobody/blocked"])  # fmt: skip
def test_people_pages_of_unknown_members_are_404(client, make_user, login, url):
    login(make_user())
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["junk", "-3", "0", "99999999999"])
def test_people_pages_take_junk_page_numbers(client, make_user, page):
    make_user("bob")
    assert client.get(f"/users/bob/followers?page={page}").status_code == 200


def test_blocked_page_is_its_owners_only_and_unblocks(client, make_user, login):
    ann, bob = make_user("ann"), make_user("bob")
    db.session.add(Block(blocker_id=ann.id, blocked_id=bob.id))
    db.session.commit()
    anonymous = client.get("/users/ann/blocked")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login(bob)
    assert client.get("/users/ann/blocked").status_code == 403
    client.post("/logout", data={"csrf_token": client.csrf_token()})
    login(ann)
    page = client.get("/users/ann/blocked").text
    assert ">bob</a>" in page and ">Unblock</button>" in page
    response = client.submit("/users/bob/unblock", {"next": "/users/ann/blocked"})
    assert response.headers["Location"] == "/users/ann/blocked"
    assert "You have not blocked anyone." in client.get("/users/ann/blocked").text
    assert db.session.scalar(select(func.count()).select_from(Block)) == 0
