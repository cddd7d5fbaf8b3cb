"""References back: «المدينة» for the city the text is about, «القطاع» for the territory named
before with that head («قطاع غزة»), as place mentions at the words that refer."""
from __future__ import annotations

import re
from collections import Counter

from ..places.resolution import Mention
from ..places.spotting import Match
from ..text.normalize import Normalized, word_set

# «القطاع» after «قطاع غزة»: heads of territory names that stand alone for the named one
TERRITORY_HEADS = word_set("قطاع إقليم جزيرة هضبة")


def back_references(norm: Normalized, mentions: list[Mention]) -> list[Mention]:
    """«المدينة» standing for the city the text is about (its most-named city), and «القطاع»
    for the territory named before with that head («قطاع غزة»)."""
    top = _main_city(mentions) if "المدينه" in norm.text else None
    heads = {"المدينه": top} if top else {}
    for m in mentions:
        head, space, _ = m.match.key.partition(" ")
        if m.chosen and space and head in TERRITORY_HEADS:
            heads.setdefault("ال" + head, m)
    return [mt for word, named in heads.items() for mt in _back_references(norm, word, named)]


def _main_city(mentions: list[Mention]) -> Mention | None:
    """The first mention of the city the text names most often."""
    cities = Counter(m.chosen.id for m in mentions if m.chosen and m.chosen.kind == "city")
    main_city = cities.most_common(1)[0][0] if cities else None
    return next((m for m in mentions if m.chosen and m.chosen.id == main_city), None)


def _back_references(norm: Normalized, word: str, named: Mention) -> list[Mention]:
    """Mentions of `named` at each «word» (with its clitics) after the first naming."""
    if word not in norm.text:
        return []  # most texts never say it: skip the regex scan
    out = []
    pattern = rf"(?<![\u0621-\u064a])(?:[وبل]|لل)?({word})(?![\u0621-\u064a])"
    for mt in re.finditer(pattern, norm.text):
        s, e = mt.span(1)
        if mt.group().startswith("لل"):
            s += 1
        if s < named.match.nstart and word != "المدينه":
            continue
        start, end = norm.span(s, e)
        match = Match(word, s, e, start, end, mt.group()[:mt.start(1) - mt.start()])
        out.append(Mention(match, norm.original[start:end], named.ctx, [named.chosen],
                           chosen=named.chosen, confidence=named.confidence,
                           reason=f"«{norm.original[start:end]}»: {named.surface}, named before"))
    return out
