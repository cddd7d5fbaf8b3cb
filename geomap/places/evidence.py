"""What the other names of an article say about one name, shared by all names of a pass.

Each name leans on every anchor except those only it pointed at. Copying "all the others" for
each distinct name made long texts quadratic in time and memory; here the anchors are indexed
once per pass (points in a k-d tree, countries and parent ids counted) and a name's evidence
is a view that leaves out its own few anchors.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Callable, Mapping

from ..geometry.distance import EARTH_RADIUS_KM
from .nearest import PointTree

# Anchors as resolution builds them: entry id → (entry, the name keys that pointed there,
# (lat radians, cos lat, lon, surface) or None).
AnchorMap = Mapping[str, tuple[Any, set[str], tuple | None]]


class Anchors(dict):
    """The anchors of one pass (a dict by entry id) that index themselves once, when asked."""

    __slots__ = ("_article",)

    def article(self) -> "Article":
        """The shared index of these anchors (built on first use; the dict is not changed after)."""
        if not hasattr(self, "_article"):
            self._article = Article(self)
        return self._article


_NO_IDS: frozenset[str] = frozenset()
Counts = dict[str, int]  # how many places have each value (plain dicts: a Counter's
# update and its __missing__ are Python calls, and views are made for every name of every pass)
_NONE: Counts = {}  # "less nothing": shared by the views, which never change it


def _counts(values: Iterable[str]) -> Counts:
    """How many times each value occurs."""
    out: Counts = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def _own(chosen: Iterable[tuple[str, set[str]]]) -> dict[str, list[str]]:
    """Name key → the ids of the places that key alone chose (left out of that name's view),
    of (id, the name keys that chose it) pairs."""
    own: dict[str, list[str]] = {}
    for aid, keys in chosen:
        if len(keys) == 1:
            own.setdefault(next(iter(keys)), []).append(aid)
    return own


class Article:
    """Every anchor of one pass: a tree of their points, counts of their countries and ids."""

    __slots__ = ("anchors", "own", "tree", "pointed", "countries", "parents", "_since")

    def __init__(self, anchors: AnchorMap) -> None:
        self.anchors = anchors
        self.own = _own((aid, keys) for aid, (_, keys, _) in anchors.items())
        points = [(*point, aid) for aid, (_, _, point) in anchors.items() if point is not None]
        entries = [e for e, _, _ in anchors.values()]
        self.countries, self.parents = _country_counts(entries), _id_counts(entries)
        self.pointed = frozenset(pt[-1] for pt in points)
        self.tree = PointTree(points)
        self._since: dict[int, tuple[Article, tuple[bool, frozenset[str]]]] = {}

    def evidence(self, key: str) -> tuple["Points", "Bag", "Bag"]:
        """(points, countries, parent ids) of the anchors not pointed at by `key` alone."""
        points = self.points(key)
        return (points, Bag(self, key, self.countries, points.skip, _country_counts),
                Bag(self, key, self.parents, points.skip, _id_counts))

    def points(self, key: str) -> "Points":
        """The points of the anchors not pointed at by `key` alone (all a name with one
        candidate asks about: how far the others are)."""
        own = self.own.get(key)
        return Points(self, key, _NO_IDS if own is None else frozenset(own))

    def same_for(self, other: "Article", key: str) -> bool:
        """Whether `key` sees the same anchors (content, surfaces) in both articles: when
        unsure, no — deciding again gives the same answer, only slower."""
        if other is self:
            return True
        cached = self._since.get(id(other))
        if cached is None or cached[0] is not other:
            cached = self._since[id(other)] = (other, _unchanged(self.anchors, other.anchors))
        all_but, keys = cached[1]
        return (key not in keys) if all_but else (key in keys)


def _content(anchor: tuple) -> tuple:
    """What of an anchor a name's evidence holds: id, parent, country and point (surface too)."""
    e = anchor[0]
    return e.id, e.parent_id, e.country, anchor[2]


def _hidden(anchor: tuple | None) -> frozenset[str] | None:
    """The keys an anchor is hidden from: None for all (absent), its sole key, or none."""
    if anchor is None:
        return None
    return frozenset(anchor[1]) if len(anchor[1]) == 1 else frozenset()


def _unchanged(old: AnchorMap, new: AnchorMap) -> tuple[bool, frozenset[str]]:
    """The keys whose evidence is the same in both maps, as (True, keys) for all but those
    keys or (False, keys) for those keys only: each changed anchor rules keys out."""
    all_but, keys = True, set()
    for aid in old.keys() | new.keys():
        a, b = old.get(aid), new.get(aid)
        if a is not None and b is not None and _content(a) == _content(b):
            if a[1] == b[1]:
                continue
            changed_for = _hidden(a) ^ _hidden(b)  # seen in one map only: all but these
            if all_but:
                keys |= changed_for
            else:
                keys -= changed_for
            continue
        ha, hb = _hidden(a), _hidden(b)
        same_for = hb if ha is None else ha if hb is None else ha & hb  # hidden in both
        keys = (same_for - keys) if all_but else (keys & same_for)
        all_but = False
    return all_but, frozenset(keys)


class _View:
    """One name's view of an article; views of two passes are equal when the name sees the
    same anchors in both (see Article.same_for)."""

    __slots__ = ("article", "key")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, article: Article, key: str) -> None:
        self.article, self.key = article, key

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and other.key == self.key  # type: ignore[attr-defined]
                and self.article.same_for(other.article, self.key))  # type: ignore[attr-defined]


class Points(_View):
    """The points of the anchors a name leans on, asked for the nearest one."""

    __slots__ = ("skip", "_any")

    def __init__(self, article: Article, key: str, skip: frozenset[str]) -> None:
        super().__init__(article, key)
        self.skip = skip
        # asked for each candidate of the name: answered once
        self._any = article.tree.size > (len(skip & article.pointed) if skip else 0)

    def __bool__(self) -> bool:
        return self._any

    def nearest(self, p1: float, c1: float, lon1: float) -> tuple[float, str]:
        """(haversine term, surface) of the nearest point to (p1 radians, cos p1, lon1)."""
        best = self.article.tree.nearest(p1, c1, lon1, self.skip)
        assert best is not None, "asked for the nearest of no points"
        return best


class Counted:
    """The values of many places less those of a few, without copying: what `in` and `bool`
    of the set of the remaining values would say."""

    __slots__ = ("counts", "less")

    def __init__(self, counts: Counts, less: Counts) -> None:
        self.counts, self.less = counts, less

    def __contains__(self, value: object) -> bool:
        return self.counts.get(value, 0) > self.less.get(value, 0)

    def __bool__(self) -> bool:
        return len(self.counts) > sum(1 for v, n in self.less.items() if self.counts[v] <= n)


class Bag(_View):
    """Values of the anchors a name leans on (countries, ids): counts, less the name's own,
    counted when first asked (a name's parent ids are asked for only by neighbourhoods)."""

    __slots__ = ("_counts", "_skip", "_count", "_values", "_any")

    def __init__(self, article: Article, key: str, counts: Counts, skip: frozenset[str],
                 count: Callable[[list[Any]], Counts]) -> None:
        super().__init__(article, key)
        self._counts, self._skip, self._count = counts, skip, count
        self._values: Counted | None = None
        self._any: bool | None = None

    def _counted(self) -> Counted:
        if self._values is None:
            less = self._count([self.article.anchors[aid][0] for aid in self._skip]) \
                if self._skip else _NONE
            self._values = Counted(self._counts, less)
        return self._values

    def __contains__(self, value: object) -> bool:
        return value in self._counted()

    def __bool__(self) -> bool:
        if self._any is None:  # asked for each candidate of the name: answered once
            self._any = bool(self._counted())
        return self._any


def _country_counts(entries: list[Any]) -> Counts:
    return _counts(e.country for e in entries if e.country)


def _id_counts(entries: list[Any]) -> Counts:
    return _counts([e.id for e in entries] + [e.parent_id for e in entries])


class ConfidentPlaces:
    """The places an article is sure of (entry id → entry and the name keys that chose it),
    asked for "all but those only this name chose": their countries, the nearest's distance."""

    def __init__(self, confident: Mapping[str, tuple[Any, set[str]]]) -> None:
        self.entries = confident
        self.own = _own((aid, keys) for aid, (_, keys) in confident.items())
        self.countries = _counts(e.country for e, _ in confident.values())
        self._tree: PointTree | None = None

    @property
    def tree(self) -> PointTree:
        """The places' points, indexed when a distance is first asked for (most texts ask
        none: their names are cued or important enough)."""
        if self._tree is None:
            points = []
            for aid, (e, _) in self.entries.items():
                p = math.radians(e.lat)
                points.append((p, math.cos(p), e.lon, "", aid))
            self._tree = PointTree(points)
        return self._tree

    def others(self, key: str) -> "OtherPlaces":
        """The sure places that a name other than `key` chose too."""
        own = self.own.get(key)
        return OtherPlaces(self, _NO_IDS if own is None else frozenset(own))


class OtherPlaces:
    """Sure places less one name's own: truthy when any, their countries, the nearest's km."""

    __slots__ = ("places", "skip", "countries")

    def __init__(self, places: ConfidentPlaces, skip: frozenset[str]) -> None:
        self.places, self.skip = places, skip
        self.countries = Counted(places.countries, _counts(
            places.entries[aid][0].country for aid in skip) if skip else _NONE)

    def __bool__(self) -> bool:
        return len(self.places.entries) > len(self.skip)

    def nearest_km(self, lat: float, lon: float) -> float:
        """haversine_km to the nearest of these places, to the last bit (same formula)."""
        p = math.radians(lat)
        best = self.places.tree.nearest(p, math.cos(p), lon, self.skip)
        assert best is not None, "asked for the nearest of no places"
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(best[0])))
