"""The show page's episode guide, review filter wording and empty states (issue 15)."""

import re

import pytest

from tests.fixtures.users import PASSWORD

HTMX = {"HX-Request": "true"}


def set_progress(client, show, episodes: int, *, headers=None, **extra):
    data = {"episodes_watched": str(episodes), "status": "watching", **extra}
    return client.submit(
        f"/shows/{show.slug}/progress", data, page=f"/shows/{show.slug}", headers=headers or {}
    )


def summary_of(html: str, show) -> str:
    match = re.search(
        rf'<summary><span id="episodes-{show.id}-summary">([^<]*)</span></summary>', html
    )
    assert match, "no episode guide summary"
    return match.group(1)


# The episode guide


@pytest.mark.parametrize("episode", [1, 4, 15, 16])
def test_guide_summary_counts_a_members_episodes(client, make_show, make_reader, episode):
    show = make_show(episodes=16)
    make_reader(show, episode=episode)
    html = client.get(f"/shows/{show.slug}").text
    assert summary_of(html, show) == f"Episodes: {episode} of 16 watched"


@pytest.mark.parametrize("episode", [0, 4, 16])
def test_guide_summary_counts_an_anonymous_readers_session_progress(client, make_show, episode):
    show = make_show(episodes=16)
    set_progress(client, show, episode, status="plan_to_watch" if episode == 0 else "watching")
    html = client.get(f"/shows/{show.slug}").text
    assert summary_of(html, show) == f"Episodes: {episode} of 16 watched"


def test_guide_summary_without_progress_gives_the_count(client, make_show):
    show = make_show(episodes=16)
    html = client.get(f"/shows/{show.slug}").text
    assert summary_of(html, show) == "Episodes: 16"
    assert "watched</span></summary>" not in html


def test_guide_is_closed_by_default_and_still_withholds_titles(client, make_show, make_reader):
    show = make_show(episodes=16, episode_titles=[f"GUIDE-TITLE-{n}-X" for n in range(1, 17)])
    make_reader(show, episode=4)
    html = client.get(f"/shows/{show.slug}").text
    assert '<details class="episode-guide">' in html  # no `open`
    assert "GUIDE-TITLE-4-X" in html  # control: titles up to progress are there
    assert "GUIDE-TITLE-5-X" not in html and "GUIDE-TITLE-16-X" not in html
    assert html.count("(title hidden until you reach it)") == 12


def test_show_without_an_episode_guide_lists_every_episode_as_a_link(client, make_show,
                                                                    make_reader):  # fmt: skip
    """Every show lists its episodes, each a link to its page (issue 17), titled or not."""
    show = make_show(episodes=16, episode_titles=[])
    make_reader(show, episode=4)
    html = client.get(f"/shows/{show.slug}").text
    assert summary_of(html, show) == "Episodes: 4 of 16 watched"
    for number in (1, 16):
        assert f'id="episode-{show.id}-{number}"' in html
        assert f'href="/shows/{show.slug}/episodes/{number}">Episode {number}</a>' in html
    assert f'id="episode-{show.id}-17"' not in html
    assert "(title hidden until you reach it)" not in html  # nothing to hide
    update = set_progress(client, show, 5, headers=HTMX)
    assert update.status_code == 200
    assert (
        f'<ol id="episodes-{show.id}-list" class="episode-list" hx-swap-oob="true">' in update.text
    )
    assert f'href="/shows/{show.slug}/episodes/16">Episode 16</a>' in update.text
    assert "5 of 16 episodes watched." in update.text


def test_guide_links_every_episode_and_titles_only_those_reached(client, make_show,
                                                                 make_reader):  # fmt: skip
    show = make_show(episodes=6, episode_titles=[f"LINKED-TITLE-{n}-Q" for n in range(1, 7)])
    make_reader(show, episode=2)
    html = client.get(f"/shows/{show.slug}").text
    for number in range(1, 7):
        assert f'href="/shows/{show.slug}/episodes/{number}">Episode {number}</a>' in html
    assert "LINKED-TITLE-2-Q" in html  # control
    assert "LINKED-TITLE-3-Q" not in html and "LINKED-TITLE-6-Q" not in html


def test_progress_update_swaps_the_summary_and_list_not_the_details(client, make_show):
    show = make_show(episodes=16)
    html = set_progress(client, show, 4, headers=HTMX).text
    assert f'<span id="episodes-{show.id}-summary" hx-swap-oob="true">' in html
    assert f'<ol id="episodes-{show.id}-list" class="episode-list" hx-swap-oob="true">' in html
    assert "Episodes: 4 of 16 watched</span>" in html
    assert "<details" not in html and "<summary" not in html  # an open guide stays open
    assert "Title of episode 4<" in html and "Title of episode 5<" not in html


# The review filter


@pytest.mark.parametrize(
    ("episode", "label"),
    [
        (0, "Only reviews written before episode 1"),
        (1, "Only reviews written at or before episode 1"),
        (3, "Only reviews written at or before episode 3"),
        (10, "Only reviews written at or before episode 10"),
    ],
)
def test_filter_label_names_the_episode(client, make_show, make_reader, episode, label):
    show = make_show(episodes=10)
    make_reader(show, episode=episode)
    html = client.get(f"/shows/{show.slug}").text
    assert f'value="mine"> {label}</label>' in html
    assert "my episode" not in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_filter_leaving_no_reviews_says_so_and_offers_to_clear_it(
    client, make_show, make_review, make_reader, headers
):
    show = make_show(episodes=10)
    make_review(show=show, title="LATE-REVIEW-X", episodes_watched=9)
    make_reader(show, episode=3)
    response = client.get(f"/shows/{show.slug}?upto=mine&sort=newest", headers=headers)
    html = response.text
    assert response.status_code == 200
    assert "No reviews written at or before episode 3 yet." in html
    assert "LATE-REVIEW-X" not in html
    clear = f"/shows/{show.slug}?sort=newest"
    assert f'<a href="{clear}" hx-get="{clear}" hx-target="#reviews-{show.id}"' in html
    assert ">Show all reviews</a>" in html
    unfiltered = client.get(clear, headers=headers).text
    assert "LATE-REVIEW-X" in unfiltered  # the link's target lists it
    assert "No reviews" not in unfiltered


def test_filter_with_reviews_has_no_empty_state(client, make_show, make_review, make_reader):
    show = make_show(episodes=10)
    make_review(show=show, title="EARLY-REVIEW-X", episodes_watched=2)
    make_reader(show, episode=3)
    html = client.get(f"/shows/{show.slug}?upto=mine").text
    assert "EARLY-REVIEW-X" in html
    assert "Show all reviews" not in html


def test_progress_change_rewords_the_filter_in_place(client, make_show, make_review):
    show = make_show(episodes=10)
    make_review(show=show, title="LATE-REVIEW-X", episodes_watched=9)
    html = set_progress(client, show, 3, headers=HTMX, upto="mine").text
    assert "No reviews written at or before episode 3 yet." in html
    html = set_progress(client, show, 9, headers=HTMX, upto="mine").text
    assert "LATE-REVIEW-X" in html
    assert "Only reviews written at or before episode 9" in html


# Empty states


def test_no_reviews_invites_an_anonymous_reader_to_sign_in_and_write(client, make_show):
    show = make_show()
    html = client.get(f"/shows/{show.slug}").text
    assert f"No reviews of {show.title} yet." in html
    new = f"/shows/{show.slug}/reviews/new"
    assert f'<a href="/login?next={new}">Sign in</a>' in html
    assert f'<a href="/signup?next={new}">sign up</a> to write the first one.' in html
    assert "Write the first review" not in html


def test_sign_in_from_the_empty_state_lands_on_the_review_form(client, make_show, make_user):
    show = make_show()
    user = make_user()
    new = f"/shows/{show.slug}/reviews/new"
    response = client.submit(
        f"/login?next={new}",
        {"username": user.username, "password": PASSWORD},
        page="/login",
    )
    assert response.status_code == 303
    assert response.headers["Location"] == new


def test_no_reviews_invites_a_member_to_write_the_first(client, make_show, make_reader):
    show = make_show()
    make_reader(show, episode=2)
    html = client.get(f"/shows/{show.slug}").text
    assert f"No reviews of {show.title} yet." in html
    assert (
        f'<a class="button" href="/shows/{show.slug}/reviews/new">Write the first review</a>'
        in html
    )
    assert ">Write a review</a>" not in html  # one invitation, not two
    assert "to write the first one" not in html


def test_a_show_with_reviews_has_no_empty_state(client, make_show, make_review):
    show = make_show()
    make_review(show=show, title="SOME-REVIEW-X")
    html = client.get(f"/shows/{show.slug}").text
    assert "SOME-REVIEW-X" in html
    assert "No reviews" not in html
    assert ">Write a review</a>" in html


def test_a_page_past_the_end_offers_the_first_page(client, make_show, make_review):
    show = make_show()
    make_review(show=show)
    html = client.get(f"/shows/{show.slug}?page=9&sort=newest").text
    assert "No reviews on this page." in html
    assert f'<a href="/shows/{show.slug}?sort=newest"' in html
    assert "No reviews of" not in html  # the show has a review
