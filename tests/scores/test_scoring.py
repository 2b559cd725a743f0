"""The score's arithmetic, pure: eligibility, buckets, deltas, means, weighted rating."""

import pytest

from app.scoring import (
    COLUMNS,
    Contribution,
    bucket_column,
    contribution,
    counts_from_episode,
    delta,
    is_valid_score,
    summarise,
    weighted_rating,
)


@pytest.mark.parametrize(
    ("episodes", "first"), [(1, 1), (2, 1), (5, 1), (6, 2), (10, 2), (12, 3), (16, 4), (20, 4)]
)
def test_score_counts_from_a_fifth_of_the_episodes_rounded_up(episodes, first):
    assert counts_from_episode(episodes) == first


@pytest.mark.parametrize(("watched", "counted"), [(0, False), (3, False), (4, True), (16, True)])
def test_eligibility_boundary_on_16_episodes(watched, counted):
    result = contribution(score=8.0, episodes_watched=watched, episode_count=16, is_banned=False)
    assert (result is not None) == counted


@pytest.mark.parametrize(
    ("value", "valid"),
    [(1.0, True), (1.5, True), (9.5, True), (10.0, True), (0.5, False), (0, False),
     (10.5, False), (7.3, False), (7.25, False)],
)  # fmt: skip
def test_scores_are_halves_from_one_to_ten(value, valid):
    assert is_valid_score(value) is valid


def test_buckets_cover_the_19_half_points():
    assert bucket_column(1.0) == "half_2_count"
    assert bucket_column(8.5) == "half_17_count"
    assert bucket_column(10.0) == "half_20_count"
    assert len([c for c in COLUMNS if c.startswith("half_")]) == 19


def test_banned_or_unscored_members_do_not_count():
    assert contribution(score=9.0, episodes_watched=10, episode_count=10, is_banned=True) is None
    assert contribution(score=None, episodes_watched=10, episode_count=10, is_banned=False) is None


def test_delta_moves_exactly_the_changed_columns():
    before = Contribution(score=7.0, completed=False, subratings={"story": 6.0})
    after = Contribution(score=8.5, completed=True, subratings={"story": 6.0, "music": 9.0})
    assert delta(before, after) == {
        "rating_sum": 1.5,
        "half_14_count": -1,
        "half_17_count": 1,
        "completed_count": 1,
        "completed_sum": 8.5,
        "music_count": 1,
        "music_sum": 9.0,
    }
    assert delta(None, before) == {
        "rating_count": 1, "rating_sum": 7.0, "half_14_count": 1, "story_count": 1,
        "story_sum": 6.0,
    }  # fmt: skip
    assert delta(before, None) == {k: -v for k, v in delta(None, before).items()}
    assert delta(before, before) == {}


def stats_of(*scores: float, completed: int = 0) -> dict[str, float]:
    values = dict.fromkeys(COLUMNS, 0)
    for index, score in enumerate(scores):
        counted = Contribution(score=score, completed=index < completed)
        for column, amount in counted.columns().items():
            values[column] += amount
    return values


@pytest.mark.parametrize(("count", "published"), [(4, False), (5, True)])
def test_mean_is_published_from_the_minimum_number_of_scores(count, published):
    summary = summarise(stats_of(*[8.0] * count), site_mean=7.0, min_votes=5, prior_votes=10)
    assert summary.enough is published
    assert (summary.mean == 8.0) if published else summary.mean is None
    assert summary.count == count
    assert summary.histogram[14] == count  # 8.0 is the 15th bucket


def test_completed_mean_uses_only_members_who_finished():
    summary = summarise(
        stats_of(10.0, 9.0, 4.0, 5.0, 6.0, completed=2), site_mean=7, min_votes=5, prior_votes=10
    )
    assert summary.mean == pytest.approx(6.8)
    assert summary.completed_mean == 9.5
    assert summary.completed_count == 2


def test_three_tens_do_not_outrank_a_thousand_nines():
    site_mean = 7.0
    three_tens = weighted_rating(total=30, count=3, site_mean=site_mean, prior_votes=10)
    thousand_nines = weighted_rating(total=9000, count=1000, site_mean=site_mean, prior_votes=10)
    assert three_tens == pytest.approx((30 + 70) / 13)
    assert thousand_nines > three_tens


def test_weighted_rating_matches_the_published_formula():
    v, r, m, c = 40, 8.25, 10, 7.1
    expected = v / (v + m) * r + m / (v + m) * c
    assert weighted_rating(total=v * r, count=v, site_mean=c, prior_votes=m) == pytest.approx(
        expected
    )
