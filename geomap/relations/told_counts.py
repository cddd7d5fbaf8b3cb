"""The counts a trigger's clause tells for its movement: the nearest one and those joined to
it by «و» («20 حافلة و10 سيارات»)."""
from __future__ import annotations

import bisect

from ..text.words import Words
from .clauses import Scopes
from .counts import Count, find_counts, may_count

Counts = tuple[tuple[int, str | None], ...]  # (value, unit) of each count told


class ToldCounts:
    """The counts told for each trigger of one text (each clause's counts found once)."""

    def __init__(self, text: str, words: Words, scopes: Scopes):
        self.text, self.words, self.scopes = text, words, scopes
        # asked for by the triggers of one clause
        self._clause_counts: dict[tuple[int, int], list[Count]] = {}
        self._count_starts_of: tuple[tuple[int, int] | None, list[int]] = (None, [])
        self._told: dict[int, list[Count]] = {}  # asked for by counts and span of a trigger

    def counts(self, tstart: int) -> Counts:
        """The count nearest the trigger in its clause («20 حافلة»), with the counts joined to
        it by «و» («20 حافلة و10 سيارات»)."""
        return tuple((c.value, c.unit) for c in self.told(tstart))

    def span(self, tstart: int) -> tuple[int, int] | None:
        """(start, end) in normalized text of the counts told for the trigger at `tstart`,
        each with the word after it (its unit), or None."""
        told = self.told(tstart)
        if not told:
            return None
        after = self.words.spans(told[-1].nstart, told[-1].nstart + 40)[:2]
        return told[0].nstart, (after[-1][1] if after else told[-1].nstart + 1)

    def told(self, tstart: int) -> list[Count]:
        """The Count objects `counts` reads (kept per trigger: `span` reads them too)."""
        if tstart not in self._told:
            self._told[tstart] = self._nearest_told(tstart)
        return self._told[tstart]

    def _nearest_told(self, tstart: int) -> list[Count]:
        """The count nearest `tstart` in its clause and those joined to it by «و»."""
        clause = self.scopes.clause(tstart)
        if clause not in self._clause_counts:
            may = may_count(self.text, *clause, self.words.between(*clause))
            self._clause_counts[clause] = find_counts(self.text, *clause) if may else []
        counts = self._clause_counts[clause]
        if not counts:
            return []
        k = nearest(self._count_starts(clause), tstart)
        told = [counts[k]]
        for j in range(k + 1, len(counts)):  # not counts[k + 1:], a copy of the clause's rest
            nxt = counts[j]
            gap = self.text[told[-1].nstart:nxt.nstart]
            if not (len(gap.split()) <= 3 and gap.rstrip().endswith("و")):
                break
            told.append(nxt)
        return told

    def _count_starts(self, clause: tuple[int, int]) -> list[int]:
        """Where each count of the clause starts (in text order), kept for the next trigger."""
        if self._count_starts_of[0] != clause:
            self._count_starts_of = (clause, [c.nstart for c in self._clause_counts[clause]])
        return self._count_starts_of[1]


def nearest(starts: list[int], pos: int) -> int:
    """The index of the start nearest `pos` in a sorted list (the first of equals), as
    min(range(len(starts)), key=lambda i: abs(starts[i] - pos)) finds it, by bisection."""
    k = bisect.bisect_left(starts, pos)
    if k == len(starts):
        return bisect.bisect_left(starts, starts[-1])
    if k and pos - starts[k - 1] <= starts[k] - pos:
        return bisect.bisect_left(starts, starts[k - 1])
    return k
