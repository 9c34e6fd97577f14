"""Points for a correct answer, and the streak bonus.

Speed points: ``base * (1 - elapsed / limit / 2)``, rounded half up, with
``elapsed`` clamped to ``[0, limit]``: an instant answer earns ``base``, one at
the last moment ``base / 2``. A wrong or missing answer earns nothing.

Streak bonus: a player's streak is the number of questions in a row they have
answered correctly, this one included. The bonus is ``100 * (streak - 1)``,
capped at ``500``: nothing for the first correct answer, 100 for the second in a
row, 200 for the third, and 500 from the sixth on. A wrong or missing answer
ends the streak; a skipped question leaves it as it was.

Partial credit (an ordering with some items out of place): the speed points
times the credit, rounded half up. It does not count as correct: the streak ends.

With points off, every correct answer scores exactly 1 and there is no bonus:
the leaderboard is then the number of correct answers; partial credit scores nothing.
"""

from __future__ import annotations

from fractions import Fraction

STREAK_STEP = 100
STREAK_CAP = 500


def speed_points(base: int, elapsed_ms: int, limit_ms: int) -> int:
    """Points for a correct answer given ``elapsed_ms`` into a ``limit_ms`` question."""
    if limit_ms <= 0:
        return base
    elapsed = min(max(elapsed_ms, 0), limit_ms)
    # Integer arithmetic, rounded half up: base * (2*limit - elapsed) / (2*limit).
    numerator = base * (2 * limit_ms - elapsed)
    denominator = 2 * limit_ms
    return (2 * numerator + denominator) // (2 * denominator)


def credited_points(speed: int, credit: Fraction) -> int:
    """Partial credit: ``speed`` points times ``credit`` (0 to 1), rounded half up."""
    return int(speed * credit + Fraction(1, 2))


def streak_bonus(streak: int) -> int:
    """Bonus for a correct answer that makes a streak of ``streak`` (1 = first)."""
    if streak <= 1:
        return 0
    return min(STREAK_STEP * (streak - 1), STREAK_CAP)
