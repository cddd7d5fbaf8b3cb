"""SpanCover answers as a scan of every span found so far, as the list grows."""
from __future__ import annotations

import random
from dataclasses import dataclass

from geomap.relations.span_cover import BUCKET, SpanCover, SpanOverlap


@dataclass
class _Span:
    nstart: int
    nend: int


def test_cover_answers_as_a_scan_while_spans_are_appended():
    rng = random.Random(4)
    spans: list[_Span] = []
    cover = SpanCover(spans)
    for _ in range(300):
        start = rng.randrange(20 * BUCKET)
        spans.append(_Span(start, start + rng.choice([0, 1, 5, 40, BUCKET, 3 * BUCKET])))
        for pos in [rng.randrange(21 * BUCKET) for _ in range(20)] + [start, start - 1,
                                                                     spans[-1].nend]:
            assert cover.covers(pos) == any(a.nstart <= pos < a.nend for a in spans)
    # by hand: [10, 20) covers 10 and 19, not 20; an empty span covers nothing
    spans[:] = [_Span(10, 20), _Span(30, 30)]
    cover = SpanCover(spans)
    assert [cover.covers(p) for p in (9, 10, 19, 20, 30)] == [False, True, True, False, False]


def test_overlap_answers_as_a_scan_of_the_spans():
    rng = random.Random(9)
    spans = [_Span(s, s + rng.choice([1, 3, 40, 700])) for s in
             (rng.randrange(5000) for _ in range(200))]
    index = SpanOverlap(spans)
    for _ in range(2000):
        start = rng.randrange(-10, 5800)
        end = start + rng.choice([1, 2, 10, 300])
        assert index.overlaps(start, end) == any(s.nstart < end and start < s.nend for s in spans)
    # by hand: [10, 20) meets [19, 25) and [5, 11), not [20, 30) nor [0, 10)
    index = SpanOverlap([_Span(10, 20)])
    assert [index.overlaps(*iv) for iv in ((19, 25), (5, 11), (20, 30), (0, 10))] == \
        [True, True, False, False]
    assert not SpanOverlap([]).overlaps(0, 100)
