"""Area records: a found area span as a model.Area, with its polygon, point and English name."""
from __future__ import annotations

from ..gazetteer.index import Gazetteer
from ..model import Area
from ..text.normalize import Normalized
from .areas import AreaSpan, area_name


def make_area(a: AreaSpan, norm: Normalized, gaz: Gazetteer) -> Area:
    """A model.Area with its polygon when the data can draw it (the geometry stage's cached
    area_polygon: relate needs the polygon for the area's point and to merge restatements)."""
    from ..geometry.stage import area_polygon

    start, end = norm.span(a.nstart, a.nend)
    geom, lat, lon = area_polygon(a.kind, tuple(a.anchors), a.direction, gaz)
    return Area(surface=norm.original[start:end], start=start, end=end,
                name_en=area_name(a.kind, a.anchors, a.direction), kind=a.kind, lat=lat, lon=lon,
                geometry=geom, name_ar=norm.original[start:end],
                anchor_ids=tuple(e.id for e in a.anchors), direction=a.direction)
