"""Whether a position of a text lies in one of a growing list of spans, without a scan.

Asking every span found so far made a long text with many area phrases quadratic; spans are
short, so each is filed under the buckets of positions it touches. Whether an interval
overlaps a span of a list made once is a bisect (SpanOverlap).
"""
from __future__ import annotations

import bisect
from itertools import accumulate
from typing import Protocol, Sequence

BUCKET = 256  # characters


class Span(Protocol):
    nstart: int
    nend: int


class SpanCover:
    """Positions covered by the spans of a list that only grows (appended to after creation)."""

    __slots__ = ("spans", "filed", "buckets")

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans, self.filed = spans, 0
        self.buckets: dict[int, list[Span]] = {}

    def covers(self, pos: int) -> bool:
        """True when some span has nstart <= pos < nend (as any() over the list would say)."""
        while self.filed < len(self.spans):
            a = self.spans[self.filed]
            self.filed += 1
            for b in range(a.nstart // BUCKET, (a.nend - 1) // BUCKET + 1):
                self.buckets.setdefault(b, []).append(a)
        return any(a.nstart <= pos < a.nend for a in self.buckets.get(pos // BUCKET, ()))


class SpanOverlap:
    """Whether an interval overlaps a span of a fixed list (nstart < end and start < nend, as
    any() over the list would say): a bisect over the spans sorted by start, and the furthest
    end of those before it."""

    __slots__ = ("starts", "reach")

    def __init__(self, spans: Sequence[Span]) -> None:
        ordered = sorted(spans, key=lambda s: s.nstart)
        self.starts = [s.nstart for s in ordered]
        self.reach = list(accumulate((s.nend for s in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)  # the spans that start before `end`
        return k > 0 and self.reach[k - 1] > start
