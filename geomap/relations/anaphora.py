"""References back: «المدينة» for the city the text is about, «القطاع» for the territory named
before with that head («قطاع غزة»), as place mentions at the words that refer."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache

from .. import lexicon
from ..places.resolution import Mention
from ..places.spotting import Match
from ..text.normalize import ARTICLE, CLITIC_PREFIXES, Normalized

# «القطاع» after «قطاع غزة»: heads of territory names that stand alone for the named one
TERRITORY_HEADS = lexicon.words("reference_words", "territory head")
CITY_REFERENCES = lexicon.words("reference_words", "main city")  # «المدينة»
NEAR_CITY_CHARS = 300  # «المدينة» refers to a city named this close before it, if any
_CLITIC = "|".join(sorted(CLITIC_PREFIXES, key=len, reverse=True))  # before a reference


def back_references(norm: Normalized, mentions: list[Mention]) -> list[Mention]:
    """«المدينة» standing for the city the text is about (its most-named city), and «القطاع»
    for the territory named before with that head («قطاع غزة»)."""
    cities = sorted(word for word in CITY_REFERENCES if word in norm.text)
    top = _main_city(mentions) if cities else None
    heads = dict.fromkeys(cities, top) if top else {}
    for m in mentions:
        head, space, _ = m.match.key.partition(" ")
        if m.chosen and space and head in TERRITORY_HEADS:
            heads.setdefault(ARTICLE + head, m)
    if not heads:
        return []  # as most texts: no word that refers back
    cities_named = [m for m in mentions if m.chosen and m.chosen.kind == "city"]
    return [mt for word, named in heads.items()
            for mt in _back_references(norm, word, named, cities_named)]


def _main_city(mentions: list[Mention]) -> Mention | None:
    """The first mention of the city the text names most often."""
    cities = Counter(m.chosen.id for m in mentions if m.chosen and m.chosen.kind == "city")
    main_city = cities.most_common(1)[0][0] if cities else None
    return next((m for m in mentions if m.chosen and m.chosen.id == main_city), None)


def _nearest_city(cities: list[Mention], pos: int, default: Mention) -> Mention:
    """The city named last before `pos` in the sentence or so before it («… بمدينة حلب …
    من أحياء شرق المدينة»), else the city the text is about."""
    k = bisect.bisect_left(cities, pos, key=lambda m: m.match.nstart) - 1
    return cities[k] if k >= 0 and cities[k].match.nstart >= pos - NEAR_CITY_CHARS else default


@lru_cache(maxsize=64)
def _reference(word: str) -> re.Pattern:
    """«word» as a whole word, with its clitics (compiled once per reference word)."""
    return re.compile(rf"(?<![\u0621-\u064a])(?:{_CLITIC})?({word})(?![\u0621-\u064a])")


def _back_references(norm: Normalized, word: str, named: Mention,
                     cities: list[Mention]) -> list[Mention]:
    """Mentions of `named` at each «word» (with its clitics) after the first naming; for
    «المدينة», of the city named just before it where there is one."""
    if word not in norm.text:
        return []  # most texts never say it: skip the regex scan
    out = []
    for mt in _reference(word).finditer(norm.text):
        s, e = mt.span(1)
        if s < named.match.nstart and word not in CITY_REFERENCES:
            continue  # a territory is referred back to after it is named
        start, end = norm.span(s, e)
        match = Match(word, s, e, start, end, mt.group()[:mt.start(1) - mt.start()])
        ref = _nearest_city(cities, s, named) if word in CITY_REFERENCES else named
        out.append(Mention(match, norm.original[start:end], ref.ctx, [ref.chosen],
                           chosen=ref.chosen, confidence=ref.confidence,
                           reason=f"«{norm.original[start:end]}»: {ref.surface}, named before"))
    return out
