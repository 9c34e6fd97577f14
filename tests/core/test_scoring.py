"""Speed points and the streak bonus (``partyhost.core.scoring``)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partyhost.core.scoring import speed_points, streak_bonus

from core_support import QUIET_HYPOTHESIS_REPORT

pytestmark = QUIET_HYPOTHESIS_REPORT

LIMIT = 20_000


def round_half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)).__floor__())


def expected_points(base: int, elapsed: int, limit: int) -> int:
    """The documented formula, in exact arithmetic: base * (1 - elapsed/limit/2)."""
    clamped = min(max(elapsed, 0), limit)
    return round_half_up(base * (1 - Fraction(clamped, limit) / 2))


# ------------------------------------------------------------------ speed points


def test_instant_answer_earns_base_points() -> None:
    assert speed_points(1000, 0, LIMIT) == 1000


def test_answer_at_the_limit_earns_half_base() -> None:
    assert speed_points(1000, LIMIT, LIMIT) == 500


def test_answer_beyond_the_limit_earns_half_base() -> None:
    assert speed_points(1000, LIMIT + 1, LIMIT) == 500
    assert speed_points(1000, 10 * LIMIT, LIMIT) == 500


def test_negative_elapsed_earns_base_points() -> None:
    assert speed_points(1000, -1, LIMIT) == 1000
    assert speed_points(1000, -LIMIT, LIMIT) == 1000


@pytest.mark.parametrize(
    ("elapsed", "points"),
    [(5_000, 875), (7_000, 825), (10_000, 750), (15_000, 625), (19_999, 500)],
)
def test_points_fall_linearly_from_base_to_half_base(elapsed: int, points: int) -> None:
    assert speed_points(1000, elapsed, LIMIT) == points


@pytest.mark.parametrize(
    ("base", "elapsed", "limit", "points"),
    [
        (1, 10, 10, 1),  # 0.5 -> 1
        (5, 10, 10, 3),  # 2.5 -> 3
        (999, 20_000, 20_000, 500),  # 499.5 -> 500
        (1000, 1_000, 3_000, 833),  # 833.33 -> 833
        (1000, 2_000, 3_000, 667),  # 666.67 -> 667
        (100, 1, 400, 100),  # 99.875 -> 100
        (100, 2, 400, 100),  # 99.75 -> 100
        (100, 4, 400, 100),  # 99.5 -> 100
        (100, 5, 400, 99),  # 99.375 -> 99
    ],
)
def test_points_are_rounded_half_up(base: int, elapsed: int, limit: int, points: int) -> None:
    assert speed_points(base, elapsed, limit) == points


def test_a_question_without_time_limit_earns_base_points() -> None:
    assert speed_points(1000, 5_000, 0) == 1000


bases = st.integers(min_value=0, max_value=100_000)
limits = st.integers(min_value=1, max_value=600_000)
elapsed_times = st.integers(min_value=-1_000_000, max_value=2_000_000)


@given(base=bases, elapsed=elapsed_times, limit=limits)
def test_points_always_lie_between_half_base_and_base(base: int, elapsed: int, limit: int) -> None:
    half_base_rounded = (base + 1) // 2
    assert half_base_rounded <= speed_points(base, elapsed, limit) <= base


@given(base=bases, first=elapsed_times, second=elapsed_times, limit=limits)
def test_points_never_increase_with_elapsed_time(base: int, first: int, second: int, limit: int) -> None:
    early, late = sorted((first, second))
    assert speed_points(base, early, limit) >= speed_points(base, late, limit)


@given(base=bases, elapsed=elapsed_times, limit=limits)
def test_points_match_the_exact_formula(base: int, elapsed: int, limit: int) -> None:
    assert speed_points(base, elapsed, limit) == expected_points(base, elapsed, limit)


# ------------------------------------------------------------------ streak bonus


@pytest.mark.parametrize(
    ("streak", "bonus"),
    [(0, 0), (1, 0), (2, 100), (3, 200), (4, 300), (5, 400), (6, 500), (7, 500), (50, 500)],
)
def test_streak_bonus_grows_by_100_and_caps_at_500(streak: int, bonus: int) -> None:
    assert streak_bonus(streak) == bonus


@given(st.integers(min_value=-5, max_value=1_000), st.integers(min_value=-5, max_value=1_000))
def test_streak_bonus_is_a_capped_non_decreasing_multiple_of_100(first: int, second: int) -> None:
    low, high = sorted((first, second))
    assert streak_bonus(low) <= streak_bonus(high)
    for streak in (low, high):
        bonus = streak_bonus(streak)
        assert 0 <= bonus <= 500
        assert bonus % 100 == 0
