"""The pack format (``partyhost-pack/1``), as pydantic models.

``docs/packs.md`` documents it; ``partyhost packs schema`` prints the JSON
Schema made from these models. A broken pack is refused with a
:class:`PackError` naming the file, the question number and the field.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from partyhost.core.modes import textnorm
from partyhost.core.modes.wordlist import answers

FORMAT = "partyhost-pack/1"

Text = Annotated[str, Field(min_length=1, max_length=300)]
Option = Annotated[str, Field(min_length=1, max_length=120)]
Seconds = Annotated[int, Field(ge=5, le=300)]
Number = Annotated[float, Field(allow_inf_nan=False)] | int


class PackError(ValueError):
    """A pack that cannot be used, with where the problem is."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PackSettings(_Strict):
    time_limit: Seconds = 20
    points: bool = True
    base_points: Annotated[int, Field(ge=1, le=100_000)] = 1000
    late_join: bool = True


#: a picture or sound of the pack, by its path relative to the pack (``media/…`` once stored)
MediaPath = Annotated[
    str,
    Field(
        max_length=200,
        pattern=r"^([A-Za-z0-9_][A-Za-z0-9_. -]*/)*[A-Za-z0-9_][A-Za-z0-9_. -]*"
        r"\.(png|jpg|jpeg|gif|webp|mp3|ogg|oga|wav|m4a)$",
    ),
]


class _QuestionBase(_Strict):
    text: Text
    explanation: Annotated[str, Field(max_length=500)] = ""
    #: seconds; 0 is no timer (open until the host reveals it); unset: the pack's, or none for a poll
    time_limit: Annotated[int, Field(ge=0, le=300)] | None = None
    #: shown with the question on the phones and the screen (png, jpg, gif, webp)
    image: MediaPath | None = None
    #: played on the screen with the question (mp3, ogg, wav, m4a; a few seconds)
    audio: MediaPath | None = None

    @field_validator("time_limit")
    @classmethod
    def _seconds(cls, value: int | None) -> int | None:
        if value is not None and 0 < value < 5:
            raise ValueError("time_limit is 0 (no timer) or 5 to 300 seconds")
        return value


class SingleChoice(_QuestionBase):
    """One correct option out of 2 to 6."""

    type: Literal["single"]
    options: Annotated[list[Option], Field(min_length=2, max_length=6)]
    correct: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _check(self) -> SingleChoice:
        _unique(self.options)
        if self.correct >= len(self.options):
            raise ValueError(f"correct is {self.correct} but there are {len(self.options)} options (counted from 0)")
        return self


class MultipleSelect(_QuestionBase):
    """Several correct options; a player must pick all of them and no others."""

    type: Literal["multi"]
    options: Annotated[list[Option], Field(min_length=2, max_length=6)]
    correct: Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=1)]

    @model_validator(mode="after")
    def _check(self) -> MultipleSelect:
        _unique(self.options)
        if len(set(self.correct)) != len(self.correct):
            raise ValueError("correct lists an option twice")
        for index in self.correct:
            if index >= len(self.options):
                raise ValueError(
                    f"correct names option {index} but there are {len(self.options)} options (counted from 0)"
                )
        return self


class TrueFalse(_QuestionBase):
    """A statement that is true or false."""

    type: Literal["truefalse"]
    correct: bool


class TypedAnswer(_QuestionBase):
    """Players type the answer; case, accents, punctuation and small typos do not matter."""

    type: Literal["typed"]
    accepted: Annotated[list[Annotated[str, Field(min_length=1, max_length=100)]], Field(min_length=1, max_length=20)]
    typos: bool = True

    @model_validator(mode="after")
    def _check(self) -> TypedAnswer:
        for answer in self.accepted:
            if not textnorm.squash(answer):
                raise ValueError(f"the accepted answer {answer!r} has no letters or digits")
        return self


class NumberQuestion(_QuestionBase):
    """A number, typed or picked on a slider (with min and max); right within the tolerance."""

    type: Literal["number"]
    answer: Number
    tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)] | Annotated[int, Field(ge=0)] = 0
    closest: bool = False
    min: Number | None = None
    max: Number | None = None
    step: Annotated[float, Field(gt=0, allow_inf_nan=False)] | Annotated[int, Field(gt=0)] | None = None
    unit: Annotated[str, Field(min_length=1, max_length=20)] | None = None

    @model_validator(mode="after")
    def _check(self) -> NumberQuestion:
        if (self.min is None) != (self.max is None):
            raise ValueError("a slider needs both min and max")
        if self.min is not None and self.max is not None:
            if self.min >= self.max:
                raise ValueError(f"min ({self.min}) must be below max ({self.max})")
            if not self.min <= self.answer <= self.max:
                raise ValueError(f"answer {self.answer} is outside min and max")
        elif self.step is not None:
            raise ValueError("step is for a slider: give min and max too")
        return self


class Ordering(_QuestionBase):
    """Items to put in order; listed here in the right order, shown to players shuffled."""

    type: Literal["order"]
    items: Annotated[list[Option], Field(min_length=3, max_length=8)]

    @model_validator(mode="after")
    def _check(self) -> Ordering:
        _unique(self.items, "item")
        return self


class _Results(_QuestionBase):
    """An activity with no right answer: its results go to the screen, and to phones unless hidden."""

    #: phones see the results after the close (the host can change it during the game)
    show_results: bool = True
    #: nobody, the host included, sees who answered what (the export neither)
    anonymous: bool = True


class Poll(_Results):
    """A question with no right answer; one option, or several with ``multiple``."""

    type: Literal["poll"]
    options: Annotated[list[Option], Field(min_length=2, max_length=8)]
    multiple: bool = False

    @model_validator(mode="after")
    def _check(self) -> Poll:
        _unique(self.options)
        return self


class Scale(_Results):
    """A rating: a whole number from ``min`` to ``max`` (1 to 5 by default), with optional end labels."""

    type: Literal["scale"]
    min: Annotated[int, Field(ge=0, le=10)] = 1
    max: Annotated[int, Field(ge=1, le=10)] = 5
    labels: (
        Annotated[list[Annotated[str, Field(min_length=1, max_length=40)]], Field(min_length=2, max_length=2)] | None
    ) = None

    @model_validator(mode="after")
    def _check(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


class WordCloud(_Results):
    """Short free-text entries, grouped ignoring case and accents, drawn as a word cloud."""

    type: Literal["wordcloud"]
    max_entries: Annotated[int, Field(ge=1, le=5)] = 3
    max_length: Annotated[int, Field(ge=1, le=40)] = 30


Card = Annotated[str, Field(min_length=1, max_length=12)]


class Poker(_QuestionBase):
    """Planning poker: everyone picks a card, all are shown at once; a deck by name or the pack's own."""

    type: Literal["poker"]
    deck: Literal["fibonacci", "tshirt"] | Annotated[list[Card], Field(min_length=2, max_length=20)] = "fibonacci"
    #: phones see the cards and the spread after the reveal (the host can change it)
    show_results: bool = True
    #: no names next to the cards at the reveal (by default everyone sees who picked what)
    anonymous: bool = False

    @model_validator(mode="after")
    def _check(self) -> Poker:
        if isinstance(self.deck, list):
            _unique(self.deck, "card")
        return self


class Buzzer(_QuestionBase):
    """A clue of a buzzer board: players buzz, the first answers out loud, the host judges."""

    type: Literal["buzzer"]
    #: the answer, for the host to judge by (shown to everyone at the reveal)
    answer: Annotated[str, Field(min_length=1, max_length=200)]
    category: Annotated[str, Field(min_length=1, max_length=40)]
    value: Annotated[int, Field(ge=1, le=100_000)] = 100
    #: one player (in control of the board) wagers and answers alone
    daily_double: bool = False


class Wordle(_QuestionBase):
    """A Wordle race: everyone guesses the same hidden five-letter word, six tries each."""

    type: Literal["wordle"]
    text: Text = "Guess the five-letter word"
    #: the hidden word; left out, one is drawn from partyhost's own list when the room is made
    word: Annotated[str, Field(pattern=r"^[a-zA-Z]{5}$")] | None = None
    time_limit: Annotated[int, Field(ge=0, le=600)] = 180

    @field_validator("time_limit")
    @classmethod
    def _race_seconds(cls, value: int | None) -> int | None:
        if value is not None and 0 < value < 30:
            raise ValueError("a Wordle race's time_limit is 0 (no timer) or 30 to 600 seconds")
        return value


#: the questions a lightning round may hold: each is judged as soon as it is answered
LightningItem = Annotated[
    SingleChoice | MultipleSelect | TrueFalse | TypedAnswer | NumberQuestion | Ordering,
    Field(discriminator="type"),
]


class Lightning(_QuestionBase):
    """A lightning round: its questions in ``time_limit`` seconds, each phone at its own pace."""

    type: Literal["lightning"]
    questions: Annotated[list[LightningItem], Field(min_length=2, max_length=50)]
    time_limit: Annotated[int, Field(ge=30, le=1800)]

    @model_validator(mode="after")
    def _check(self) -> Lightning:
        for number, item in enumerate(self.questions, start=1):
            if isinstance(item, NumberQuestion) and item.closest:
                raise ValueError(f"item {number}: closest-wins is decided at the close, not in a lightning round")
        return self


class Final(_QuestionBase):
    """The final wager round: wager on the category, then type the answer to the clue (``text``)."""

    type: Literal["final"]
    category: Annotated[str, Field(min_length=1, max_length=40)]
    accepted: Annotated[list[Annotated[str, Field(min_length=1, max_length=100)]], Field(min_length=1, max_length=20)]
    typos: bool = True


Question = Annotated[
    SingleChoice
    | MultipleSelect
    | TrueFalse
    | TypedAnswer
    | NumberQuestion
    | Ordering
    | Poll
    | Scale
    | WordCloud
    | Poker
    | Buzzer
    | Wordle
    | Lightning
    | Final,
    Field(discriminator="type"),
]
#: every question type a pack may hold, as the docs list them
QUESTION_TYPES: tuple[str, ...] = (
    "single",
    "multi",
    "truefalse",
    "typed",
    "number",
    "order",
    "poll",
    "scale",
    "wordcloud",
    "poker",
    "buzzer",
    "wordle",
    "lightning",
    "final",
)


class Pack(_Strict):
    """A question pack file."""

    format: Literal["partyhost-pack/1"]
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
    title: Annotated[str, Field(min_length=1, max_length=80)]
    description: Annotated[str, Field(max_length=300)] = ""
    language: Annotated[str, Field(max_length=20)] = "en"
    settings: PackSettings = PackSettings()
    questions: Annotated[list[Question], Field(min_length=1, max_length=500)]

    def question_dicts(self, rng: random.Random | None = None) -> list[dict[str, Any]]:
        """The questions as the core takes them; an ordering question gets its shuffle drawn here."""
        return [question_dict(q, rng) for q in self.questions]


def question_dict(question: BaseModel, rng: random.Random | None = None) -> dict[str, Any]:
    """One validated question for the core. Randomness lives here, in the shell: an ordering
    question is shown in an order drawn now (never the right one), stored with the room."""
    data = question.model_dump(exclude_none=True)
    draw = rng or random.SystemRandom()
    if isinstance(question, Ordering):
        data["shown"] = _shuffle(len(question.items), draw)
    elif isinstance(question, Wordle):
        data["word"] = (question.word or draw.choice(answers())).lower()
    elif isinstance(question, Lightning):
        data["questions"] = [question_dict(item, draw) for item in question.questions]
    return data


def _shuffle(count: int, draw: random.Random) -> list[int]:
    shown = list(range(count))
    while shown == sorted(shown):
        draw.shuffle(shown)
    return shown


def _unique(options: list[str], what: str = "option") -> None:
    seen: set[str] = set()
    for option in options:
        key = option.strip().casefold()
        if key in seen:
            raise ValueError(f"the {what} {option!r} appears twice")
        seen.add(key)


def _where(loc: tuple[int | str, ...]) -> str:
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
        number = parts[1] + 1
        # Leave out the names pydantic gives the members of a union (the type tag, "float", "int").
        rest = [str(p) for p in parts[2:] if p not in QUESTION_TYPES and p not in ("float", "int")]
        return f"question {number}, {'.'.join(rest)}" if rest else f"question {number}"
    return ".".join(str(p) for p in parts) or "the pack"


def _message(error: Any) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "union_tag_invalid":
        message = f"type must be one of {', '.join(QUESTION_TYPES)}"
    elif error["type"] == "string_pattern_mismatch" and error["loc"][-1] in ("image", "audio"):
        message = "must be a path inside the pack such as images/cat.jpg (png, jpg, gif, webp; mp3, ogg, wav, m4a)"
    return message


def problems(data: Any) -> list[tuple[str, str]]:
    """Every problem of a pack as ``(where, message)``, in the words :func:`parse_pack` uses."""
    try:
        Pack.model_validate(data)
    except ValidationError as exc:
        return [(_where(tuple(error["loc"])), _message(error)) for error in exc.errors()]
    return []


def parse_pack(data: Any, source: str) -> Pack:
    """Validate already-decoded JSON; raise :class:`PackError` on the first problem."""
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise PackError(source, f"{_where(tuple(error['loc']))}: {_message(error)}") from None


_QUESTION: TypeAdapter[Any] = TypeAdapter(Question)


def parse_question(data: Any, source: str = "question") -> dict[str, Any]:
    """Validate one question (as in a pack) for the core; raise :class:`PackError` naming the field."""
    try:
        question = _QUESTION.validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"] if p not in QUESTION_TYPES and p not in ("float", "int"))
        raise PackError(source, f"{where}: {_message(error)}" if where else _message(error)) from None
    return question_dict(question)


def load_pack(path: Path) -> Pack:
    """Read and validate a pack file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(path.name, f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise PackError(path.name, "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise PackError(path.name, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    return parse_pack(data, path.name)
