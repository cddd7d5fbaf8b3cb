"""Counts in Arabic text: digits (Arabic-Indic already folded) with their decimal and thousands
separators, number words, thousands and millions, units."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicon
from ..text.normalize import BASIC_LETTERS
from ..places.spotting import WordFinder

_UNITS = lexicon.table("units")  # {word: what a count of it counts}


def _numbers() -> tuple[dict[str, int], dict[str, int]]:
    """({number word: value}, {multiplier: factor}) from lexicon/numbers.csv: a plural
    («آلاف») only multiplies, a dual («ألفان») is only a number."""
    ones, multipliers = {}, {}
    for word, value, form, *_ in lexicon.records("numbers"):
        if form != "plural":
            ones[word] = int(value)
        if int(value) in (1000, 1_000_000) and form != "dual":
            multipliers[word] = int(value)
    return ones, multipliers


# Number words; and the words that multiply the number before them: «15 ألفاً», «1.5 مليون»,
# «ثلاثة ملايين».
_ONES, _MULTIPLIERS = _numbers()
# A number followed by one of these measures distance, time, a date, a share, money or batches,
# not the people or vehicles that moved: «55 كيلومترا», «19 من الشهر», «بعد عشر دفعات».
DISTANCE_UNITS = lexicon.words("measures", "distance")
_MEASURES = lexicon.words("measures", "distance", "time", "share", "money", "batch", "month")
_MONTH = lexicon.words("measures", "date")  # «19 من الشهر الجاري»: a day of the month
_PERCENT = re.compile(r"\s*[%٪]")
# A number written in digits (Arabic-Indic ones are folded to ASCII by normalize; its
# separators are not): thousands grouped by «,» «٬» or «،» («2,500», «٢٬٥٠٠»), or by «.» in
# two or more groups («1.500.000»); then an optional fraction after «.», «٫» or a decimal «,»
# («1.5», «١٫٥», «1,5»). «،» is the list comma too, so it groups only by threes.
_WHOLE = r"\d{1,3}(?:[,٬،]\d{3})+(?!\d)|\d{1,3}(?:\.\d{3}){2,}(?!\d)|\d+"
_DIGITS = rf"(?<!\d)(?:{_WHOLE})(?:[.٫,]\d+)?"
_PARTS = re.compile(rf"({_WHOLE})(?:([.٫,])(\d+))?")  # whole part, decimal mark, fraction
_NON_DIGIT = re.compile(r"\D")
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?!\d)")  # «الساعة 10:30»: a time, no count
# A count of people or vehicles has at most this many digits (a trillion people is no count);
# a longer digit run is a serial or phone number or noise, and is no count at all.
MAX_DIGITS = 12
_NUM = re.compile(rf"({_DIGITS})|([\u0621-\u064a]+)")  # one token: digits or a word
# The tokens that can start a count: digits, and number words (or و + one) as whole words.
_DIGIT_TOKEN = re.compile(_DIGITS)
_DIGIT = re.compile(r"\d")  # where a digit is, a digit token starts
NUMBER_FORMS = frozenset(_ONES) | {"و" + w for w in _ONES}
_NUMBER_WORDS = WordFinder(NUMBER_FORMS, BASIC_LETTERS)


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


def _measures(span: str, pos: int, nxt: re.Match | None) -> bool:
    """Whether the number ending at `pos` measures something other than a count of movers."""
    if _PERCENT.match(span, pos):
        return True
    if nxt is None or nxt.group(2) is None or span[pos:nxt.start()].strip(" \u00a0"):
        return False  # punctuation or a line break between: the next word is not its unit
    word = nxt.group(2)
    if word == "من":  # «19 من الشهر», a date; «300 من المدنيين» stays a count
        after = _NUM.search(span, nxt.end())
        return bool(after and after.group(2) in _MONTH)
    return word in _MEASURES or (word[:1] in "وبل" and word[1:] in _MEASURES)


def may_count(text: str, start: int, end: int, words: list[str]) -> bool:
    """Whether text[start:end], whose words ([\u0621-\u064a0-9] runs) are `words`, can hold a
    count: it needs a digit or a number word, and most clauses have neither."""
    return bool(_DIGIT.search(text, max(start, 0), max(end, 0))) \
        or not NUMBER_FORMS.isdisjoint(words)


def find_counts(text: str, start: int, end: int) -> list[Count]:
    """Counts in text[start:end]: «20 حافلة», «15 ألفاً», «أربعة آلاف مسلح», «ثمانية آلاف أسرة»,
    «2,500 شخص», «١٫٥ مليون نازح».

    Only the tokens that can start a count are visited (found by an automaton and a digit
    regex), not every word of the span.
    """
    start, end = max(start, 0), max(end, 0)  # as re reads pos and endpos
    span = text[start:end]
    starts = sorted([(s, e, False) for s, e in _NUMBER_WORDS.find(span)]
                    + [(m.start(), m.end(), True) for m in _DIGIT_TOKEN.finditer(span)])
    out, pos = [], 0
    for s, e, is_digits in starts:
        if s < pos:
            continue  # read already, as the thousands after a number
        if is_digits and (clock := _CLOCK.match(span, s)):
            pos = clock.end()
            continue
        value, pos = _number_at(span, s, e, is_digits)
        if value is None:
            continue
        nxt = _NUM.search(span, pos)
        unit = _unit(nxt and nxt.group(2))
        if is_digits and 1900 <= value <= 2100 and unit is None:
            continue  # a year, not a count
        if unit is None and _measures(span, pos, nxt):
            continue
        out.append(Count(start + s, value, unit or ("people" if value >= 1000 else None)))
    return out


def _number_at(span: str, s: int, e: int, is_digits: bool) -> tuple[int | None, int]:
    """(value, end) of the number at span[s:e] with the multiplier after it, if any («1.5
    ألف» is 1500); value None where it is no count (a fraction of a person, a huge run).
    The multiplier is read with its number either way, never as a count of its own."""
    nxt = _NUM.search(span, e)
    multiplier = _MULTIPLIERS.get(nxt.group(2)) if nxt and nxt.group(2) else None
    end = nxt.end() if multiplier else e
    value = _digits_value(span[s:e], multiplier is not None) if is_digits \
        else _word_value(span[s:e])
    if value is not None and multiplier and value < 1000:
        return round(value * multiplier), end
    return (int(value) if value is not None and value == int(value) else None), end


def _digits_value(token: str, multiplied: bool) -> float | None:
    """The value of a digit token: «2,500» 2500, «1.5» and «١٫٥» 1.5. A lone «.» or «,» before
    three digits groups thousands where no multiplier follows («1.500 شخص»: a fraction of a
    person is no count). None for a run of more than MAX_DIGITS digits."""
    whole, mark, fraction = _PARTS.fullmatch(token).groups()
    digits = _NON_DIGIT.sub("", whole)
    if len(digits) > MAX_DIGITS:
        return None
    if not fraction:
        return int(digits)
    if not multiplied and mark in ".," and len(fraction) == 3 and digits == whole:
        return int(digits) * 1000 + int(fraction)
    return int(digits) + float("0." + fraction[:MAX_DIGITS])
