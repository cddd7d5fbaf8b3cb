"""The geocoding fallback itself: geopy services asked for unresolved names, cached, rate limited.

What it does and promises is told in the package's docstring (geomap.geocode), which also
declares the command-line options without importing this module (and geopy).
"""
from __future__ import annotations

import inspect
import json
import logging
import math
import os
import sqlite3
import time
import unicodedata
from contextlib import closing
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from geopy.adapters import AdapterHTTPError
from geopy.distance import geodesic
from geopy.exc import (GeocoderNotFound, GeocoderParseError, GeocoderQueryError,
                       GeocoderRateLimited, GeocoderTimedOut,
                       GeocoderUnavailable, GeopyError)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import SERVICE_TO_GEOCODER, get_geocoder_for_service

from .. import __version__
from ..errors import GeocoderError
from .http import DEFAULT_DEADLINE, AnswerTooLarge, BoundedAdapter, DeadlinePassed
from ..text.normalize import CLITIC_LETTERS
from ..model import Endpoint, Movement, Place, Report, Unresolved

__all__ = ["GeocoderFallback", "GeocodeCache", "from_name", "default_cache_path",
           "single_try_adapter", "DEFAULT_USER_AGENT"]

DEFAULT_USER_AGENT = f"geomap/{__version__} (Arabic news reports to maps; geocoding fallback)"
PUBLIC_NOMINATIM_HOST = "nominatim.openstreetmap.org"
PUBLIC_SERVICE_DELAY = 1.0  # Nominatim's usage policy: at most one request per second
CONFIDENCE = 0.4  # below any gazetteer hit: a geocoder knows the name, not the article
VIEWBOX_PAD_DEG = 1.0  # padding around the article's places, in degrees
VIEWBOX_GRID_DEG = 0.5  # viewbox edges snap outward to this grid so nearby articles share cache keys
CANDIDATE_LIMIT = 5
MAX_FAILURES = 3  # failures in a row after which the service is not asked again this run
FAILURE_BUDGET = 1.5  # ... or once failures in a row have cost this many deadlines
MAX_DISPLAY_NAME = 300  # characters of a service's display name kept in a reason
_ARABIC_MARKS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_MALFORMED = (GeocoderParseError, AttributeError, TypeError, ValueError, KeyError, IndexError)
log = logging.getLogger("geomap.geocode")  # the package's name, as users configure it

# Nominatim (class, type) or type alone -> our kinds; anything else is a plain "place".
_KINDS = {
    "city": "city", "town": "town", "village": "village", "hamlet": "village",
    "isolated_dwelling": "village", "suburb": "neighbourhood", "neighbourhood": "neighbourhood",
    "quarter": "neighbourhood", "city_block": "neighbourhood", "state": "governorate",
    "province": "governorate", "region": "region", "county": "region", "district": "region",
    "country": "country", "border_control": "crossing", "aerodrome": "airport",
}
_CLASS_KINDS = {"military": "base", "landuse:military": "base", "boundary:administrative": "region"}


class LookupFailed(GeocoderError):
    """A lookup that failed for a reason worth telling the reader (timeout, HTTP 500, ...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- queries and bias -------------------------------------------------------------------------

def normalize_query(text: str) -> str:
    """The cache form of a name: NFC, no diacritics or tatweel, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch not in _ARABIC_MARKS)
    return " ".join(text.split())


def query_variants(surface: str) -> list[str]:
    """The queries to try for a name: as written, then without a leading clitic (وكفرنبل)."""
    first = normalize_query(surface)
    variants = [first] if first else []
    if len(first) > 3 and first[0] in CLITIC_LETTERS:
        variants.append(first[1:])
    return variants


@dataclass(frozen=True)
class Bias:
    """Where the article is: its countries, a padded viewbox and the centroid of its places."""

    country_codes: tuple[str, ...] = ()
    viewbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    centroid: tuple[float, float] | None = None


def _snap(value: float, down: bool) -> float:
    """A viewbox edge moved outward onto the grid."""
    step = VIEWBOX_GRID_DEG
    return (math.floor if down else math.ceil)(value / step) * step


def bias_for(report: Report) -> Bias:
    """The bias derived from the report's places that did not come from a geocoder."""
    points = [(p.lat, p.lon) for p in report.places
              if not p.source.startswith("geocoder:") and _valid_point(p.lat, p.lon)]
    countries = sorted({p.country.strip().lower() for p in report.places
                        if not p.source.startswith("geocoder:") and len(p.country.strip()) == 2})
    if not points:
        return Bias(country_codes=tuple(countries))
    lats, lons = [lat for lat, _ in points], [lon for _, lon in points]
    viewbox = (max(-90.0, _snap(min(lats) - VIEWBOX_PAD_DEG, True)),
               max(-180.0, _snap(min(lons) - VIEWBOX_PAD_DEG, True)),
               min(90.0, _snap(max(lats) + VIEWBOX_PAD_DEG, False)),
               min(180.0, _snap(max(lons) + VIEWBOX_PAD_DEG, False)))
    centroid = (sum(lats) / len(lats), sum(lons) / len(lons))
    return Bias(tuple(countries), viewbox, centroid)


def _valid_point(lat: Any, lon: Any) -> bool:
    """True for finite WGS84 coordinates."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


# --- answers ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """One answer of a service, reduced to what a Place needs (and what the cache stores)."""

    id: str
    lat: float
    lon: float
    display_name: str
    kind: str
    country: str = ""
    admin1: str = ""

    @property
    def name_en(self) -> str:
        return self.display_name.split(",")[0].strip()


def kind_from(raw: dict[str, Any]) -> str:
    """Our kind for a service answer's class/type (city, town, village, ...), else "place"."""
    cls = str(raw.get("class") or raw.get("category") or "")
    typ = str(raw.get("type") or raw.get("addresstype") or "")
    if f"{cls}:{typ}" in _CLASS_KINDS:
        return _CLASS_KINDS[f"{cls}:{typ}"]
    if cls in _CLASS_KINDS:
        return _CLASS_KINDS[cls]
    return _KINDS.get(typ, "place")


def _answer_id(raw: dict[str, Any], lat: float, lon: float) -> str:
    """The answer's OSM id (node/123), else its place id, else its coordinates."""
    if raw.get("osm_type") and raw.get("osm_id") is not None:
        return f"{raw['osm_type']}/{raw['osm_id']}"
    if raw.get("place_id") is not None:
        return str(raw["place_id"])
    return f"{lat:.5f},{lon:.5f}"


def candidate_from(location: Any) -> Candidate:
    """A Candidate from a geopy Location; ValueError when the answer is not a usable point."""
    lat, lon = location.latitude, location.longitude
    if not _valid_point(lat, lon):
        raise ValueError(f"answer without a usable point: {lat!r}, {lon!r}")
    raw = location.raw if isinstance(location.raw, dict) else {}
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    display = str(location.address or "")
    if len(display) > MAX_DISPLAY_NAME:
        display = display[:MAX_DISPLAY_NAME - 1] + "…"
    return Candidate(id=_answer_id(raw, float(lat), float(lon)), lat=float(lat), lon=float(lon),
                     display_name=display, kind=kind_from(raw),
                     country=str(address.get("country_code", "")).upper(),
                     admin1=str(address.get("state", "")))


def classify_error(exc: BaseException) -> str:
    """The short reason a reader sees for a failed lookup ("timeout", "HTTP 500", ...)."""
    cause = exc.__cause__
    if isinstance(exc, GeocoderRateLimited):
        return "rate limited (429)"
    if isinstance(cause, AdapterHTTPError):
        return f"HTTP {cause.status_code}"
    if isinstance(exc, DeadlinePassed):
        return f"timeout: {exc}"
    if isinstance(exc, GeocoderTimedOut):
        return "timeout"
    if isinstance(exc, AnswerTooLarge):
        return f"refused: {exc}"
    if isinstance(exc, GeocoderQueryError):  # also a ValueError: test it before _MALFORMED
        return f"query rejected: {exc}"
    if isinstance(exc, _MALFORMED):
        return "malformed answer"
    if isinstance(exc, GeocoderUnavailable):
        return "service unavailable"
    return f"service error: {exc}" if isinstance(exc, GeopyError) else "malformed answer"


# --- cache ------------------------------------------------------------------------------------

def default_cache_path() -> Path:
    """~/.cache/geomap/geocode.sqlite, or under $XDG_CACHE_HOME when that is set."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geomap" / "geocode.sqlite"


_DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT")  # sqlite's names for a file it cannot read


def candidates_from_json(blob: Any) -> list[Candidate]:
    """The candidates a cache row holds; ValueError saying what is wrong with a damaged row."""
    try:
        data = json.loads(blob)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(f"not JSON ({exc})") from None
    if not isinstance(data, list):
        raise ValueError("not a list of candidates")
    return [_cached_candidate(item) for item in data]


_CANDIDATE_FIELDS = frozenset(f.name for f in fields(Candidate))


def _cached_candidate(item: Any) -> Candidate:
    """One stored candidate, checked field by field (ValueError for anything else)."""
    if not isinstance(item, dict) or set(item) != _CANDIDATE_FIELDS:
        raise ValueError("a candidate without the expected fields")
    point = (item["lat"], item["lon"])
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in point) \
            or not _valid_point(*point):
        raise ValueError(f"a candidate without a usable point: {point!r}")
    if not all(isinstance(v, str) for k, v in item.items() if k not in ("lat", "lon")):
        raise ValueError("a candidate with a field that is not text")
    return Candidate(**{**item, "lat": float(point[0]), "lon": float(point[1])})


class GeocodeCache:
    """Answers (hits and "not found") kept in sqlite across runs; transient failures never are.

    The cache never stops a run: a damaged entry is logged and treated as a miss, a file sqlite
    cannot read is moved aside (``.damaged``) for a fresh one, or else the run goes on without.
    """

    _SCHEMA = ("CREATE TABLE IF NOT EXISTS answers (service TEXT NOT NULL, query TEXT NOT NULL, "
               "bias TEXT NOT NULL, candidates TEXT NOT NULL, stored_at REAL NOT NULL, "
               "PRIMARY KEY (service, query, bias))")

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_cache_path()
        self.enabled = True
        self._warned: set[str] = set()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._create()
        except (OSError, sqlite3.Error) as exc:
            raise GeocoderError(f"cannot use geocode cache {self.path}: {exc}") from exc

    def _create(self) -> None:
        """The table, in a fresh file when the one found is not a database sqlite can read."""
        try:
            self._execute(self._SCHEMA)
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "") not in _DAMAGED:
                raise
            self._set_aside(exc)

    def _set_aside(self, exc: sqlite3.Error) -> None:
        """Move a damaged database file aside and start afresh; else go on without a cache."""
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            for suffix in ("-journal", "-wal", "-shm", ""):  # a stale journal goes with it
                damaged = Path(f"{self.path}{suffix}")
                if damaged.exists():
                    damaged.replace(f"{aside}{suffix}")
            self._execute(self._SCHEMA)
        except (OSError, sqlite3.Error) as again:
            self.enabled = False
            self._warn(f"geocode cache {self.path} is damaged ({exc}) and could not be replaced "
                       f"({again}); working without a cache")
            return
        self._warn(f"geocode cache {self.path} was damaged ({exc}); moved it to {aside.name} "
                   "and started a new one")

    def _warn(self, message: str) -> None:
        """Log a warning once per distinct message."""
        if message not in self._warned:
            self._warned.add(message)
            log.warning("%s", message)

    def _execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one statement in its own connection and transaction: simple, and safe to share."""
        with closing(sqlite3.connect(self.path, timeout=10)) as con, con:
            return con.execute(sql, params).fetchall()

    def get(self, service: str, query: str, bias: str) -> list[Candidate] | None:
        """The cached candidates ([] for a cached "not found"), or None when nothing usable is."""
        if not self.enabled:
            return None
        try:
            rows = self._execute("SELECT candidates FROM answers WHERE service=? AND query=? "
                                 "AND bias=?", (service, normalize_query(query), bias))
        except sqlite3.Error as exc:
            self._warn(f"cannot read geocode cache {self.path} ({exc}); asking the service")
            return None
        if not rows:
            return None
        try:
            return candidates_from_json(rows[0][0])
        except ValueError as exc:
            self._warn(f"geocode cache {self.path}: skipped the damaged entry for {service} "
                       f"«{normalize_query(query)}»: {exc}")
            return None

    def put(self, service: str, query: str, bias: str, candidates: list[Candidate]) -> None:
        """Store the answer of one query (an empty list records "not found"); logged if it fails."""
        if not self.enabled:
            return
        blob = json.dumps([asdict(c) for c in candidates], ensure_ascii=False)
        try:
            self._execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                          (service, normalize_query(query), bias, blob, time.time()))
        except sqlite3.Error as exc:
            self._warn(f"cannot write geocode cache {self.path} ({exc}); answers are not kept")

    def __len__(self) -> int:
        return self._execute("SELECT COUNT(*) FROM answers")[0][0] if self.enabled else 0


# --- the fallback -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Outcome:
    """What one name came to: a candidate and the query that found it, or why not."""

    candidate: Candidate | None
    query: str
    reason: str
    distance_km: float | None = None


@dataclass
class _Breaker:
    """Stops asking a failing service: after `max_failures` failures in a row, or once failures
    in a row have cost `budget` seconds (a hanging service costs 1.5 deadlines, not one each)."""

    max_failures: int
    budget: float
    failures: list[str] = field(default_factory=list)
    spent: float = 0.0

    @property
    def open(self) -> bool:
        return len(self.failures) >= self.max_failures or self.spent >= self.budget

    def allowance(self, timeout: float) -> float:
        """The deadline of the next request: what is left of the budget, at most `timeout`."""
        return min(timeout, self.budget - self.spent)

    def record(self, failure: str | None, seconds: float) -> None:
        """Count a failed request (its reason), or reset on an answer."""
        if failure is None:
            self.failures.clear()
            self.spent = 0.0
        else:
            self.failures.append(failure)
            self.spent += seconds

    def reason(self) -> str:
        """Why the names after the breaker opened were not looked up."""
        n = len(self.failures)
        if all(f.startswith("timeout") for f in self.failures):
            return f"geocoder unreachable: skipped after {n} timeout{'s' * (n > 1)}"
        return (f"geocoder unreachable: skipped after {n} failure{'s' * (n > 1)} in a row "
                f"(last: {self.failures[-1]})")


class GeocoderFallback:
    """Looks up a report's unresolved names with one geopy geocoder, biased to the article.

    `timeout` is each request's deadline, connect to last byte, when the geocoder was built with
    ``adapter_factory=single_try_adapter`` (from_name does that); after `max_failures` failures
    in a row, or failures in a row worth 1.5 deadlines, the service is not asked again.
    """

    def __init__(self, geocoder: Any, *, name: str, cache: GeocodeCache | None,
                 min_delay_seconds: float, max_distance_km: float = 300,
                 timeout: float = DEFAULT_DEADLINE, max_failures: int = MAX_FAILURES) -> None:
        if min_delay_seconds < 0 or max_distance_km <= 0 or timeout <= 0 or max_failures < 1:
            raise GeocoderError("min_delay_seconds must be >= 0, max_distance_km and timeout > 0, "
                                "max_failures >= 1")
        self.geocoder = geocoder
        self.name = name
        self.cache = cache
        self.max_distance_km = max_distance_km
        self.timeout = timeout
        self.min_delay_seconds = min_delay_seconds
        self._breaker = _Breaker(max_failures, FAILURE_BUDGET * timeout)
        self._params = set(inspect.signature(geocoder.geocode).parameters)
        self._geocode: Callable[..., Any] = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
            swallow_exceptions=False)

    def fill(self, report: Report) -> Report:
        """A new Report where every unresolved name the service finds near the article is a Place."""
        if not report.unresolved:
            return report
        bias = bias_for(report)
        outcomes: dict[str, _Outcome] = {}
        places, unresolved = list(report.places), []
        for item in report.unresolved:
            key = normalize_query(item.surface)
            if key not in outcomes:
                outcomes[key] = self._resolve(item.surface, bias)
            outcome = outcomes[key]
            if outcome.candidate is None:
                unresolved.append(replace(item, reason=outcome.reason))
            else:
                places.append(self._place(item, outcome.candidate, outcome))
        places.sort(key=lambda p: (p.start, p.end))
        found = {(p.start, p.end): p for p in places if p.source.startswith("geocoder:")}
        movements = [locate_ends(m, found) for m in report.movements]
        return replace(report, places=places, unresolved=unresolved, movements=movements)

    def _resolve(self, surface: str, bias: Bias) -> _Outcome:
        """Try each query variant of a name; stop at the first hit or transient failure."""
        variants = query_variants(surface)
        if not variants:
            return _Outcome(None, surface, "empty name")
        last = _Outcome(None, variants[0], "not found")
        for query in variants:
            try:
                candidates = self._candidates(query, bias)
            except LookupFailed as exc:
                return _Outcome(None, query, exc.reason)
            if candidates:
                last = self._pick(candidates, query, bias)
                if last.candidate is not None:
                    return last
        return last

    def _pick(self, candidates: list[Candidate], query: str, bias: Bias) -> _Outcome:
        """The first (best ranked) candidate within max_distance_km of the article's places."""
        if bias.centroid is None:
            return _Outcome(candidates[0], query, "")
        distances = [geodesic(bias.centroid, (c.lat, c.lon)).km for c in candidates]
        for candidate, km in zip(candidates, distances):
            if km <= self.max_distance_km:
                return _Outcome(candidate, query, "", km)
        nearest = min(distances)
        return _Outcome(None, query,
                        f"too far from the article's other places ({nearest:.0f} km)", nearest)

    def _candidates(self, query: str, bias: Bias) -> list[Candidate]:
        """The service's answer for one query, from the cache when it holds one."""
        kwargs = self._bias_kwargs(bias)
        bias_key = json.dumps(kwargs, sort_keys=True)
        if self.cache is not None:
            cached = self.cache.get(self.name, query, bias_key)
            if cached is not None:
                return cached
        candidates = self._guarded_request(query, kwargs)
        if self.cache is not None:
            self.cache.put(self.name, query, bias_key, candidates)
        return candidates

    def _bias_kwargs(self, bias: Bias) -> dict[str, Any]:
        """The bias as keyword arguments, only those this service's geocode() accepts."""
        kwargs: dict[str, Any] = {}
        if bias.country_codes and "country_codes" in self._params:
            kwargs["country_codes"] = list(bias.country_codes)
        if bias.viewbox is not None and "viewbox" in self._params:
            south, west, north, east = bias.viewbox
            kwargs["viewbox"] = [[south, west], [north, east]]
        return kwargs

    def _extra_kwargs(self, deadline: float) -> dict[str, Any]:
        """Options that make answers richer where supported: English names, a few candidates."""
        extra: dict[str, Any] = {"exactly_one": False, "timeout": deadline}
        if "language" in self._params:
            extra["language"] = "en"
        if "limit" in self._params:
            extra["limit"] = CANDIDATE_LIMIT
        if "addressdetails" in self._params:
            extra["addressdetails"] = True
        return extra

    def _guarded_request(self, query: str, bias_kwargs: dict[str, Any]) -> list[Candidate]:
        """_request unless the service failed too often in a row; failures count toward that."""
        breaker = self._breaker
        if breaker.open:
            raise LookupFailed(breaker.reason())
        started, deadline = time.monotonic(), breaker.allowance(self.timeout)
        try:
            candidates = self._request(query, bias_kwargs, deadline)
        except LookupFailed as exc:
            # a timeout costs its deadline exactly (not the jitter of a timer thread)
            cost = deadline if exc.reason.startswith("timeout") else time.monotonic() - started
            breaker.record(exc.reason, cost)
            if breaker.open:
                log.warning("geocoder %s %s; not asked again this run", self.name,
                            breaker.reason().removeprefix("geocoder "))
            raise
        breaker.record(None, 0.0)
        return candidates

    def _request(self, query: str, bias_kwargs: dict[str, Any],
                 deadline: float) -> list[Candidate]:
        """Ask the service once (rate limited); LookupFailed says why when that fails."""
        try:
            answer = self._geocode(query, **bias_kwargs, **self._extra_kwargs(deadline))
            locations = answer if isinstance(answer, list) else [answer] if answer else []
            return [candidate_from(location) for location in locations]
        except (GeopyError, *_MALFORMED) as exc:
            raise LookupFailed(classify_error(exc)) from exc

    def _place(self, item: Unresolved, cand: Candidate, outcome: _Outcome) -> Place:
        """The Place for an unresolved mention that the service found."""
        where = "" if outcome.distance_km is None else \
            f", {outcome.distance_km:.0f} km from the article's other places"
        return Place(surface=item.surface, start=item.start, end=item.end,
                     id=f"geocoder:{self.name}:{cand.id}", name_ar=item.surface,
                     name_en=cand.name_en, kind=cand.kind, lat=cand.lat, lon=cand.lon,
                     confidence=CONFIDENCE, country=cand.country, admin1=cand.admin1,
                     source=f"geocoder:{self.name}",
                     reason=f"not in the gazetteer; {self.name} found query «{outcome.query}» "
                            f"as {cand.display_name}{where}")


def locate_ends(m: Movement, found: dict[tuple[int, int], Place]) -> Movement:
    """The movement with each end that names a geocoded place given that place's point."""
    def located(e: Endpoint | None) -> Endpoint | None:
        p = found.get((e.start, e.end)) if e is not None and e.lat is None else None
        return e if p is None else replace(e, name_en=p.name_en, kind=p.kind, lat=p.lat,
                                           lon=p.lon, ref=p.id)
    ends = (located(m.origin), tuple(located(v) for v in m.via), located(m.destination))
    if ends == (m.origin, m.via, m.destination):
        return m
    # a newly located end changes the corridor: the geometry stage draws it again
    return replace(m, origin=ends[0], via=ends[1], destination=ends[2], geometry=None)


# --- building one from a service name ---------------------------------------------------------

_KEY_PARAMS = ("api_key", "apikey", "key", "ak", "subscription_key", "username")


def single_try_adapter(proxies: Any, ssl_context: Any) -> BoundedAdapter:
    """geopy adapter_factory: one try per request, `timeout` a deadline for all of it, answers
    capped in size (geopy's own adapters bound each socket read, not the request)."""
    return BoundedAdapter(proxies=proxies, ssl_context=ssl_context)


def _url_options(name: str, url: str, params: Any) -> dict[str, str]:
    """geopy's domain + scheme for a service URL such as http://127.0.0.1:8080/nominatim."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise GeocoderError(f"geocoder URL must look like https://host[:port][/path], got {url!r}")
    if "domain" not in params:
        raise GeocoderError(f"geocoder {name!r} has no configurable URL")
    return {"domain": parts.netloc + parts.path.rstrip("/"), "scheme": parts.scheme}


def _key_option(name: str, api_key: str, params: Any) -> dict[str, str]:
    """The API key under the parameter name this service's class uses for it."""
    for param in _KEY_PARAMS:
        if param in params:
            return {param: api_key}
    raise GeocoderError(f"geocoder {name!r} takes no API key")


def _check_required(name: str, params: Any, options: dict[str, Any]) -> None:
    """A clear error when the service needs an option we were not given (usually a key)."""
    missing = [p.name for p in params.values() if p.name != "self" and p.default is p.empty
               and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name not in options]
    if missing:
        hint = " (pass --api-key / api_key=)" if set(missing) & set(_KEY_PARAMS) else ""
        raise GeocoderError(f"geocoder {name!r} needs {', '.join(missing)}{hint}")


def _default_delay(name: str, url: str | None) -> float:
    """One second between requests for public services (Nominatim's policy); none self-hosted."""
    if url is None:
        return PUBLIC_SERVICE_DELAY
    host = urlsplit(url).hostname or ""
    return PUBLIC_SERVICE_DELAY if host == PUBLIC_NOMINATIM_HOST else 0.0


def from_name(name: str, *, url: str | None = None, user_agent: str | None = None,
              api_key: str | None = None, cache_dir: Path | None = None,
              min_delay_seconds: float | None = None,
              timeout: float = DEFAULT_DEADLINE) -> GeocoderFallback:
    """A GeocoderFallback for any geopy service name ("nominatim", "photon", "opencage", ...)."""
    try:
        cls = get_geocoder_for_service(name.strip().lower())
    except GeocoderNotFound as exc:
        known = ", ".join(sorted(SERVICE_TO_GEOCODER))
        raise GeocoderError(f"unknown geocoding service {name!r}; geopy knows: {known}") from exc
    params = inspect.signature(cls.__init__).parameters
    options: dict[str, Any] = {"user_agent": user_agent or DEFAULT_USER_AGENT,
                               "adapter_factory": single_try_adapter}
    if url:
        options.update(_url_options(name, url, params))
    if api_key:
        options.update(_key_option(name, api_key, params))
    _check_required(name, params, options)
    try:
        geocoder = cls(**options)
    except (GeopyError, TypeError, ValueError) as exc:
        raise GeocoderError(f"cannot set up geocoder {name!r}: {exc}") from exc
    delay = _default_delay(name, url) if min_delay_seconds is None else min_delay_seconds
    cache = GeocodeCache(Path(cache_dir) / "geocode.sqlite" if cache_dir else None)
    return GeocoderFallback(geocoder, name=name.strip().lower(), cache=cache,
                            min_delay_seconds=delay, timeout=timeout)
