"""Area records: a found area span as a model.Area, with its polygon, point, Arabic and English
names, and the places it holds."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import shapely

from ..gazetteer.index import Entry, Gazetteer
from ..model import Area
from ..text.normalize import Normalized, normalize_name
from .areas import AreaSpan, area_name
from .place_grid import grid_of

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry


def make_area(a: AreaSpan, norm: Normalized, gaz: Gazetteer) -> Area:
    """A model.Area with its polygon when the data can draw it (the geometry stage's cached
    area_polygon: relate needs the polygon for the area's point and to merge restatements)."""
    from ..geometry.stage import area_polygon

    start, end = norm.span(a.nstart, a.nend)
    geom, lat, lon = area_polygon(a.kind, tuple(a.anchors), a.direction, gaz)
    surface = norm.original[start:end]
    return Area(surface=surface, start=start, end=end,
                name_en=area_name(a.kind, a.anchors, a.direction), kind=a.kind, lat=lat, lon=lon,
                geometry=geom, name_ar=arabic_name(surface, a.anchors),
                anchor_ids=tuple(e.id for e in a.anchors), direction=a.direction,
                place_ids=places_inside(a.anchors, a.text_places, geom))


def arabic_name(surface: str, anchors: Sequence[Entry]) -> str:
    """The area's words as written, with the places it is part of when those words do not
    name them all («الأحياء الشرقية» → «الأحياء الشرقية (حلب)», «شمال البلاد» → «شمال البلاد
    (سوريا)»)."""
    said = normalize_name(surface)
    if all(any(normalize_name(n) in said for n in e.names) for e in anchors):
        return surface
    return f"{surface} ({' و'.join(e.name_ar for e in anchors if e.name_ar)})"


def places_inside(anchors: Sequence[Entry], places: Sequence[Entry],
                  geom: "BaseGeometry | Any") -> tuple[str, ...]:
    """The ids of an area's anchors, then of the text's places whose point its shape covers."""
    ids = dict.fromkeys(e.id for e in anchors)
    if geom is not None and not geom.is_empty and places:
        near = grid_of(places).in_box(*geom.bounds)  # the text's places its box holds
        others = [e for e in near if e.id not in ids]
        inside = shapely.intersects_xy(geom, [e.lon for e in others], [e.lat for e in others])
        ids.update(dict.fromkeys(e.id for e, yes in zip(others, inside) if yes))
    return tuple(ids)
