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
    import pandas
    import pyarrow as pa

    from .store import Tables

WINDOW_DAYS = 7
FLOWS_FILE = "flows.parquet"
ACTOR_ORDER = ("civilians", "wounded", "armed", "aid", "unknown")  # ties in the main actor type
STATUS_ORDER = ("done", "planned", "expected", "ordered", "attempted", "blocked", "negated")


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
        mv = mv.assign(_o=[end_key(*t) for t in zip(mv.origin_ref, mv.origin_name_ar,
                                                     mv.origin_name_en)],
                       _d=[end_key(*t) for t in zip(mv.destination_ref, mv.destination_name_ar,
                                                     mv.destination_name_en)])
        for (o, d), group in mv.groupby(["_o", "_d"], sort=True):
            found += [_flow(o, d, chain, titles) for chain in _chains(group, window_days)]
    found.sort(key=lambda f: (-f[0]["articles"], -f[0]["movements"], f[0]["flow_id"]))
    return to_arrow("flows", [row for row, _ in found], [geom for _, geom in found])


def flows(tables: "Tables", window_days: int = WINDOW_DAYS) -> "geopandas.GeoDataFrame":
    """One row per flow of the archive's journeys, in EPSG:4326, most told first."""
    from .store import _geo, to_pandas

    return _geo(to_pandas(flow_table(tables, window_days)))


def _chains(group: "pandas.DataFrame", window_days: int) -> list["pandas.DataFrame"]:
    """The journeys of one origin and destination split where the dates break by more than
    the window; the undated ones as one more chain."""
    import pandas as pd

    dated = group[group.article_date.notna()].sort_values(["article_date", "article_id",
                                                            "index"])
    undated = group[group.article_date.isna()].sort_values(["article_id", "index"])
    gaps = dated.article_date.diff() > pd.Timedelta(days=window_days)
    chains = [c for _, c in dated.groupby(gaps.cumsum().to_numpy(), sort=True)]
    return chains + ([undated] if len(undated) else [])


def _flow(o: str, d: str, chain: "pandas.DataFrame", titles: dict[str, Any]
          ) -> tuple[dict[str, Any], Any]:
    """One flow's row and corridor from its journeys."""
    first = chain.article_date.min()
    via, stops, keys = _via(chain)
    chain = chain.assign(_via=keys)
    drawn = chain[chain.geometry.notna()]
    with_via = drawn[drawn._via == via]
    geom = (with_via if len(with_via) else drawn).geometry.iloc[0] if len(drawn) else None
    counted = chain[chain["count"].notna()]
    row = {"flow_id": f"{o}>{d}@{first.date().isoformat() if _dated(first) else 'undated'}",
           **_ends(chain), "via": stops,
           "first_date": first.date() if _dated(first) else None,
           "last_date": chain.article_date.max().date() if _dated(first) else None,
           "articles": chain.article_id.nunique(), "movements": len(chain),
           "count_min": _int(counted["count"].min()), "count_max": _int(counted["count"].max()),
           "counts": [{"count": int(c), "unit": u, "article_id": a} for c, u, a in
                      zip(counted["count"], counted.count_unit, counted.article_id)],
           "actor_type": _main(chain.actor_type, ACTOR_ORDER),
           "actor_types": _tally(chain.actor_type),
           "status": _main(chain.status, STATUS_ORDER), "statuses": _tally(chain.status),
           "sources": _sources(chain, titles)}
    return row, geom


VIA_FIELDS = ("ref", "name_ar", "name_en", "kind", "lat", "lon")  # a flow's stop: no offsets


def _via(chain: "pandas.DataFrame") -> tuple[str, list[dict[str, Any]], list[str]]:
    """The stop sequence told by the most articles (then the longest): its key (its stops'
    end keys), its stops without text offsets, and every journey's key."""
    told: dict[str, list[dict[str, Any]]] = {}
    keys = []
    for text in chain.via:
        stops = json.loads(text) if isinstance(text, str) else []
        keys.append(json.dumps([end_key(s.get("ref"), s.get("name_ar"), s.get("name_en"))
                                for s in stops], ensure_ascii=False))
        told.setdefault(keys[-1], [{f: s.get(f) for f in VIA_FIELDS} for s in stops])
    vias = Counter()
    for key, group in chain.assign(_via=keys).groupby("_via", sort=False):
        vias[key] = group.article_id.nunique()
    via = max(vias, key=lambda v: (vias[v], len(told[v]), v))
    return via, told[via], keys


def _ends(chain: "pandas.DataFrame") -> dict[str, Any]:
    """The flow's origin and destination columns, from its first journey that locates each."""
    out = {}
    for end in ("origin", "destination"):
        located = chain[chain[f"{end}_lat"].notna()]
        src = (located if len(located) else chain).iloc[0]
        for col in ("ref", "name_ar", "name_en", "kind", "lat", "lon"):
            value = src[f"{end}_{col}"]
            out[f"{end}_{col}"] = None if _missing(value) else value
    return out


def _sources(chain: "pandas.DataFrame", titles: dict[str, Any]) -> list[dict[str, Any]]:
    """Each article telling the flow once, by date then id."""
    seen, out = set(), []
    for row in chain.itertuples():
        if row.article_id in seen:
            continue
        seen.add(row.article_id)
        title = titles.get(row.article_id)
        out.append({"article_id": row.article_id,
                    "date": row.article_date.date().isoformat() if _dated(row.article_date)
                    else None,
                    "url": None if _missing(row.article_url) else row.article_url,
                    "source": None if _missing(row.article_source) else row.article_source,
                    "title": None if _missing(title) else title})
    return out


def _tally(values: "pandas.Series") -> dict[str, int]:
    return {k: int(v) for k, v in sorted(Counter(values).items())}


def _main(values: "pandas.Series", order: tuple[str, ...]) -> str:
    """The value told most often; ties go to the one earlier in `order` ("unknown" only
    when nothing else is told)."""
    tally = Counter(v for v in values if v != "unknown") or Counter(values)
    rank = {v: i for i, v in enumerate(order)}
    return min(tally, key=lambda v: (-tally[v], rank.get(v, len(order)), v))


def _dated(value: Any) -> bool:
    return not _missing(value)


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
