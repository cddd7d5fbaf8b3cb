"""Clauses and trigger scopes: how far the words after a trigger belong to its movement."""
from __future__ import annotations

import bisect
import re

from .. import lexicon
from ..text.words import Words
from .triggers import PEOPLE_WORDS, Trigger

# An end mark, a «.» or «:» only when not between digits (not in «1.5», «10:30»): the mark
# first, so the regex engine skips to the next mark instead of trying each position
_CLAUSE_END = re.compile(r"[.:!?؟؛\n](?:(?<=[!?؟؛\n])|(?<!\d.)|(?!\d))")
# «بعد», «منذ», «وتمتد»: a time clause or the extent of a place starts, no end of the trigger
STOP_WORDS = lexicon.words("clause_words", "stop", "extent")
CONJUNCTIONS = lexicon.words("clause_words", "conjunction")  # a trigger after one opens a journey
# Bounds that no reported journey comes near (the 60 dev passages: 36 words, 6 places, 3 × 3
# pairs at most) and that keep a garbled record from costing more than its length:
SCOPE_WORDS = 100  # words a trigger governs at most
DETAIL_KINDS = ("cross", "vehicle")  # triggers that tell a detail of a journey in their clause
SUBJECT_CLAUSE = lexicon.words("clause_words", "subject clause")  # «الذين … قد وصلوا»
RELATIVE_WORDS, RELATIVE_CHARS = 12, 120  # how long a relative clause on a subject may be
GOVERNING = frozenset({"الي", "علي", "عن", "من", "في"})  # a preposition before a verbal noun


class Scopes:
    """The clauses of one text and the scope of each of its triggers."""

    def __init__(self, text: str, words: Words, triggers: list[Trigger]):
        self.text, self.words = text, words
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(text)]
        journeys = [t for t in triggers if t.kind not in DETAIL_KINDS]
        self.journey_starts = [t.nstart for t in journeys]
        # where a new journey's trigger opens a clause, or is a verb or verbal noun of its own
        # (not a participle naming the movers, «16 ألف نازح»): the scope before ends there
        self.breaks = [s for s, e, _, p in journeys
                       if text[s:e] not in PEOPLE_WORDS or self.starts_clause(s, p)]
        self._scope_ends: dict[int, int] = {}  # asked for by several steps of one trigger

    def clause(self, pos: int) -> tuple[int, int]:
        """(start, end) of the clause holding `pos`: between . ! ? ؟ ؛ : or line breaks."""
        i = bisect.bisect_left(self.clause_ends, pos)
        start = self.clause_ends[i - 1] + 1 if i else 0
        return start, (self.clause_ends[i] if i < len(self.clause_ends) else len(self.text))

    def scope_end(self, tend: int) -> int:
        """A trigger governs up to the end of its clause or the next journey's trigger, and
        at most SCOPE_WORDS words (a clause never ended, as in a garbled record, is no list)."""
        if tend not in self._scope_ends:
            end = self.clause(tend)[1]
            k = bisect.bisect_left(self.breaks, tend)
            if k < len(self.breaks) and self.breaks[k] < end:
                end = self.breaks[k]
            starts = self.words.starts
            w = bisect.bisect_left(starts, tend) + SCOPE_WORDS
            self._scope_ends[tend] = min(end, starts[w]) if w < len(starts) else end
        return self._scope_ends[tend]

    def starts_clause(self, pos: int, prefix: str) -> bool:
        """A trigger after «و», «أو», «ثم» or a comma opens a new journey; one inside a noun
        phrase («16 ألف نازح») belongs to the journey before it."""
        start, end = max(0, pos - len(prefix) - 6), pos - len(prefix)
        before, words = self.text[start:end], self.words.between(start, end)
        return prefix[:1] in ("و", "ف") or "،" in before or "," in before or (
            bool(words) and words[-1] in CONJUNCTIONS)

    def has_main_trigger(self, pos: int) -> bool:
        """Another kind of trigger in the clause: a crossing word then marks a via, a vehicle a
        detail."""
        cs, ce = self.clause(pos)
        k = bisect.bisect_left(self.journey_starts, cs)
        return k < len(self.journey_starts) and self.journey_starts[k] < ce

    def main_trigger_before(self, pos: int) -> bool:
        """A journey's trigger earlier in the clause: a crossing verb after it tells a detail;
        one before it («عبرت العائلات من X إلى Y … هرباً») is the journey's own verb."""
        cs = self.clause(pos)[0]
        k = bisect.bisect_left(self.journey_starts, cs)
        return k < len(self.journey_starts) and self.journey_starts[k] < pos

    def near_before(self, pos: int) -> int:
        """The end of the fifth word before `pos`: an item that ends before it has five
        words or more between it and `pos`, too many to look back to."""
        w = bisect.bisect_left(self.words.starts, pos) - 5
        return self.words.ends[w] if w >= 0 else 0


def subject_clause(words: Words, start: int, tstart: int) -> int | None:
    """Where a relative clause on the subject of the verb at `tstart` begins («آلاف من سكان
    مدينة X الذين فروا من القصف قد وصلوا»: at «الذين»), looked for from `start`, or None."""
    spans = words.spans(max(start, tstart - RELATIVE_CHARS), tstart)[-RELATIVE_WORDS:]
    if spans and (spans[-1][1] == tstart and spans[-1][2][-1:] in ("ب", "ل")
                  or spans[-1][2] in GOVERNING):
        return None  # «الذين يرغبون بمغادرة حلب»: a verbal noun inside the clause
    k = next((k for k in range(len(spans) - 2, -1, -1)
              if spans[k][2].removeprefix("و") in SUBJECT_CLAUSE), None)
    return None if k is None else spans[k][0]
