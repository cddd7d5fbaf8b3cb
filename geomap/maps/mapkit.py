"""Small folium building blocks for geomap maps: safe script data, inlined assets, JS calls.

Nothing here builds markup from article text: callers pass HTML they escaped themselves, and
this module only moves it into the page as JSON string literals that cannot end a <script>.
Nothing geomap puts in a page is ever compiled as a Jinja template either: branca turns every
piece of script a MacroElement renders into ``Element(text)``, which compiles ``text`` as a
template a second time, so ``{{ … }}`` in an article would run. geomap's elements place their
text as a :class:`Literal`, which renders to itself.
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


def inline_script(code: str) -> str:
    """An inline <script> element; refuses code that could close it early."""
    if "</script" in code.lower():
        raise ValueError("inline script contains '</script'")
    return f"<script>{code}</script>"


def add_assets(m: folium.Map, *, cdn: bool) -> None:
    """Put Leaflet and geomap's own JS/CSS in the page head: inline, or Leaflet from a CDN."""
    header = m.get_root().header
    if cdn:
        header.add_child(Literal(f'<link rel="stylesheet" href="{LEAFLET_CDN}/leaflet.css"/>'),
                         name="gm_leaflet_css")
        header.add_child(Literal(f'<script src="{LEAFLET_CDN}/leaflet.js"></script>'),
                         name="gm_leaflet_js")
    else:
        header.add_child(Literal(f"<style>{leaflet_css()}</style>"), name="gm_leaflet_css")
        header.add_child(Literal(inline_script(leaflet_notice() + leaflet_js())),
                         name="gm_leaflet_js")
    header.add_child(Literal(f"<style>{asset_text('geomap.css')}</style>"), name="gm_css")
    header.add_child(Literal(inline_script(asset_text("geomap.js"))), name="gm_js")


class LeanMap(folium.Map):
    """A folium.Map that loads no default JS/CSS (jQuery, Bootstrap, Font Awesome…): geomap
    adds Leaflet itself and uses nothing else."""

    default_js: list = []
    default_css: list = []


class Literal(Element):
    """Text put in the page exactly as given: never compiled or evaluated as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Literal"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _Script(MacroElement):
    """A piece of the map script, added to the page as a Literal (see the module docstring)."""

    def code(self) -> str:
        raise NotImplementedError

    def render(self, **kwargs: Any) -> None:
        self.get_root().script.add_child(Literal(self.code()), name=self.get_name())


class JsCall(_Script):
    """`geomap.<fn>(<parent layer>, <args…>)` in the map script; args are JS source strings."""

    def __init__(self, fn: str, *args: str) -> None:
        super().__init__()
        self._name = "GeomapCall"
        self.fn = fn
        self.args = args

    def code(self) -> str:
        return f"geomap.{self.fn}({', '.join([self._parent.get_name(), *self.args])});\n"


class RawScript(_Script):
    """A fixed piece of map script written by geomap itself (never data)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "GeomapScript"
        self._code = code

    def code(self) -> str:
        return self._code + "\n"
