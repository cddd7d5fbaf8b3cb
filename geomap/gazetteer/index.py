"""The gazetteer: load data/gazetteer.csv, index normalized names, look names up, get by id."""
from __future__ import annotations

import csv
import marshal
import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .. import lexicon
from ..text.normalize import CLITIC_PREFIXES, normalize_name
from ..errors import GazetteerError, unreadable
from . import cache
from .paths import data_dir

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

DATA_DIR = data_dir()  # the packaged data, or the checkout's data/ (see paths)
DEFAULT_PATH = DATA_DIR / "gazetteer.csv"
COLUMNS = ("id", "name_ar", "name_en", "alt_names", "kind", "lat", "lon", "admin1", "admin2",
           "country", "population", "importance", "parent_id", "source")


@dataclass(frozen=True)
class Entry:
    """One gazetteer row: a place with its names, kind, point and context."""

    id: str
    name_ar: str
    name_en: str
    alt_names: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    admin1: str
    admin2: str
    country: str
    population: int | None
    importance: float
    parent_id: str
    source: str

    def __hash__(self) -> int:
        """By id alone (equal entries share it): entries key caches, and hashing all 14 fields
        each time was a cost of resolution."""
        return hash(self.id)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entry is known by: Arabic, English and alternates."""
        return tuple(n for n in (self.name_ar, self.name_en, *self.alt_names) if n)


class Gazetteer:
    """Entries by id and by normalized name. Load with `Gazetteer.load()`."""

    def __init__(self, entries: Iterable[Entry], path: Path | None = None,
                 index: NameIndex | None = None):
        """Index `entries` by name, or take `index` as built by name_index (from the cache)."""
        self.path = path
        self.entries: list[Entry] = list(entries)
        self._by_id = {e.id: e for e in self.entries}
        self._by_name, self._by_phrase = index or name_index(self.entries)
        self._children: dict[str, list[Entry]] | None = None  # by parent id, see children()
        self._lock = threading.Lock()
        self.fingerprint: str | None = None  # the cache key of a gazetteer read from a file

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Gazetteer":
        """Read a gazetteer CSV (default data/gazetteer.csv); cached, so reloading is free."""
        with _LOAD_LOCK:  # threads asking at once wait for one load, and share it
            if not path:
                return _load_default()  # every extract() asks: skip resolving the path each time
            return _load_cached(Path(path).resolve())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, id: str) -> bool:
        return id in self._by_id

    def get(self, id: str) -> Entry:
        """The entry with this id; KeyError names the id when there is none."""
        try:
            return self._by_id[id]
        except KeyError:
            raise KeyError(f"no gazetteer entry with id {id!r}") from None

    def keys(self) -> Iterable[str]:
        """Every normalized name key in the index (what the spotter searches for)."""
        return self._by_name.keys()

    def candidates(self, key: str) -> list[Entry]:
        """Entries whose normalized name is exactly `key`, most important first."""
        entries = self.entries
        return [entries[i] for i in self._by_name.get(key, ())]

    def area_phrase(self, key: str) -> Entry | None:
        """The entry named by a direction phrase («شمال غرب سوريا» → the curated region), if any."""
        i = self._by_phrase.get(key)
        return None if i is None else self.entries[i]

    def nisba(self, adjective: str, kinds: frozenset[str] = frozenset({"country"}),
              min_importance: float = 0.0) -> Entry | None:
        """The place a normalized nisba adjective names, of one of `kinds`: «اللبنانيه» and
        «اللبناني» → Lebanon, «الليبيه» → Libya, «الادلبي» → Idlib (the most important of its stem)."""
        if not adjective.endswith("ي") and not adjective.endswith("يه"):
            return None  # no nisba ending: most words, told apart before the cache lookup
        return _nisba(self, adjective, kinds, min_importance)

    def lookup(self, name: str, designators: Mapping[str, Iterable[str]] | None = None
               ) -> list[Entry]:
        """Every candidate for a name as written in text: clitics and spelling variants included.

        «بإدلب», «وإدلب», «ادلب» all give Idlib city and Idlib governorate; «للفوعة» gives al-Fu'ah.
        With `designators` ({normalized word: the kinds it names}), a name written after one is
        found as a person types it («معبر الراموسة», «مخيم الهول», «محافظة الأنبار», «ولاية شمال
        دارفور»), the entries of the kinds it names first; most important first otherwise.
        """
        key = normalize_name(name)
        seen = self._variants(key)
        kinds: frozenset[str] = frozenset()
        head, _, rest = key.partition(" ")
        for word in surface_variants(head) if designators and rest else ():
            if word in designators:
                kinds = frozenset(designators[word])
                seen.update({k: e for k, e in self._variants(rest).items() if k not in seen})
                break
        return sorted(seen.values(), key=lambda e: (e.kind not in kinds, -e.importance, e.id))

    def _variants(self, key: str) -> dict[str, Entry]:
        """Entries by id for the clitic and spelling variants of a normalized name, the area
        phrases among them («شمال دارفور» names a state) included."""
        seen: dict[str, Entry] = {}
        for variant in surface_variants(key):
            for e in self.candidates(variant):
                seen.setdefault(e.id, e)
            phrase = self.area_phrase(variant)
            if phrase is not None:
                seen.setdefault(phrase.id, phrase)
        return seen

    def children(self, parent_id: str) -> list[Entry]:
        """Entries whose parent is `parent_id` (e.g. the neighbourhoods of a city)."""
        index = self._children
        if index is None:  # built on first use, once: under the lock, published when whole
            with self._lock:
                if self._children is None:
                    built: dict[str, list[Entry]] = {}
                    for e in self.entries:
                        built.setdefault(e.parent_id, []).append(e)
                    self._children = built
                index = self._children
        return index.get(parent_id, [])

    def to_geodataframe(self) -> "geopandas.GeoDataFrame":
        """All entries as points (EPSG:4326), one row each, alt names joined by '|'."""
        import geopandas

        rows = [{**e.__dict__, "alt_names": "|".join(e.alt_names)} for e in self.entries]
        return geopandas.GeoDataFrame(
            rows, geometry=geopandas.points_from_xy([e.lon for e in self.entries],
                                                    [e.lat for e in self.entries]),
            crs="EPSG:4326")


# normalized name → positions in `entries`, most important first; area phrase → position.
# Positions in tuples, not lists of entries: tuples of ints are no work for the cyclic garbage
# collector, where 36,000 lists were, and they are what the index cache stores.
NameIndex = tuple[dict[str, tuple[int, ...]], dict[str, int]]


def name_index(entries: list[Entry]) -> NameIndex:
    """The name and area-phrase index of `entries` (see NameIndex)."""
    by_name: dict[str, list[int]] = {}
    by_phrase: dict[str, int] = {}  # «شمال غرب سوريا»: names that are area phrases
    for i, e in enumerate(entries):
        whole = e.kind not in AREA_NAME_KINDS
        for key in entry_keys(e):
            by_name.setdefault(key, []).append(i)
        for n in e.names:
            key = normalize_name(n)
            if not whole and key.startswith(_DIRECTION_STARTS) and (
                    key not in by_phrase or e.importance > entries[by_phrase[key]].importance):
                by_phrase[key] = i
    rank = [(-e.importance, e.id) for e in entries]
    shared: dict[tuple[int, ...], tuple[int, ...]] = {}  # an entry's keys share one tuple
    ranked = {key: tuple(sorted(ids, key=rank.__getitem__)) for key, ids in by_name.items()}
    return {key: shared.setdefault(ids, ids) for key, ids in ranked.items()}, by_phrase


# Designators that the span rule leaves outside a name («مدينة حلب» names حلب): a source name
# that starts with one is indexed without it, so the designator stays a cue, not part of a name.
_OUTSIDE_DESIGNATORS = tuple(word + " " for word, role in lexicon.rows("name_heads")
                             if role == "outside")
# A region's or province's name that starts with a direction («شمال قطاع غزة») is an area
# phrase; areas.py reads those.
AREA_NAME_KINDS = frozenset({"region", "governorate", "district"})
_DIRECTION_STARTS = tuple(w + " " for w in lexicon.table("directions", "noun", "bare adjective"))


def entry_keys(e: Entry) -> set[str]:
    """The keys an entry is indexed by: those of each of its names (see name_keys)."""
    whole = e.kind not in AREA_NAME_KINDS  # «جنوب السودان» is a country, no area phrase
    return {k for n in e.names for k in name_keys(n, keep_direction=whole)}


def name_keys(name: str, keep_direction: bool = False) -> set[str]:
    """Index keys for one name: its normal form, and the form without spaces for compounds.

    A name that starts with a direction has none unless `keep_direction` (a country or town
    named so, «جنوب السودان»): for regions and provinces it is an area phrase.
    """
    key = normalize_name(name)
    for d in _OUTSIDE_DESIGNATORS:
        if key.startswith(d):
            key = key[len(d):]
    if len(key) < 2 or (key.startswith(_DIRECTION_STARTS) and not keep_direction):
        return set()
    keys = {key}
    if " " in key:
        keys.add(key.replace(" ", ""))
    return keys


def surface_variants(key: str) -> list[str]:
    """A token as written, then with clitics removed (ل + ال → لل restored as ال)."""
    out = [key]
    for p in sorted(CLITIC_PREFIXES, key=len, reverse=True):
        if key.startswith(p) and len(key) - len(p) >= 2:
            rest = key[len(p):]
            out.append(rest)
            if p.endswith("ل") and rest.startswith("ل"):
                out.append("ا" + rest)  # للفوعه → الفوعه
    out += [v.replace(" ", "") for v in list(out) if " " in v]
    return list(dict.fromkeys(out))


_LOAD_LOCK = threading.RLock()


@lru_cache(maxsize=1)
def _load_default() -> Gazetteer:
    """The default gazetteer, the same object as `Gazetteer.load(DEFAULT_PATH)`.

    Not gc.freeze()-d: that froze every object of the host process (a Jupyter kernel's too),
    to spare full collections the gazetteer's ~70,000 objects (~2% of extraction time).
    """
    return _load_cached(DEFAULT_PATH.resolve())


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> Gazetteer:
    """The gazetteer of a CSV file: its index from the cache folder when it was built there
    before from the same bytes (see cache), else read, indexed and cached."""
    try:
        key = cache.fingerprint("gazetteer", cache.file_digest(path))
    except OSError:  # unreadable: read_entries says why, naming the file
        return Gazetteer(read_entries(path), path)
    gaz = cache.load_or_build("gazetteer", key, lambda: Gazetteer(read_entries(path), path),
                              dump=_dump_index, load=lambda data: _load_index(data, path))
    gaz.fingerprint = key
    return gaz


_FIELDS = tuple(Entry.__dataclass_fields__)
_INDEX_FORMAT = 1


def _dump_index(gaz: Gazetteer) -> bytes:
    """The gazetteer's entries and name index as marshal data (plain values, quick to load)."""
    rows = [tuple(getattr(e, f) for f in _FIELDS) for e in gaz.entries]
    return marshal.dumps((_INDEX_FORMAT, _FIELDS, rows, gaz._by_name, gaz._by_phrase))


def _load_index(data: bytes, path: Path) -> Gazetteer:
    """The Gazetteer that _dump_index wrote. Entries are made as unpickling makes them
    (their fields set directly): a frozen dataclass's __init__ would take four times longer."""
    form, fields, rows, by_name, by_phrase = marshal.loads(data)
    if form != _INDEX_FORMAT or fields != _FIELDS:
        raise ValueError(f"index format {form} of fields {fields}")
    new, entries = object.__new__, []
    for row in rows:
        e = new(Entry)
        e.__dict__.update(zip(fields, row))
        entries.append(e)
    return Gazetteer(entries, path, index=(by_name, by_phrase))


def read_entries(path: Path) -> list[Entry]:
    """Parse and validate a gazetteer CSV; GazetteerError names the file and line of a bad row.

    A byte-order mark (as spreadsheets save UTF-8) is dropped; each id may appear once.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return _read_rows(csv.reader(f), path)
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise GazetteerError(f"{path}: gazetteer: {unreadable(exc)}") from None


def _read_rows(reader: Any, path: Path) -> list[Entry]:
    """The entries of the rows after the header, each checked; csv's own errors (a field over
    its size limit, a bad quote) are named with their line too."""
    entries: list[Entry] = []
    first_line: dict[str, int] = {}
    shared: dict[str, str] = {}  # one str per distinct cell ("city", "SY", the source): ~12 MB less
    try:
        header = next(reader, [])
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise GazetteerError(f"{path}:1: missing column(s) {', '.join(missing)}")
        line = reader.line_num + 1
        for cells in reader:
            if cells:
                cells = [shared.setdefault(c, c) for c in cells]
                entry = _entry(_row(header, cells, path, line, reader.line_num), path, line)
                if entry.id in first_line:
                    raise GazetteerError(f"{path}:{line}: duplicate id {entry.id!r} "
                                         f"(first on line {first_line[entry.id]})")
                first_line[entry.id] = line
                entries.append(entry)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise GazetteerError(f"{path}:{reader.line_num}: {exc}") from None
    return entries


def _row(header: list[str], cells: list[str], path: Path, line: int, last: int
         ) -> dict[str, str]:
    """The cells of one record by column; a record of another length than the header (a
    stray quote swallows lines, a stray comma adds a field) is an error at its first line."""
    if len(cells) != len(header):
        hint = f" (a quote opened here runs to line {last})" if last > line else ""
        raise GazetteerError(f"{path}:{line}: {len(cells)} fields where the header has "
                             f"{len(header)}{hint}")
    return dict(zip(header, cells))


def _entry(row: dict[str, str], path: Path, line: int) -> Entry:
    """One validated Entry from a CSV row."""
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (TypeError, ValueError):
        raise GazetteerError(f"{path}:{line}: bad coordinate lat={row['lat']!r} lon={row['lon']!r}"
                             ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat + lon):
        raise GazetteerError(f"{path}:{line}: coordinate out of range ({lat}, {lon})")
    if not row["id"]:
        raise GazetteerError(f"{path}:{line}: empty id")
    population = _finite(row, "population", None, path, line)
    importance = _finite(row, "importance", 0.2, path, line)
    alts = tuple(a.strip() for a in (row["alt_names"] or "").split("|") if a.strip())
    return Entry(row["id"], row["name_ar"] or "", row["name_en"] or "", alts, row["kind"] or "place",
                 lat, lon, row["admin1"] or "", row["admin2"] or "", row["country"] or "",
                 None if population is None else int(population), importance,
                 row["parent_id"] or "", row["source"] or "")


def _finite(row: dict[str, str], column: str, default: float | None, path: Path, line: int
            ) -> float | None:
    """A column's number (`default` when empty); not a number, inf or nan is an error."""
    if not row[column]:
        return default
    try:
        value = float(row[column])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise GazetteerError(f"{path}:{line}: bad {column} {row[column]!r} (not a finite number)")
    return value


@lru_cache(maxsize=50_000)
def _nisba(gaz: Gazetteer, adjective: str, kinds: frozenset[str], min_importance: float
           ) -> Entry | None:
    """Gazetteer.nisba, cached: adjectives repeat (السوري، التركية) and each costs five lookups."""
    word = adjective[2:] if adjective.startswith("ال") else adjective
    stem = word[:-2] if word.endswith("يه") else word[:-1]
    if len(stem) < 3:
        return None
    for key in (stem, stem + "ا", "ال" + stem, stem + "ه", stem + "يا"):
        found = [e for e in gaz.candidates(key) if e.kind in kinds and e.importance >= min_importance]
        if found:
            return found[0]
    return None
