"""The shared evidence of a pass (k-d tree, counted views) answers as the plain per-name copy."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from geomap.geometry.distance import haversine_km
from geomap.places.evidence import Anchors, ConfidentPlaces, _unchanged
from geomap.places.nearest import PointTree, plain_nearest


def _points(rng: random.Random, n: int) -> list[tuple]:
    """Points on a coarse lattice (many at one spot, many at equal distances from a query on
    the lattice) with few surfaces, so ties in distance and in surface are common."""
    out = []
    for i in range(n):
        lat, lon = rng.randrange(-4, 5) * 0.5 + 33.0, rng.randrange(-4, 5) * 0.5 + 36.0
        if rng.random() < 0.05:
            lat, lon = rng.uniform(-89, 89), rng.uniform(-180, 180)
        p = math.radians(lat)
        out.append((p, math.cos(p), lon, rng.choice("ابجد"), f"id{i}"))
    return out


def test_tree_answers_as_a_plain_scan_with_ties_and_skips():
    rng = random.Random(7)
    for n in (1, 5, 17, 200, 3000):
        points = _points(rng, n)
        tree = PointTree(points)
        for _ in range(300):
            src = rng.choice(points)
            p1, lon1 = (src[0], src[2]) if rng.random() < 0.5 else (
                math.radians(rng.uniform(-89, 89)), rng.uniform(-180, 180))
            skip = frozenset(rng.sample([pt[4] for pt in points], min(n, rng.randrange(3))))
            want = plain_nearest(points, p1, math.cos(p1), lon1, skip)
            assert tree.nearest(p1, math.cos(p1), lon1, skip) == want
    # a tie by hand: two points the same distance north and south of the query on one
    # meridian; the lesser surface («ا» < «ب») wins whichever was added first
    p0 = math.radians(30.0)
    north, south = math.radians(31.0), math.radians(29.0)
    pts = [(north, math.cos(north), 40.0, "ب", "n"), (south, math.cos(south), 40.0, "ا", "s")]
    a_n = plain_nearest(pts[:1], p0, math.cos(p0), 40.0)[0]
    a_s = plain_nearest(pts[1:], p0, math.cos(p0), 40.0)[0]
    if a_n == a_s:  # equal in floating point too: the surface decides
        assert PointTree(pts * 20).nearest(p0, math.cos(p0), 40.0)[1] == "ا"
    # 1° of latitude is 111.2 km: the term is sin²(0.5°)
    assert math.isclose(min(a_n, a_s), math.sin(math.radians(0.5)) ** 2, rel_tol=1e-9)


@dataclass(frozen=True)
class _E:
    id: str
    parent_id: str
    country: str


def _anchors(rng: random.Random, keys: list[str], n: int) -> Anchors:
    """Random anchors: entries of a few countries and parents, pointed at by one or two keys."""
    out = Anchors()
    for i in range(n):
        e = _E(f"e{rng.randrange(n * 2)}", rng.choice(["", "p1", "p2", "e1"]),
               rng.choice(["", "SY", "IQ", "LB"]))
        p = math.radians(rng.uniform(30, 37))
        point = None if rng.random() < 0.2 else (p, math.cos(p), rng.uniform(35, 42),
                                                 rng.choice("ابج"))
        out.setdefault(e.id, (e, set(), point))[1].update(rng.sample(keys, rng.choice([1, 1, 2])))
    return out


def _plain(key: str, anchors: dict) -> tuple:
    """The evidence of `key` as the per-name copy computed it before the shared index."""
    others = [a for a in anchors.values() if not (len(a[1]) == 1 and key in a[1])]
    return (frozenset(a[2] for a in others if a[2] is not None),
            frozenset(a[0].country for a in others if a[0].country),
            frozenset([a[0].id for a in others] + [a[0].parent_id for a in others]))


def test_views_hold_what_the_plain_copy_held():
    rng = random.Random(3)
    keys = [f"k{i}" for i in range(8)]
    for _ in range(200):
        anchors = _anchors(rng, keys, rng.randrange(0, 12))
        for key in keys + ["other"]:
            points, countries, parents = anchors.article().evidence(key)
            plain_points, plain_countries, plain_parents = _plain(key, anchors)
            assert bool(points) == bool(plain_points)
            assert bool(countries) == bool(plain_countries)
            for c in ("", "SY", "IQ", "LB", "EG"):
                assert (c in countries) == (c in plain_countries)
            for v in {"", "p1", "p2", "e1", "zz"} | {a[0].id for a in anchors.values()}:
                assert (v in parents) == (v in plain_parents)
            if plain_points:
                p1 = math.radians(rng.uniform(30, 37))
                pts = [(*pt, "") for pt in plain_points]
                assert points.nearest(p1, math.cos(p1), 38.0) == plain_nearest(
                    pts, p1, math.cos(p1), 38.0)


def test_same_evidence_across_passes_only_when_the_plain_copies_are_equal():
    rng = random.Random(5)
    keys = [f"k{i}" for i in range(6)]
    told_same = 0
    for _ in range(400):
        old = _anchors(rng, keys, rng.randrange(0, 8))
        new = Anchors(old) if rng.random() < 0.5 else _anchors(rng, keys, rng.randrange(0, 8))
        for aid in rng.sample(list(new), min(len(new), rng.randrange(3))):
            e, ks, pt = new[aid]
            new[aid] = (e, ks | {rng.choice(keys)}, pt)  # a name more points there
        all_but, which = _unchanged(old, new)
        for key in keys:
            same = (key not in which) if all_but else (key in which)
            if same:
                told_same += 1
                assert _plain(key, old) == _plain(key, new)
            ev_old = old.article().evidence(key)
            assert (ev_old == new.article().evidence(key)) == same
    assert told_same > 100  # the shortcut is taken, not only never wrong


@dataclass(frozen=True)
class _Place:
    id: str
    country: str
    lat: float
    lon: float


def test_other_places_answer_as_the_plain_list_of_others():
    """far_from_article's «the sure places other names chose»: countries, and the distance to
    the nearest equal to haversine_km's minimum to the last bit."""
    rng = random.Random(11)
    keys = [f"k{i}" for i in range(6)]
    for _ in range(200):
        confident: dict = {}
        for i in range(rng.randrange(0, 40)):
            e = _Place(f"e{i}", rng.choice(["", "SY", "IQ"]), rng.randrange(60) * 0.25,
                       rng.randrange(60) * 0.25 + 30)
            confident[e.id] = (e, set(rng.sample(keys, rng.choice([1, 1, 2]))))
        places = ConfidentPlaces(confident)
        for key in keys:
            plain = [o for o, ks in confident.values() if ks != {key}]
            view = places.others(key)
            assert bool(view) == bool(plain)
            for c in ("", "SY", "IQ", "LB"):
                assert (c in view.countries) == any(o.country == c for o in plain)
            if plain:
                lat, lon = rng.uniform(0, 15), rng.uniform(30, 45)
                assert view.nearest_km(lat, lon) == min(
                    haversine_km(lat, lon, o.lat, o.lon) for o in plain)
