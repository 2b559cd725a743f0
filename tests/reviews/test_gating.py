"""The core promise: a reader is sent no spoiler beyond their progress, and reveals one
episode at a time."""

import pytest

BODY = (
    "Spoiler-free opening. CONTROL-PLAIN\n\n"
    "[spoiler ep=3]\nKESTREL-EP3 in a block.\n[/spoiler]\n\n"
    "Inline [spoiler ep=7]OSPREY-EP7[/spoiler] and [spoiler ep=7]FALCON-EP7[/spoiler] here.\n\n"
    "[spoiler ep=9]\nHERON-EP9 block.\n[/spoiler]\n\n"
    "Ending: [spoiler]CRANE-END[/spoiler] and ||SWIFT-DISCORD|| too."
)
SENTINELS = {3: ["KESTREL-EP3"], 7: ["OSPREY-EP7", "FALCON-EP7"], 9: ["HERON-EP9"],
             10: ["CRANE-END", "SWIFT-DISCORD"]}  # fmt: skip


def visible(html: str) -> set[int]:
    return {ep for ep, words in SENTINELS.items() if all(w in html for w in words)}


def absent(html: str) -> set[int]:
    return {ep for ep, words in SENTINELS.items() if not any(w in html for w in words)}


@pytest.mark.parametrize(
    ("episode", "shown"), [(0, set()), (3, {3}), (7, {3, 7}), (9, {3, 7, 9}), (10, {3, 7, 9, 10})]
)
def test_review_page_shows_exactly_the_episodes_reached(
    client, make_review, make_reader, episode, shown
):
    review = make_review(BODY)
    if episode:
        make_reader(review.show, episode=episode)
    html = client.get(f"/reviews/{review.id}").text
    assert "CONTROL-PLAIN" in html
    assert visible(html) == shown
    assert absent(html) == set(SENTINELS) - shown
    for ep in set(SENTINELS) - shown:
        assert f"Spoiler for episode {ep} — reveal" in html
    for ep in shown:
        assert f'<p class="spoiler-label">Episode {ep}</p>' in html or (
            f'<span class="spoiler-label">Episode {ep}</span>' in html
        )


def test_withheld_placeholder_links_to_reveal_with_and_without_javascript(
    client, make_review, make_reader
):
    review = make_review(BODY)
    html = client.get(f"/reviews/{review.id}").text
    assert f'href="/reviews/{review.id}?reveal=9"' in html
    # htmx reveals with a POST, which keeps the episode revealed (test_remembered_reveals.py)
    assert f'hx-post="/reviews/{review.id}/spoilers/9?comments=1"' in html


def test_reveal_fragment_holds_only_that_episode(client, make_review, make_reader):
    review = make_review(BODY)
    make_reader(review.show, episode=2)
    response = client.get(f"/reviews/{review.id}/spoilers/7", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert visible(response.text) == {7}
    assert absent(response.text) == {3, 9, 10}
    assert response.text.count('hx-swap-oob="true"') == 2
    assert f'id="review-{review.id}-spoiler-1"' in response.text
    assert f'id="review-{review.id}-spoiler-2"' in response.text


def test_reveal_without_htmx_redirects_to_the_page_with_that_episode(client, make_review):
    review = make_review(BODY)
    response = client.get(f"/reviews/{review.id}/spoilers/9")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/reviews/{review.id}?reveal=9"
    html = client.get(response.headers["Location"]).text
    assert visible(html) == {9}
    assert absent(html) == {3, 7, 10}


@pytest.mark.parametrize("episode", [0, 1, 5, 11, 99])
def test_reveal_for_episode_not_in_review_is_404(client, make_review, episode):
    review = make_review(BODY)
    response = client.get(
        f"/reviews/{review.id}/spoilers/{episode}", headers={"HX-Request": "true"}
    )
    assert response.status_code == 404
    assert absent(response.text) == set(SENTINELS)


def test_reveal_of_unknown_review_is_404(client):
    assert client.get("/reviews/999/spoilers/1").status_code == 404


@pytest.mark.parametrize("role", ["author", "moderator"])
def test_author_and_moderators_see_every_spoiler_labelled(
    client, make_review, make_user, login, role
):
    author = make_user()
    review = make_review(BODY, author=author)
    login(author if role == "author" else make_user(role="moderator"))
    html = client.get(f"/reviews/{review.id}").text
    assert visible(html) == set(SENTINELS)
    assert "— reveal" not in html


def test_anonymous_reader_progress_gates_too(client, make_review):
    review = make_review(BODY)
    client.submit(
        f"/shows/{review.show.slug}/progress", {"episodes_watched": "7", "status": "watching"}
    )
    html = client.get(f"/reviews/{review.id}").text
    assert visible(html) == {3, 7}
    assert absent(html) == {9, 10}


def test_progress_change_rerenders_reviews_out_of_band(client, make_review):
    review = make_review(BODY)
    slug = review.show.slug
    before = client.get(f"/shows/{slug}").text
    assert absent(before) == set(SENTINELS)
    response = client.submit(
        f"/shows/{slug}/progress",
        {"episodes_watched": "7", "status": "watching", "sort": "newest"},
        headers={"HX-Request": "true"},
    )
    assert f'<section id="reviews-{review.show.id}"' in response.text
    assert visible(response.text) == {3, 7}
    assert absent(response.text) == {9, 10}
    assert 'value="newest" selected' in response.text  # the reader's sort is kept


def test_page_meta_and_title_never_carry_spoilers(client, make_review):
    review = make_review("[spoiler ep=2]\nMETA-LEAK block\n[/spoiler]\n\nPlain intro.")
    html = client.get(f"/reviews/{review.id}").text
    head = html.split("</head>")[0]
    assert "META-LEAK" not in html
    assert '<meta name="description" content="Plain intro.">' in head
