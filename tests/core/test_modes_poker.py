"""Planning poker: cards hidden until the reveal, then the spread, the consensus and a re-vote."""

from __future__ import annotations

import json
from typing import Any

import pytest

from partyhost.core import commands as c
from partyhost.core import events as e
from partyhost.core import views
from partyhost.core.errors import BadAnswer, InvalidPhase
from partyhost.core.questions import Settings
from partyhost.core.room import Phase, Room
from partyhost.packs.model import parse_question

from core_support import QUESTIONS, Game

STORY = parse_question({"type": "poker", "text": "Story 42: export to PDF"})
SHIRT = parse_question({"type": "poker", "text": "Rebuild the login page", "deck": "tshirt"})
CUSTOM = parse_question({"type": "poker", "text": "Days?", "deck": ["½", "1", "2", "4", "?"]})


def table(question: dict[str, Any], *names: str) -> Game:
    game = Game.make([question, QUESTIONS[0]], Settings())
    for name in names or ("Ada", "Bob", "Cy"):
        game.join(name)
    game.do(c.Start())
    return game


def reveal_of(game: Game) -> dict[str, Any]:
    return views.screen_view(game.room, game.now)["reveal"]


def test_cards_are_hidden_from_everyone_until_the_reveal() -> None:
    game = table(STORY)
    game.give("p1", card="13")
    game.give("p2", card="5")
    room, now = game.room, game.now
    screen = views.screen_view(room, now)["question"]
    assert screen["live"] == {"votes": 2, "voters": ["Ada", "Bob"]}
    assert screen["deck"][:4] == ["0", "1", "2", "3"] and not game.room.timed
    host = views.host_view(room, now)
    cy = views.player_view(room, room.players["p3"], now)
    for view in (
        screen,
        host["question"],
        cy["question"],
        {k: v for k, v in cy.items() if k not in ("me", "question")},
    ):
        text = json.dumps({k: v for k, v in view.items() if k != "deck"})  # the deck lists every card
        assert '"13"' not in text and '"5"' not in text, text
    assert "votes" not in host["question"]
    # Ada sees her own card, and only hers.
    assert views.player_me(room, room.players["p1"])["answer"] == {"question": 0, "card": "13"}


def test_the_reveal_shows_every_card_with_its_name_the_spread_and_the_mean() -> None:
    game = table(STORY)
    for player, card in (("p1", "13"), ("p2", "5"), ("p3", "?")):
        game.give(player, card=card)
    reveal = reveal_of(game)
    assert reveal["cards"] == [{"card": "5", "count": 1}, {"card": "13", "count": 1}, {"card": "?", "count": 1}]
    assert reveal["spread"] == {"low": "5", "high": "13"} and reveal["consensus"] is None and reveal["mean"] == 9.0
    assert reveal["votes"] == [
        {"nickname": "Ada", "card": "13"},
        {"nickname": "Bob", "card": "5"},
        {"nickname": "Cy", "card": "?"},
    ]
    assert views.player_shared(game.room, game.now)["reveal"] == reveal


def test_a_consensus_is_a_card_everyone_picked() -> None:
    game = table(SHIRT)
    for player in ("p1", "p2", "p3"):
        game.give(player, card="M")
    reveal = reveal_of(game)
    assert reveal["consensus"] == "M" and reveal["spread"] == {"low": "M", "high": "M"} and reveal["mean"] is None


def test_everyone_unsure_is_no_consensus() -> None:
    game = table(STORY, "Ada", "Bob")
    game.give("p1", card="?")
    game.give("p2", card="?")
    reveal = reveal_of(game)
    assert reveal["consensus"] is None and reveal["spread"] is None and reveal["mean"] is None


def test_a_custom_deck_takes_only_its_own_cards() -> None:
    game = table(CUSTOM, "Ada", "Bob")
    with pytest.raises(BadAnswer, match="Pick one of the cards"):
        game.give("p1", card="3")
    game.give("p1", card="½")
    game.give("p2", card="4")
    assert reveal_of(game)["spread"] == {"low": "½", "high": "4"}


@pytest.mark.parametrize("card", [13, "XL", "", None, ["5"]])
def test_anything_but_a_card_of_the_deck_is_bad_answer(card: Any) -> None:
    game = table(STORY)
    with pytest.raises(BadAnswer):
        game.give("p1", card=card)


def test_an_anonymous_round_shows_no_names() -> None:
    game = table(dict(STORY, anonymous=True))
    game.give("p1", card="8")
    assert "voters" not in views.screen_view(game.room, game.now)["question"]["live"]
    game.do(c.Reveal())
    assert "votes" not in reveal_of(game)


def test_a_revote_asks_the_same_question_again_straight_after() -> None:
    game = table(STORY)
    for player, card in (("p1", "13"), ("p2", "3"), ("p3", "5")):
        game.give(player, card=card)
    added, opened = game.do(c.Revote())
    assert isinstance(added, e.QuestionsAdded) and added.position == 1 and added.questions[0]["text"] == STORY["text"]
    assert isinstance(opened, e.QuestionOpened) and opened.index == 1 and opened.limit_ms == 0
    assert game.room.phase is Phase.QUESTION and game.room.question is not None
    assert game.room.question.type == "poker" and len(game.room.questions) == 3
    game.give("p1", card="5")
    assert views.player_me(game.room, game.room.players["p1"])["answer"] == {"question": 1, "card": "5"}
    assert Room.replay(game.log).questions[1].extra == game.room.questions[0].extra


def test_a_revote_needs_a_revealed_activity_with_no_right_answer() -> None:
    game = table(STORY)
    with pytest.raises(InvalidPhase, match="revealed"):
        game.do(c.Revote())
    quiz = table(QUESTIONS[0])
    quiz.do(c.Reveal())
    with pytest.raises(InvalidPhase, match="scored"):
        quiz.do(c.Revote())


def test_poker_adds_no_points_and_goes_straight_on() -> None:
    game = table(STORY, "Ada")
    game.give("p1", card="8")
    (opened,) = game.do(c.Next())
    assert isinstance(opened, e.QuestionOpened) and opened.index == 1
    assert game.room.players["p1"].score == 0
