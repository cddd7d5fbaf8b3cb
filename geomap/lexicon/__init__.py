"""Arabic rule words kept as data: one CSV per table in this folder, a row per word or phrase.

Each file has a header; its first column is the word or phrase as Arabic is written (hamza,
alef maqsura, ta marbuta, with or without diacritics), its second the word's role in the table
(a trigger's kind, a cue's status, a designator's place kinds…), its last an optional note.
Words are normalized at load by the normalizer the text goes through, so «إلى» written with
its hamza and alef maqsura matches «الى» and «إلي» in text. Adding a word is one line.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from ..text.normalize import normalize_name

__all__ = ["rows", "table", "words"]


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, str], ...]:
    """(normalized word, role) for every row of lexicon/<name>.csv, in file order."""
    text = resources.files(__name__).joinpath(f"{name}.csv").read_text(encoding="utf-8")
    reader = csv.reader(line for line in text.splitlines() if not line.startswith("#"))
    next(reader, None)  # the header
    return tuple((normalize_name(row[0]), row[1].strip() if len(row) > 1 else "")
                 for row in reader if row and row[0].strip())


def table(name: str) -> dict[str, str]:
    """{normalized word: role} of one lexicon (a word listed twice keeps its first role)."""
    out: dict[str, str] = {}
    for word, role in rows(name):
        out.setdefault(word, role)
    return out


def words(name: str, *roles: str) -> frozenset[str]:
    """The normalized words of one lexicon, or of the rows with one of `roles`."""
    return frozenset(word for word, role in rows(name) if not roles or role in roles)
