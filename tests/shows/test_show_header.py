"""The show page's header and review cards (issue 16): the histogram's counts for every
bucket, sub-ratings as bars, "written at episode N of M" as a small bar on each card,
and no inline style anywhere (the CSP forbids it)."""

import re

from flask import render_template_string

from app.extensions import db
from app.progress.rules import Progress
from app.progress.service import save_entry

HISTOGRAM = (
    '{% from "macros/histogram.html" import histogram %}{{ histogram(counts, "histogram-1") }}'
)


def buckets(html: str) -> list[str]:
    """Each bucket group of the histogram's SVG, in order from 1.0 to 10.0."""
    return re.findall(r'<g class="bucket[^"]*">.*?</g>', html, re.DOTALL)


def test_histogram_has_a_count_for_every_bucket_and_the_table_too(app):
    counts = [0] * 19
    counts[0], counts[14], counts[17], counts[18] = 1, 3, 12, 7
    html = render_template_string(HISTOGRAM, counts=counts)
    groups = buckets(html)
    assert len(groups) == 19
    for index, (group, count) in enumerate(zip(groups, counts, strict=True)):
        score = f"{1 + index / 2:.1f}"
        member = "member" if count == 1 else "members"
        assert f"<title>{score}: {count} {member}</title>" in group  # on hover
        assert re.search(rf'<text class="count"[^>]*>{count}</text>', group)  # hover and focus
        assert f"<td>{score}</td><td>{count}</td>" in html  # the screen-reader table
        assert ("scored" in group.split(">")[0]) == (count > 0)  # shown while focused
    assert 'tabindex="0"' in html  # the keyboard reaches the chart and so its counts


def test_histogram_shortens_large_counts_on_bars_but_not_in_the_table(app):
    counts = [0] * 19
    counts[10], counts[12], counts[16] = 1234, 999, 25_400
    html = render_template_string(HISTOGRAM, counts=counts)
    labels = [
        re.search(r'<text class="count"[^>]*>([^<]*)</text>', g).group(1) for g in buckets(html)
    ]
    assert (labels[10], labels[12], labels[16]) == ("1.2k", "999", "25k")
    assert "<td>6.0</td><td>1234</td>" in html and "<td>9.0</td><td>25400</td>" in html


def test_sub_ratings_are_bars_with_their_values(client, make_show, make_user, make_review):
    show = make_show(episodes=10)
    for value in (8.0, 9.0, 9.0, 10.0):  # with the review's score, five: means are published
        save_entry(make_user(), show, Progress(10, "completed"), score=value)
    make_review(show=show, author=make_user(), rating=9.0, story=7.5)
    html = client.get(f"/shows/{show.slug}").text
    score = html.split('class="score-block"')[1].split("</section>")[0]
    bar = '<meter min="0" max="10" value="7.5" aria-hidden="true"></meter>'
    assert f"<dt>Story</dt><dd>{bar}<span>7.5</span></dd>" in score
    assert "<dt>Acting</dt><dd><span>—</span></dd>" in score  # nobody rated the acting


def test_review_cards_say_and_draw_the_episode_they_were_written_at(client, make_show, make_review):
    show = make_show(episodes=10)
    early = make_review(show=show, episodes_watched=4, title="Early days")
    late = make_review(show=show, title="After the finale")
    html = client.get(f"/shows/{show.slug}").text
    for review, episode in ((early, 4), (late, 10)):
        card = re.search(rf'<article id="review-{review.id}".*?</article>', html, re.DOTALL).group(
            0
        )
        assert (
            f'<progress max="10" value="{episode}" aria-hidden="true"></progress>'
            f" written at episode {episode} of 10"
        ) in card
        assert ("preliminary" in card) == (episode < 10)
        assert f'by <a class="name" href="/users/{review.author.username}">' in card
        assert re.search(r'class="avatar avatar-48', card)  # the author's avatar (or initials)


def test_show_page_has_no_inline_style(client, make_review):
    review = make_review("Plain.\n\n[spoiler ep=3]\nHidden.\n[/spoiler]", rating=8.5)
    html = client.get(f"/shows/{review.show.slug}").text
    assert 'class="score-block"' in html  # control: the page is the show page
    assert not re.search(r"\sstyle=", html)


def test_show_list_cards_carry_score_and_the_readers_progress(
    app, client, make_show, make_user, login
):
    app.config["SCORE_MIN_VOTES"] = 2
    rated, unrated = make_show("Rated Drama", episodes=10), make_show("Quiet Drama", episodes=16)
    for value in (9.0, 8.0):
        save_entry(make_user(), rated, Progress(10, "completed"), score=value)
    member = make_user()
    save_entry(member, unrated, Progress(4, "watching"), score=6.0)  # one score: not enough
    db.session.commit()
    login(member)
    html = client.get("/shows?sort=score").text
    cards = re.findall(r'<li class="show-card">.*?</li>', html, re.DOTALL)
    assert [re.search(r"<strong>([^<]+)</strong>", c).group(1) for c in cards] == [
        "Rated Drama",
        "Quiet Drama",
    ]
    rated_card, unrated_card = cards
    assert "<b>8.5</b>" in rated_card and "2 scores" in rated_card
    assert "Not yet rated" in unrated_card
    assert '<progress max="16" value="4"' in unrated_card and "4 of 16" in unrated_card
    assert "<progress" not in rated_card
