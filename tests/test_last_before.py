"""LastBefore answers what a backward scan of the list answers, as the list grows."""
from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from geomap.relations.last_before import LastBefore


@dataclass
class Span:
    nstart: int
    nend: int
    kind: str


def scan(spans, pos, kind):
    """The plain answer: read the list backwards from its end."""
    return next((s for s in reversed(spans) if s.nend <= pos and s.kind == kind), None)


@pytest.mark.parametrize("ordered", [True, False])
def test_the_last_span_before_a_position_is_the_one_a_scan_finds(ordered):
    rng = random.Random(7)
    spans: list[Span] = []
    last = LastBefore(spans, lambda s: s.kind == "city", lambda s: s.nstart, lambda s: s.nend)
    at = 0
    for _ in range(400):
        at = at + rng.randint(0, 30) if ordered else rng.randint(0, 6000)
        spans.append(Span(at, at + rng.randint(1, 40), rng.choice(["city", "town"])))  # nested too
        for pos in (rng.randint(0, 6100) for _ in range(5)):
            assert last(pos) is scan(spans, pos, "city")


def test_nothing_before_the_first_span_and_a_span_ending_at_the_position_counts():
    spans = [Span(10, 14, "city"), Span(20, 25, "city")]
    last = LastBefore(spans, lambda s: True, lambda s: s.nstart, lambda s: s.nend)
    assert last(9) is None and last(13) is None
    assert last(14) is spans[0] and last(24) is spans[0] and last(25) is spans[1]
