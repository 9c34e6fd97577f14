"""import → export → import gives the same pack: Hypothesis packs for JSON and GIFT, fixtures for the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partyhost.packs import exporters, importers
from partyhost.packs.media import MediaStore
from partyhost.packs.model import parse_pack

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Words with every character GIFT must escape, and some it need not.
WORD = st.text(alphabet="abcXYZ019é~=#{}:\\[]%-_'\"", min_size=1, max_size=8)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)


def _distinct(options: list[str]) -> bool:
    return len({o.casefold() for o in options}) == len(options)


@st.composite
def questions(draw: st.DrawFn, *, time_limits: bool = True) -> dict[str, Any]:
    kind = draw(st.sampled_from(["single", "multi", "truefalse"]))
    question: dict[str, Any] = {"type": kind, "text": draw(TEXT)}
    if kind == "truefalse":
        question["correct"] = draw(st.booleans())
    else:
        options = draw(st.lists(TEXT, min_size=2, max_size=6).filter(_distinct))
        question["options"] = options
        if kind == "single":
            question["correct"] = draw(st.integers(0, len(options) - 1))
        else:
            picked = draw(st.sets(st.integers(0, len(options) - 1), min_size=1))
            question["correct"] = sorted(picked)
    if draw(st.booleans()):
        question["explanation"] = draw(TEXT)
    if time_limits and draw(st.booleans()):
        question["time_limit"] = draw(st.integers(5, 300))
    return question


def _pack(qs: list[dict[str, Any]], pack_id: str = "generated", title: str = "Generated") -> dict[str, Any]:
    return {"format": "partyhost-pack/1", "id": pack_id, "title": title, "questions": qs}


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(questions(), min_size=1, max_size=8), TEXT.filter(lambda t: len(t) <= 80))
def test_native_json_round_trips(qs: list[dict[str, Any]], title: str) -> None:
    first = importers.read(exporters.to_json(parse_pack(_pack(qs, title=title), "g")).body, "g.json")
    second = importers.read(exporters.to_json(first.pack).body, "g.json")
    assert second.pack == first.pack
    assert first.pack.questions == parse_pack(_pack(qs), "g").questions


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(questions(time_limits=False), min_size=1, max_size=8))
def test_gift_round_trips(qs: list[dict[str, Any]]) -> None:
    gift = exporters.to_gift(parse_pack(_pack(qs), "g")).body
    first = importers.read(gift, "generated.gift")
    again = importers.read(exporters.to_gift(first.pack).body, "generated.gift")
    assert again.pack == first.pack
    assert first.skipped == []
    assert [q.model_dump() for q in first.pack.questions] == [
        q.model_dump() for q in parse_pack(_pack(qs), "g").questions
    ]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(questions(), min_size=1, max_size=8))
def test_csv_round_trips(qs: list[dict[str, Any]]) -> None:
    csv = exporters.to_csv(parse_pack(_pack(qs), "g")).body
    first = importers.read(csv, "generated.csv")
    assert [q.model_dump() for q in first.pack.questions] == [
        q.model_dump() for q in parse_pack(_pack(qs), "g").questions
    ]


def test_every_fixture_survives_export_and_import_in_every_format(tmp_path: Path) -> None:
    store = MediaStore(tmp_path / "media")
    for path in sorted(FIXTURES.iterdir()):
        first = importers.read(path.read_bytes(), path.name)
        finished = importers.finish(first, store)
        for prepared in finished.media:
            store.write(prepared)
        pack = parse_pack(finished.data, path.name)
        for fmt in exporters.FORMATS:
            exported = exporters.export(pack, fmt, store)
            again = importers.read(exported.body, f"{pack.id}.{fmt}")
            keep = {"image", "audio"} if fmt in ("json", "zip") else set()
            lost = {"time_limit", "image", "audio"} if fmt == "gift" else {"audio"} - keep
            expected = [q.model_dump(exclude=lost) for q in pack.questions if q.type in _TYPES[fmt]]
            got = [q.model_dump(exclude=lost) for q in again.pack.questions]
            if fmt == "zip":
                settled = parse_pack(importers.finish(again, store).data, "z")
                got = [q.model_dump(exclude=lost) for q in settled.questions]
            assert got == expected, (path.name, fmt)


_ALL = {"single", "multi", "truefalse", "typed", "number", "order"}
_TYPES = {"json": _ALL, "zip": _ALL, "gift": _ALL - {"order"}, "csv": {"single", "multi", "truefalse"}}
