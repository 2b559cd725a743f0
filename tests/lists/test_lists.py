"""Lists of shows: making, editing, deleting; privacy; adding, removing, moving and noting
shows; bad input; the show page's count and "Add to a list"; the profile's lists."""

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Activity, ListItem, ShowList

HX = {"HX-Request": "true"}


def titles_in(client, show_list) -> list[str]:
    """The shows of the list's page, in order, by slug (read from their item forms' links)."""
    items = db.session.scalars(
        select(ListItem).where(ListItem.list_id == show_list.id)
        .order_by(ListItem.position, ListItem.id)
    ).all()  # fmt: skip
    return [item.show.slug for item in items]


def page_order(client, show_list, slugs) -> list[str]:
    """The slugs in the order the list's page shows them."""
    html = client.get(f"/lists/{show_list.id}").text
    return sorted(slugs, key=lambda slug: html.index(f'href="/shows/{slug}"'))


def test_member_makes_a_list_and_lands_on_it(client, make_user, login):
    login(make_user("maker"))
    response = client.submit("/lists/new", {"name": "Slow burns", "description": "Patience.",
                                            "is_public": "y"}, page="/lists/new")  # fmt: skip
    show_list = db.session.scalar(select(ShowList))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/lists/{show_list.id}")
    assert (show_list.name, show_list.description, show_list.is_public) == (
        "Slow burns",
        "Patience.",
        True,
    )
    page = client.get(f"/lists/{show_list.id}").text
    assert "Slow burns" in page and "Patience." in page and "Add a show" in page


def test_new_list_form_is_public_by_default_and_anonymous_readers_sign_in(client, make_user, login):
    assert client.get("/lists/new").status_code == 302
    login(make_user())
    html = client.get("/lists/new").text
    assert re.search(r'<input [^>]*checked[^>]*name="is_public"', html), html


def test_owner_edits_and_deletes_a_list(client, make_user, login, make_list, make_show):
    owner = make_user()
    show_list = make_list(owner, shows=[make_show()])
    login(owner)
    edit = f"/lists/{show_list.id}/edit"
    response = client.submit(edit, {"name": "Renamed", "description": ""}, page=edit)
    assert response.status_code == 303
    db.session.expire_all()
    assert (show_list.name, show_list.is_public) == ("Renamed", False)  # unticked: private
    response = client.submit(f"/lists/{show_list.id}/delete")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/users/{owner.username}")
    assert db.session.scalar(select(func.count()).select_from(ShowList)) == 0
    assert db.session.scalar(select(func.count()).select_from(ListItem)) == 0


@pytest.mark.parametrize("reader", ["anonymous", "other", "moderator"])
def test_private_list_is_404_for_everyone_but_its_owner(client, make_user, login, make_list,
                                                        reader):  # fmt: skip
    owner = make_user()
    private = make_list(owner, is_public=False, name="PRIVATE-SENTINEL")
    public = make_list(owner, name="PUBLIC-SENTINEL")
    if reader != "anonymous":
        login(make_user(role="moderator" if reader == "moderator" else "user"))
    assert client.get(f"/lists/{private.id}").status_code == 404
    assert client.get(f"/lists/{public.id}").status_code == 200  # control
    profile = client.get(f"/users/{owner.username}").text
    assert "PRIVATE-SENTINEL" not in profile
    assert "PUBLIC-SENTINEL" in profile


def test_owner_sees_their_private_list_and_profile_lists_it(client, make_user, login, make_list):
    owner = make_user()
    private = make_list(owner, is_public=False, name="PRIVATE-SENTINEL")
    login(owner)
    assert client.get(f"/lists/{private.id}").status_code == 200
    profile = client.get(f"/users/{owner.username}").text
    assert "PRIVATE-SENTINEL" in profile and "private" in profile and "New list" in profile


@pytest.mark.parametrize("url", ["/lists/{id}/edit", "/lists/{id}/delete", "/lists/{id}/items"])
def test_others_may_not_change_a_public_list(client, make_user, login, make_list, make_show, url):
    show_list = make_list(shows=[make_show()], name="Theirs")
    login(make_user())
    response = client.submit(url.format(id=show_list.id), {"name": "Mine now", "slug": "x"})
    assert response.status_code == 403
    db.session.expire_all()
    assert show_list.name == "Theirs"


def test_add_remove_move_and_note_keep_the_order(client, make_user, login, make_list, make_show):
    owner = make_user()
    a, b, c = make_show("Alpha"), make_show("Bravo"), make_show("Charlie")
    show_list = make_list(owner)
    login(owner)
    base = f"/lists/{show_list.id}"
    for show in (a, b):
        assert client.submit(f"{base}/items", {"slug": show.slug}).status_code == 303
    assert client.submit(f"{base}/items", {"slug": "charlie", "note": " Cry. "}).status_code == 303
    assert titles_in(client, show_list) == [a.slug, b.slug, c.slug]  # by slug, then by title
    client.submit(f"{base}/items/{c.slug}/move", {"direction": "up"})
    assert titles_in(client, show_list) == [a.slug, c.slug, b.slug]
    client.submit(f"{base}/items/{a.slug}/move", {"direction": "up"})  # at the top: stays
    client.submit(f"{base}/items/{b.slug}/move", {"position": "1"})
    assert titles_in(client, show_list) == [b.slug, a.slug, c.slug]
    assert page_order(client, show_list, [a.slug, b.slug, c.slug]) == [b.slug, a.slug, c.slug]
    client.submit(f"{base}/items/{a.slug}/note", {"note": "NOTE-SENTINEL"})
    client.submit(f"{base}/items/{b.slug}/delete")
    assert titles_in(client, show_list) == [a.slug, c.slug]
    page = client.get(base).text
    assert "NOTE-SENTINEL" in page and "Cry." in page


def test_htmx_move_answers_with_the_items_in_their_new_order(client, make_user, login, make_list,
                                                             make_show):  # fmt: skip
    owner = make_user()
    a, b = make_show("First show"), make_show("Second show")
    show_list = make_list(owner, shows=[a, b])
    login(owner)
    response = client.submit(f"/lists/{show_list.id}/items/{b.slug}/move", {"direction": "up"},
                             headers=HX)  # fmt: skip
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<section id="list-{show_list.id}-items"')
    assert response.text.index("Second show") < response.text.index("First show")


def test_adding_a_show_twice_says_so(client, make_user, login, make_list, make_show):
    owner = make_user()
    show = make_show("Run Twice")
    show_list = make_list(owner, shows=[show])
    login(owner)
    page = client.submit(f"/lists/{show_list.id}/items", {"slug": show.slug})
    assert page.status_code == 200
    assert "Run Twice is in this list already." in page.text
    fragment = client.submit(f"/lists/{show_list.id}/items", {"slug": show.slug}, headers=HX)
    assert fragment.status_code == 422
    assert "Run Twice is in this list already." in fragment.text
    assert db.session.scalar(select(func.count()).select_from(ListItem)) == 1


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("/lists/new", {"name": ""}, "Give the list a name."),
        ("/lists/new", {"name": "x" * 101}, "A name has at most 100 characters."),
        ("/lists/new", {"name": "ok", "description": "d" * 2001}, "at most 2,000 characters"),
        ("/lists/new", {"name": "bad\x07"}, "Remove the control character"),
        ("/lists/{id}/items", {"slug": "no-such-show"}, "No show is called"),
        ("/lists/{id}/items", {"slug": ""}, "Name a show to add."),
        ("/lists/{id}/items", {"slug": "{slug}", "note": "n" * 501}, "at most 500 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, make_user, login, make_list, make_show,
                                             url, data, message):  # fmt: skip
    owner = make_user()
    show = make_show()
    show_list = make_list(owner)
    login(owner)
    data = {key: value.replace("{slug}", show.slug) for key, value in data.items()}
    response = client.submit(url.format(id=show_list.id), data)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(select(func.count()).select_from(ShowList)) == 1
    assert db.session.scalar(select(func.count()).select_from(ListItem)) == 0


@pytest.mark.parametrize(
    "data",
    [
        {"position": "junk"},
        {"position": "0"},
        {"direction": "sideways"},
        {},
        {"position": "99999999999"},
    ],  # fmt: skip
)
def test_junk_moves_change_nothing(client, make_user, login, make_list, make_show, data):
    owner = make_user()
    a, b = make_show(), make_show()
    show_list = make_list(owner, shows=[a, b])
    login(owner)
    url = f"/lists/{show_list.id}/items/{b.slug}/move"
    assert client.submit(url, data).status_code == 303
    assert client.submit(url, data, headers=HX).status_code == 422
    assert titles_in(client, show_list) == [a.slug, b.slug]


def test_unknown_list_or_show_in_list_is_404(client, make_user, login, make_list, make_show):
    owner = make_user()
    show_list = make_list(owner)
    login(owner)
    assert client.get("/lists/999999").status_code == 404
    url = f"/lists/{show_list.id}/items/{make_show().slug}/delete"
    assert client.submit(url).status_code == 404


def test_show_page_counts_public_lists_and_follows_changes(client, make_user, login, make_list,
                                                          make_show):  # fmt: skip
    """With the page cache on: every change that moves the count reaches the page."""
    show = make_show()
    owner = make_user()
    assert "In no lists" in client.get(f"/shows/{show.slug}").text
    show_list = make_list(owner)
    make_list(shows=[show], is_public=False)  # private: never counted
    login(owner)
    client.submit(f"/lists/{show_list.id}/items", {"slug": show.slug})
    assert "In 1 list<" in client.get(f"/shows/{show.slug}").text
    edit = f"/lists/{show_list.id}/edit"
    client.submit(edit, {"name": "Now private"}, page=edit)
    assert "In no lists" in client.get(f"/shows/{show.slug}").text
    client.submit(edit, {"name": "Public again", "is_public": "y"}, page=edit)
    assert "In 1 list<" in client.get(f"/shows/{show.slug}").text
    client.submit(f"/lists/{show_list.id}/delete")
    assert "In no lists" in client.get(f"/shows/{show.slug}").text


def test_show_page_offers_members_their_lists(client, make_user, login, make_list, make_show):
    show = make_show("Chooser Show")
    owner = make_user()
    mine = make_list(owner, name="MY-LIST-SENTINEL")
    make_list(name="THEIR-LIST-SENTINEL")
    assert "Add to a list" not in client.get(f"/shows/{show.slug}").text  # anonymous
    login(owner)
    assert "Add to a list" in client.get(f"/shows/{show.slug}").text
    chooser = client.get(f"/lists/add/{show.slug}", headers=HX).text
    assert "MY-LIST-SENTINEL" in chooser and "THEIR-LIST-SENTINEL" not in chooser
    response = client.submit(f"/lists/add/{show.slug}", {"list_id": mine.id, "note": "Yes."})
    assert response.status_code == 303
    assert titles_in(client, mine) == [show.slug]
    again = client.submit(f"/lists/add/{show.slug}", {"list_id": mine.id}, headers=HX)
    assert again.status_code == 422 and "in this list already" in again.text
    assert "MY-LIST-SENTINEL (has it)" in again.text


def test_chooser_refuses_someone_elses_list(client, make_user, login, make_list, make_show):
    show = make_show()
    theirs = make_list(name="Theirs")
    member = make_user()
    make_list(member, name="Mine")
    login(member)
    response = client.submit(f"/lists/add/{show.slug}", {"list_id": theirs.id}, headers=HX)
    assert response.status_code == 422 and "Choose one of your lists." in response.text
    assert db.session.scalar(select(func.count()).select_from(ListItem)) == 0


def test_public_list_additions_reach_the_feed_and_private_ones_do_not(
    client, make_user, login, make_list, make_show
):
    owner = make_user()
    public, private = make_list(owner), make_list(owner, is_public=False)
    shown, hidden = make_show(), make_show()
    login(owner)
    client.submit(f"/lists/{public.id}/items", {"slug": shown.slug})
    client.submit(f"/lists/{private.id}/items", {"slug": hidden.slug})
    rows = db.session.execute(select(Activity.kind, Activity.show_id, Activity.target_id)).all()
    assert rows == [("list_item", shown.id, public.id)]
