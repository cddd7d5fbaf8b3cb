"""The places of a text bucketed by whole degrees, to ask which lie in an area's bounding box.

Every area of a long text asked each of the text's places whether its shape covers it: areas ×
places. The box keeps only the places an area can cover, in their order, for the exact test.
"""
from __future__ import annotations

import math
from typing import Sequence

from ..gazetteer.index import Entry

SLACK = 1e-9  # degrees added around a box: the exact test that follows decides


class PlaceGrid:
    """Indices of a sequence of places by the 1°×1° cell of their point."""

    __slots__ = ("places", "cells", "strays")

    def __init__(self, places: Sequence[Entry]) -> None:
        self.places = places
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.strays: list[int] = []  # no finite point: always asked about
        for i, e in enumerate(places):
            if math.isfinite(e.lon) and math.isfinite(e.lat):
                self.cells.setdefault((math.floor(e.lon), math.floor(e.lat)), []).append(i)
            else:
                self.strays.append(i)

    def in_box(self, minx: float, miny: float, maxx: float, maxy: float) -> list[Entry]:
        """The places whose point may lie in the closed box, in their order (a superset)."""
        if not all(map(math.isfinite, (minx, miny, maxx, maxy))):
            return list(self.places)
        x0, x1 = math.floor(minx - SLACK), math.floor(maxx + SLACK)
        y0, y1 = math.floor(miny - SLACK), math.floor(maxy + SLACK)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > len(self.cells):
            keys = [k for k in self.cells if x0 <= k[0] <= x1 and y0 <= k[1] <= y1]
        else:
            keys = [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)
                    if (x, y) in self.cells]
        found = sorted(self.strays + [i for k in keys for i in self.cells[k]])
        return [self.places[i] for i in found]


_LAST: tuple = (None, None)  # the grid of the last text's places (areas of one text share it)


def grid_of(places: Sequence[Entry]) -> PlaceGrid:
    """The grid of `places`, built once for all the areas of one text."""
    global _LAST
    cached = _LAST
    if cached[0] is not places:
        cached = _LAST = (places, PlaceGrid(places))
    return cached[1]
