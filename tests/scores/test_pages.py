"""Where the score is published: show page, rankings, the about page and the API."""

import re

from app.extensions import db
from app.progress.rules import Progress
from app.progress.service import save_entry


def score_show(show, users, values):
    for user, value in zip(users, values, strict=True):
        save_entry(user, show, Progress(show.episode_count, "completed"), score=value)
    db.session.commit()


def test_show_page_says_not_enough_ratings_below_the_minimum(client, make_show, make_user):
    show = make_show()
    score_show(show, [make_user() for _ in range(4)], [9.0, 9.0, 8.0, 8.0])
    html = client.get(f"/shows/{show.slug}").text
    assert "Not enough ratings yet" in html
    assert "8.5" not in html.split('id="score-')[1].split("</section>")[0]
    assert "<svg" in html  # the histogram is drawn anyway


def test_show_page_shows_mean_count_and_histogram(client, make_show, make_user):
    show = make_show()
    score_show(show, [make_user() for _ in range(5)], [10.0, 9.0, 9.0, 8.0, 6.5])
    html = client.get(f"/shows/{show.slug}").text
    assert '<strong class="score-number">8.5</strong>' in html
    assert "scored by 5 members" in html
    assert "Among the 5 who finished it: <strong>8.5</strong>." in html
    assert "<td>9.0</td><td>2</td>" in html  # the counts as a table for screen readers
    assert html.count('<rect class="bar"') == 19


def test_rankings_use_the_weighted_rating(client, app, make_show, make_user):
    app.config["SCORE_MIN_VOTES"] = 3
    few, many, low = make_show("Three Tens"), make_show("Many Nines"), make_show("Low")
    users = [make_user() for _ in range(70)]
    score_show(few, users[:3], [10.0] * 3)
    score_show(many, users[3:40], [9.0] * 37)
    score_show(low, users[40:70], [5.0] * 30)  # the site's mean C is about 7.3
    html = client.get("/shows?sort=score").text
    titles = re.findall(r"<strong>([^<]+)</strong>", html)
    assert titles.index("Many Nines") < titles.index("Three Tens")
    home = client.get("/").text
    top = home.split('id="top-heading"')[1].split("</section>")[0]
    assert top.index("Many Nines") < top.index("Three Tens")


def test_about_page_publishes_formula_and_live_values(client, app, make_show, make_user):
    show = make_show()
    score_show(show, [make_user() for _ in range(2)], [8.0, 7.0])
    html = client.get("/about/scores").text
    assert "<var>WR</var> = <var>v</var> / (<var>v</var> + <var>m</var>)" in html
    assert "now <strong>7.5000</strong>" in html  # C, the site's mean
    assert f"now <strong>{app.config['SCORE_PRIOR_VOTES']}</strong>" in html
    assert "a fifth of the show" in html


def test_api_publishes_the_score_block(client, make_show, make_user):
    show = make_show()
    score_show(show, [make_user() for _ in range(5)], [10.0, 9.0, 9.0, 8.0, 6.5])
    score = client.get(f"/api/v1/shows/{show.slug}").json["score"]
    assert score["count"] == 5
    assert score["mean"] == 8.5
    assert score["completed_mean"] == 8.5
    assert len(score["histogram"]) == 19 and score["histogram"][16] == 2
    assert set(score["subratings"]) == {"story", "acting", "music", "rewatch"}
    listed = client.get("/api/v1/shows").json["shows"][0]["score"]
    assert listed == {"count": 5, "mean": 8.5, "weighted": score["weighted"]}


def test_api_mean_is_null_below_the_minimum(client, make_show, make_user):
    show = make_show()
    score_show(show, [make_user()], [9.0])
    score = client.get(f"/api/v1/shows/{show.slug}").json["score"]
    assert (score["count"], score["mean"], score["weighted"]) == (1, None, None)
