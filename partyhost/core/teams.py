"""Teams: players pick a team or the host balances them; a team's score is the mean of its members'.

The mean, not the sum, so a big team does not win by size: a team's score is the sum of its
members' scores divided by how many they are, rounded half up to a whole point. Only players
still in the room count; a team with nobody in it is not ranked. Teams are ranked by that
score, highest first; equal scores share a rank (1, 2, 2, 4), and list in team order.

Balancing deals every player still in the room to the teams like a snake draft: players in
order of score (highest first; equal scores by who joined first) go to teams 1, 2, …, n, then
n, …, 2, 1, and so on. Team sizes then differ by at most one, and the strongest players are
spread out. It uses no randomness, so the host can predict it and a replay repeats it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

MIN_TEAMS = 2
MAX_TEAMS = 8
MAX_NAME = 24


class Member(Protocol):
    id: str
    score: int
    order: int
    team: int | None


@dataclass(frozen=True, slots=True)
class TeamStanding:
    rank: int
    team: int
    name: str
    score: int
    members: int


def balance(players: Sequence[Member], teams: int) -> dict[str, int]:
    """Each player's team, dealt by score like a snake draft (1, 2, …, n, n, …, 2, 1)."""
    ordered = sorted(players, key=lambda p: (-p.score, p.order))
    deal: dict[str, int] = {}
    for position, player in enumerate(ordered):
        lap, seat = divmod(position, teams)
        deal[player.id] = seat if lap % 2 == 0 else teams - 1 - seat
    return deal


def team_score(scores: Sequence[int]) -> int:
    """The mean of the members' scores, rounded half up."""
    return int(Fraction(sum(scores), len(scores)) + Fraction(1, 2))


def standings(names: Sequence[str], players: Sequence[Member]) -> list[TeamStanding]:
    """Teams with at least one player, best first; equal scores share a rank."""
    members: dict[int, list[int]] = {}
    for player in players:
        if player.team is not None:
            members.setdefault(player.team, []).append(player.score)
    scored = sorted(((team_score(s), team) for team, s in members.items()), key=lambda t: (-t[0], t[1]))
    result: list[TeamStanding] = []
    rank, previous = 0, None
    for position, (score, team) in enumerate(scored, start=1):
        if score != previous:
            rank, previous = position, score
        result.append(TeamStanding(rank, team, names[team], score, len(members[team])))
    return result
