"""Endpoints: the places, areas and unresolved names of a text as candidate ends of a movement,
in text order and found by position."""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable

from ..gazetteer.index import Gazetteer
from ..model import Area, Endpoint, Report
from ..places.resolution import Mention
from ..text.normalize import CLITIC_LETTERS, Normalized
from .areas import AreaSpan


@dataclass(slots=True)
class Item:
    """A place or area the text names, as a candidate movement endpoint."""

    nstart: int
    nend: int
    endpoint: Endpoint
    prefix: str
    country: str = ""  # ISO code of the place (an area's: its first anchor's), "" if unknown


def endpoint_items(norm: Normalized, mentions: list[Mention], spans: list[AreaSpan],
                   areas: list[Area], report: Report, gaz: Gazetteer | None = None
                   ) -> list[Item]:
    """Every endpoint of the text in text order: areas, places, unresolved names and (with a
    gazetteer) the territories of countries («الأراضي السورية»)."""
    from .references import territory_items

    items = _items(norm, mentions, spans, areas) + _unresolved_items(norm, report)
    if gaz is not None:
        items += territory_items(norm, items, gaz)
    return sorted(items, key=lambda it: it.nstart)


def _items(norm: Normalized, mentions: list[Mention], spans: list[AreaSpan],
           areas: list[Area]) -> list[Item]:
    """Endpoints: areas, then the places not inside one (endpoint_items puts them in text order
    with the unresolved names). Besieged towns stay towns (one movement each, as for any list),
    and so do the towns «البلدتين المحاصرتين» refers back to, at the words that refer."""
    items = [Item(s.nstart, s.nend, _area_end(i, s, a),
                  _attached_clitic(norm.text, s.nstart), s.anchors[0].country if s.anchors else "")
             for i, (s, a) in enumerate(zip(spans, areas)) if a.kind != "besieged"]
    items += [Item(s.nstart, s.nend, Endpoint(e.name_ar, e.name_en, e.kind, e.lat, e.lon, a.start,
                                              a.end, e.id, "reference", 0.8),
                   _attached_clitic(norm.text, s.nstart), e.country)
              for s, a in zip(spans, areas) if a.kind == "besieged" and not s.mentions
              for e in s.anchors]
    spans = [s for s in spans if s.kind != "besieged"]
    starts = [s.nstart for s in spans]
    for m in mentions:
        k = bisect.bisect_right(starts, m.match.nstart) - 1
        if k >= 0 and m.match.nstart < spans[k].nend:
            continue  # inside an area: the area is the endpoint
        e = m.chosen
        back = m.reason.endswith("named before")  # «المدينة», «القطاع» (anaphora.py)
        items.append(Item(m.match.nstart, m.match.nend,
                          Endpoint(e.name_ar, e.name_en, e.kind, e.lat, e.lon, m.match.start,
                                   m.match.end, e.id, "reference" if back else "text",
                                   0.8 if back else 1.0), m.match.prefix, e.country))
    return items


def _area_end(i: int, s: AreaSpan, a: Area) -> Endpoint:
    """An area as an end; a country's land («الأراضي السورية», «الداخل اليمني») is an end of
    kind territory with the country's ref, as references.territory_items makes it."""
    country = s.anchors[0] if len(s.anchors) == 1 else None
    if a.kind in _LANDS and country is not None and country.kind == "country":
        return Endpoint(a.name_ar, a.name_en, "territory", country.lat, country.lon, a.start,
                        a.end, country.id)
    return Endpoint(a.name_ar, a.name_en, a.kind, a.lat, a.lon, a.start, a.end, f"area:{i}")


_LANDS = ("territory", "interior")


def _unresolved_items(norm: Normalized, report: Report) -> list[Item]:
    """Names the gazetteer lacks are still endpoints, without a point: «تدخل ناحية الزوية»
    is a movement to al-Zuwiya even before anyone geocodes it."""
    out: list[Item] = []
    if not report.unresolved:
        return out
    # every name's (start, end) in normalized text, in one numpy call for the text
    bounds = norm.offsets.searchsorted([x for u in report.unresolved
                                        for x in (u.start, u.end)]).tolist()
    for u, nstart, nend in zip(report.unresolved, bounds[::2], bounds[1::2]):
        endpoint = Endpoint(u.surface, "", "unresolved", None, None, u.start, u.end)
        out.append(Item(nstart, nend, endpoint, _attached_clitic(norm.text, nstart)))
    return out


def _attached_clitic(text: str, pos: int) -> str:
    """The clitic letters written onto the word that starts at `pos` («للأحياء» → «ل»)."""
    k = pos
    while k > 0 and text[k - 1] in CLITIC_LETTERS and pos - k < 2:
        k -= 1
    if k > 0 and text[k - 1] not in " ،,.«\"(":
        return ""
    return text[k:pos]


class Items:
    """The endpoints of one text in text order, looked up by where they start."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.starts = [i.nstart for i in items]
        self.longest = max((i.nend - i.nstart for i in items), default=0)

    def starting_in(self, start: int, end: int) -> list[Item]:
        """Items that begin in [start, end)."""
        return self.items[bisect.bisect_left(self.starts, start):
                          bisect.bisect_left(self.starts, end)]

    def ending_before(self, start: int, pos: int, reach: int) -> Iterable[Item]:
        """Items in [start, pos) that end by `pos` and not before `reach`, nearest first."""
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and self.items[k].nstart >= start:
            it = self.items[k]
            if it.nstart + self.longest < reach:
                break  # this item and all before it end before `reach`
            if reach <= it.nend <= pos:
                yield it
            k -= 1
