"""The Report and what it holds: plain dataclasses whose spans point back into the text.

The records are slotted, not frozen: a frozen dataclass sets each field through
object.__setattr__ and costs 2.5 µs to build against 0.9 µs, and every passage builds a
dozen or more. Treat them as values all the same (``dataclasses.replace`` for a changed copy).

Every annotation carries ``start``/``end`` (Python str offsets into ``Report.text``), so any
dot, line or shape on a map can show the sentence that put it there.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - imported lazily to keep `import geomap` light
    import geopandas

PLACE_FIELDS = ("surface", "start", "end", "id", "name_ar", "name_en", "kind", "lat", "lon",
                "confidence")


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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Unresolved:
    """A name the text uses as a place that no gazetteer entry matched: kept, never dropped."""

    surface: str
    start: int
    end: int
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
        return asdict(self)


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
    # Every (start, end) that tells this journey, the best telling first, then in text order
    evidence: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["via"] = [v.to_dict() for v in self.via]
        d["counts"] = [list(c) for c in self.counts]
        d["evidence"] = [list(e) for e in (self.evidence or ((self.start, self.end),))]
        return d


@dataclass(slots=True)
class Area:
    """A named area (east Aleppo, the besieged towns, Idlib countryside, northwest Syria)."""

    surface: str
    start: int
    end: int
    name_en: str
    kind: str  # neighbourhoods | besieged | countryside | region
    lat: float | None
    lon: float | None
    geometry: Any = field(default=None, compare=False, repr=False)  # shapely geometry, WGS84
    name_ar: str = ""
    anchor_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("geometry")
        d["anchor_ids"] = list(self.anchor_ids)
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
        """The documented output contract (see README, 'Output')."""
        return {
            "id": self.id,
            "places": [{k: getattr(p, k) for k in PLACE_FIELDS} | {"source": p.source}
                       for p in self.places],
            "unresolved": [u.to_dict() for u in self.unresolved],
            "movements": [m.to_dict() for m in self.movements],
            "areas": [a.to_dict() for a in self.areas],
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

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
