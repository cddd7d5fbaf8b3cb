"""Arabic rule words kept as data: one CSV per table in this folder, a row per word or phrase.

Each file has a header; its first column is the word or phrase as Arabic is written (hamza,
alef maqsura, ta marbuta, with or without diacritics), its second the word's role in the table
(a trigger's kind, a cue's status, a compass direction…); a third column, where a table has
one, is the word's grammatical form, and a last one may hold a note. Lines starting with # are
comments. Words are normalized at load by the normalizer the text goes through, so «إلى»
written with its hamza and alef maqsura matches «الى» and «إلي» in text. Adding a word is one
line.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from ..text.normalize import normalize_name

__all__ = ["records", "rows", "table", "words"]


@lru_cache(maxsize=None)
def records(name: str) -> tuple[tuple[str, ...], ...]:
    """Every row of lexicon/<name>.csv, its first column normalized (header and comments out)."""
    text = resources.files(__name__).joinpath(f"{name}.csv").read_text(encoding="utf-8")
    reader = csv.reader(line for line in text.splitlines() if not line.startswith("#"))
    next(reader, None)  # the header
    return tuple((normalize_name(row[0]), *(value.strip() for value in row[1:]))
                 for row in reader if row and row[0].strip())


def rows(name: str) -> list[tuple[str, str]]:
    """(normalized word, role) for every row of one lexicon, in file order."""
    return [(row[0], row[1] if len(row) > 1 else "") for row in records(name)]


def table(name: str, *forms: str) -> dict[str, str]:
    """{normalized word: role} of one lexicon, or of its rows of the given forms (third
    column); a word listed twice keeps its first role."""
    out: dict[str, str] = {}
    for row in records(name):
        if not forms or (len(row) > 2 and row[2] in forms):
            out.setdefault(row[0], row[1] if len(row) > 1 else "")
    return out


def words(name: str, *roles: str) -> frozenset[str]:
    """The normalized words of one lexicon, or of the rows with one of `roles`."""
    return frozenset(word for word, role in rows(name) if not roles or role in roles)
