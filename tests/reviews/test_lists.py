"""Reviews on the show page, home, profile and feed: cut, sorted, filtered, spoiler-free."""

import re
from xml.etree import ElementTree

import pytest

from app.extensions import db


def card_titles(html: str) -> list[str]:
    return re.findall(r'class="review-title"><a href="[^"]+">([^<]+)</a>', html)


def test_long_review_is_cut_on_the_show_page_with_read_more(client, make_review):
    paragraphs = "\n\n".join(f"Paragraph {n} " + "words " * 60 for n in range(12))
    review = make_review(paragraphs + "\n\nLAST-PARAGRAPH")
    html = client.get(f"/shows/{review.show.slug}").text
    assert "Paragraph 0" in html
    assert "LAST-PARAGRAPH" not in html
    assert f'hx-get="/reviews/{review.id}" hx-target="#review-{review.id}"' in html
    full = client.get(f"/reviews/{review.id}", headers={"HX-Request": "true"})
    assert full.text.startswith(f'<article id="review-{review.id}"')
    assert "LAST-PARAGRAPH" in full.text


def test_cut_never_shows_more_than_the_full_page(client, make_review, make_reader):
    body = "Intro.\n\n" + "\n\n".join(
        f"[spoiler ep={n}]\nSECRET-{n} " + "x " * 300 + "\n[/spoiler]" for n in range(1, 11)
    )
    review = make_review(body)
    make_reader(review.show, episode=2)
    html = client.get(f"/shows/{review.show.slug}").text
    assert "SECRET-1" in html and "SECRET-2" not in html or "SECRET-2" in html
    for n in range(3, 11):
        assert f"SECRET-{n}" not in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("helpful", ["Loved", "Middling", "Hated"]),
        ("newest", ["Middling", "Hated", "Loved"]),
        ("highest", ["Loved", "Middling", "Hated"]),
        ("lowest", ["Hated", "Middling", "Loved"]),
        ("nonsense", ["Loved", "Middling", "Hated"]),
    ],
)
def test_show_page_sorts_reviews(client, make_show, make_review, sort, expected):
    show = make_show()
    loved = make_review(show=show, title="Loved", rating=10.0)
    make_review(show=show, title="Hated", rating=2.5)
    make_review(show=show, title="Middling", rating=6.0)
    loved.helpful_count = 5
    db.session.commit()
    html = client.get(f"/shows/{show.slug}", query_string={"sort": sort}).text
    assert card_titles(html) == expected


def test_filter_keeps_reviews_written_at_or_below_my_progress(
    client, make_show, make_review, make_reader
):
    show = make_show(episodes=10)
    make_review(show=show, title="Early", episodes_watched=3)
    make_review(show=show, title="Finished", episodes_watched=10)
    make_reader(show, episode=4)
    html = client.get(f"/shows/{show.slug}", query_string={"upto": "mine"}).text
    assert card_titles(html) == ["Early"]
    fragment = client.get(
        f"/shows/{show.slug}?upto=mine&sort=newest", headers={"HX-Request": "true"}
    ).text
    assert fragment.startswith(f'<section id="reviews-{show.id}"')
    assert card_titles(fragment) == ["Early"]


def test_show_page_paginates_twenty_reviews(client, make_show, make_review):
    show = make_show()
    for n in range(23):
        make_review(show=show, title=f"Review {n:02d}", rating=5.0)
    first = client.get(f"/shows/{show.slug}?sort=newest").text
    assert len(card_titles(first)) == 20
    second = client.get(f"/shows/{show.slug}?sort=newest&page=2").text
    assert card_titles(second) == ["Review 02", "Review 01", "Review 00"]


BODY = (
    "Plain EXCERPT-TEXT.\n\n[spoiler ep=1]\nEXCERPT-LEAK\n[/spoiler]\n\nAfter ||EXCERPT-INLINE||."
)


@pytest.mark.parametrize("url", ["/", "/users/{author}", "/shows/{slug}/feed.atom"])
def test_excerpts_drop_every_spoiler(client, make_review, url):
    review = make_review(BODY)
    response = client.get(url.format(author=review.author.username, slug=review.show.slug))
    assert "EXCERPT-TEXT" in response.text
    assert "EXCERPT-LEAK" not in response.text
    assert "EXCERPT-INLINE" not in response.text


def test_feed_is_valid_atom(client, make_review):
    review = make_review(BODY, title="Feed <b>title</b> & more")
    response = client.get(f"/shows/{review.show.slug}/feed.atom")
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = root.find("a:entry", ns)
    assert entry.find("a:title", ns).text == "Feed <b>title</b> & more"
    assert entry.find("a:summary", ns).text.startswith("Plain EXCERPT-TEXT. After")


def test_helpful_vote_toggles_and_counts(client, make_review, make_user, login):
    review = make_review()
    login(make_user())
    url = f"/reviews/{review.id}/helpful"
    on = client.submit(url, headers={"HX-Request": "true"})
    assert on.text.startswith(f'<form id="review-{review.id}-helpful"')
    assert "1 found this helpful" in on.text and 'aria-pressed="true"' in on.text
    off = client.submit(url, headers={"HX-Request": "true"})
    assert "0 found this helpful" in off.text and 'aria-pressed="false"' in off.text
    plain = client.submit(url)
    assert plain.status_code == 303
    db.session.expire_all()
    assert db.session.get(type(review), review.id).helpful_count == 1


def test_helpful_vote_on_my_own_review_is_403(client, make_review, make_user, login):
    author = make_user()
    review = make_review(author=author)
    login(author)
    assert client.submit(f"/reviews/{review.id}/helpful").status_code == 403


def test_helpful_vote_needs_sign_in(client, make_review):
    review = make_review()
    response = client.submit(f"/reviews/{review.id}/helpful")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
