"""Reports → one folium map: movements with direction, areas, places, evidence in every popup.

    >>> m = render(report)                       # a folium.Map; shows inline in Jupyter
    >>> write_map([r1, r2], "map.html")          # one standalone HTML file, works offline
    >>> write_map(report, "embed.html", fragment=True)   # an <iframe srcdoc> to paste in a page
    >>> write_image(report, "map.png")           # the same map as a PNG (headless Chromium)

The written HTML is standalone by default: Leaflet and geomap's own JS/CSS are inlined and the
base layer (borders, city labels) is embedded; online OSM tiles are drawn when reachable.
"""
from __future__ import annotations

import math
from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import folium
import shapely
from shapely.geometry import LineString

from . import basemap
from . import evidence
from . import legend
from . import style
from ..geometry.stage import add_geometry, missing_end
from .mapkit import JsCall, LeanMap, Literal, RawScript, add_assets, js_value
from ..model import Report

SYRIA_BOUNDS = [[32.3, 35.7], [37.3, 42.4]]
LABELS_UP_TO = 300  # more places than this: names show on hover instead of permanently
TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


def _as_reports(reports: "Report | Iterable[Report]") -> list[Report]:
    """One report or many, as a list."""
    return [reports] if isinstance(reports, Report) else list(reports)


def _label(report: Report, i: int, n: int) -> str:
    """How a report is named under its quotes when there are several (one: the title says it)."""
    return "" if n == 1 else (report.id or f"Report {i + 1}")


def render(report_or_reports: "Report | Iterable[Report]", *, title: str | None = None,
           cdn: bool = False) -> folium.Map:
    """Draw one report or several on one map (standalone unless cdn=True). Shapes are the
    geometry stage's; a report built by hand goes through the stage for what it lacks."""
    reports = [add_geometry(r) for r in _as_reports(report_or_reports)]
    m = blank_map(cdn)
    ctx = _Context(m, reports)
    report_groups = [_movement_group(ctx), _area_group(ctx), _place_group(ctx)]
    groups = [base_group(m), *reference_group(ctx), *report_groups]
    add_control(m, [g for g in groups if g["items"]],
                 legend.key_html(ctx.legend["places"], ctx.legend["statuses"],
                                 ctx.legend["partial"]))
    _add_boxes(ctx, title)
    m.add_child(JsCall("fit", js_value(ctx.bounds or SYRIA_BOUNDS), "12"))
    m.add_child(RawScript("window.geomapReady = true;"))
    return m


def blank_map(cdn: bool) -> folium.Map:
    """geomap's map over Syria with its runtime, area hatch, panes and popup packing, nothing
    drawn yet: what the map of reports and the archive map start from."""
    m = LeanMap(location=[35.0, 38.5], zoom_start=7, tiles=None, control_scale=True,
                zoom_control="bottomright")
    add_assets(m, cdn=cdn)
    m.get_root().html.add_child(Literal(style.HATCH_SVG), name="gm_hatch")
    m.add_child(JsCall("panes", js_value(basemap.ATTRIBUTION), js_value(style.AREA_DRAW_ORDER)))
    m.add_child(JsCall("packed", js_value(evidence.PACKED)))
    return m


class _Context:
    """What the layer builders share: the map, the reports, bounds drawn, things not drawn."""

    def __init__(self, m: folium.Map, reports: list[Report]) -> None:
        self.map = m
        self.reports = reports
        self.labels = [_label(r, i, len(reports)) for i, r in enumerate(reports)]
        self.points: list[tuple[float, float]] = []  # (lat, lon) of lines and places drawn
        self.area_points: list[tuple[float, float]] = []  # area corners: framed if nothing else
        self.place_points: list[tuple[float, float]] = []  # places labelled by the report
        self.line_points: list[tuple[float, float]] = []  # movement corridors
        self.not_drawn: list[str] = []  # panel items (HTML) for things without a shape
        self.legend: dict[str, list[str]] = {"actors": [], "areas": [], "places": [],
                                             "statuses": [], "partial": []}

    @property
    def bounds(self) -> list[list[float]] | None:
        """[[south, west], [north, east]] of the story (corridors and areas) when there is one,
        else of everything drawn: a capital named in passing does not zoom the map out."""
        points = (self.line_points + self.area_points) or self.points
        if not points:
            return None
        lats, lons = zip(*points)
        return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _group(ctx: _Context, name: str, show: bool = True) -> folium.FeatureGroup:
    """A feature group added to the map (the layer control is geomap's own)."""
    fg = folium.FeatureGroup(name=name, show=show, control=False)
    fg.add_to(ctx.map)
    return fg


def control_item(label: str, layer: Any, swatch: str = "") -> dict[str, Any]:
    """One layer-control entry."""
    return {"label": label, "layer": layer.get_name(), "swatch": swatch}


def base_group(m: folium.Map) -> dict[str, Any]:
    """Online OSM tiles (fail quietly offline) or none, as exclusive choices."""
    tiles = folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=TILE_ATTRIBUTION,
                             control=False)
    tiles.add_to(m)
    blank = folium.FeatureGroup(name="No tiles", show=False, control=False)
    blank.add_to(m)
    return {"name": "Base map", "exclusive": True,
            "items": [control_item("OpenStreetMap (online)", tiles),
                      control_item("Embedded only", blank)]}


def reference_group(ctx: _Context) -> list[dict[str, Any]]:
    """The embedded borders and city labels from the gazetteer data, when the data is there.

    City labels where the report already labels a place are left out, so names never double.
    """
    data = basemap.load()
    if data is None:
        return []
    near = [(lat, lon) for lat, lon in ctx.place_points]
    cities = [c for c in data["cities"]
              if not any(abs(c[0] - lat) < 0.05 and abs(c[1] - lon) < 0.05 for lat, lon in near)]
    ctx.map.add_child(JsCall("basemap", js_value(data | {"cities": cities})))
    return [{"name": "Reference", "exclusive": False,
             "items": [{"label": "Borders and governorates", "layer": "geomap.base.outlines",
                        "swatch": ""},
                       {"label": "City names", "layer": "geomap.base.cities", "swatch": ""}]}]


def add_control(m: folium.Map, groups: list[dict[str, Any]], key: str) -> None:
    """geomap's grouped layer control; layer references are JS names, labels are JSON."""
    def item(it: dict[str, Any]) -> str:
        return (f"{{label: {js_value(it['label'])}, swatch: {js_value(it['swatch'])}, "
                f"layer: {it['layer']}}}")

    js = ",".join(f"{{name: {js_value(g['name'])}, exclusive: {str(g['exclusive']).lower()}, "
                  f"items: [{','.join(item(it) for it in g['items'])}]}}" for g in groups)
    m.add_child(JsCall("control", f"[{js}]", js_value("topright"), js_value(key)))


# --- movements -----------------------------------------------------------------------------

def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator x, y (unit sphere): the plane the screen shows, so angles match the map."""
    lat = max(min(lat, 85.0), -85.0)
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _unmercator(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of a Web Mercator point."""
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2), math.degrees(x)


def arrows(line: LineString, legs: int, weight: float, end: str = "arrow") -> list[list[Any]]:
    """[lat, lon, screen angle°, size px, shape] for arrowheads: one mid-way per leg, one at the end."""
    merc = LineString([_mercator(x, y) for x, y in line.coords])
    if merc.length == 0:
        return []
    size = round(14 + 1.6 * weight)
    fracs = [(k + 0.55) / legs for k in range(legs)] + [1.0]
    out = []
    for i, f in enumerate(fracs):
        a = merc.interpolate(max(f - 0.01, 0), normalized=True)
        b = merc.interpolate(min(f + 0.01, 1), normalized=True) if f < 1 else merc.interpolate(1, normalized=True)
        tip = merc.interpolate(f, normalized=True)
        angle = -math.degrees(math.atan2(b.y - a.y, b.x - a.x))
        lat, lon = _unmercator(tip.x, tip.y)
        out.append([round(lat, 5), round(lon, 5), round(angle, 1), size,
                    end if i == len(fracs) - 1 else "arrow"])
    return out


def _line_parts(line: LineString, missing: str | None) -> tuple[list[list[float]],
                                                                 list[list[list[float]]], bool]:
    """(the movement's own line, its faded stubs, whether its own line is a stub itself): a
    partial journey's stub is the first segment (origin missing) and/or the last (destination
    missing) of its geometry; when nothing else is left, the movement's line is its stub."""
    coords = [[round(y, 5), round(x, 5)] for x, y in line.coords]
    stubs = []
    if missing in ("origin", "both"):
        stubs.append(coords[:2])
        coords = coords[1:]
    if missing in ("destination", "both") and len(coords) >= 2:
        stubs.append(coords[-2:])
        coords = coords[:-1]
    if len(coords) >= 2 or not stubs:
        return coords, stubs, False
    return stubs[0], stubs[1:], True


def movement_row(m: Any, report: Report, label: str, geom: Any,
                 missing: str | None = None) -> dict[str, Any]:
    """The data one movement needs in the map runtime (popup HTML escaped here): its line (a
    ring for a journey within one place), the stubs of a partial one, arrows, via points."""
    colour = style.actor_colour(m.actor_type)
    weight = style.line_weight(m.count)
    actor = m.actor_type if m.actor_type in style.ACTOR_COLOURS else "unknown"
    status = style.status_key(m.status)
    dash, opacity = style.STATUS_STYLES[status]
    partial = f" geomap-partial geomap-missing-{missing}" if missing else ""
    row = {"c": colour, "w": weight, "o": opacity, "d": dash,
           "cls": f"geomap-movement geomap-actor-{actor} geomap-status-{status}{partial}",
           "p": evidence.pack(evidence.movement_popup(m, report, label,
                                                      evidence.partial_note(m, missing))),
           "v": [[v.lat, v.lon] for v in m.via if v.lat is not None and v.lon is not None]}
    if geom.geom_type == "Point":
        return row | {"pt": [round(geom.y, 5), round(geom.x, 5)], "a": []}
    own, stubs, own_is_stub = _line_parts(geom, missing)
    legs = max(1, sum(1 for ep in [m.origin, *m.via, m.destination]
                      if ep is not None and ep.lat is not None) - 1 + len(stubs) + own_is_stub)
    if own_is_stub:
        row |= {"d": style.STUB_STYLE["d"], "o": style.STUB_STYLE["o"]}
    row |= {"ll": own, "a": arrows(geom, legs, weight, "bar" if status == "blocked" else "arrow")}
    return row | {"st": stubs} if stubs else row


def _movement_group(ctx: _Context) -> dict[str, Any]:
    """One layer per actor type present, each line with arrows and via points; a partial
    journey with a stub for its missing end. Only a movement with no located point at all is
    left to the panel, with the reason."""
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for report, label in zip(ctx.reports, ctx.labels):
        for mv in report.movements:
            geom = mv.geometry
            if geom is None or geom.is_empty:
                ctx.not_drawn.append(evidence.panel_item(
                    report, mv.actor or mv.trigger, mv.start, mv.end,
                    evidence.unlocated_reason(mv)))
                continue
            missing = missing_end(mv, report.areas) if geom.geom_type != "Point" else None
            actor = mv.actor_type if mv.actor_type in style.ACTOR_COLOURS else "unknown"
            rows[actor].append(movement_row(mv, report, label, geom, missing))
            points = [(y, x) for x, y in shapely.get_coordinates(geom)]
            ctx.points += points
            ctx.line_points += points
            ctx.legend["statuses"].append(mv.status)
            if missing:
                ctx.legend["partial"].append(missing)
    items = []
    for actor in [a for a in style.ACTOR_COLOURS if a in rows]:
        fg = _group(ctx, f"Movements: {actor}")
        fg.add_child(JsCall("movements", js_value(rows[actor]), js_value(style.STUB_STYLE)))
        items.append(control_item(style.ACTOR_LABELS[actor], fg,
                                  legend.line_swatch(style.actor_colour(actor))))
        ctx.legend["actors"].append(actor)
    return {"name": "Movements", "exclusive": False, "items": items}


# --- areas -----------------------------------------------------------------------------------

def _area_kind(kind: str) -> str:
    """The area kind used for styling; unknown kinds are drawn as regions."""
    return kind if kind in style.AREA_STYLES else "region"


def area_row(a: Any, report: Report, label: str, geom: Any,
             outlines: dict[int, tuple[Any, Any]] | None = None) -> dict[str, Any]:
    """The data one area needs in the map runtime; `outlines` keeps each simplified polygon
    for the next area drawn on the same one (a long text names east Aleppo again and again)."""
    from shapely.geometry import mapping

    kind = _area_kind(a.kind)
    outlines = {} if outlines is None else outlines
    if outlines.get(id(geom), (None,))[0] is not geom:
        outlines[id(geom)] = geom, mapping(geom.simplify(0.0005, preserve_topology=True))
    return {"g": outlines[id(geom)][1], **style.AREA_STYLES[kind], "pn": f"gm-area-{kind}",
            "cls": f"geomap-area geomap-area-{kind}",
            "p": evidence.pack(evidence.area_popup(a, report, label))}


def _area_group(ctx: _Context) -> dict[str, Any]:
    """One layer per area kind present; besieged areas hatched. Each kind has its own pane,
    regions lowest and besieged towns highest, and the larger areas of a kind go under the
    smaller: a town stays clickable inside the countryside around it."""
    drawn: dict[str, list[tuple[Any, Any, Report, str]]] = defaultdict(list)
    for report, label in zip(ctx.reports, ctx.labels):
        for a in report.areas:
            geom = a.geometry
            if geom is None or geom.is_empty:
                ctx.not_drawn.append(evidence.panel_item(
                    report, a.surface, a.start, a.end, "area without a shape or a point"))
                continue
            drawn[_area_kind(a.kind)].append((a, geom, report, label))
            x0, y0, x1, y1 = geom.bounds
            ctx.area_points += [(y0, x0), (y1, x1)]
    outlines: dict[int, tuple[Any, Any]] = {}
    items = []
    for kind in [k for k in style.AREA_STYLES if k in drawn]:
        largest_first = sorted(drawn[kind], key=lambda d: -d[1].area)
        fg = _group(ctx, f"Areas: {kind}")
        fg.add_child(JsCall("areas", js_value([area_row(a, report, label, geom, outlines)
                                               for a, geom, report, label in largest_first])))
        items.append(control_item(style.AREA_LABELS[kind], fg, legend.area_swatch(kind)))
        ctx.legend["areas"].append(kind)
    return {"name": "Areas", "exclusive": False, "items": items}


# --- places ----------------------------------------------------------------------------------

def place_mentions(reports: Sequence[Report], labels: Sequence[str]) -> dict[str, list[tuple[str, Report, list[Any]]]]:
    """Place id → [(report label, report, its mentions of that place)], in first-seen order."""
    out: dict[str, dict[int, list[Any]]] = {}
    for i, report in enumerate(reports):
        for p in report.places:
            out.setdefault(p.id or f"{p.name_en}@{p.lat},{p.lon}", {}).setdefault(i, []).append(p)
    return {pid: [(labels[i], reports[i], ps) for i, ps in by_report.items()]
            for pid, by_report in out.items()}


def _located(p: Any) -> bool:
    """Whether a place has usable coordinates."""
    return (p.lat is not None and p.lon is not None and math.isfinite(p.lat)
            and math.isfinite(p.lon))


def joined_places(reports: Sequence[Report]) -> set[str]:
    """Ids of the places movements join: their ends and stops, and the places an area end is
    drawn on («ريف إدلب» joins Idlib). Their labels are the map's story: shown first."""
    out: set[str] = set()
    for report in reports:
        for m in report.movements:
            for ep in (m.origin, *m.via, m.destination):
                if ep is None or not ep.ref:
                    continue
                if not ep.ref.startswith("area:"):
                    out.add(ep.ref)
                elif ep.ref[5:].isdigit() and int(ep.ref[5:]) < len(report.areas):
                    out.update(report.areas[int(ep.ref[5:])].anchor_ids)
    return out


def place_row(mentions: list[tuple[str, Report, list[Any]]], joined: bool = False) -> list[Any]:
    """[lat, lon, kind, radius, fill, stroke, label html, popup html, joined by a movement (0/1),
    mentions] for one place id."""
    p = mentions[0][2][0]
    n = sum(len(ps) for _, _, ps in mentions)
    radius, fill, stroke = style.place_style(p.kind, n)
    return [round(p.lat, 6), round(p.lon, 6), kind_class(p.kind), radius, fill, stroke,
            evidence.pack(place_label(p.name_ar or p.surface, p.name_en, n)),
            evidence.pack(evidence.place_popup(p, mentions)), int(joined), n]


def place_label(name_ar: Any, name_en: Any, mentions: int) -> str:
    """A place's label (escaped HTML): its Arabic name, its English one, ×mentions when more
    than one."""
    count = f' <span class="gm-n">×{mentions}</span>' if mentions > 1 else ""
    return (f'<bdi dir="rtl" lang="ar">{evidence.e(name_ar)}</bdi> · '
            f"{evidence.e(name_en)}{count}")


def kind_class(kind: Any) -> str:
    """A place kind as a CSS class word: anything but letters and digits becomes «-»."""
    return "".join(ch if ch.isalnum() else "-" for ch in str(kind)) or "unknown"


def outline_row(p: Any, mentions: list[tuple[str, Report, list[Any]]]) -> dict[str, Any]:
    """A province named in the text, drawn as its outline in the region style (lowest of the
    areas' panes), with the place's popup."""
    from shapely.geometry import mapping

    outline = mapping(p.geometry.simplify(0.0005, preserve_topology=True))
    return {"g": outline, **style.AREA_STYLES["region"], "pn": "gm-area-region",
            "cls": f"geomap-outline geomap-outline-{kind_class(p.kind)}",
            "p": evidence.pack(evidence.place_popup(p, mentions))}


def _outline(p: Any) -> Any:
    """A place's outline (the geometry stage's), or None: most places are only a point."""
    geom = p.geometry
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    return geom


def _place_group(ctx: _Context) -> dict[str, Any]:
    """One marker per distinct place id, sized by mentions, labelled in Arabic and English:
    always when there are few places, else on hover; the places movements join keep their
    labels at every zoom when there are few of them. A province with an outline is drawn as
    that outline too, under the dots, and is framed like an area."""
    rows, shapes, joined = [], [], joined_places(ctx.reports)
    for pid, mentions in place_mentions(ctx.reports, ctx.labels).items():
        p = mentions[0][2][0]
        if not _located(p):
            for _, report, ps in mentions:
                ctx.not_drawn += [evidence.panel_item(report, q.surface, q.start, q.end,
                                                      "place without coordinates") for q in ps]
            continue
        rows.append(place_row(mentions, pid in joined))
        ctx.points.append((p.lat, p.lon))
        ctx.place_points.append((p.lat, p.lon))
        if (outline := _outline(p)) is not None:
            shapes.append(outline_row(p, mentions))
            x0, y0, x1, y1 = outline.bounds
            ctx.area_points += [(y0, x0), (y1, x1)]
        if p.kind not in ctx.legend["places"]:
            ctx.legend["places"].append(p.kind)
    items = []
    if shapes:
        fg = _group(ctx, "Provinces named")
        fg.add_child(JsCall("areas", js_value(shapes)))
        items.append(control_item(f"Provinces named ({len(shapes)})", fg,
                                  legend.area_swatch("region")))
    if rows:
        fg = place_layer(ctx.map, rows)
        items.append(control_item(f"Places named ({len(rows)})", fg, legend.dot_swatch("city")))
    return {"name": "Places", "exclusive": False, "items": items}


def place_layer(m: folium.Map, rows: list[list[Any]],
                encode: Callable[[Any], str] = js_value) -> folium.FeatureGroup:
    """The places' dots (place_row rows, written by `encode`) as one layer: every label shown
    when there are few places, the labels of the places journeys join when those are few,
    else labels on hover."""
    fg = folium.FeatureGroup(name="Places", control=False).add_to(m)
    opts = {"labels": len(rows) <= LABELS_UP_TO, "ends": sum(r[8] for r in rows) <= LABELS_UP_TO}
    fg.add_child(JsCall("places", encode(rows), js_value(opts)))
    return fg


# --- title, legend, side panel -----------------------------------------------------------------

def _title_html(ctx: _Context, title: str | None) -> str:
    """The title box: given title or one made from the report ids, and what the map holds."""
    ids = [r.id for r in ctx.reports if r.id]
    title = title or ("Movements reported in " + ", ".join(ids[:3]) if ids else
                      "Movements reported in the text")
    n_mv = sum(len(r.movements) for r in ctx.reports)
    n_pl = len(place_mentions(ctx.reports, ctx.labels))
    n_ar = sum(len(r.areas) for r in ctx.reports)
    sub = f"{n_mv} movements · {n_pl} places · {n_ar} areas"
    if len(ctx.reports) > 1:
        sub += f" · {len(ctx.reports)} reports"
    return f"<h1>{escape(title)}</h1><p>{sub}</p>"


def _panel_html(ctx: _Context) -> str:
    """Side panel: names the text uses as places that were not resolved, and anything not drawn."""
    parts: list[str] = []
    unresolved = [evidence.panel_item(r, u.surface, u.start, u.end, evidence.e(u.reason))
                  for r in ctx.reports for u in r.unresolved]
    if unresolved:
        parts.append(f"<h2>Unresolved names ({len(unresolved)})</h2><ul>{''.join(unresolved)}</ul>")
    if ctx.not_drawn:
        parts.append(f"<h2>Not drawn ({len(ctx.not_drawn)})</h2><ul>{''.join(ctx.not_drawn)}</ul>")
    if not parts:
        return ""
    n = len(unresolved) + len(ctx.not_drawn)
    return (f"<details{' open' if n <= 6 else ''}><summary>Not on the map ({n})</summary>"
            f"{''.join(parts)}</details>")


def _add_boxes(ctx: _Context, title: str | None) -> None:
    """Title (top left) and the panel of names not on the map (bottom left)."""
    boxes = [(_title_html(ctx, title), "topleft", "gm-title")]
    panel = _panel_html(ctx)
    if panel:
        boxes.append((panel, "bottomleft", "gm-panel"))
    for html, position, cls in boxes:
        ctx.map.add_child(JsCall("box", js_value(html), js_value(position), js_value(cls)))


# --- files -----------------------------------------------------------------------------------

def to_html(reports: "Report | Iterable[Report]", *, cdn: bool = False, fragment: bool = False,
            title: str | None = None) -> str:
    """The map as a whole HTML document, or as an embeddable <iframe srcdoc> fragment."""
    doc = render(reports, title=title, cdn=cdn).get_root().render()
    return embed_fragment(doc, title or "Map of reported movements") if fragment else doc


def embed_fragment(doc: str, title: str) -> str:
    """A standalone document wrapped in one sandboxed, responsive iframe that clashes with nothing."""
    return (
        '<div style="position:relative;display:block;width:100%;aspect-ratio:3/2;min-height:360px;'
        'max-height:90vh;overflow:hidden;margin:0;padding:0">'
        f'<iframe title="{escape(title)}" srcdoc="{escape(doc, quote=True)}" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
        'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0;margin:0" '
        'loading="lazy"></iframe></div>\n'
    )


def write_map(reports: "Report | Iterable[Report]", path: "str | Path", *, cdn: bool = False,
              fragment: bool = False, title: str | None = None) -> Path:
    """Write the map to path (standalone HTML by default); return the path."""
    path = Path(path)
    path.write_text(to_html(reports, cdn=cdn, fragment=fragment, title=title), encoding="utf-8")
    return path


def write_image(reports: "Report | Iterable[Report]", path: "str | Path", *,
                title: str | None = None, width: int = 1400, height: int = 900) -> Path:
    """Write a PNG of the same map, drawn by headless Chromium with the network blocked."""
    return page_image(lambda page: write_map(reports, page, title=title), path,
                      width=width, height=height)


def page_image(write_page: Callable[[Path], Path], path: "str | Path", *, width: int = 1400,
               height: int = 900) -> Path:
    """Write a PNG of the page write_page writes, drawn by headless Chromium with the network
    blocked. Drawn beside a temporary page, then copied: the path's own name or kind does
    not matter."""
    import tempfile

    from .snapshot import screenshot

    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        page = write_page(Path(tmp) / "map.html")
        screenshot(page, Path(tmp) / "map.png", width=width, height=height)
        path.write_bytes((Path(tmp) / "map.png").read_bytes())
    return path
