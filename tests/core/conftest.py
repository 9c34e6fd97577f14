"""Fixtures for the pure core tests (helpers live in ``core_support``)."""

from __future__ import annotations

import pytest

from partyhost.core import commands as c
from partyhost.core.room import Player

from core_support import Game


@pytest.fixture
def game() -> Game:
    """A fresh room in the lobby with the three-question test pack, clock at 0."""
    return Game.make()


@pytest.fixture
def duo(game: Game) -> tuple[Game, Player, Player]:
    """A room with Ada and Bob, the first question open at mono 0."""
    ada = game.join("Ada")
    bob = game.join("Bob")
    game.do(c.Start())
    return game, ada, bob
