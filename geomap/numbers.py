"""Counts in Arabic text: digits (Arabic-Indic already folded), number words, thousands, units."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .arabic import word_map, word_set

_UNITS = word_map({
    "حافلة حافلات الحافلات باص باصات": "buses",
    "سيارة سيارات السيارات آلية آليات مركبة مركبات": "vehicles",
    "عائلة عائلات أسرة أسر": "families",
    "شخص أشخاص مدني مدنيين مدنيا مسلح مسلحين مسلحا مقاتل مقاتلين مقاتلا نازح نازحين نازحا "
    "مواطن مواطنين جريح جرحى مريض مرضى": "people",
})
_ONES = word_map({words: n for n, words in {
    1: "واحد واحدة", 2: "اثنان اثنين اثنتان", 3: "ثلاث ثلاثة", 4: "أربع أربعة", 5: "خمس خمسة",
    6: "ست ستة", 7: "سبع سبعة", 8: "ثماني ثمانية ثمان", 9: "تسع تسعة", 10: "عشر عشرة",
    20: "عشرون عشرين", 30: "ثلاثون ثلاثين", 40: "أربعون أربعين", 50: "خمسون خمسين",
    60: "ستون ستين", 70: "سبعون سبعين", 80: "ثمانون ثمانين", 90: "تسعون تسعين",
    100: "مئة مائة", 200: "مئتي مئتان مائتي", 1000: "ألف ألفا", 2000: "ألفي ألفان",
}.items()})
_THOUSANDS = word_set("آلاف ألف ألفا الاف")
_NUM = re.compile(r"(\d+(?:[.,]\d+)?)|([\u0621-\u064a]+)")  # one token: digits or a word
# The tokens that can start a count: digits, or a whole word that is a number word (or و + one).
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)|(?<![\u0621-\u064a])(و?(?:%s))(?![\u0621-\u064a])"
                     % "|".join(sorted(_ONES, key=len, reverse=True)))


@dataclass(frozen=True)
class Count:
    """A number in normalized text with the unit word that follows it, if any."""

    nstart: int
    value: int
    unit: str | None


def _word_value(word: str) -> int | None:
    w = word[1:] if word.startswith("و") and word[1:] in _ONES else word
    return _ONES.get(w)


def _unit(word: str | None) -> str | None:
    """The unit a word after a number names («حافلة» → buses), also with «و» attached."""
    if not word:
        return None
    return _UNITS.get(word) or _UNITS.get(word[1:]) if word.startswith("و") else _UNITS.get(word)


def find_counts(text: str, start: int, end: int) -> list[Count]:
    """Counts in text[start:end]: «20 حافلة», «15 ألفاً», «أربعة آلاف مسلح», «ثمانية آلاف أسرة».

    Only number tokens are visited (a regex finds them), not every word of the span.
    """
    if 0 < start < len(text) and "\u0621" <= text[start - 1] <= "\u064a":
        # the span starts inside a word: read it as if the text began there
        return [Count(c.nstart + start, c.value, c.unit)
                for c in find_counts(text[start:end], 0, end - start)]
    out, pos = [], start
    while (m := _NUMBER.search(text, pos, end)) is not None:
        digits, pos = m.group(1), m.end()
        value = int(float(digits.replace(",", ""))) if digits else _word_value(m.group(2))
        nxt = _NUM.search(text, pos, end)
        if nxt and nxt.group(2) in _THOUSANDS and value < 1000:
            value, pos = value * 1000, nxt.end()
            nxt = _NUM.search(text, pos, end)
        unit = _unit(nxt and nxt.group(2))
        if digits and 1900 <= value <= 2100 and unit is None:
            continue  # a year, not a count
        out.append(Count(m.start(), value, unit or ("people" if value >= 1000 else None)))
    return out
