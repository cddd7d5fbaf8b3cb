"""Area records: a found area span as a model.Area, with its polygon, point and English name
(moved verbatim from movements.py; the geometry stage will take the polygon out of it)."""
from __future__ import annotations

from functools import lru_cache

from ..gazetteer.index import Gazetteer
from ..model import Area
from ..text.normalize import Normalized
from .areas import AreaSpan, area_name


def make_area(a: AreaSpan, norm: Normalized, gaz: Gazetteer) -> Area:
    """A model.Area (with its polygon when the shapes stage can draw it)."""
    start, end = norm.span(a.nstart, a.nend)
    geom, lat, lon, name_en = _drawn(a.kind, tuple(a.anchors), a.direction, gaz)
    return Area(surface=norm.original[start:end], start=start, end=end,
                name_en=name_en, kind=a.kind, lat=lat, lon=lon,
                geometry=geom, name_ar=norm.original[start:end],
                anchor_ids=tuple(e.id for e in a.anchors))


@lru_cache(maxsize=4096)
def _drawn(kind: str, anchors: tuple, direction: str | None, gaz: Gazetteer
           ) -> tuple[object, float, float, str]:
    """An area's polygon (None or empty when there is none), its (lat, lon) and English name:
    pure functions of the anchors, so east Aleppo is drawn once per process."""
    from ..geometry.shapes import area_shape

    geom = area_shape(kind, list(anchors), direction, gaz)
    if geom is None or geom.is_empty:
        lat = round(sum(e.lat for e in anchors) / len(anchors), 5)
        lon = round(sum(e.lon for e in anchors) / len(anchors), 5)
    else:
        pt = geom.representative_point()
        lat, lon = round(pt.y, 5), round(pt.x, 5)
    return geom, lat, lon, area_name(kind, list(anchors), direction)
