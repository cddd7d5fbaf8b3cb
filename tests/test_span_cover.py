"""SpanCover answers as a scan of every span found so far, as the list grows."""
from __future__ import annotations

import random
from dataclasses import dataclass

from geomap.relations.span_cover import BUCKET, SpanCover


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
