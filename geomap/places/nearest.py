"""The nearest of an article's points to a candidate, by a k-d tree on the unit sphere.

A long text names thousands of places; scanning them all for each candidate made resolution
quadratic. The tree prunes by a safe lower bound on the chord and computes the exact haversine
term (the formula of resolution._nearest) for the points it keeps, so the answer, ties broken
by surface, is the plain scan's to the last bit.
"""
from __future__ import annotations

import math
from typing import Iterable

# A point: latitude in radians, its cosine, longitude in degrees, surface, and the id of the
# anchor it belongs to (a question may leave out some anchors' points).
Point = tuple[float, float, float, str, str]
LEAF = 16
SLACK = 1e-9  # chord units (unit sphere); float error of a coordinate is ~1e-16


def haversine_term(p1: float, c1: float, lon1: float, p2: float, c2: float, lon2: float) -> float:
    """The haversine `a` (sin² of half the angle) between two points: the nearest is its min."""
    return (math.sin((p2 - p1) / 2) ** 2
            + c1 * c2 * math.sin(math.radians(lon2 - lon1) / 2) ** 2)


def plain_nearest(points: Iterable[Point], p1: float, c1: float, lon1: float,
                  skip: frozenset[str] = frozenset()) -> tuple[float, str] | None:
    """(a, surface) least of all points not of an anchor in `skip`, by a scan; None if none."""
    return min(((haversine_term(p1, c1, lon1, p2, c2, lon2), name)
                for p2, c2, lon2, name, aid in points if aid not in skip), default=None)


def _unit(p: float, lon: float) -> tuple[float, float, float]:
    """The point on the unit sphere at latitude p (radians) and longitude lon (degrees)."""
    lam = math.radians(lon)
    return math.cos(p) * math.cos(lam), math.cos(p) * math.sin(lam), math.sin(p)


class PointTree:
    """A k-d tree of points on the unit sphere answering nearest-point questions exactly."""

    __slots__ = ("root", "size")

    def __init__(self, points: Iterable[Point]) -> None:
        points = list(points)
        self.size = len(points)
        # most articles name a handful of places: one leaf, scanned without unit vectors
        self.root = points if len(points) <= LEAF else _build(
            [(_unit(pt[0], pt[2]), pt) for pt in points])

    def nearest(self, p1: float, c1: float, lon1: float,
                skip: frozenset[str] = frozenset()) -> tuple[float, str] | None:
        """What plain_nearest answers, visiting only the leaves that may hold the answer."""
        if isinstance(self.root, list):
            return _scan(self.root, p1, c1, lon1, skip, None)
        q = _unit(p1, lon1)
        best: tuple[float, str] | None = None
        stack = [(self.root, 0.0)]
        while stack:
            node, bound = stack.pop()
            if best is not None and bound > best[0]:
                continue
            if isinstance(node, list):
                best = _scan(node, p1, c1, lon1, skip, best)
                continue
            axis, split, low, high = node
            d = q[axis] - split
            gap = abs(d) - SLACK
            far_bound = max(bound, gap * gap / 4) if gap > 0 else bound
            stack.append((low if d >= 0 else high, far_bound))
            stack.append((high if d >= 0 else low, bound))
        return best


def _scan(leaf: list[Point], p1: float, c1: float, lon1: float, skip: frozenset[str],
          best: tuple[float, str] | None) -> tuple[float, str] | None:
    """The least of `best` and the (haversine term, surface) of the leaf's points not skipped.
    The term is haversine_term's expression written out: the same operations in the same
    order, so the same bits, without a call per point (the hot loop of resolution)."""
    sin, radians = math.sin, math.radians
    for p2, c2, lon2, name, aid in leaf:
        if aid not in skip:
            t = (sin((p2 - p1) / 2) ** 2 + c1 * c2 * sin(radians(lon2 - lon1) / 2) ** 2, name)
            if best is None or t < best:
                best = t
    return best


def _build(items: list) -> list | tuple:
    """A leaf (the points) or (axis, split, low half, high half), split at the median of the
    widest axis: coordinates in the low half are ≤ split, in the high half ≥ split."""
    if len(items) <= LEAF:
        return [pt for _, pt in items]
    axis = max(range(3), key=lambda k: max(u[k] for u, _ in items) - min(u[k] for u, _ in items))
    items.sort(key=lambda it: it[0][axis])
    mid = len(items) // 2
    return (axis, items[mid][0][axis], _build(items[:mid]), _build(items[mid:]))
