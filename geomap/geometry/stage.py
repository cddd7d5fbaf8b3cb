"""The geometry stage: every shape of a report made once, here; export and maps only read them.

- An area's polygon (`area_polygon`) is drawn when relate() builds the area: relate needs it
  there (the area's point is a point of the polygon, and a restated movement merges with one
  that names the area its places lie in). It is cached by (kind, anchors, direction), so east
  Aleppo is drawn once per process, and relate stores it on the Area it builds.
- `add_geometry` runs after relate (and after a geocoder has located more ends): it gives each
  area with a point but no polygon a disc round that point, then each movement its corridor.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Area, Movement, Report

if TYPE_CHECKING:  # pragma: no cover - shapes (shapely, pyproj) loads when a shape is drawn
    from shapely.geometry.base import BaseGeometry

    from ..gazetteer.index import Entry, Gazetteer

_log = logging.getLogger("geomap.geometry")
FALLBACK_RADIUS_KM = 2.0  # an area the data cannot outline is drawn as a disc this wide


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
    """The report with a corridor on each movement that has two located ends and a shape on
    each area that has a point. Fills only what is missing, so a report that has been through
    the stage comes back as it is (the same object when nothing was added)."""
    areas = [_with_shape(a) for a in report.areas]
    movements = [_with_corridor(m, areas) for m in report.movements]
    if all(a is b for a, b in zip(movements, report.movements)) and \
            all(a is b for a, b in zip(areas, report.areas)):
        return report
    return replace(report, movements=movements, areas=areas)


def _with_corridor(m: Movement, areas: list[Area]) -> Movement:
    """The movement with its corridor: an end at an area starts or stops at the area's edge,
    as drawn (so after the area has its shape)."""
    if m.geometry is not None:
        return m
    from .shapes import movement_geometry

    line = movement_geometry(m, areas)
    return m if line is None else replace(m, geometry=line)


def _with_shape(a: Area) -> Area:
    """The area with a disc round its point when the data had no polygon for it."""
    if (a.geometry is not None and not a.geometry.is_empty) or a.lat is None or a.lon is None:
        return a
    from .shapes import _disc, _finish

    return replace(a, geometry=_finish(_disc(a.lat, a.lon, FALLBACK_RADIUS_KM)))
