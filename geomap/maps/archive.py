"""The map of an archive: its flows over time, areas and places, on geomap's offline map.

    >>> write_archive("out", "map.html")          # the tables `geomap batch` wrote to out/
    >>> write_archive(tables_from_reports(reports), "map.html")   # dated reports in memory

Flows (batch.flows: the same journey told by several articles is one) are drawn with their
direction, their width by how many articles tell them in the period shown. A time control of
geomap's own (assets/timeline.js: by day or week, cumulative or a window, play) and filters by
actor type and status choose what is shown; nothing loads from the network. A flow's colour
and dash are its main actor type and status (what it is told as most), and the filters act on
those. Places are shown whatever the period; areas when they are named in it.
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Iterable

from . import archive_rows as rows
from . import draw, evidence, legend, style
from .mapkit import JsCall, Literal, RawScript, asset_text, inline_script, js_value

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from ..batch.store import Tables
    from ..model import Report

SVG_UP_TO = 2000  # more flows than this are drawn on a canvas (one element, not thousands)
PLAY_MS = 700  # a step of the play button
NOT_DRAWN_LISTED = 12  # flows without a corridor, and unresolved names, listed in the panel
ARCHIVE_FROM = 10  # articles (some dated) from which `geomap map` draws an archive


def data(v: Any) -> str:
    """js_value with every «<» escaped too: text from articles never looks like markup, even
    inside the script's JSON strings."""
    return js_value(v).replace("<", "\\u003c")


def render_archive(tables: "Tables", flows: Any = None, *, title: str | None = None,
                   cdn: bool = False) -> "folium.Map":
    """The archive map of `tables` (batch.open) and its flows (batch.flows, computed when not
    given)."""
    if flows is None:
        from ..batch.flows import flows as make_flows

        flows = make_flows(tables)
    m = draw.blank_map(cdn)
    header = m.get_root().header
    header.add_child(Literal(f"<style>{asset_text('timeline.css')}</style>"), name="gm_tl_css")
    header.add_child(Literal(inline_script(asset_text("timeline.js"))), name="gm_tl_js")
    titles = dict(zip(tables.articles.article_id, tables.articles.title))
    articles = rows.Articles(titles)
    flow_rows, names, not_drawn = rows.flow_rows(flows, articles)
    joined = _joined(flows)
    places = rows.place_rows(tables.places, articles, joined)
    payload = _payload(flow_rows, names, articles,
                       rows.area_rows(tables.areas, tables.area_shapes, articles))
    m.add_child(JsCall("archive", data(payload)))
    groups = _groups(m, places, payload)
    draw.add_control(m, [g for g in groups if g["items"]], _key(payload, places))
    _boxes(m, tables, flows, not_drawn, title)
    m.add_child(JsCall("fit", js_value(_bounds(flow_rows, places)), "12"))
    m.add_child(RawScript("window.geomapReady = true;"))
    return m


def _joined(flows: Any) -> set[str]:
    """The place refs flows start or end at: their labels are the map's story."""
    refs = set(flows.origin_ref.dropna()) | set(flows.destination_ref.dropna()) if len(flows) \
        else set()
    return {r for r in refs if not str(r).startswith("area:")}


def _payload(flow_rows: list, names: list, articles: rows.Articles, areas: list) -> dict:
    """Everything timeline.js reads (see its G.archive)."""
    days = [d for a in articles.rows for d in [a[0]] if d is not None]
    for f in flow_rows:
        t = 0
        for delta in f[4]:
            t += delta
            days.append(t)
    d0, d1 = (min(days), max(days)) if days else (None, None)
    statuses = rows.statuses_js()
    present_a = {f[1] for f in flow_rows}
    present_s = {f[2] for f in flow_rows}
    widths = [rows.flow_width(n) for n in range(rows.MAX_WIDTH_ARTICLES + 1)]
    return {"flows": flow_rows, "names": names, "articles": articles.rows,
            "sources": list(articles.sources), "areas": areas,
            "d0": d0, "d1": d1, "w0": None if d0 is None else d0 - (d0 + 3) % 7,  # a Monday
            "actors": rows.ACTORS, "actorLabels": [style.ACTOR_LABELS[a] for a in rows.ACTORS],
            "colours": [style.ACTOR_COLOURS[a] for a in rows.ACTORS],
            "actorSwatches": [legend.line_swatch(style.ACTOR_COLOURS[a]) for a in rows.ACTORS],
            "statuses": statuses, "stub": style.STUB_STYLE, "widths": widths,
            "present": {"a": [i in present_a for i in range(len(rows.ACTORS))],
                        "s": [i in present_s for i in range(len(statuses))]},
            "undated": sum(1 for f in flow_rows if not f[4]), "canvas": len(flow_rows) > SVG_UP_TO,
            "playMs": PLAY_MS,
            "flowHint": "colour: the actor type told most; dash: the status told most"}


def _groups(m: "folium.Map", places: list, payload: dict) -> list[dict[str, Any]]:
    """The layer control's groups: base map, reference layer, flows, areas, places."""
    ctx = SimpleNamespace(map=m, place_points=[(r[0], r[1]) for r in places])
    groups = [draw.base_group(m), *draw.reference_group(ctx)]
    grey = style.ACTOR_COLOURS["unknown"]
    story = [{"label": f"Flows ({len(payload['flows']):,} routes)", "layer": "geomap.arch.flows",
              "swatch": legend.line_swatch(grey)}]
    if payload["areas"]:
        story.append({"label": f"Areas ({len(payload['areas']):,})",
                      "layer": "geomap.arch.areas", "swatch": legend.area_swatch("region")})
    if places:
        fg = draw.place_layer(m, places, data)
        story.append(draw.control_item(f"Places named ({len(places):,})", fg,
                                       legend.dot_swatch("city")))
    return groups + [{"name": "Archive", "exclusive": False, "items": story}]


def _key(payload: dict, places: list) -> str:
    """The key: widths by articles, the line styles drawn, place kinds."""
    grey = style.ACTOR_COLOURS["unknown"]
    statuses = [payload["statuses"][i]["key"] for i, on in enumerate(payload["present"]["s"])
                if on]
    widths = [(legend.line_swatch(grey, None, rows.flow_width(n)),
               f"{n} article{'s' if n > 1 else ''} in the period") for n in (1, 10, 100)]
    kinds = sorted({r[2] for r in places})
    return legend.key_list(widths + legend.status_rows(statuses)) + (
        legend.key_list([(legend.dot_swatch(k), escape(k.capitalize())) for k in kinds])
        if kinds else "") + ('<p class="gm-src gm-hint">Click a flow to list the articles '
                             "that tell it.</p>")


def _boxes(m: "folium.Map", tables: "Tables", flows: Any, not_drawn: Any,
           title: str | None) -> None:
    """The title box (what the archive holds) and the panel of what is not on the map."""
    n_articles = int(tables.articles.error.isna().sum()) if len(tables.articles) else 0
    dates = tables.articles.date.dropna() if len(tables.articles) else []
    period = (f" · {dates.min().date().isoformat()} – {dates.max().date().isoformat()}"
              if len(dates) else "")
    sub = (f"{len(flows):,} flows · {len(tables.movements):,} journeys · "
           f"{n_articles:,} articles{period}")
    head = f"<h1>{escape(title or 'Movements reported in the archive')}</h1><p>{sub}</p>"
    m.add_child(JsCall("box", data(head), js_value("topleft"), js_value("gm-title")))
    panel = _panel(not_drawn, tables.unresolved)
    if panel:
        m.add_child(JsCall("box", data(panel), js_value("bottomleft"), js_value("gm-panel")))


def _panel(not_drawn: Any, unresolved: Any) -> str:
    """Flows with no located point and the names not resolved, the most told first."""
    parts = []
    if len(not_drawn):
        items = "".join(
            f"<li>{evidence.e(f.origin_name_en or f.origin_name_ar or '?')} → "
            f"{evidence.e(f.destination_name_en or f.destination_name_ar or '?')}"
            f'<div class="gm-reason">{int(f.articles)} articles, no located point</div></li>'
            for f in not_drawn.head(NOT_DRAWN_LISTED).itertuples())
        parts.append(f"<h2>Flows not drawn ({len(not_drawn):,})</h2><ul>{items}</ul>")
    if len(unresolved):
        top = unresolved.surface.value_counts().head(NOT_DRAWN_LISTED)
        items = "".join(f'<li><bdi dir="rtl" lang="ar">{evidence.e(s)}</bdi> ×{n}</li>'
                        for s, n in top.items())
        parts.append(f"<h2>Unresolved names ({len(unresolved):,})</h2><ul>{items}</ul>")
    if not parts:
        return ""
    return f"<details><summary>Not on the map</summary>{''.join(parts)}</details>"


def _bounds(flow_rows: list, places: list) -> list[list[float]]:
    """[[south, west], [north, east]] of the flows, else of the places, else Syria."""
    lats = [f[0][i] for f in flow_rows for i in range(0, len(f[0]), 2)]
    lons = [f[0][i] for f in flow_rows for i in range(1, len(f[0]), 2)]
    if not lats:
        lats, lons = [r[0] for r in places], [r[1] for r in places]
    if not lats:
        return draw.SYRIA_BOUNDS
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


# --- inputs ------------------------------------------------------------------------------------

def is_archive(reports: "list[Report]") -> bool:
    """Whether reports are drawn as an archive: ARCHIVE_FROM articles or more, some of them
    dated (and pyarrow, which builds an archive's tables, is installed). Fewer are one story:
    each report is drawn with its sentences."""
    from importlib.util import find_spec

    dated = len(reports) >= ARCHIVE_FROM and any(r.meta.get("date") for r in reports)
    return dated and find_spec("pyarrow") is not None


def tables_from_reports(reports: "Iterable[Report]") -> "Tables":
    """Reports in memory as an archive's tables (the rows `geomap batch` writes)."""
    from ..batch.store import tables_from_rows
    from ..io.articles import Article
    from ..io.tables import Rows

    out = Rows(0)
    for i, report in enumerate(reports):  # Rows.report draws the shapes (add_geometry)
        aid = report.id or f"article {i + 1}"
        out.report(Article(aid, report.text, dict(report.meta)), report)
    return tables_from_rows(out.rows, out.geoms)


def to_archive_html(source: "str | Path | Tables", *, title: str | None = None,
                    cdn: bool = False, fragment: bool = False) -> str:
    """The archive map of an output folder of `geomap batch` (or of tables) as HTML, or as
    an embeddable <iframe srcdoc> fragment."""
    flows = None
    if isinstance(source, (str, Path)):
        from ..batch.store import open_tables

        flows = saved_flows(Path(source))
        source = open_tables(source)  # type: ignore[assignment]
    doc = render_archive(source, flows, title=title, cdn=cdn).get_root().render()  # type: ignore
    return draw.embed_fragment(doc, title or "Map of an archive") if fragment else doc


def saved_flows(out: Path) -> Any:
    """The flows `geomap aggregate` saved in OUT/flows.parquet when no shard was written
    after it (aggregating a large archive takes minutes), else None: computed again."""
    from ..batch.flows import FLOWS_FILE

    path = out / FLOWS_FILE
    parts = list(out.glob("*/part-*.parquet"))
    if not path.exists() or any(p.stat().st_mtime > path.stat().st_mtime for p in parts):
        return None
    import pyarrow.parquet as pq

    from ..batch.store import _geo, to_pandas
    from ..io.tables import schema

    return _geo(to_pandas(pq.read_table(path, schema=schema("flows"))))


def write_archive(source: "str | Path | Tables", path: "str | Path", *,
                  title: str | None = None, cdn: bool = False, fragment: bool = False) -> Path:
    """Write the archive map to path; return the path."""
    path = Path(path)
    html = to_archive_html(source, title=title, cdn=cdn, fragment=fragment)
    path.write_text(html, encoding="utf-8")
    return path


def write_archive_image(source: "str | Path | Tables", path: "str | Path", *,
                        title: str | None = None) -> Path:
    """A PNG of the archive map, drawn by headless Chromium with the network blocked."""
    return draw.page_image(lambda page: write_archive(source, page, title=title), path)
