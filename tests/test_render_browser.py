"""Real-browser tests: maps open offline in headless Chromium, draw, toggle, and run no injected
script. Screenshots are saved under /tmp/geomap-shots for a human to look at."""
from __future__ import annotations

from pathlib import Path

import pytest

from geomap.maps.draw import write_image, write_map
from tests.browser import open_file, require_browser

SHOTS = Path("/tmp/geomap-shots")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    require_browser()
    from geomap.maps.snapshot import browser as launch

    with launch() as b:
        yield b


def count(page, selector: str) -> int:
    """How many elements match a CSS selector."""
    return page.locator(selector).count()


def shot(page, name: str) -> None:
    """Save a screenshot to look at."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def test_seed_map_draws_offline_without_errors(browser, seed, tmp_path):
    w = open_file(browser, write_map(seed, tmp_path / "seed.html"))
    page = w.page
    assert count(page, "path.geomap-movement") == 4
    assert count(page, "path.geomap-actor-civilians") == 1
    assert count(page, "path.geomap-area") == 4
    assert count(page, "path.geomap-area-besieged") == 1
    assert count(page, "path.geomap-place") == 6
    assert count(page, ".geomap-arrow") >= 8 and count(page, "path.geomap-via") == 1
    assert page.locator(".gm-panel").inner_text().count("حميميم") == 1
    assert "OCHA" in page.locator(".leaflet-control-attribution").inner_text()
    assert w.errors == [] and w.dialogs == []
    assert all("tile.openstreetmap.org" in u for u in w.blocked)  # nothing else was asked for
    shot(page, "seed.png")


def test_besieged_area_is_hatched(browser, seed, tmp_path):
    page = open_file(browser, write_map(seed, tmp_path / "seed.html")).page
    fill = page.eval_on_selector("path.geomap-area-besieged",
                                 "el => getComputedStyle(el).fill")
    assert "gm-hatch" in fill


def test_popup_shows_marked_arabic_sentence(browser, seed, tmp_path):
    page = open_file(browser, write_map(seed, tmp_path / "seed.html")).page
    page.locator("path.geomap-kind-crossing").click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator(".gm-quote").first.get_attribute("dir") == "rtl"
    assert popup.locator("mark").first.inner_text() == "معبر الراموسة"
    assert "Ramouseh crossing" in popup.inner_text()
    assert page.eval_on_selector(".leaflet-container", "el => getComputedStyle(el).direction") == "ltr"
    shot(page, "seed-popup.png")


def test_layer_control_toggles_movements(browser, seed, tmp_path):
    page = open_file(browser, write_map(seed, tmp_path / "seed.html")).page
    armed = page.locator(".gm-item", has_text="Armed groups")
    assert count(page, "path.geomap-actor-armed") == 3
    armed.click()
    assert count(page, "path.geomap-actor-armed") == 0
    assert count(page, "path.geomap-actor-civilians") == 1
    armed.click()
    assert count(page, "path.geomap-actor-armed") == 3


def test_hostile_text_runs_no_script_and_stays_visible(browser, hostile, tmp_path):
    w = open_file(browser, write_map(hostile, tmp_path / "hostile.html"))
    page = w.page
    assert w.dialogs == [] and w.errors == []
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert count(page, "#injected") == 0 and count(page, "img[src='x']") == 0
    assert '<img src=x onerror="alert(1)">' in page.locator(".gm-panel").inner_text()
    page.locator("path[class*='geomap-kind-town']").click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Kafriya <img src=x onerror=alert(3)>" in text and "`${alert(2)}` \\1" in text
    assert count(page, "img[src='x']") == 0 and w.dialogs == []
    shot(page, "hostile-popup.png")


HOST_PAGE = """<!DOCTYPE html><html><head><title>host</title>
<style>div { display: block; background: #fee; } svg, path { display: none !important; }
.leaflet-container { display: none !important; } iframe { max-width: 100%; }</style>
<script>window.L = "not leaflet"; window.geomap = 42; var $ = null;</script>
</head><body><h1>A newsroom article</h1><p>Before the map.</p>
<div style="width: 900px">{fragment}</div><p>After the map.</p></body></html>"""


def test_fragment_draws_inside_a_hostile_host_page(browser, seed, tmp_path):
    frag = write_map(seed, tmp_path / "frag.html", fragment=True).read_text(encoding="utf-8")
    host = tmp_path / "host.html"
    host.write_text(HOST_PAGE.replace("{fragment}", frag), encoding="utf-8")
    w = open_file(browser, host, ready=False)
    frame = w.page.frame_locator("iframe")
    inner = next(f for f in w.page.frames if f != w.page.main_frame)
    inner.wait_for_function("window.geomapReady === true", timeout=15000)
    assert frame.locator("path.geomap-movement").count() == 4
    box = w.page.locator("iframe").bounding_box()
    assert box["width"] == 900 and 560 < box["height"] < 640  # 3:2, follows the column width
    assert w.page.evaluate("window.geomap") == 42 and w.errors == []
    shot(w.page, "fragment-host.png")


def test_write_image_makes_a_png(seed, tmp_path):
    require_browser()
    png = write_image(seed, tmp_path / "seed.png", width=1000, height=700)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "write_image.png").write_bytes(data)


def test_template_syntax_shows_as_written(browser, tmp_path):
    import geomap

    report = geomap.extract("خرج المسلحون من حلب {{ 7*7 }} إلى إدلب {% if %}", id="{{ 6*6 }}")
    w = open_file(browser, write_map([report, report], tmp_path / "t.html", title="{{ 8*8 }} {#"))
    assert w.page.locator(".gm-title h1").inner_text() == "{{ 8*8 }} {#"
    w.page.locator("path.geomap-movement").first.click(force=True)
    popup = w.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "{{ 7*7 }}" in popup.inner_text() and "{{ 6*6 }}" in popup.inner_text()
    assert "49" not in popup.inner_text() and w.errors == []


def test_countryside_of_a_province_abroad_is_drawn_as_its_outline(browser, tmp_path):
    """«ريف محافظة الأنبار» is drawn as Anbar's Natural Earth outline (cur:iq-anbar in
    data/areas.geojson), not as a 40 km ring round a point: the drawn area spans the province."""
    import geomap
    from geomap.geometry.shapes import load_polygons

    report = geomap.extract("نزح آلاف المدنيين من ريف محافظة الأنبار إلى بغداد")
    assert [a.kind for a in report.areas] == ["countryside"]
    page = open_file(browser, write_map(report, tmp_path / "anbar.html")).page
    assert count(page, "path.geomap-area") == 1
    drawn = page.evaluate("""() => {
        const map = window[Object.keys(window).find(k => k.startsWith("map_"))];
        let b = null;
        map.eachLayer(l => { if (l.options && /geomap-area/.test(l.options.className || "")
                                  && l.getBounds) { b = l.getBounds(); } });
        return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    }""")
    x0, y0, x1, y1 = load_polygons()["cur:iq-anbar"].bounds
    assert x1 - x0 > 5  # Anbar spans western Iraq: ~38.8°E to ~44°E
    assert drawn == pytest.approx([x0, y0, x1, y1], abs=0.05)
    shot(page, "anbar-countryside.png")
