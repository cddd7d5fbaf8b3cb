"""The Report and what it holds: plain dataclasses whose spans point back into the text.

The records are slotted, not frozen: a frozen dataclass sets each field through
object.__setattr__ and costs 2.5 µs to build against 0.9 µs, and every passage builds a
dozen or more. Treat them as values all the same (``dataclasses.replace`` for a changed copy).

Every annotation carries ``start``/``end`` (Python str offsets into ``Report.text``), so any
dot, line or shape on a map can show the sentence that put it there.
"""
from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - imported lazily to keep `import geomap` light
    import geopandas



@dataclass(slots=True)
class Place:
    """A place mention resolved to one gazetteer entry (or a geocoder hit)."""

    surface: str
    start: int
    end: int
    id: str
    name_ar: str
    name_en: str
    kind: str
    lat: float
    lon: float
    confidence: float
    country: str = ""
    admin1: str = ""
    source: str = ""
    reason: str = ""
    # a governorate, district or region's outline, WGS84; not output; drawn on demand by
    # geomap.add_geometry (extract leaves it None)
    geometry: Any = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _keys(type(self))}


@dataclass(slots=True)
class Unresolved:
    """A name the text uses as a place that no gazetteer entry matched: kept, never dropped."""

    surface: str
    start: int
    end: int
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _keys(type(self))}


@dataclass(slots=True)
class Endpoint:
    """One end (or via point) of a movement: a place or an area, with the span naming it."""

    name_ar: str
    name_en: str
    kind: str
    lat: float | None
    lon: float | None
    start: int | None
    end: int | None
    ref: str = ""  # gazetteer id of the place, or "area:<index>" for an area of the report
    # How the text gives this end: "text" (named in the journey's own words), "actor" (in the
    # phrase naming who moved: «مهجري الوعر»), "reference" (a word referring back: «منها»,
    # «المدينة», «هؤلاء»; start/end are then the referring word's), "setting" (the place the
    # text is about, or a country from a nisba: «العائلات اللبنانية»).
    found_by: str = "text"
    confidence: float = 1.0  # how sure the reading is: 1.0 told in text, lower when inferred

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _keys(type(self))}


@dataclass(slots=True)
class Movement:
    """A reported journey: who, from, via, to, how many, and how sure the text is of it."""

    actor: str | None
    trigger: str
    origin: Endpoint | None
    via: tuple[Endpoint, ...]
    destination: Endpoint | None
    count: int | None
    status: str  # done | planned | expected | ordered | attempted | blocked | negated
    start: int  # the span where the journey is told best (= evidence[0])
    end: int
    count_unit: str | None = None  # people | buses | vehicles | families
    actor_type: str = "unknown"  # armed | civilians | wounded | aid | unknown
    counts: tuple[tuple[int, str | None], ...] = ()  # every count told: «20 حافلة و10 سيارات»
    # the corridor (or a partial journey's stub), WGS84; not output; drawn on demand by
    # geomap.add_geometry (extract leaves it None)
    geometry: Any = field(default=None, compare=False, repr=False)
    # Every (start, end) that tells this journey, the best telling first, then in text order
    evidence: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in _keys(Movement)}
        for end in ("origin", "destination"):
            if d[end] is not None:
                d[end] = d[end].to_dict()
        d["via"] = [v.to_dict() for v in self.via]
        d["counts"] = [list(c) for c in self.counts]
        d["evidence"] = [list(e) for e in (self.evidence or ((self.start, self.end),))]
        return d


@dataclass(slots=True)
class Area:
    """A named area (east Aleppo, the besieged towns, Idlib countryside, northwest Syria, the
    Syria–Lebanon border, the strip between two towns, Syrian territory)."""

    surface: str
    start: int
    end: int
    name_en: str
    # neighbourhoods | besieged | countryside | region | border | strip | territory | interior
    kind: str
    lat: float | None
    lon: float | None
    # its polygon, WGS84, drawn by extract where the data has one (its point lies in it); not
    # output; geomap.add_geometry gives one without a polygon a disc round its point
    geometry: Any = field(default=None, compare=False, repr=False)
    name_ar: str = ""
    anchor_ids: tuple[str, ...] = ()
    direction: str | None = None  # the part of its anchors it is («east», «centre»), if any
    # the places it holds: its anchors, then the text's places whose point lies in its shape
    place_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in _keys(Area)}
        d["anchor_ids"] = list(self.anchor_ids)
        d["place_ids"] = list(self.place_ids)
        return d


@dataclass
class Report:
    """What geomap found in one text. Feels like a spaCy Doc: the text plus spans into it."""

    text: str
    id: str | None = None
    places: list[Place] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    # the article's metadata: date (ISO 8601, day or finer), url, source, title and any other
    # field its record carried (see io.articles); empty for a plain text
    meta: dict[str, Any] = field(default_factory=dict)
    # the text's sentence ends, found on the first call of sentence() (not a field of the output)
    _sentences: Any = field(default=None, init=False, repr=False, compare=False)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) of the sentence(s) holding text[start:end]; the text is split into
        sentences once, so a map quoting every name costs a bisect per quote, not a scan."""
        from .text.normalize import SentenceIndex

        if self._sentences is None or self._sentences.text is not self.text:
            self._sentences = SentenceIndex(self.text)
        return self._sentences.bounds(start, end)

    def to_dict(self) -> dict[str, Any]:
        """The documented output contract (see README, 'Output'), the text included: the
        spans point into it, and a saved report needs it to quote its evidence. "meta" is
        there when the article had metadata (a plain text's report is as it always was)."""
        d = {
            "id": self.id,
            "text": self.text,
            "places": [p.to_dict() for p in self.places],
            "unresolved": [u.to_dict() for u in self.unresolved],
            "movements": [m.to_dict() for m in self.movements],
            "areas": [a.to_dict() for a in self.areas],
        }
        if self.meta:
            d["meta"] = dict(self.meta)
        return d

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Report":
        """The Report that `to_dict()` gave `d` (areas and movements without geometry: the
        shapes are drawn again, see io.reports); ValueError names what does not fit."""
        if not isinstance(d, dict) or not isinstance(d.get("text"), str):
            raise ValueError('a report is an object with its "text"')
        if d.get("id") is not None and not isinstance(d["id"], (str, int)):
            raise ValueError('"id" is not a string')
        lists = {}
        for key, kind in (("places", Place), ("unresolved", Unresolved),
                          ("movements", Movement), ("areas", Area)):
            items = d.get(key, [])
            if not isinstance(items, list):
                raise ValueError(f'"{key}" is not a list')
            lists[key] = [_record(kind, item, f"{key}[{n}]") for n, item in enumerate(items)]
        meta = d.get("meta", {})
        if not isinstance(meta, dict):
            raise ValueError('"meta" is not an object')
        report = cls(text=d["text"], id=d.get("id"), **lists, meta=dict(meta))
        _check_spans(report)
        return report

    @classmethod
    def from_json(cls, s: str | bytes) -> "Report":
        """The Report that `to_json()` gave `s`."""
        return cls.from_dict(json.loads(s))

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection of places, movements, areas and unresolved names."""
        from .io.geojson import report_to_geojson

        return report_to_geojson(self)

    def to_geodataframe(self) -> "geopandas.GeoDataFrame":
        """One GeoDataFrame (EPSG:4326) with a ``type`` column: place | movement | area | unresolved."""
        from .io.geojson import report_to_geodataframe

        return report_to_geodataframe(self)

    def _repr_html_(self) -> str:
        from .maps.draw import render

        return render(self)._repr_html_()


# --- reading reports back (Report.from_dict) -------------------------------------------------

@cache
def _keys(cls: type) -> tuple[str, ...]:
    """The fields of a record that its dict holds: all but the geometry (drawn, not stored)."""
    return tuple(f.name for f in fields(cls) if f.name != "geometry")


# what a field's annotation admits in JSON, and how the value is turned back into Python
_NUMBER = (int, float)
_SCALARS: dict[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "float": _NUMBER, "str | None": (str, type(None)),
    "int | None": (int, type(None)), "float | None": (*_NUMBER, type(None)),
}


def _record(cls: type, d: Any, where: str) -> Any:
    """One Place, Unresolved, Endpoint, Movement or Area from its dict; ValueError names the
    field (`where`) that is missing or of the wrong type."""
    if not isinstance(d, dict):
        raise ValueError(f"{where} is not an object")
    values = {}
    for f in fields(cls):
        if f.name == "geometry" or f.name not in d and f.default is not MISSING:
            continue
        if f.name not in d:
            raise ValueError(f'{where} has no "{f.name}"')
        values[f.name] = _value(f.type, d[f.name], f"{where}.{f.name}")
    return cls(**values)


def _value(annotation: str, v: Any, where: str) -> Any:
    """A field's value from JSON, checked against its annotation (tuples come as lists)."""
    if annotation in _SCALARS:
        if isinstance(v, bool) or not isinstance(v, _SCALARS[annotation]):
            raise ValueError(f"{where} is not {annotation.replace(' | None', ' or null')}")
        return float(v) if annotation.startswith("float") and v is not None else v
    if annotation == "Endpoint | None":
        return None if v is None else _record(Endpoint, v, where)
    if not isinstance(v, list):
        raise ValueError(f"{where} is not a list")
    if annotation == "tuple[Endpoint, ...]":
        return tuple(_record(Endpoint, x, f"{where}[{n}]") for n, x in enumerate(v))
    if annotation == "tuple[str, ...]":
        return tuple(_value("str", x, f"{where}[{n}]") for n, x in enumerate(v))
    if annotation == "tuple[tuple[int, int], ...]":
        if not isinstance(v, list) or not all(isinstance(x, list) and len(x) == 2 for x in v):
            raise ValueError(f"{where} is not a list of [start, end] pairs")
        return tuple((_value("int", a, where), _value("int", b, where)) for a, b in v)
    if annotation == "tuple[tuple[int, str | None], ...]":
        if not all(isinstance(x, list) and len(x) == 2 for x in v):
            raise ValueError(f"{where} is not a list of [value, unit] pairs")
        return tuple((_value("int", n, where), _value("str | None", u, where)) for n, u in v)
    raise TypeError(f"no reader for a field of type {annotation}")  # a new field: add it above


def _check_spans(report: Report) -> None:
    """Every span lies in the text: a report whose text was changed cannot quote its evidence."""
    n = len(report.text)
    for key in ("places", "unresolved", "movements", "areas"):
        for k, item in enumerate(getattr(report, key)):
            ends = (item.origin, *item.via, item.destination) if key == "movements" else ()
            for span in (item, *(e for e in ends if e is not None and e.start is not None)):
                if span.end is None or not 0 <= span.start <= span.end <= n:
                    raise ValueError(f"{key}[{k}] spans {span.start}-{span.end}, outside the "
                                     f"text of {n} characters")
