"""Admins add and edit shows through a form with the import's rules."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Show

NEW = {
    "slug": "my-new-drama",
    "title": "My New Drama",
    "native_title": "새 드라마",
    "alt_titles": "Sae Deurama\nNew One",
    "year": "2024",
    "network": "tvN",
    "episodes": "3",
    "genres": "Romance, Comedy",
    "synopsis": "Spoiler-free.",
    "episode_guide": "Pilot\nMiddle | Something happens\n",
}


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("user", 403), ("moderator", 403)])
def test_admin_pages_refuse_others(client, make_user, login, make_show, role, status):
    show = make_show()
    if role:
        login(make_user(role=role))
    assert client.get("/admin/shows/new").status_code == status
    assert client.get(f"/admin/shows/{show.slug}/edit").status_code == status
    assert client.submit("/admin/shows/new", NEW).status_code == status
    assert db.session.scalar(select(Show).where(Show.slug == "my-new-drama")) is None


def test_admin_adds_a_show(client, make_user, login):
    login(make_user(role="admin"))
    response = client.submit("/admin/shows/new", NEW, page="/admin/shows/new")
    assert response.status_code == 303
    assert response.headers["Location"] == "/shows/my-new-drama"
    show = db.session.scalar(select(Show).where(Show.slug == "my-new-drama"))
    assert show.genre_names == ["Comedy", "Romance"]
    assert [a.title for a in show.alt_titles] == ["Sae Deurama", "New One"]
    assert [(e.title, e.synopsis) for e in show.episodes] == [
        ("Pilot", ""),
        ("Middle", "Something happens"),
        ("", ""),
    ]
    assert "My New Drama" in client.get("/shows?q=deurama").text


def test_admin_sets_shows_and_clears_the_runtime(client, make_user, login, make_show):
    show = make_show(episodes=16)
    login(make_user(role="admin"))
    page = f"/admin/shows/{show.slug}/edit"
    assert 'name="runtime_minutes" type="text" value=""' in client.get(page).text
    fields = NEW | {"slug": show.slug, "episodes": "16", "episode_guide": ""}
    client.submit(page, fields | {"runtime_minutes": " 70 "}, page=page)
    db.session.expire_all()
    assert db.session.get(Show, show.id).runtime_minutes == 70
    assert 'value="70"' in client.get(page).text
    facts = client.get(f"/shows/{show.slug}").text.split('class="show-facts"')[1].split("</p>")[0]
    assert "<span>16 episodes</span><span>70 min</span>" in facts
    client.submit(page, fields | {"runtime_minutes": ""}, page=page)
    db.session.expire_all()
    assert db.session.get(Show, show.id).runtime_minutes is None
    facts = client.get(f"/shows/{show.slug}").text.split('class="show-facts"')[1].split("</p>")[0]
    assert " min</span>" not in facts


def test_admin_edits_a_show_keeping_progress_within_range(client, make_user, login, make_show):
    show = make_show(episodes=10)
    admin = make_user(role="admin")
    login(admin)
    client.submit(f"/shows/{show.slug}/progress", {"episodes_watched": "9", "status": "watching"})
    form = client.get(f"/admin/shows/{show.slug}/edit").text
    assert f'value="{show.title}"' in form
    response = client.submit(
        f"/admin/shows/{show.slug}/edit",
        NEW | {"slug": "renamed", "title": "Renamed", "episodes": "8", "episode_guide": ""},
        page=f"/admin/shows/{show.slug}/edit",
    )
    assert response.status_code == 303
    db.session.expire_all()
    renamed = db.session.get(Show, show.id)
    assert (renamed.slug, renamed.episode_count, len(renamed.episodes)) == ("renamed", 8, 8)
    assert "8 of 8 episodes watched." in client.get("/shows/renamed").text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"slug": "Has Spaces"}, "slug", "Must be lower-case letters"),
        ({"episodes": "zero"}, "episodes", "Must be a whole number from 1 to 500."),
        ({"episodes": "0"}, "episodes", "Must be a whole number from 1 to 500."),
        ({"year": "1800"}, "year", "Must be a whole number from 1950 to 2100."),
        ({"episodes": "²"}, "episodes", "Must be a whole number from 1 to 500."),
        ({"episodes": "٣"}, "episodes", "Must be a whole number from 1 to 500."),
        ({"episodes": "9" * 5000}, "episodes", "Must be a whole number from 1 to 500."),
        ({"year": "¹⁹⁹⁹"}, "year", "Must be a whole number from 1950 to 2100."),
        ({"year": "２０２４"}, "year", "Must be a whole number from 1950 to 2100."),
        ({"episode_guide": "a\nb\nc\nd"}, "episode_guide", "Lists 4 episodes but the show has 3."),
        ({"slug": "taken"}, "slug", "This field is already used by another show."),
        ({"runtime_minutes": "0"}, "runtime_minutes", "Must be a whole number from 1 to 600."),
        ({"runtime_minutes": "601"}, "runtime_minutes", "Must be a whole number from 1 to 600."),
        ({"runtime_minutes": "abc"}, "runtime_minutes", "Must be a whole number from 1 to 600."),
        ({"runtime_minutes": "-5"}, "runtime_minutes", "Must be a whole number from 1 to 600."),
        ({"runtime_minutes": "12.5"}, "runtime_minutes", "Must be a whole number from 1 to 600."),
        ({"runtime_minutes": "７０"}, "runtime_minutes", "Must be a whole number from 1 to 600."),
    ],
)
def test_admin_form_errors_keep_input_and_save_nothing(
    client, make_user, login, make_show, changes, field, message
):
    make_show("Taken", slug="taken")
    login(make_user(role="admin"))
    response = client.submit("/admin/shows/new", NEW | changes, page="/admin/shows/new")
    assert response.status_code == 200
    assert message in response.text
    assert f'id="{field}-errors"' in response.text
    assert "My New Drama" in response.text or changes.get("title") == ""
    assert db.session.scalar(select(Show).where(Show.title == "My New Drama")) is None
