"""A member's list: grouped by status, progress bars, +1 inline, private if chosen."""

from app.extensions import db
from tests.fixtures.users import PASSWORD


def test_list_groups_entries_by_status(client, make_show, make_user, login):
    watching, done = make_show("Watching Show"), make_show("Done Show", episodes=2)
    user = make_user("minji")
    login(user)
    client.submit(f"/shows/{watching.slug}/progress", {"episodes_watched": 3, "status": "watching"})
    client.submit(f"/shows/{done.slug}/progress", {"episodes_watched": 2, "status": "watching"})
    html = client.get("/users/minji/list").text
    assert html.index("Watching <span") < html.index("Watching Show")
    assert html.index("Completed <span") < html.index("Done Show")
    assert f'<progress id="list-entry-{watching.id}-bar" max="10" value="3">' in html


def test_plus_one_on_the_list_answers_the_row(client, make_show, make_user, login):
    show = make_show()
    login(make_user("minji"))
    client.submit(f"/shows/{show.slug}/progress", {"episodes_watched": 3, "status": "watching"})
    response = client.submit(
        f"/shows/{show.slug}/progress?view=list",
        {"episodes_watched": 4, "status": "watching"},
        headers={"HX-Request": "true"},
    )
    assert response.text.startswith(f'<li id="list-entry-{show.id}"')
    assert "4 / 10 episodes" in response.text
    plain = client.submit(
        f"/shows/{show.slug}/progress?view=list", {"episodes_watched": 5, "status": "watching"}
    )
    assert plain.headers["Location"] == "/users/minji/list"


def test_private_list_is_hidden_from_others(app, client, make_user, login):
    user = make_user("minji")
    user.is_list_public = False
    db.session.commit()
    assert client.get("/users/minji/list").status_code == 403
    login(user)
    assert client.get("/users/minji/list").status_code == 200


def test_list_privacy_is_set_on_the_account_page(client, make_user, login):
    user = make_user("minji")
    login(user)
    client.submit("/account", {"email": user.email, "current_password": PASSWORD}, page="/account")
    db.session.expire_all()
    assert user.is_list_public is False  # an unticked box means private
    other = client.application.test_client()
    assert other.get("/users/minji/list").status_code == 403
