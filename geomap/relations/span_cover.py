"""Whether a position of a text lies in one of a growing list of spans, without a scan.

Asking every span found so far made a long text with many area phrases quadratic; spans are
short, so each is filed under the buckets of positions it touches.
"""
from __future__ import annotations

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
