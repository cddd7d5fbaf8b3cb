"""The legend and the layer-control swatches: small inline SVGs drawn from geomap.style."""
from __future__ import annotations

from html import escape

from . import style


def line_swatch(colour: str, dash: str | None = None, width: float = 3.0) -> str:
    """A short line with an arrowhead, as inline SVG."""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<svg width="34" height="12" viewBox="0 0 34 12"><line x1="1" y1="6" x2="25" y2="6" '
            f'stroke="{colour}" stroke-width="{width}"{dash_attr} stroke-linecap="round"/>'
            f'<path d="M33,6 L23,1 L25.5,6 L23,11 z" fill="{colour}"/></svg>')


def area_swatch(kind: str) -> str:
    """A small square in an area kind's style, as inline SVG."""
    s = style.AREA_STYLES[kind]
    fill = "url(#gm-hatch)" if kind == "besieged" else s["f"]
    opacity = 1 if kind == "besieged" else max(s["fo"], 0.12)
    dash = f' stroke-dasharray="{s["d"]}"' if s["d"] else ""
    return (f'<svg width="18" height="14" viewBox="0 0 18 14"><rect x="1" y="1" width="16" '
            f'height="12" fill="{fill}" fill-opacity="{opacity}" stroke="{s["c"]}" '
            f'stroke-width="1.5"{dash}/></svg>')


def dot_swatch(kind: str) -> str:
    """A place marker of one kind, as inline SVG."""
    r, fill, stroke = style.PLACE_STYLES.get(kind, style.PLACE_DEFAULT)
    return (f'<svg width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="{r}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/></svg>')


def key_list(pairs: list[tuple[str, str]]) -> str:
    """A legend list of (swatch svg, label)."""
    return "<ul>" + "".join(f"<li>{sw}<span>{label}</span></li>" for sw, label in pairs) + "</ul>"


def stub_swatch(colour: str, missing: str) -> str:
    """A partial journey: a dot, a faded dashed stub and an arrowhead (origin only), or the
    stub, the arrowhead and the dot (destination only)."""
    dash, opacity = style.STUB_STYLE["d"], style.STUB_STYLE["o"]
    dot_x, x1, x2 = (5, 8, 25) if missing == "destination" else (29, 1, 17)
    tip = x2 + 8
    return (f'<svg width="34" height="12" viewBox="0 0 34 12"><line x1="{x1}" y1="6" x2="{x2}" '
            f'y2="6" stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}" '
            f'stroke-opacity="{opacity}"/><path d="M{tip},6 L{tip - 10},1 L{tip - 7.5},6 '
            f'L{tip - 10},11 z" fill="{colour}"/><circle cx="{dot_x}" cy="6" r="3.5" fill="#fff" '
            f'stroke="{colour}" stroke-width="1.5"/></svg>')


def status_rows(statuses: list[str]) -> list[tuple[str, str]]:
    """(swatch, label) for each line style the map uses, in the legend's order; «expected» is
    drawn and labelled as «planned»."""
    grey = style.ACTOR_COLOURS["unknown"]
    keys = {"planned" if k == "expected" else k for k in map(style.status_key, statuses)}
    return [(line_swatch(grey, style.STATUS_DASHES[k]), label)
            for k, label in style.STATUS_LABELS if k in keys]


def key_html(place_kinds: list[str], statuses: list[str] | None = None,
             partial: list[str] | None = None) -> str:
    """The key under the layer switches: the line styles and partial stubs the map draws
    (all statuses when not told; none when it draws no movement), via points, place kinds."""
    grey = style.ACTOR_COLOURS["unknown"]
    statuses = [k for k, _ in style.STATUS_LABELS] if statuses is None else statuses
    stubs = [(stub_swatch(grey, k), label) for k, label in style.PARTIAL_LABELS.items()
             if k in (partial or ())]
    parts = []
    if statuses:  # a map without movements has no line to explain
        parts += ["<h2>Line style</h2>", key_list(
            status_rows(statuses) + stubs
            + [(line_swatch(grey, None, 7), "Wider: more people or vehicles"),
               ('<svg width="34" height="12"><circle cx="17" cy="6" r="4" fill="#fff" stroke="'
                + grey + '" stroke-width="2"/></svg>', "Via point")])]
    if place_kinds:
        parts += ["<h2>Places</h2>", key_list([(dot_swatch(k), escape(k.capitalize()))
                                             for k in place_kinds])]
    parts.append('<p class="gm-src gm-hint">Click a line, area or place to read the Arabic '
                 "sentence behind it.</p>")
    return "".join(parts)
