"""Saved reports read back: `geomap map report.json` draws what `geomap extract` wrote, without
extracting again. A saved report is a JSON object with the four lists of `Report.to_dict()`
(places, unresolved, movements, areas) and its text, which its spans point into."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Area, Report

if TYPE_CHECKING:  # pragma: no cover
    from ..gazetteer.index import Gazetteer

REPORT_KEYS = ("places", "unresolved", "movements", "areas")
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_saved_report(record: Any) -> bool:
    """Whether a parsed JSON value is a saved report: an object with the four lists' keys
    (a dev-corpus gold record has places and movements too, but no "unresolved")."""
    return isinstance(record, dict) and all(k in record for k in REPORT_KEYS)


def read_report(record: dict[str, Any], where: str, gazetteer: "Gazetteer") -> Report:
    """The Report of a saved report, with its shapes drawn again; InputError naming `where`
    when the record does not hold a report."""
    try:
        report = Report.from_dict(record)
    except ValueError as exc:
        raise InputError(f"{where}: not a report we can read ({exc})") from None
    bad = _SURROGATE.search(json.dumps(record, ensure_ascii=False))
    if bad:
        raise InputError(f"{where}: the report holds a lone surrogate \\u{ord(bad.group()):04x}, "
                         "which is not Unicode text")
    return with_shapes(report, gazetteer)


def with_shapes(report: Report, gazetteer: "Gazetteer") -> Report:
    """The report with the shapes extraction gives it: each area's polygon drawn from its
    anchors, then the geometry stage's corridors and fallback discs (a saved report keeps no
    geometry)."""
    from ..geometry.stage import add_geometry

    return add_geometry(replace(report, areas=[replace(a, geometry=area_geometry(a, gazetteer))
                                               for a in report.areas]))


def area_geometry(area: Area, gazetteer: "Gazetteer") -> Any:
    """The polygon of a loaded area from its kind, anchors and direction, drawn by the geometry
    stage as extraction draws it. None (the map draws a circle at its point) when an anchor is
    not in the gazetteer or the kind is one no shape is drawn for."""
    from ..geometry.stage import area_polygon

    if not area.anchor_ids or not all(i in gazetteer for i in area.anchor_ids):
        return None
    anchors = tuple(gazetteer.get(i) for i in area.anchor_ids)
    try:
        return area_polygon(area.kind, anchors, area.direction, gazetteer)[0]
    except ValueError:  # a kind or a direction no shape is drawn for
        return None
