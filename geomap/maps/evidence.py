"""Popup and panel HTML: every claim on the map with the Arabic sentence that made it.

All text from a report (the article, its names, actors, reasons) and from the gazetteer passes
through html.escape here; the result is trusted HTML for the map runtime.
"""
from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Area, Endpoint, Movement, Place, Report

Span = tuple[int, int]
CONTEXT = 140  # characters of a long sentence kept on each side of the marked names
MAX_QUOTES = 3  # sentences shown per popup; the rest are counted
QUOTE_CHARS = 1000  # at most this much of one sentence is shown (a text may never stop)


def e(value: object) -> str:
    """HTML-escaped text of any value ('' for None)."""
    return "" if value is None else escape(str(value), quote=True)


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlaps joined."""
    out: list[Span] = []
    for s, t in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], t))
        else:
            out.append((s, t))
    return out


def _clip(bounds: Span, marks: list[Span]) -> tuple[Span, bool, bool]:
    """The part of a long sentence worth showing around its marks, and whether each end was cut."""
    s0, s1 = bounds
    lo = max(s0, marks[0][0] - CONTEXT) if marks else s0
    hi = min(s1, marks[-1][1] + CONTEXT, lo + QUOTE_CHARS) if marks else min(s1, s0 + 2 * CONTEXT)
    return (lo, hi), lo > s0, hi < s1


def marked(text: str, bounds: Span, spans: Iterable[Span]) -> str:
    """One sentence, escaped, with the spans inside it wrapped in <mark>."""
    marks = [(max(s, bounds[0]), min(t, bounds[1])) for s, t in _merge(spans)
             if s < t and s < bounds[1] and t > bounds[0]]
    (lo, hi), cut_lo, cut_hi = _clip(bounds, marks)
    parts, pos = ["…" if cut_lo else ""], lo
    for s, t in marks:
        if s >= hi:
            break  # past the part shown
        t = min(t, hi)
        parts += [e(text[pos:s]), "<mark>", e(text[s:t]), "</mark>"]
        pos = t
    parts += [e(text[pos:hi]), "…" if cut_hi else ""]
    return "".join(parts).strip()


def quotes(report: "Report", spans: Iterable[Span]) -> str:
    """The sentences holding the spans, right-to-left, names marked; one paragraph each."""
    by_sentence: dict[Span, list[Span]] = defaultdict(list)
    for s, t in spans:
        if s is None or t is None or not 0 <= s <= t <= len(report.text):
            continue
        by_sentence[tuple(report.sentence(s, t))].append((s, t))
    items = sorted(by_sentence.items())
    html = "".join(f'<p class="gm-quote" dir="rtl" lang="ar">{marked(report.text, b, sp)}</p>'
                   for b, sp in items[:MAX_QUOTES])
    if len(items) > MAX_QUOTES:
        html += f'<p class="gm-src">+ {len(items) - MAX_QUOTES} more sentences</p>'
    return html


# The markup every popup and label repeats, sent once per map: the map's data carries «<N>»
# for the Nth of these and the map runtime puts it back when a popup opens. Escaped text never
# holds a «<», and no tag of geomap's starts with a digit, so «<N>» cannot mean anything else.
# 5,000 places' popups took 3.5 MB of a 5 MB map; packed, a third less.
ROW_NAMES = ("Kind", "Coordinates", "Gazetteer id", "Source", "Confidence", "Mentions", "Actor",
             "Actor type", "Count", "Status", "Trigger", "Route", "Drawn", "Anchored on")
PACKED = ('<div class="gm-pop"><h3>', "</h3><table>", "</td></tr>", "</table>", "</div>",
          '<p class="gm-quote" dir="rtl" lang="ar">', '<p class="gm-src">', "</p>",
          '<bdi dir="rtl" lang="ar">', "</bdi>", "<mark>", "</mark>",
          *(f"<tr><th>{name}</th><td>" for name in ROW_NAMES))
_PACK = re.compile("|".join(re.escape(t) for t in sorted(PACKED, key=len, reverse=True)))
_PACK_INDEX = {t: f"<{i}>" for i, t in enumerate(PACKED)}
_UNPACK = re.compile(r"<(\d+)>")


def pack(html: str) -> str:
    """Popup or label HTML with its repeated markup as «<N>» (see PACKED)."""
    return _PACK.sub(lambda m: _PACK_INDEX[m.group()], html)


def unpack(packed: str) -> str:
    """The HTML that `pack` packed (what the map runtime does in the browser)."""
    return _UNPACK.sub(lambda m: PACKED[int(m.group(1))], packed)


def cell_table(pairs: Iterable[tuple[str, str]]) -> str:
    """A two-column table of already-escaped cells; empty values are left out."""
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in pairs if v)
    return f"<table>{body}</table>"


def rtl(text: str) -> str:
    """An Arabic run, isolated right-to-left inside English text."""
    return f'<bdi dir="rtl" lang="ar">{e(text)}</bdi>' if text else ""


WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def _source_line(label: str, report: "Report | None" = None) -> str:
    """A small line naming the report a quote comes from, with its article's date and a link
    to it: only an http(s) URL is a link, any other (javascript:…) is shown as text."""
    meta = report.meta if report is not None else {}
    parts = [e(v) for v in (label, meta.get("date")) if v]
    url = meta.get("url")
    if isinstance(url, str) and WEB_URL.fullmatch(url):
        name = meta.get("source") or url.split("/")[2] or url
        parts.append(f'<a href="{e(url)}" target="_blank" rel="noopener">{e(name)}</a>')
    elif url:
        parts.append(e(url))
    return f'<p class="gm-src">{" · ".join(parts)}</p>' if parts else ""


def place_popup(place: "Place", mentions: list[tuple[str, "Report", list["Place"]]]) -> str:
    """A place: names, kind, coordinates, source, confidence, then its sentences per report."""
    n = sum(len(ps) for _, _, ps in mentions)
    conf = max(p.confidence for _, _, ps in mentions for p in ps)
    head = f'<h3>{e(place.name_en or place.surface)} {rtl(place.name_ar or place.surface)}</h3>'
    table = cell_table([
        ("Kind", e(place.kind)),
        ("Coordinates", f"{place.lat:.5f}, {place.lon:.5f}"),
        ("Gazetteer id", e(place.id)),
        ("Source", e(place.source)),
        ("Confidence", f"{conf:.2f}"),
        ("Mentions", str(n)),
    ])
    ev = "".join(_source_line(label, r) + quotes(r, [(p.start, p.end) for p in ps])
                 for label, r, ps in mentions)
    return f'<div class="gm-pop">{head}{table}{ev}</div>'


def endpoint_name(ep: "Endpoint | None") -> str:
    """An endpoint as 'English (Arabic)', or an em dash when the text gives none."""
    if ep is None:
        return "—"
    return f"{e(ep.name_en or ep.name_ar)} {rtl(ep.name_ar)}".strip()


def route(m: "Movement") -> str:
    """from → via… → to, as escaped HTML."""
    stops = [endpoint_name(m.origin), *(endpoint_name(v) for v in m.via),
             endpoint_name(m.destination)]
    return " → ".join(stops)


def count_text(m: "Movement") -> str:
    """'20 buses, 10 vehicles', '15,000', or '' when the text gives no number."""
    if m.count is None:
        return ""
    counts = m.counts or ((m.count, m.count_unit),)
    return ", ".join(f"{n:,} {unit or ''}".strip() for n, unit in counts)


def movement_spans(m: "Movement") -> list[Span]:
    """The spans worth marking in a movement's sentence: its endpoints and trigger."""
    eps = [m.origin, *m.via, m.destination]
    spans = [(ep.start, ep.end) for ep in eps if ep is not None and ep.start is not None
             and ep.end is not None]
    return spans or [(m.start, m.end)]


def end_state(ep: "Endpoint | None", role: str) -> str:
    """Why an end is not on the map, as escaped HTML: not named, or named but not located."""
    if ep is None:
        return f"no {role} named"
    return f"{role} {rtl(ep.name_ar or ep.name_en) or '—'} not located"


def partial_note(m: "Movement", missing: str | None) -> str:
    """What a movement's line shows when an end is missing (escaped HTML), else ''."""
    if missing is None:
        return ""
    shown = {"destination": "origin only", "origin": "destination only",
             "both": "via stops only"}[missing]
    ends = [end_state(m.origin, "origin")] if missing in ("origin", "both") else []
    ends += [end_state(m.destination, "destination")] if missing in ("destination", "both") else []
    return f"partial, {shown}: {'; '.join(ends)}"


def unlocated_reason(m: "Movement") -> str:
    """Why a movement has nothing on the map (escaped HTML): each end and stop not located."""
    parts = [end_state(m.origin, "origin"), *(end_state(v, "via") for v in m.via),
             end_state(m.destination, "destination")]
    return "movement with no located point: " + "; ".join(parts)


def movement_popup(m: "Movement", report: "Report", label: str, drawn: str = "") -> str:
    """A movement: actor, count, status, route, how it is drawn when partial (escaped HTML),
    then the sentence that reports it."""
    head = f"<h3>{e(m.actor_type.capitalize())} movement · {e(m.status)}</h3>"
    table = cell_table([
        ("Actor", rtl(m.actor or "") or "—"),
        ("Actor type", e(m.actor_type)),
        ("Count", e(count_text(m))),
        ("Status", e(m.status)),
        ("Trigger", rtl(m.trigger)),
        ("Route", route(m)),
        ("Drawn", drawn),
    ])
    ev = _source_line(label, report) + quotes(report, _sentence_anchor(m) + movement_spans(m))
    return f'<div class="gm-pop">{head}{table}{ev}</div>'


def _sentence_anchor(m: "Movement") -> list[Span]:
    """The movement's own span, used to find its sentence even if endpoints lie elsewhere."""
    return [(m.start, m.start)] if m.start is not None else []


def area_popup(a: "Area", report: "Report", label: str) -> str:
    """An area: name, kind, anchors, then the sentence that names it."""
    head = f"<h3>{e(a.name_en or a.surface)} {rtl(a.name_ar or a.surface)}</h3>"
    table = cell_table([("Kind", e(a.kind)), ("Anchored on", e(", ".join(a.anchor_ids)))])
    ev = _source_line(label, report) + quotes(report, [(a.start, a.end)])
    return f'<div class="gm-pop">{head}{table}{ev}</div>'


def panel_item(report: "Report", surface: str, start: int, end: int, reason_html: str) -> str:
    """One entry of the side panel: the name, why it is listed (escaped HTML), its sentence."""
    why = f'<div class="gm-reason">{reason_html}</div>' if reason_html else ""
    return (f"<li>{rtl(surface)}{why}"
            f"<details><summary>sentence</summary>{quotes(report, [(start, end)])}</details></li>")
