"""A family-friendly nickname filter, on by default in rooms marked "classroom".

It is deliberately small and errs on the side of letting names through: it
catches the common English swear words, also when spelt with digits or
symbols (``sh1t``) or split by spaces and dots (``s.h.i.t``). Short words are
only matched as whole words so that ordinary names (Scunthorpe, Cassidy) pass.
"""

from __future__ import annotations

import re
import unicodedata

_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})

#: matched anywhere in the squashed name
_ANYWHERE = (
    "fuck", "shit", "bitch", "wank", "bollock", "bastard", "asshole", "arsehole",
    "dickhead", "motherf", "nigger", "nigga", "faggot", "retard", "whore", "slut",
    "vagina", "porn", "dildo", "twat", "pussy",
)  # fmt: skip
#: matched only as a whole word
_WHOLE = (
    "cunt",
    "penis",
    "ass",
    "arse",
    "cock",
    "dick",
    "fag",
    "piss",
    "tits",
    "cum",
    "sex",
    "crap",
    "prick",
    "nazi",
    "hitler",
)


def _squash(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_LOOKALIKES)


def is_offensive(name: str) -> bool:
    """Whether ``name`` should be refused in a family-friendly room."""
    plain = _squash(name)
    letters = re.sub(r"[^a-z]", "", plain)
    if any(word in letters for word in _ANYWHERE):
        return True
    words = set(re.findall(r"[a-z]+", plain))
    # "s h i t" or "a.s.s": single letters joined up count as one word too.
    singles = "".join(re.findall(r"(?<![a-z])[a-z](?![a-z])", plain))
    return any(word in words or word == singles for word in _WHOLE)
