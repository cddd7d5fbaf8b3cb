"""How things look: colours, line styles and marker sizes, shared by the map and its legend."""
from __future__ import annotations

import math

ACTOR_COLOURS = {
    "armed": "#c62828",
    "civilians": "#1565c0",
    "wounded": "#8e24aa",
    "aid": "#2e7d32",
    "unknown": "#616161",
}
ACTOR_LABELS = {
    "armed": "Armed groups",
    "civilians": "Civilians",
    "wounded": "Wounded and sick",
    "aid": "Aid convoys",
    "unknown": "Unknown actor",
}
# status: (dash pattern, opacity). A status the map does not know is drawn as "other": never
# as done, so a denied journey under a new name is not shown as one that happened.
STATUS_STYLES = {"done": (None, 0.9), "planned": ("10 7", 0.9), "expected": ("10 7", 0.9),
                 "ordered": ("12 5 2 5", 0.9), "attempted": ("6 5", 0.9),
                 "blocked": ("3 6", 0.9), "negated": ("1 7", 0.5), "other": ("2 5 8 5", 0.7)}
STATUS_DASHES = {k: dash for k, (dash, _) in STATUS_STYLES.items()}
STATUS_ALIASES = {"denied": "negated", "cancelled": "negated", "prevented": "blocked",
                  "called": "ordered"}
STATUS_LABELS = [("done", "Reported as done"), ("planned", "Planned or expected"),
                 ("ordered", "Ordered or called for"), ("attempted", "Attempted"),
                 ("blocked", "Blocked (bar at the end)"), ("negated", "Denied / did not happen"),
                 ("other", "Other status")]
STUB_STYLE = {"d": "4 6", "o": 0.45}  # a partial journey's stub: dashed and faded
PARTIAL_LABELS = {"destination": "Partial: origin only", "origin": "Partial: destination only",
                  "both": "Partial: via stops only"}
AREA_STYLES = {
    "besieged": {"c": "#b71c1c", "w": 1.6, "d": None, "f": "#b71c1c", "fo": 1.0},
    "neighbourhoods": {"c": "#e65100", "w": 1.3, "d": None, "f": "#ff9800", "fo": 0.2},
    "countryside": {"c": "#558b2f", "w": 1.3, "d": "6 4", "f": "#9ccc65", "fo": 0.16},
    "region": {"c": "#5e35b1", "w": 1.6, "d": "2 5", "f": "#7e57c2", "fo": 0.05},
}
AREA_DRAW_ORDER = ["region", "countryside", "neighbourhoods", "besieged"]  # bottom to top
AREA_LABELS = {"besieged": "Besieged", "neighbourhoods": "City neighbourhoods",
               "countryside": "Countryside", "region": "Region"}
PLACE_STYLES = {  # kind: (radius, fill, stroke)
    "city": (6.5, "#212121", "#ffffff"),
    "town": (5.0, "#616161", "#ffffff"),
    "village": (4.0, "#ffffff", "#424242"),
    "neighbourhood": (4.0, "#ff9800", "#ffffff"),
    "crossing": (5.0, "#fdd835", "#424242"),
    "camp": (4.5, "#4fc3f7", "#424242"),
    "base": (4.5, "#795548", "#ffffff"),
    "airport": (4.5, "#795548", "#ffffff"),
    "region": (4.0, "#b39ddb", "#424242"),
    "governorate": (4.0, "#b39ddb", "#424242"),
    "district": (4.0, "#b39ddb", "#424242"),
    "country": (4.0, "#b39ddb", "#424242"),
}
PLACE_DEFAULT = (4.5, "#9e9e9e", "#ffffff")
HATCH_SVG = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<pattern id="gm-hatch" patternUnits="userSpaceOnUse" width="7" height="7" '
    'patternTransform="rotate(45)"><rect width="7" height="7" fill="#b71c1c" fill-opacity="0.1"/>'
    '<line x1="0" y1="0" x2="0" y2="7" stroke="#b71c1c" stroke-width="2.5" stroke-opacity="0.6"/>'
    "</pattern></defs></svg>"
)


def actor_colour(actor_type: str) -> str:
    """The line colour of an actor type (unknown types get the 'unknown' grey)."""
    return ACTOR_COLOURS.get(actor_type, ACTOR_COLOURS["unknown"])


def status_key(status: str) -> str:
    """The style a movement status is drawn in: its own, an alias's, else "other"."""
    status = STATUS_ALIASES.get(status, status)
    return status if status in STATUS_STYLES else "other"


def line_weight(count: int | None) -> float:
    """Line width in pixels: 3 without a count, growing with log10(count) up to 10."""
    if not count or count < 1:
        return 3.0
    return round(min(10.0, 3.0 + 1.6 * math.log10(count)), 1)


def place_style(kind: str, mentions: int) -> tuple[float, str, str]:
    """(radius, fill, stroke) of a place marker; more mentions, slightly larger."""
    r, fill, stroke = PLACE_STYLES.get(kind, PLACE_DEFAULT)
    return round(r + min(3.0, math.log2(max(mentions, 1))), 1), fill, stroke
