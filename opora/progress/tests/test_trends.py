"""Trends of indicators, computed by hand."""

from opora.progress import trends


def test_count_rising_toward_a_higher_target_improves_and_is_met_when_reached():
    t = trends.trend([2, 3, 5], target=5)
    assert (t.first, t.latest, t.count) == (2, 5, 3)
    assert t.direction == trends.IMPROVING
    assert t.met


def test_a_target_below_the_start_counts_going_down_as_improving():
    # Unexcused hours a month: 10 → 6, target at most 2: closer (4 < 8), not yet met.
    t = trends.trend([10, 6], target=2)
    assert t.direction == trends.IMPROVING
    assert not t.met
    assert trends.trend([10, 2], target=2).met


def test_moving_away_from_the_target_is_worsening():
    t = trends.trend([4, 3, 2], target=5)  # distance 1 → 3
    assert t.direction == trends.WORSENING
    assert not t.met


def test_same_distance_is_unchanged_and_one_observation_is_not_a_trend():
    assert trends.trend([3, 4, 3], target=5).direction == trends.UNCHANGED
    single = trends.trend([3], target=5)
    assert single.direction == trends.NO_DATA
    assert single.points == ""
    assert trends.trend([], target=1).direction == trends.NO_DATA


def test_yes_no_from_no_to_yes():
    t = trends.trend([0, 1], target=1)
    assert t.direction == trends.IMPROVING and t.met


def test_sparkline_points_are_scaled_into_the_box():
    # Values 0 and 10 on a 0–10 scale: x from pad 3 to 117; y from 25 (bottom) to 3 (top).
    assert trends.sparkline([0, 10], 10, low=0, high=10) == "3.0,25.0 117.0,3.0"
    assert trends.target_y([0, 10], 5, low=0, high=10) == 14.0
