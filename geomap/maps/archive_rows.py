"""An archive's tables as the compact rows the archive map's runtime (assets/timeline.js) reads.

Dates travel as day numbers (days since 1970-01-01) and each flow's article days as sorted
deltas; points are rounded to 3 decimals (~110 m). Article titles, URLs and sources travel as
data: the flows' popups are built in the browser with textContent, and the place and area
popups here are escaped (evidence.e). A map lists a bounded number of articles per flow
(ARTICLE_BYTES), so a huge archive still makes a file that opens; each popup says how many
articles tell the flow in all.
"""
from __future__ import annotations

import json
import math
from datetime import date
from typing import Any, Iterable

from . import draw, evidence, legend, style

EPOCH = date(1970, 1, 1).toordinal()
ARTICLE_BYTES = 1_000_000  # the articles listed in the flows' popups, at most about this much
PER_FLOW = (12, 8, 5, 3, 2, 1)  # articles listed per flow, the most that fits the budget
PER_PLACE = 2  # articles listed in a place's or an area's popup
MAX_WIDTH_ARTICLES = 200  # widths are given for up to this many articles; more: the widest
ACTORS = list(style.ACTOR_COLOURS)
STATUSES = list(style.STATUS_STYLES)


def day(value: Any) -> int | None:
    """The day number of a date, datetime, ISO text or pandas Timestamp; None when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    value = value.date() if hasattr(value, "date") and callable(value.date) else value
    return value.toordinal() - EPOCH


def flow_width(articles: int) -> float:
    """A flow's line width in pixels by the articles telling it: 2 for one, log-growing to 12."""
    return round(min(12.0, 2.0 + 1.6 * math.log2(max(articles, 1))), 1)


def _text(value: Any) -> str | None:
    """Text, or None for a missing value (None, NaN, pandas NA)."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _json(value: Any) -> Any:
    """A JSON column's value decoded (already decoded values pass through)."""
    return json.loads(value) if isinstance(value, str) else (value or [])


class Articles:
    """The articles a map lists, each once: [day, title, url, source index, id] rows."""

    def __init__(self, titles: dict[str, Any]) -> None:
        self.titles = titles
        self.index: dict[str, int] = {}
        self.rows: list[list[Any]] = []
        self.sources: dict[str, int] = {}
        self.spent = 0  # bytes of the articles listed for flows (ARTICLE_BYTES)

    def within(self, sources: list[dict[str, Any]]) -> list[int]:
        """The refs of those of a flow's articles already listed or still within the budget."""
        out = []
        for s in sources:
            if s["article_id"] not in self.index:
                if self.spent + _cost(s) > ARTICLE_BYTES:
                    continue
                self.spent += _cost(s)
            out.append(self.ref(s["article_id"], s.get("date"), s.get("url"), s.get("source")))
        return out

    def ref(self, article_id: str, when: Any, url: Any, source: Any) -> int:
        """The index of an article in the list, added on first use."""
        if article_id in self.index:
            return self.index[article_id]
        src = _text(source)
        k = -1 if src is None else self.sources.setdefault(src, len(self.sources))
        self.index[article_id] = len(self.rows)
        self.rows.append([day(when), _text(self.titles.get(article_id)), _text(url) or "", k,
                          article_id])
        return self.index[article_id]

    def html(self, refs: Iterable[int], total: int) -> str:
        """Escaped HTML listing articles: date, title linked when the URL is http(s), source."""
        names = list(self.sources)
        items = []
        for k in refs:
            d, title, url, src, aid = self.rows[k]
            name = evidence.e(title or aid)
            link = (f'<a href="{evidence.e(url)}" target="_blank" rel="noopener noreferrer">'
                    f"{name}</a>" if evidence.WEB_URL.fullmatch(url) else
                    name + (f" {evidence.e(url)}" if url else ""))
            when = "undated" if d is None else date.fromordinal(d + EPOCH).isoformat()
            source = f" · {evidence.e(names[src])}" if src >= 0 else ""
            items.append(f'<li><span class="gm-date">{when}</span> {link}{source}</li>')
        head = f"Articles ({len(items)} of {total} listed)" if total > len(items) else "Articles"
        return f'<p class="gm-src">{head}</p><ul class="gm-articles">{"".join(items)}</ul>'


def _spread(sources: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """k of a flow's articles: the first and the last ones told, when there are more."""
    if len(sources) <= k:
        return sources
    first = (k + 1) // 2
    return sources[:first] + sources[len(sources) - (k - first):]


def _cost(s: dict[str, Any]) -> int:
    """About how many bytes an article takes in the map's data."""
    return 24 + len((s.get("title") or "").encode()) + len(s.get("url") or "") \
        + len(s["article_id"])


def listed_per_flow(all_sources: list[list[dict[str, Any]]]) -> int:
    """How many articles each flow's popup lists: the most of PER_FLOW whose distinct
    articles fit ARTICLE_BYTES (else 1, up to the budget: see Articles.within)."""
    for k in PER_FLOW:
        seen: dict[str, int] = {}
        for sources in all_sources:
            for s in _spread(sources, k):
                seen[s["article_id"]] = _cost(s)
        if sum(seen.values()) <= ARTICLE_BYTES:
            return k
    return PER_FLOW[-1]


def _name_index(names: dict[tuple[str, str], int], en: Any, ar: Any, ref: Any) -> int:
    """The index of an end's (English, Arabic) name in the names list."""
    key = (_text(en) or _text(ref) or "", _text(ar) or "")
    return names.setdefault(key, len(names))


def _line(geom: Any) -> list[float]:
    """A corridor as flat [lat, lon, …] rounded to 3 decimals (~110 m)."""
    import shapely

    return [v for x, y in shapely.get_coordinates(geom) for v in (round(y, 3), round(x, 3))]


def _tally(value: Any, keys: list[str], key_of: Any) -> list[list[int]]:
    """A {value: n} tally as [[index, n]…], values mapped to the map's keys."""
    out: dict[int, int] = {}
    for k, n in _json(value).items():
        i = keys.index(key_of(k))
        out[i] = out.get(i, 0) + int(n)
    return sorted(([i, n] for i, n in out.items()), key=lambda t: -t[1])


def _actor(a: str) -> str:
    return a if a in style.ACTOR_COLOURS else "unknown"


def _int(value: Any) -> int | None:
    text = _text(value)
    return None if text is None else int(value)


def flow_rows(flows: Any, articles: Articles) -> tuple[list[list[Any]], list[list[str]], Any]:
    """(rows for the runtime, names list, flows not drawn) of a flows frame (batch.flows).
    The flows of one corridor (one route told in several periods) are one line, dated and
    undated apart: in a window of time it is the flow of that period."""
    names: dict[tuple[str, str], int] = {}
    drawn = flows[flows.geometry.notna() & ~flows.geometry.is_empty] if len(flows) else flows
    routes: dict[tuple[Any, ...], list[Any]] = {}
    for f in drawn.itertuples():
        key = (tuple(_line(f.geometry)), _text(f.first_date) is None)
        routes.setdefault(key, []).append(f)
    merged = [(list(key[0]), fs, _sources(fs)) for key, fs in routes.items()]
    k = listed_per_flow([srcs for _, _, srcs in merged])
    rows = [_route_row(line, fs, srcs, articles.within(_spread(srcs, k)), names)
            for line, fs, srcs in merged]
    not_drawn = flows[~flows.index.isin(drawn.index)] if len(flows) else flows
    return rows, [list(n) for n in names], not_drawn


def _sources(fs: list[Any]) -> list[dict[str, Any]]:
    """The articles of a route's flows, each once, by date (undated last) then id."""
    seen: dict[str, dict[str, Any]] = {}
    for f in fs:
        for s in _json(f.sources):
            seen.setdefault(s["article_id"], s)
    return sorted(seen.values(), key=lambda s: (s.get("date") or "9999", s["article_id"]))


def _main(tally: list[list[int]], keys: list[str]) -> int:
    """The index told most (ties: the earlier key); "unknown" only when nothing else is."""
    told = [t for t in tally if keys[t[0]] != "unknown"] or tally
    return min(told, key=lambda t: (-t[1], t[0]))[0]


def _summed(tallies: Iterable[list[list[int]]]) -> list[list[int]]:
    out: dict[int, int] = {}
    for tally in tallies:
        for i, n in tally:
            out[i] = out.get(i, 0) + n
    return sorted(([i, n] for i, n in out.items()), key=lambda t: (-t[1], t[0]))


def _route_row(line: list[float], fs: list[Any], srcs: list[dict[str, Any]], refs: list[int],
               names: dict[tuple[str, str], int]) -> list[Any]:
    """One drawn line: the flows of a corridor (see timeline.js for the fields)."""
    f = fs[0]  # the most told
    days = sorted(d for d in (day(s.get("date")) for s in srcs) if d is not None)
    ends = ([_name_index(names, f.origin_name_en, f.origin_name_ar, f.origin_ref)]
            + [_name_index(names, v.get("name_en"), v.get("name_ar"), v.get("ref"))
               for v in _json(f.via)]
            + [_name_index(names, f.destination_name_en, f.destination_name_ar,
                           f.destination_ref)])
    actors = _summed(_tally(g.actor_types, ACTORS, _actor) for g in fs)
    statuses = _summed(_tally(g.statuses, STATUSES, style.status_key) for g in fs)
    lows = [v for v in (_int(g.count_min) for g in fs) if v is not None]
    highs = [v for v in (_int(g.count_max) for g in fs) if v is not None]
    periods = sorted([day(g.first_date), day(g.last_date), int(g.articles)] for g in fs
                     if _text(g.first_date) is not None)
    partial = _text(f.origin_lat) is None or _text(f.destination_lat) is None
    return [line, _main(actors, ACTORS), _main(statuses, STATUSES), int(partial),
            [b - a for a, b in zip([0] + days, days)], sum(int(g.articles) for g in fs),
            sum(int(g.movements) for g in fs), min(lows) if lows else None,
            max(highs) if highs else None, ends, refs, actors, statuses, periods]


def statuses_js() -> list[dict[str, Any]]:
    """Each status key with its dash, opacity, legend label and swatch."""
    labels = dict(style.STATUS_LABELS) | {"planned": "Planned"}  # expected has its own box
    grey = style.ACTOR_COLOURS["unknown"]
    return [{"key": k, "d": dash, "o": opacity, "label": labels.get(k, k.capitalize()),
             "swatch": legend.line_swatch(grey, dash)}
            for k, (dash, opacity) in style.STATUS_STYLES.items()]


def _period(days: list[int]) -> str:
    """'2016-12-01 – 2016-12-20', one day, or 'undated'."""
    if not days:
        return "undated"
    a, b = (date.fromordinal(d + EPOCH).isoformat() for d in (days[0], days[-1]))
    return a if a == b else f"{a} – {b}"


def _by_date(frame: Any) -> Any:
    """Rows sorted by article date (undated last), then article id."""
    return frame.sort_values(["article_date", "article_id"], na_position="last", kind="stable")


def _grouped(frame: Any, key: str) -> dict[Any, list[Any]]:
    """The rows of a frame (sorted by article date) as named tuples grouped by a column, in
    one pass: a pandas groupby loop costs a frame per group."""
    out: dict[Any, list[Any]] = {}
    for r in _by_date(frame).itertuples():
        out.setdefault(getattr(r, key), []).append(r)
    return out


def _told(group: list[Any], articles: Articles) -> tuple[list[Any], list[int], list[int]]:
    """Of a place's or an area's rows (by date): the first row of each article naming it,
    their days (sorted), and the list refs of the first PER_PLACE of them."""
    seen: set[str] = set()
    once = [r for r in group if not (r.article_id in seen or seen.add(r.article_id))]
    refs = [articles.ref(r.article_id, r.article_date, r.article_url, r.article_source)
            for r in once[:PER_PLACE]]
    days = sorted(d for d in (day(r.article_date) for r in once) if d is not None)
    return once, days, refs


def place_rows(places: Any, articles: Articles, joined: set[str]) -> list[list[Any]]:
    """One row per located place ref in the G.places format (see draw.place_row), its popup
    the kind, coordinates, mentions, period and a few articles."""
    cols = ["ref", "kind", "name_ar", "name_en", "surface", "lat", "lon", "article_id",
            "article_date", "article_url", "article_source"]
    located = places.loc[places.lat.notna() & places.lon.notna() & places.ref.notna(), cols]
    rows = []
    for ref, group in sorted(_grouped(located, "ref").items()):
        p, n = group[0], len(group)
        radius, fill, stroke = style.place_style(p.kind, n)
        once, days, refs = _told(group, articles)
        table = evidence.cell_table([("Kind", evidence.e(p.kind)),
                                     ("Coordinates", f"{p.lat:.5f}, {p.lon:.5f}"),
                                     ("Gazetteer id", evidence.e(ref)), ("Mentions", str(n)),
                                     ("Period", _period(days))])
        popup = (f'<div class="gm-pop"><h3>{evidence.e(p.name_en)} '
                 f'{evidence.rtl(p.name_ar)}</h3>{table}{articles.html(refs, len(once))}</div>')
        label = draw.place_label(p.name_ar or p.surface, p.name_en, n)
        rows.append([round(p.lat, 5), round(p.lon, 5), draw.kind_class(p.kind), radius, fill,
                     stroke, evidence.pack(label), evidence.pack(popup), int(ref in joined), n])
    return rows


def area_rows(areas: Any, shapes: Any, articles: Articles) -> list[dict[str, Any]]:
    """One row per area shape the archive names: its outline in its kind's style, the days it
    is named on (deltas), whether it is named undated, and a popup."""
    from shapely.geometry import mapping

    outline = {r.area_key: r for r in shapes.itertuples() if r.geometry is not None}
    rows = []
    named = {k: g for k, g in _grouped(areas, "area_key").items() if k in outline}
    for key, group in sorted(named.items(), key=lambda kg: kg[0]):
        a, shape = group[0], outline[key]
        kind = a.kind if a.kind in style.AREA_STYLES else "region"
        once, days, refs = _told(group, articles)
        table = evidence.cell_table([("Kind", evidence.e(a.kind)),
                                     ("Mentions", str(len(group))), ("Period", _period(days))])
        popup = (f'<div class="gm-pop"><h3>{evidence.e(a.name_en or a.surface)} '
                 f"{evidence.rtl(a.name_ar or a.surface)}</h3>{table}"
                 f"{articles.html(refs, len(once))}</div>")
        geom = mapping(shape.geometry.simplify(0.0005, preserve_topology=True))
        rows.append({"g": geom, **style.AREA_STYLES[kind], "pn": f"gm-area-{kind}",
                     "cls": f"geomap-area geomap-area-{kind}", "p": evidence.pack(popup),
                     "t": [b - a for a, b in zip([0] + days, days)],
                     "u": int(len(days) < len(once))})
    return rows
