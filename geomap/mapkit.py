"""Small folium building blocks for geomap maps: safe script data, inlined assets, JS calls.

Nothing here builds markup from article text: callers pass HTML they escaped themselves, and
this module only moves it into the page as JSON string literals that cannot end a <script>.
"""
from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

LEAFLET_VERSION = "1.9.3"
LEAFLET_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist"
_SCRIPT_HAZARD = re.compile(r"</|<!|<(?=script)|-->|[\u2028\u2029]", re.I)
_SCRIPT_SAFE = {"</": "<\\/", "<!": "\\u003c!", "<": "\\u003c", "-->": "--\\u003e",
                "\u2028": "\\u2028", "\u2029": "\\u2029"}


def js_value(value: Any) -> str:
    """JSON safe inside an HTML <script>: nothing in it can end the script (`</`), open an HTML
    comment or a nested `<script` (which change how the parser finds the end), or break a JS
    line (U+2028/9). Strings stay double-quoted JSON, never JS template literals."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_HAZARD.sub(lambda m: _SCRIPT_SAFE.get(m.group(), _SCRIPT_SAFE["<"]), text)


def asset_text(name: str) -> str:
    """The text of one file shipped in geomap/assets."""
    return resources.files("geomap").joinpath("assets", name).read_text(encoding="utf-8")


def _leaflet_dir() -> Path:
    """Where the xstatic-leaflet package keeps Leaflet's dist files."""
    import xstatic.pkg.leaflet as xleaflet

    return Path(xleaflet.BASE_DIR)


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet's minified JS from xstatic-leaflet (BSD-2-Clause; its @preserve header kept)."""
    return (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's CSS with its images inlined as data: URIs, so nothing loads from disk."""
    css = (_leaflet_dir() / "leaflet.css").read_text(encoding="utf-8")
    images = _leaflet_dir() / "images"

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((images / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)


@lru_cache(maxsize=1)
def leaflet_notice() -> str:
    """Leaflet's BSD-2 licence as a JS comment, carried with the inlined copy."""
    text = asset_text("LICENSES.md")
    start = text.index("BSD 2-Clause")
    body = text[start:text.index("## geomap.js")].strip().replace("*/", "* /")
    return f"/* Leaflet {LEAFLET_VERSION}: {body} */\n"


def _script(code: str) -> str:
    """An inline <script> element; refuses code that could close it early."""
    if "</script" in code.lower():
        raise ValueError("inline script contains '</script'")
    return f"<script>{code}</script>"


def add_assets(m: folium.Map, *, cdn: bool) -> None:
    """Put Leaflet and geomap's own JS/CSS in the page head: inline, or Leaflet from a CDN."""
    header = m.get_root().header
    if cdn:
        header.add_child(Element(f'<link rel="stylesheet" href="{LEAFLET_CDN}/leaflet.css"/>'),
                         name="gm_leaflet_css")
        header.add_child(Element(f'<script src="{LEAFLET_CDN}/leaflet.js"></script>'),
                         name="gm_leaflet_js")
    else:
        header.add_child(Element(f"<style>{leaflet_css()}</style>"), name="gm_leaflet_css")
        header.add_child(Element(_script(leaflet_notice() + leaflet_js())), name="gm_leaflet_js")
    header.add_child(Element(f"<style>{asset_text('geomap.css')}</style>"), name="gm_css")
    header.add_child(Element(_script(asset_text("geomap.js"))), name="gm_js")


class LeanMap(folium.Map):
    """A folium.Map that loads no default JS/CSS (jQuery, Bootstrap, Font Awesome…): geomap
    adds Leaflet itself and uses nothing else."""

    default_js: list = []
    default_css: list = []


class JsCall(MacroElement):
    """`geomap.<fn>(<parent layer>, <args…>)` in the map script; args are JS source strings."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "geomap.{{ this.fn }}({{ this._parent.get_name() }}{% for a in this.args %}, {{ a }}"
        "{% endfor %});\n"
        "{% endmacro %}"
    )

    def __init__(self, fn: str, *args: str) -> None:
        super().__init__()
        self._name = "GeomapCall"
        self.fn = fn
        self.args = args


class RawScript(MacroElement):
    """A fixed piece of map script written by geomap itself (never data)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}\n{% endmacro %}")

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "GeomapScript"
        self.code = code
