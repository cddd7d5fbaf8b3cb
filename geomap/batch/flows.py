"""Flows: the same journey told by several articles, merged into one row.

Two journeys (movement rows) are the same flow when
- they go from the same origin to the same destination: the same gazetteer ref, or for an end
  at an area the same area_key ("area:<area_key>"); an end the text names but nothing located
  is its name ("name:<Arabic name>"); an end the text does not tell is "" (unknown), and
  matches only another unknown end;
- and their articles' dates chain: sorted by date, a journey joins the flow before it when its
  date is at most `window_days` after the last date in that flow (single linkage), so a story
  retold day after day stays one flow. Journeys of undated articles make one undated flow per
  origin and destination.
Actor types, statuses, via stops and counts do not split a flow: a flow collects them (the
planned and the done evacuation of one town, told by fighters' and civilians' reporters, is
one flow). Its via is the stop sequence told by the most articles (stops compared by place,
as ends are, never by where each text names them; kept without text offsets), its corridor
the first one drawn for that via.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io.tables import to_arrow

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import numpy
    import pandas
    import pyarrow as pa

    from .store import Tables

WINDOW_DAYS = 7
FLOWS_FILE = "flows.parquet"
ACTOR_ORDER = ("civilians", "wounded", "armed", "aid", "unknown")  # ties in the main actor type
STATUS_ORDER = ("done", "planned", "expected", "ordered", "attempted", "blocked", "negated")
ACTOR_RANK = {v: i for i, v in enumerate(ACTOR_ORDER)}
STATUS_RANK = {v: i for i, v in enumerate(STATUS_ORDER)}


def end_key(ref: Any, name_ar: Any, name_en: Any) -> str:
    """The key of a journey's end (see the module's docstring)."""
    if isinstance(ref, str) and ref:
        return ref
    name = name_ar if isinstance(name_ar, str) and name_ar else name_en
    return f"name:{name}" if isinstance(name, str) and name else ""


def flow_table(tables: "Tables", window_days: int = WINDOW_DAYS) -> "pa.Table":
    """The flows of an archive's journeys as an Arrow table (the flows schema of io.tables),
    most told first."""
    mv = tables.movements
    titles = dict(zip(tables.articles["article_id"], tables.articles["title"]))
    found: list[tuple[dict[str, Any], Any]] = []
    if len(mv):
        cols, starts = _chained(mv, window_days)
        found = _flows_of(cols, starts, titles)
    found.sort(key=lambda f: (-f[0]["articles"], -f[0]["movements"], f[0]["flow_id"]))
    return to_arrow("flows", [row for row, _ in found], [geom for _, geom in found])


def flows(tables: "Tables", window_days: int = WINDOW_DAYS) -> "geopandas.GeoDataFrame":
    """One row per flow of the archive's journeys, in EPSG:4326, most told first."""
    from .store import _geo, to_pandas

    return _geo(to_pandas(flow_table(tables, window_days)))


def _chained(mv: "pandas.DataFrame", window_days: int
             ) -> tuple[dict[str, "numpy.ndarray"], "numpy.ndarray"]:
    """The journeys' columns sorted once by origin, destination, undated last, date, article
    and index, and where each chain starts: a new route, the undated ones, or a date more than
    the window after the one before it."""
    import numpy as np
    import pandas as pd

    key = pd.DataFrame({
        "o": [end_key(*t) for t in zip(mv.origin_ref, mv.origin_name_ar, mv.origin_name_en)],
        "d": [end_key(*t) for t in zip(mv.destination_ref, mv.destination_name_ar,
                                       mv.destination_name_en)],
        "undated": mv.article_date.isna().to_numpy(), "date": mv.article_date.to_numpy(),
        "article": mv.article_id.to_numpy(), "index": mv["index"].array})
    order = key.sort_values(list(key.columns), kind="stable").index.to_numpy()
    cols = {"o": key.o.to_numpy(object)[order], "d": key.d.to_numpy(object)[order],
            **{c: mv[c].to_numpy(object)[order] for c in _COLUMNS},
            "date": mv.article_date.to_numpy()[order],
            "geometry": np.asarray(mv.geometry.values, dtype=object)[order]}
    dated = ~np.isnat(cols["date"])
    gap = np.diff(cols["date"]) > np.timedelta64(window_days, "D")
    new = np.ones(len(order), dtype=bool)
    new[1:] = ((cols["o"][1:] != cols["o"][:-1]) | (cols["d"][1:] != cols["d"][:-1])
               | (dated[1:] != dated[:-1]) | (gap & dated[1:] & dated[:-1]))
    return cols, np.flatnonzero(new)


_COLUMNS = ("article_id", "article_url", "article_source", "via", "count", "count_unit",
            "actor_type", "status", *(f"{end}_{c}" for end in ("origin", "destination")
                                      for c in ("ref", "name_ar", "name_en", "kind", "lat",
                                                "lon")))


def _flows_of(cols: dict[str, "numpy.ndarray"], starts: "numpy.ndarray",
              titles: dict[str, Any]) -> list[tuple[dict[str, Any], Any]]:
    """Each chain's flow row and corridor: whole-column tallies by chain id, then one pass
    over the chains' slices of the sorted columns for the lists."""
    import numpy as np
    import pandas as pd

    n = len(cols["o"])
    stop = np.append(starts[1:], n)
    chain = np.repeat(np.arange(len(starts)), stop - starts)
    told = pd.DataFrame({"chain": chain, "article": cols["article_id"],
                         "count": pd.array(cols["count"], dtype="Int64")}).groupby("chain").agg(
        articles=("article", "nunique"), low=("count", "min"), high=("count", "max"))
    articles, low, high = (told[c].tolist() for c in ("articles", "low", "high"))
    keys, stops = _via_keys(cols["via"])
    sources = _source_rows(cols, titles)
    counted = ~pd.isna(cols["count"])
    ends = _ends(cols, starts)
    days = cols["date"].astype("datetime64[D]")  # .tolist(): dates, None when undated
    firsts, lasts = days[starts].tolist(), days[stop - 1].tolist()
    found = []
    for i, (s, e) in enumerate(zip(starts.tolist(), stop.tolist())):
        actor_types, statuses = _tally(cols["actor_type"][s:e]), _tally(cols["status"][s:e])
        via, via_stops = _via(keys[s:e], stops[s:e], cols["article_id"][s:e])
        first, last = firsts[i], lasts[i]
        c = np.flatnonzero(counted[s:e]) + s
        row = {"flow_id": f"{cols['o'][s]}>{cols['d'][s]}@"
                          f"{first.isoformat() if first else 'undated'}",
               **ends[i], "via": via_stops, "first_date": first, "last_date": last,
               "articles": articles[i], "movements": e - s,
               "count_min": _int(low[i]), "count_max": _int(high[i]),
               "counts": [{"count": int(cols["count"][k]), "unit": _unit(cols["count_unit"][k]),
                           "article_id": cols["article_id"][k]} for k in c.tolist()],
               "actor_type": _main(actor_types, ACTOR_RANK), "actor_types": actor_types,
               "status": _main(statuses, STATUS_RANK), "statuses": statuses,
               "sources": _first_per_article(cols["article_id"][s:e], sources[s:e])}
        found.append((row, _corridor(cols["geometry"][s:e], keys[s:e], via)))
    return found


VIA_FIELDS = ("ref", "name_ar", "name_en", "kind", "lat", "lon")  # a flow's stop: no offsets


def _via_keys(texts: "numpy.ndarray") -> tuple[list[str], list[list[dict[str, Any]]]]:
    """Each journey's via key (its stops' end keys, as JSON) and its stops without text
    offsets, parsed once per distinct via text."""
    parsed: dict[Any, tuple[str, list[dict[str, Any]]]] = {}
    keys, stops = [], []
    for text in texts:
        if text not in parsed:
            told = json.loads(text) if isinstance(text, str) else []
            parsed[text] = (json.dumps([end_key(s.get("ref"), s.get("name_ar"),
                                                s.get("name_en")) for s in told],
                                       ensure_ascii=False),
                            [{f: s.get(f) for f in VIA_FIELDS} for s in told])
        keys.append(parsed[text][0])
        stops.append(parsed[text][1])
    return keys, stops


def _via(keys: list[str], stops: list[list[dict[str, Any]]], articles: Any
         ) -> tuple[str, list[dict[str, Any]]]:
    """The stop sequence told by the most articles (then the longest, then the greatest key):
    its key and the stops of its first journey."""
    first: dict[str, list[dict[str, Any]]] = {}
    for key, told in zip(keys, stops):
        first.setdefault(key, told)
    if len(first) == 1:
        return keys[0], first[keys[0]]
    vias = Counter(key for key, _ in set(zip(keys, articles)))
    via = max(vias, key=lambda v: (vias[v], len(first[v]), v))
    return via, first[via]


def _corridor(geoms: Any, keys: list[str], via: str) -> Any:
    """The first corridor drawn for the flow's via, else the first drawn, else None."""
    drawn = [k for k, g in enumerate(geoms) if g is not None]
    return next((geoms[k] for k in drawn if keys[k] == via), geoms[drawn[0]] if drawn else None)


def _ends(cols: dict[str, "numpy.ndarray"], starts: "numpy.ndarray") -> list[dict[str, Any]]:
    """Each flow's origin and destination columns, from its first journey that locates each
    (else its first journey)."""
    import numpy as np
    import pandas as pd

    n = len(cols["o"])
    out: list[dict[str, Any]] = [{} for _ in starts]
    for end in ("origin", "destination"):
        pos = np.where(pd.isna(cols[f"{end}_lat"]), n, np.arange(n))
        first = np.minimum.reduceat(pos, starts)
        src = np.where(first < n, first, starts)
        for col in ("ref", "name_ar", "name_en", "kind", "lat", "lon"):
            values = cols[f"{end}_{col}"][src]
            for row, v, miss in zip(out, values, pd.isna(values)):
                row[f"{end}_{col}"] = None if miss else v
    return out


def _source_rows(cols: dict[str, "numpy.ndarray"], titles: dict[str, Any]
                 ) -> list[dict[str, Any]]:
    """Each journey's article as a flow lists it: id, date, url, source, title."""
    import numpy as np
    import pandas as pd

    days = np.datetime_as_string(cols["date"], unit="D")
    undated = np.isnat(cols["date"])
    url, source = pd.isna(cols["article_url"]), pd.isna(cols["article_source"])
    out = []
    for k, a in enumerate(cols["article_id"]):
        title = titles.get(a)
        out.append({"article_id": a, "date": None if undated[k] else str(days[k]),
                    "url": None if url[k] else cols["article_url"][k],
                    "source": None if source[k] else cols["article_source"][k],
                    "title": None if _missing(title) else title})
    return out


def _first_per_article(articles: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each article telling the flow once, in the flow's order (by date then id)."""
    seen: set[str] = set()
    out = []
    for a, row in zip(articles, rows):
        if a not in seen:
            seen.add(a)
            out.append(row)
    return out


def _tally(values: "pandas.Series") -> dict[str, int]:
    return {k: int(v) for k, v in sorted(Counter(values).items())}


def _main(tally: dict[str, int], rank: dict[str, int]) -> str:
    """The value told most often in a tally; ties go to the one ranked earlier ("unknown"
    only when nothing else is told)."""
    told = {v: n for v, n in tally.items() if v != "unknown"} or tally
    return min(told, key=lambda v: (-told[v], rank.get(v, len(rank)), v))


def _unit(value: Any) -> str | None:
    """A count's unit, None (JSON null, never NaN) when the telling gave none."""
    return None if _missing(value) else value


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def aggregate(out: "str | Path", window_days: int = WINDOW_DAYS, write: bool = True
              ) -> "geopandas.GeoDataFrame":
    """The flows of the archive under `out` (see `flows`), written to OUT/flows.parquet
    (GeoParquet, the corridors in EPSG:4326) unless write=False."""
    import os

    import pyarrow.parquet as pq

    from .store import _geo, open_tables, to_pandas

    table = flow_table(open_tables(out), window_days)  # type: ignore[arg-type]
    if write:
        path = Path(out) / FLOWS_FILE
        tmp = path.with_name(f".{FLOWS_FILE}.{os.getpid()}.tmp")
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    return _geo(to_pandas(table))


def summary_lines(flows_frame: "geopandas.GeoDataFrame", top: int = 10) -> list[str]:
    """A few lines on the flows: how many, from how many journeys and articles, and the most
    told of those with both ends located (a partial journey's stub is no corridor)."""
    f = flows_frame
    whole = f.origin_lat.notna() & f.destination_lat.notna()
    drawn = int(whole.sum())
    sources = {s["article_id"] for v in f.sources for s in json.loads(v)} if len(f) else set()
    lines = [f"{len(f):,} flows from {int(f.movements.sum()) if len(f) else 0:,} journeys told "
             f"by {len(sources):,} articles; {drawn:,} with a corridor (both ends located)"]
    shown = f[whole].head(top)
    if len(shown):
        lines.append("the most told with a corridor:")
    for row in shown.itertuples():
        period = ("undated" if _missing(row.first_date) else
                  f"{row.first_date.date()}…{row.last_date.date()}")
        count = "" if _missing(row.count_max) else f", up to {int(row.count_max):,}"
        lines.append(f"  {_name(row.origin_name_en, row.origin_ref)} → "
                     f"{_name(row.destination_name_en, row.destination_ref)}  {period}  "
                     f"{row.articles} articles, {row.actor_type}, {row.status}{count}")
    return lines


def _name(name: Any, ref: Any) -> str:
    """An end as its English name, else its ref, else "?" (not told)."""
    if not _missing(name) and name:
        return str(name)
    return "?" if _missing(ref) or not ref else str(ref)
