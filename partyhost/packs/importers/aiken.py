"""Moodle's Aiken format: a question, lettered options, and an ``ANSWER:`` line.

```
Which planet is largest?
A. Mars
B) Jupiter
ANSWER: B
```

Questions may be separated by blank lines. The question may run over several
lines; options are ``A.`` or ``A)``; every question is single choice.
"""

from __future__ import annotations

import re

from partyhost.packs.importers.base import (
    Collector,
    ImportFailed,
    ImportResult,
    assemble,
    plain,
    slug,
    title_from,
)

_OPTION = re.compile(r"^([A-Za-z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(\S*)\s*$", flags=re.IGNORECASE)


def import_aiken(data: bytes, filename: str) -> ImportResult:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(filename, "is not UTF-8 text; save the Aiken file as UTF-8") from None
    collector = Collector()
    stem: list[str] = []
    options: list[str] = []
    start = 0
    broken = ""
    seen_answer = False

    def finish_without_answer() -> None:
        nonlocal stem, options, broken
        if stem:
            collector.skip(f"line {start}", broken or "the question has no ANSWER: line")
        stem, options, broken = [], [], ""

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if not line:
            if options:  # a blank line after the options, before any ANSWER: line
                finish_without_answer()
        elif answer:
            seen_answer = True
            letter = answer.group(1).upper()
            letters = [chr(ord("A") + i) for i in range(len(options))]
            if not stem or not options:
                collector.skip(f"line {number}", "an ANSWER: line with no question or options before it")
            elif broken:
                collector.skip(f"line {start}", broken)
            elif letter not in letters:
                collector.skip(
                    f"line {number}", f"ANSWER: {answer.group(1)!r} is not one of the options {', '.join(letters)}"
                )
            else:
                question = {
                    "type": "single",
                    "text": plain(" ".join(stem)),
                    "options": options,
                    "correct": letters.index(letter),
                }
                collector.take(f"line {start}", question)
            stem, options, broken = [], [], ""
        elif option and stem:
            expected = chr(ord("A") + len(options))
            if option.group(1).upper() != expected and not broken:
                broken = f"line {number}: option {option.group(1)} where {expected} was expected"
            options.append(option.group(2))
        else:
            if options:
                finish_without_answer()
            if not stem:
                start = number
            stem.append(line)
    finish_without_answer()
    if not seen_answer:
        raise ImportFailed(filename, "holds no Aiken questions (each ends with a line such as ANSWER: B)")
    return assemble(
        collector, fmt="aiken", source=filename, pack_id=slug(title_from(filename)), title=title_from(filename)
    )
