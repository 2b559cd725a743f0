"""The number of SQL statements of an episode page does not grow with the show."""

import pytest

from app.extensions import db
from app.progress.rules import Progress
from app.progress.service import save_entry


def queries_for(client, count_queries, url: str) -> int:
    client.get(url)  # warm up: the session cookie and CSRF token exist from here on
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_closed_episode_page_query_count_is_flat(client, count_queries, make_show, make_user,
                                                 login, signed_in):  # fmt: skip
    if signed_in:
        login(make_user())
    few, many = make_show(episodes=5), make_show(episodes=50)
    small = queries_for(client, count_queries, f"/shows/{few.slug}/episodes/3")
    large = queries_for(client, count_queries, f"/shows/{many.slug}/episodes/30")
    assert small == large
    # the show and the episode rows around it; a member adds their account and their entry
    assert large == (4 if signed_in else 2)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_open_episode_page_query_count_is_flat(client, count_queries, make_show, make_reader,
                                               signed_in):  # fmt: skip
    few, many = make_show(episodes=5), make_show(episodes=50)
    if signed_in:
        reader = make_reader(few, episode=5)
        save_entry(reader, many, Progress(50, "completed"))
        db.session.commit()
    reveal = "" if signed_in else "?reveal=1"  # open by progress, or revealed
    small = queries_for(client, count_queries, f"/shows/{few.slug}/episodes/3{reveal}")
    large = queries_for(client, count_queries, f"/shows/{many.slug}/episodes/30{reveal}")
    assert small == large
    assert "This page opens" not in client.get(f"/shows/{many.slug}/episodes/30{reveal}").text
