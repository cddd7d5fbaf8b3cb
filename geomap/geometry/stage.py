"""The geometry stage: every shape of a report made once, here; export and maps only read them.

- An area's polygon (`area_polygon`) is drawn when relate() builds the area: relate needs it
  there (the area's point is a point of the polygon, and a restated movement merges with one
  that names the area its places lie in). It is cached by (kind, anchors, direction), so east
  Aleppo is drawn once per process, and relate stores it on the Area it builds.
- `add_geometry` (exported as `geomap.add_geometry`) is run on demand by whatever reads shapes
  (the map, GeoJSON and GeoDataFrame, the archive's tables), not by `extract`: none of them is
  in the JSON, and drawing them cost a fifth of a cold extraction. It gives each area with a
  point but no polygon a disc round that point, then each movement its corridor (a partial
  journey its stub, see shapes.movement_geometry), and each place named as a governorate,
  district or region the outline the data has for it.
- `missing_end` says which end of a movement is drawn as a stub; the map and GeoJSON ask it.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from ..model import Area, Movement, Place, Report

if TYPE_CHECKING:  # pragma: no cover - shapes (shapely, pyproj) loads when a shape is drawn
    from shapely.geometry.base import BaseGeometry

    from ..gazetteer.index import Entry, Gazetteer

_log = logging.getLogger("geomap.geometry")
FALLBACK_RADIUS_KM = 2.0  # an area the data cannot outline is drawn as a disc this wide
OUTLINED_KINDS = frozenset({"governorate", "district", "region"})  # places drawn as outlines
STUB_SHARE = 0.06  # a partial journey's stub: this share of the story's extent…
STUB_KM_RANGE = (15.0, 150.0)  # …within these bounds (km): seen beside a city and a country


@lru_cache(maxsize=4096)
def area_polygon(kind: str, anchors: tuple[Entry, ...], direction: str | None,
                 gaz: Gazetteer) -> tuple[BaseGeometry | None, float, float]:
    """An area's polygon (None or empty when the data cannot draw it) and its (lat, lon): a
    point inside the polygon, else the anchors' mean. Pure functions of the arguments: cached."""
    from shapely.errors import GEOSException

    from .shapes import area_shape

    try:
        geom = area_shape(kind, list(anchors), direction, gaz)
    except GEOSException as exc:  # outlines GEOS cannot combine: drawn as a disc
        _log.warning("no shape for the %s of %s: %s", kind, "/".join(e.id for e in anchors), exc)
        geom = None
    if geom is None or geom.is_empty:
        lat = round(sum(e.lat for e in anchors) / len(anchors), 5)
        lon = round(sum(e.lon for e in anchors) / len(anchors), 5)
    else:
        pt = geom.representative_point()
        lat, lon = round(pt.y, 5), round(pt.x, 5)
    return geom, lat, lon


def add_geometry(report: Report) -> Report:
    """The report with a corridor on each movement that has a located point, a shape on each
    area that has a point, an outline on each province named. Fills only what is missing, so a
    report that has been through the stage comes back as it is (the same object when nothing
    was added)."""
    places = [_with_outline(p) for p in report.places]
    areas = [_with_shape(a) for a in report.areas]
    movements = _with_corridors(report.movements, areas)
    if all(a is b for a, b in zip(movements, report.movements)) and \
            all(a is b for a, b in zip(areas, report.areas)) and \
            all(a is b for a, b in zip(places, report.places)):
        return report
    return replace(report, places=places, movements=movements, areas=areas)


def missing_end(m: Movement, areas: Sequence[Area]) -> str | None:
    """"origin", "destination" or "both" when that end of the movement has no located point
    (its geometry then has a stub there), None when both ends are located."""
    from .shapes import missing_end as missing

    return missing(m, areas)


def _with_corridors(movements: list[Movement], areas: list[Area]) -> list[Movement]:
    """Each movement with its corridor: an end at an area starts or stops at the area's edge,
    as drawn (so after the area has its shape). Partial journeys drawn alike (east Aleppo
    named in five sentences) are drawn again one fan slot round, so each can be seen."""
    if all(m.geometry is not None for m in movements):
        return movements
    from shapely import get_coordinates

    from .rounding import rounded
    from .shapes import missing_end as missing, movement_geometry

    km = stub_km(movements, areas)
    drawn: Counter[tuple[str, tuple[float, ...]]] = Counter()
    out = []
    for m in movements:
        if m.geometry is not None:
            out.append(m)
            continue
        geom = movement_geometry(m, areas, stub_km=km)
        end = missing(m, areas) if geom is not None else None
        if end is not None:
            key = (end, tuple(rounded(get_coordinates(geom), 4).ravel().tolist()))
            if drawn[key]:
                geom = movement_geometry(m, areas, fan=drawn[key], stub_km=km)
            drawn[key] += 1
        out.append(m if geom is None else replace(m, geometry=geom))
    return out


def stub_km(movements: Sequence[Movement], areas: Sequence[Area]) -> float:
    """How long a partial journey's stub is: STUB_SHARE of the diagonal of what the story's
    movements and areas cover (what the map frames), within STUB_KM_RANGE."""
    from .distance import haversine_km

    points = [(e.lat, e.lon) for m in movements for e in (m.origin, *m.via, m.destination)
              if e is not None and e.lat is not None and e.lon is not None]
    for a in areas:
        if a.geometry is not None and not a.geometry.is_empty:
            x0, y0, x1, y1 = a.geometry.bounds
            points += [(y0, x0), (y1, x1)]
    if not points:
        return STUB_KM_RANGE[0]
    lats, lons = zip(*points)
    extent = haversine_km(min(lats), min(lons), max(lats), max(lons))
    return min(max(STUB_SHARE * extent, STUB_KM_RANGE[0]), STUB_KM_RANGE[1])


def _with_outline(p: Place) -> Place:
    """A governorate, district or region named in the text with its outline, when the data
    has one for its id: the map draws the province, not a dot for it."""
    if p.geometry is not None or p.kind not in OUTLINED_KINDS:
        return p
    from .shapes import _polygon

    outline = _polygon(p.id)
    return p if outline is None else replace(p, geometry=outline)


def _with_shape(a: Area) -> Area:
    """The area with a disc round its point when the data had no polygon for it."""
    if (a.geometry is not None and not a.geometry.is_empty) or a.lat is None or a.lon is None:
        return a
    from .shapes import _disc, _finish

    return replace(a, geometry=_finish(_disc(a.lat, a.lon, FALLBACK_RADIUS_KM)))
