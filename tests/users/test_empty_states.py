"""Empty pages suggest the next step with a real link (issue 15): the home page, a
profile and a list with nothing on them yet."""

import pytest


def test_home_without_reviews_suggests_finding_a_show(client, make_show):
    make_show()
    html = client.get("/").text
    assert "No reviews yet." in html
    assert '<a href="/shows">Find a show you have watched</a> and write the first one' in html
    assert '<a href="/signup">sign up</a> first' in html
    assert client.get("/shows").status_code == 200  # the link leads somewhere


def test_home_without_reviews_asks_a_member_for_no_sign_up(client, make_user, login):
    login(make_user())
    html = client.get("/").text
    assert '<a href="/shows">Find a show you have watched</a> and write the first one.' in html
    assert "sign up</a> first" not in html


def test_home_with_a_review_has_no_empty_state(client, make_review):
    make_review(title="HOME-REVIEW-X")
    html = client.get("/").text
    assert "HOME-REVIEW-X" in html
    assert "No reviews yet." not in html


def test_own_profile_without_reviews_suggests_writing_one(client, make_user, login):
    user = make_user("minji")
    login(user)
    html = client.get("/users/minji").text
    assert "You have not written a review yet." in html
    assert '<a href="/shows">Find a show you have watched</a> and write the first one' in html


def test_someone_elses_profile_without_reviews_says_so_plainly(client, make_user, login):
    make_user("minji")
    login(make_user("jaehyun"))
    html = client.get("/users/minji").text
    assert "minji has not written any reviews yet." in html
    assert "You have not written" not in html


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_profile_with_a_review_has_no_empty_state(client, make_user, make_review, login, signed_in):
    author = make_user("minji")
    make_review(author=author, title="PROFILE-REVIEW-X")
    if signed_in:
        login(author)
    html = client.get("/users/minji").text
    assert "PROFILE-REVIEW-X" in html
    assert "not written" not in html


def test_own_empty_list_suggests_browsing_and_setting_progress(client, make_user, login):
    login(make_user("minji"))
    html = client.get("/users/minji/list").text
    assert "Your list is empty." in html
    assert '<a href="/shows">Browse the shows</a> and set how far you have watched one' in html


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_someone_elses_empty_list_says_so_plainly(client, make_user, login, signed_in):
    make_user("minji")
    if signed_in:
        login(make_user("jaehyun"))
    html = client.get("/users/minji/list").text
    assert "minji has not added any shows to their list yet." in html
    assert "Your list is empty." not in html


def test_a_list_with_a_show_has_no_empty_state(client, make_show, make_user, login):
    show = make_show("LIST-SHOW-X")
    login(make_user("minji"))
    client.submit(f"/shows/{show.slug}/progress", {"episodes_watched": 2, "status": "watching"})
    html = client.get("/users/minji/list").text
    assert "LIST-SHOW-X" in html
    assert "Your list is empty." not in html
