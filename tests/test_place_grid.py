"""An area's places by the text's place grid are those a test of every place finds."""
from __future__ import annotations

import random

import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from geomap.relations.area_records import places_inside
from geomap.relations.place_grid import grid_of


def _plain(anchors, places, geom) -> tuple[str, ...]:
    """places_inside as it was: every place of the text tested against the shape."""
    ids = dict.fromkeys(e.id for e in anchors)
    others = [e for e in places if e.id not in ids]
    inside = shapely.intersects_xy(geom, [e.lon for e in others], [e.lat for e in others])
    ids.update(dict.fromkeys(e.id for e, yes in zip(others, inside) if yes))
    return tuple(ids)


def test_grid_finds_what_a_test_of_every_place_finds(gaz):
    rng = random.Random(2)
    entries = [e for e in gaz.entries if 29 < e.lat < 38 and 34 < e.lon < 43]
    for _ in range(60):
        places = tuple(rng.sample(entries, rng.randrange(1, 400)))
        anchors = rng.sample(places, rng.randrange(0, 3))
        corners = rng.sample(places, 3)  # polygons through places' own points: on the edge
        shapes = [Polygon([(e.lon, e.lat) for e in corners]),
                  box(min(corners[0].lon, corners[1].lon), min(corners[0].lat, corners[1].lat),
                      max(corners[0].lon, corners[1].lon), max(corners[0].lat, corners[1].lat)),
                  shapely.Point(corners[2].lon, corners[2].lat).buffer(rng.uniform(0.05, 3)),
                  MultiPolygon([box(35, 32, 36, 33), box(40.5, 35.5, 41.5, 36.2)])]
        for geom in shapes:
            if geom.is_empty or not geom.is_valid:
                continue
            assert places_inside(anchors, places, geom) == _plain(anchors, places, geom)
    grid = grid_of(places)
    assert grid is grid_of(places)  # one grid for all the areas of one text
    far = grid.in_box(-10.0, -10.0, -9.0, -9.0)
    assert far == []  # nothing of the Levant lies off West Africa
