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
_NUM = re.compile(r"(\d+(?:[.,]\d+)?)|([\u0621-\u064a]+)")


@dataclass(frozen=True)
class Count:
    """A number in normalized text with the unit word that follows it, if any."""

    nstart: int
    value: int
    unit: str | None


def _word_value(word: str) -> int | None:
    w = word[1:] if word.startswith("و") and word[1:] in _ONES else word
    return _ONES.get(w)


def find_counts(text: str, start: int, end: int) -> list[Count]:
    """Counts in text[start:end]: «20 حافلة», «15 ألفاً», «أربعة آلاف مسلح», «ثمانية آلاف أسرة»."""
    tokens = [(m.start(), m.group(1), m.group(2)) for m in _NUM.finditer(text, start, end)]
    out, i = [], 0
    while i < len(tokens):
        pos, digits, word = tokens[i]
        value = int(float(digits.replace(",", ""))) if digits else _word_value(word)
        if value is None:
            i += 1
            continue
        j = i + 1
        if j < len(tokens) and tokens[j][2] and tokens[j][2] in _THOUSANDS and value < 1000:
            value, j = value * 1000, j + 1
        unit = None
        if j < len(tokens) and tokens[j][2]:
            w = tokens[j][2]
            unit = _UNITS.get(w) or _UNITS.get(w[1:]) if w.startswith("و") else _UNITS.get(w)
        if digits and 1900 <= value <= 2100 and unit is None:
            i = j
            continue  # a year, not a count
        out.append(Count(pos, value, unit or ("people" if value >= 1000 else None)))
        i = j
    return out
