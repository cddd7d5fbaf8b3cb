"""Counts in Arabic text: digits (Arabic-Indic already folded) with their decimal and thousands
separators, number words, thousands and millions, units."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicon
from ..text.normalize import BASIC_LETTERS, normalize_name
from ..places.spotting import WordFinder

_UNITS = lexicon.table("units")  # {word: what a count of it counts}


def _numbers() -> dict[str, tuple[str, int]]:
    """{number word: (form, value)} from lexicon/numbers.csv (see its header for the forms)."""
    return {word: (form, int(value)) for word, value, form, *_ in lexicon.records("numbers")}


# Number words: their form (unit, ten, hundred, dual, scale, plural, vague) and value
_WORDS = _numbers()
_SCALES = ("scale", "plural")
_DUAL_OR_SCALE = normalize_name("ألفا")  # «ألفا مواطن» 2,000; «15 ألفاً» 15 × 1,000
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
_DIGIT_RUN = re.compile(r"\d+")
NUMBER_FORMS = frozenset(_WORDS) | {"و" + w for w in _WORDS}
_NUMBER_WORDS = WordFinder(NUMBER_FORMS, BASIC_LETTERS)


@dataclass(frozen=True)
class Count:
    """A number in normalized text with the unit word that follows it, if any."""

    nstart: int
    value: int
    unit: str | None


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
                    + [(s, e, True) for s, e in _digit_tokens(span)])
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


def _digit_tokens(span: str) -> list[tuple[int, int]]:
    """(start, end) of each digit token, as _DIGIT_TOKEN.finditer(span) finds them: a token
    starts only where a run of digits does, so the runs (a regex the engine scans for fast)
    say where to try it, and the positions between are never tried."""
    out: list[tuple[int, int]] = []
    pos = 0
    for run in _DIGIT_RUN.finditer(span):
        if run.start() >= pos:
            pos = _DIGIT_TOKEN.match(span, run.start()).end()
            out.append((run.start(), pos))
    return out


def _number_at(span: str, s: int, e: int, is_digits: bool) -> tuple[int | None, int]:
    """(value, end) of the number at span[s:e] with what Arabic joins to it: a scale after
    it («1.5 ألف», «ثلاثة آلاف»), teens («خمسة عشر»), and smaller parts after «و» («ألفين
    وخمسمئة», «خمسة وعشرون ألفاً», «مليون ومئتي ألف», «12 ألفاً و500»). Value None where
    it is no count (a fraction of a person, a huge digit run, «عشرات» without a scale)."""
    after = _NUM.search(span, e)
    reader = _Compound(multiplied=bool(after and after.group(2) and
                                       _WORDS.get(after.group(2), ("",))[0] in _SCALES))
    if reader.multiplied and not _Compound(True).take(span[s:e], is_digits, False):
        return None, after.end()  # the scale is read with its number, never a count alone
    end, part = e, (span[s:e], is_digits, False, e)
    while part is not None and reader.take(*part[:3]):
        end = part[3]
        part = _next_part(span, end)
    return reader.value(), end


_SPACES = re.compile(r"[ \u00a0]*")


def _next_part(span: str, pos: int) -> tuple[str, bool, bool, int] | None:
    """(token, is digits, joined by «و», end) of the number part that may follow `pos`."""
    nxt = _NUM.match(span, _SPACES.match(span, pos).end())
    if nxt is None:
        return None
    word = nxt.group(2) or ""
    if word == "و":  # «و 500»: digits after a detached «و»
        nxt = _NUM.match(span, _SPACES.match(span, nxt.end()).end())
        return None if nxt is None or nxt.group(1) is None else \
            (nxt.group(1), True, True, nxt.end())
    if nxt.group(1) is not None:
        return nxt.group(1), True, False, nxt.end()
    joined = word not in _WORDS and word[:1] == "و" and word[1:] in _WORDS
    return (word[1:] if joined else word), False, joined, nxt.end()


class _Compound:
    """A number read part by part: groups already multiplied by their scale, and the group
    being built."""

    def __init__(self, multiplied: bool = False) -> None:
        self.multiplied = multiplied  # a scale follows the first digits («1.5 مليون»)
        self.total: float = 0
        self.current: float | None = None
        self.last: float = float("inf")  # the smallest magnitude told so far
        self.vague = False
        self.parts = 0
        self.prev: float = 0  # the last part read

    def take(self, token: str, digits: bool, joined: bool) -> bool:
        """Add the next part if Arabic would join it to the number so far."""
        if digits:
            value = _digits_value(token, self.multiplied and not self.parts)
            if value is None or self.parts and not (joined and value < self.last):
                return False
            self.current, self.parts = value, self.parts + 1
            self.last = self.prev = value
            return True
        form, value = _WORDS.get(token, ("", 0))
        if not form:
            return False
        if form in _SCALES or token == _DUAL_OR_SCALE:
            return self._scale(token, form, value, joined)
        if self.parts and not self._joins(form, value, joined):
            return False
        if form == "dual" and value >= 1000:
            self.total, self.last = self.total + value, value
        else:
            self.current = (self.current or 0) + value
            self.last = min(self.last, value)
        self.vague = form == "vague"
        self.parts, self.prev = self.parts + 1, value
        return True

    def _joins(self, form: str, value: int, joined: bool) -> bool:
        """A part after the first: smaller, after «و»; or «عشر» right after a unit."""
        if not joined:
            return form == "ten" and value == 10 and self.current is not None \
                and self.current < 10
        return value < self.last or (self.prev < 10 and form == "ten")  # «سبعة وسبعون»

    def _scale(self, token: str, form: str, value: int, joined: bool) -> bool:
        """«ألف» after a number multiplies it; alone it is one thousand («ألفا» two)."""
        if self.current is None:
            if form == "plural" or self.parts and not joined:
                return False
            if self.parts and value >= self.last:
                return False
            self.current = 2 if token == _DUAL_OR_SCALE else 1
        elif joined:
            return False
        self.total += self.current * value
        self.current, self.last, self.vague = None, value, False
        self.parts, self.prev = self.parts + 1, value
        return True

    def value(self) -> int | None:
        if self.vague or not self.parts:
            return None
        total = self.total + (self.current or 0)
        return int(round(total)) if total == int(round(total)) or total >= 1000 else None


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
