"""Relations: the areas a text names, the journeys it reports, and their counts.

`relate()` is the pipeline stage after place resolution: references back, areas, endpoints,
then movements.
"""
from __future__ import annotations

from dataclasses import replace

from ..gazetteer.index import Gazetteer
from ..model import Report
from ..places.resolution import Mention
from ..text.normalize import Normalized
from .anaphora import back_references
from .area_records import make_area
from .areas import AreaFinder
from .endpoints import endpoint_items
from .movements import MovementFinder
from .triggers import find_triggers

__all__ = ["relate"]


def relate(report: Report, norm: Normalized, mentions: list[Mention], gaz: Gazetteer) -> Report:
    """The pipeline stage after resolution: areas, then movements, added to the report."""
    mentions = sorted(mentions + back_references(norm, mentions), key=lambda m: m.match.nstart)
    spans = AreaFinder(norm, mentions, gaz).find()
    areas = [make_area(a, norm, gaz) for a in spans]
    movements, triggers = [], find_triggers(norm.words)
    if triggers:  # a text with no trigger tells no movement: no ends to read
        items = endpoint_items(norm, mentions, spans, areas, report, gaz)
        shapes = {f"area:{i}": a.geometry for i, a in enumerate(areas)
                  if a.geometry is not None and not a.geometry.is_empty}
        movements = MovementFinder(norm, items, shapes, areas, gaz, triggers).find()
    return replace(report, areas=areas, movements=movements)
