"""What the area rules share: their words (lexicon area_words, area_phrases, directions), the
AreaSpan a rule returns, compass directions, and reading a clitic off a word."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .. import lexicon
from ..gazetteer.index import Entry, Gazetteer
from ..places.resolution import Mention
from ..text.normalize import ARTICLE, CLITIC_PREFIXES

CENTRE = "centre"
NEIGHBOURHOOD_CITY_MIN = 5  # a city with at least this many OCHA neighbourhoods has "parts"
_LAM_ARTICLE = "لل"  # ل before the article, which drops its alef («للأحياء»)
_CLITICS_LONGEST_FIRST = sorted(CLITIC_PREFIXES, key=len, reverse=True)
WORD = re.compile(r"[\u0621-\u064a]+")


def words_of(table: str, role: str, *forms: str) -> frozenset[str]:
    """The normalized words of one role of a lexicon, of the given forms (third column) if any."""
    return frozenset(row[0] for row in lexicon.records(table)
                     if len(row) > 1 and row[1] == role
                     and (not forms or (len(row) > 2 and row[2] in forms)))


def phrase_words(role: str, *forms: str) -> frozenset[str]:
    """The words of one role of lexicon/area_phrases.csv."""
    return words_of("area_phrases", role, *forms)


# compass words (normalized) → direction: the eight of lexicon/directions.csv and the centre
DIR_WORDS: dict[str, str] = {
    **lexicon.table("directions", "noun", "article", "adjective", "bare adjective"),
    **dict.fromkeys(phrase_words("centre"), CENTRE)}
# the forms that follow a noun as its adjective («الأحياء الشرقية», «القطاع الأوسط»)
DIR_ADJECTIVES = frozenset(lexicon.table("directions", "adjective")) | \
    phrase_words("centre", "adjective")


@dataclass
class AreaSpan:
    """An area found in normalized text, before it becomes a model.Area."""

    nstart: int
    nend: int
    kind: str
    anchors: list[Entry]
    direction: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    # the places of the whole text, for the record's place_ids (those inside its shape)
    text_places: tuple[Entry, ...] = ()


def compass(words: Iterable[str]) -> str | None:
    """«جنوب شرق» → southeast, «الشمالي الغربي» → northwest, «شرق» → east, «وسط» → centre."""
    dirs = [DIR_WORDS[w] for w in words if w in DIR_WORDS]
    if not dirs:
        return None
    if len(dirs) >= 2 and dirs[0] in ("north", "south") and dirs[1] in ("east", "west"):
        return dirs[0] + dirs[1]
    return dirs[0]


def unclitic(word: str, vocabulary: frozenset[str] | dict) -> str | None:
    """The word of `vocabulary` written as `word`, bare or with a clitic («بالأراضي» →
    «الأراضي»; «للحدود» writes «الحدود» without its alef); None if it is none of them.
    One dict lookup: every written form of a vocabulary is listed once (written_forms)."""
    kept = _FORMS.get(id(vocabulary))  # written_forms' cache, read here: called per word
    if kept is not None and kept[0] is vocabulary:
        return kept[1].get(word)
    return written_forms(vocabulary).get(word)


_FORMS: dict[int, tuple[object, dict[str, str]]] = {}


def written_forms(vocabulary: frozenset[str] | dict) -> dict[str, str]:
    """{every written form: its word} of a vocabulary: the word, with each clitic before it,
    and «ل» with the article written «لل» (after «و» or «ف» too). Kept per vocabulary object
    (the rules' vocabularies are module constants)."""
    kept = _FORMS.get(id(vocabulary))
    if kept is not None and kept[0] is vocabulary:
        return kept[1]
    if len(_FORMS) > 64:
        _FORMS.clear()  # a vocabulary made on the fly: the cache stays small
    forms: dict[str, str] = {}
    for word in vocabulary:
        for p in ("", *_CLITICS_LONGEST_FIRST):
            forms.setdefault(p + word, word)
        if word.startswith(ARTICLE):
            for p in ("", "و", "ف"):
                forms.setdefault(p + _LAM_ARTICLE + word[2:], word)
    for word in vocabulary:
        forms[word] = word  # a word of the vocabulary is itself, whatever it looks like
    _FORMS[id(vocabulary)] = (vocabulary, forms)
    return forms


def head_start(word: str, end: int, head: str) -> int:
    """Where the head word (clitic stripped) starts in its written word, which ends at `end`;
    «للأحياء» writes «الأحياء» without its alef, so the head starts one letter into it."""
    start = end - len(head)
    return start if word.endswith(head) else start + 1


def has_parts(gaz: Gazetteer, e: Entry) -> bool:
    """A city or town with enough OCHA neighbourhoods that a direction names a part of it."""
    return e.kind in ("city", "town") and \
        _neighbourhood_count(gaz, e.id) >= NEIGHBOURHOOD_CITY_MIN


@lru_cache(maxsize=4096)
def _neighbourhood_count(gaz: Gazetteer, id: str) -> int:
    """How many neighbourhoods the gazetteer has in a place (cached: the same few cities are
    counted in text after text)."""
    return sum(c.kind == "neighbourhood" for c in gaz.children(id))
