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


def glyphs(page, selector: str) -> int:
    """How many shapes (subpaths) the matching paths draw: arrowheads and via points of a
    layer share one path per colour."""
    return page.evaluate(f"""() => [...document.querySelectorAll({selector!r})]
        .map(p => (p.getAttribute('d').match(/M/g) || []).length).reduce((a, b) => a + b, 0)""")


def shot(page, name: str) -> None:
    """Save a screenshot to look at."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def test_seed_map_draws_offline_without_errors(browser, seed, tmp_path):
    w = open_file(browser, write_map(seed, tmp_path / "seed.html"))
    page = w.page
    assert count(page, "path.geomap-movement") == 5  # all but the wounded's, which has no end
    assert count(page, "path.geomap-partial") == 1  # the aid cars: where from, the text says not
    assert count(page, "path.geomap-actor-civilians") == 1
    assert count(page, "path.geomap-area") == 4
    assert count(page, "path.geomap-area-besieged") == 1
    assert count(page, "path.geomap-place") == 6
    assert glyphs(page, "path.geomap-arrows") >= 8 and glyphs(page, "path.geomap-via") == 1
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
    assert frame.locator("path.geomap-movement").count() == 5
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


# --- the slips a first user hits (issue 16.7) ----------------------------------------------------

def test_png_from_the_command_line_carries_its_title(seed_text, tmp_path):
    """`geomap map … --png --title T` draws the same picture as write_image(title=T), and not
    the picture with the default title (screenshots of one page are the same to the byte)."""
    import subprocess
    import sys

    import geomap

    require_browser()
    src = tmp_path / "seed.txt"
    src.write_text(seed_text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "geomap", "map", str(src), "-o",
                          str(tmp_path / "m.html"), "--png", str(tmp_path / "cli.png"),
                          "--title", "Aleppo, December 2016"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    report = geomap.extract(seed_text, id="seed")
    titled = write_image(report, tmp_path / "titled.png", title="Aleppo, December 2016")
    untitled = write_image(report, tmp_path / "untitled.png")
    cli = (tmp_path / "cli.png").read_bytes()
    assert cli == titled.read_bytes() and cli != untitled.read_bytes()


def label_boxes(page) -> dict[str, dict]:
    """Each visible place label's text → its box on screen."""
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('.gm-label').forEach(el => {
            const s = getComputedStyle(el), b = el.getBoundingClientRect();
            if (s.display !== 'none' && s.visibility !== 'hidden' && b.width)
                out[el.textContent] = {l: b.left, r: b.right, t: b.top, b: b.bottom,
                                       end: el.classList.contains('gm-label-end')};
        });
        return out;
    }""")


def overlap(a: dict, b: dict) -> bool:
    return not (a["r"] <= b["l"] or a["l"] >= b["r"] or a["b"] <= b["t"] or a["t"] >= b["b"])


def test_places_movements_join_keep_their_labels_clear(browser, seed_report, tmp_path):
    """The seed's movements join Aleppo, Ramouseh, Khan Tuman, Idlib, Kafraya and Foah: each
    label is shown, and no shown label covers another (Kafraya and Foah are 2.5 km apart)."""
    for width, height in [(1400, 900), (900, 600)]:
        page = open_file(browser, write_map(seed_report, tmp_path / "seed.html"),
                         width=width, height=height).page
        boxes = {k: v for k, v in label_boxes(page).items()  # those on the screen
                 if v["r"] > 0 and v["l"] < width and v["b"] > 0 and v["t"] < height}
        ends = {k for k, v in boxes.items() if v["end"]}
        for name in ("Aleppo", "Ramouseh", "Khan tuman", "Idleb", "Kafraya", "Foah"):
            assert any(name in k for k in ends), (name, sorted(boxes))
        shown = list(boxes.values())
        assert not any(overlap(a, b) for i, a in enumerate(shown) for b in shown[i + 1:])
        shot(page, f"seed-labels-{width}.png")
    # zoomed in on Aleppo there is room: Salah ad-Din's label (hidden zoomed out) is shown,
    # beside its own dot, and still nothing covers anything
    page.evaluate("geomap.story.map.setView([36.19, 37.14], 12)")
    page.wait_for_timeout(600)  # the zoom animation
    boxes = {k: v for k, v in label_boxes(page).items()
             if v["r"] > 0 and v["l"] < width and v["b"] > 0 and v["t"] < height}
    shown = list(boxes.values())
    assert not any(overlap(a, b) for i, a in enumerate(shown) for b in shown[i + 1:])
    salah = next(v for k, v in boxes.items() if "Salah" in k)
    dot = page.evaluate("""() => { const l = geomap._labels.find(l =>
        l.m.getTooltip().getElement().textContent.includes('Salah')); return geomap._dot(l); }""")
    assert abs((salah["t"] + salah["b"]) / 2 - (dot["top"] + dot["bottom"]) / 2) < 1.5


def test_joined_villages_keep_their_labels_when_zoomed_out(browser, tmp_path):
    """Zoomed out (below 9) the labels of villages and towns give way, except those of the
    places a movement joins: Khan Tuman → Salhiyeh (by Deir ez-Zor) keeps both its ends'
    labels, and Kafriya, named in passing, shows its name only on hover."""
    from geomap.model import Movement, Report
    from tests.reports import KAFRIYA, KHAN_TUMAN, at, endpoint, place

    salhiyeh = ("ocha:C5181", "الصالحية", "Salhiyeh", "village", 34.720956, 40.755031)
    text = "نزح الأهالي من خان طومان إلى الصالحية. وفي كفريا هدوء."
    places = [place(KHAN_TUMAN, at(text, "خان طومان"), text),
              place(salhiyeh, at(text, "الصالحية"), text), place(KAFRIYA, at(text, "كفريا"), text)]
    move = Movement("الأهالي", "نزح", endpoint(KHAN_TUMAN, at(text, "خان طومان")), (),
                    endpoint(salhiyeh, at(text, "الصالحية")), None, "done", 0, 38,
                    actor_type="civilians")
    report = Report(text=text, places=places, movements=[move])
    page = open_file(browser, write_map(report, tmp_path / "far.html")).page
    assert page.evaluate("geomap.story.map.getZoom()") < 9
    boxes = label_boxes(page)
    assert any("Khan Tuman" in k for k in boxes) and any("Salhiyeh" in k for k in boxes)
    assert not any("Kafriya" in k for k in boxes)
    shot(page, "far-labels.png")


def story_share(frame) -> dict:
    """How the story's bounds sit in the map: inside it, and what share of the map they fill."""
    return frame.evaluate("""() => {
        const m = geomap.story.map, b = geomap.story.bounds, size = m.getSize();
        const sw = m.latLngToContainerPoint(b.getSouthWest()),
              ne = m.latLngToContainerPoint(b.getNorthEast());
        return {inside: m.getBounds().contains(b), x: (ne.x - sw.x) / size.x,
                y: (sw.y - ne.y) / size.y, w: size.x, h: size.y, zoom: m.getZoom()};
    }""")


LATE_HOST = """<!DOCTYPE html><html><head><title>host</title></head><body>
<p>Before the map.</p><div id="slot" style="width: {start}">{fragment}</div>
<script>window.grow = () => {{ document.getElementById('slot').style.cssText = '{end}'; }};
</script></body></html>"""


@pytest.mark.parametrize("start, end", [
    ("300px", "width: 1200px"),  # laid out narrow (a placeholder column), widened later
    ("300px; display: none", "width: 1000px"),  # hidden at first, shown later
    ("1200px", "width: 420px"),  # shrunk to a phone column
])
def test_embedded_fragment_opens_fitted_to_the_story(browser, seed, tmp_path, start, end):
    """Whatever size the fragment's iframe has when the map starts, once the host lays it out
    the whole story is in view and fills a good part of it (not left at a zoom for another
    size); a reader who has moved the map keeps their view."""
    frag = write_map(seed, tmp_path / "frag.html", fragment=True).read_text(encoding="utf-8")
    host = tmp_path / "host.html"
    host.write_text(LATE_HOST.format(start=start, end=end, fragment=frag), encoding="utf-8")
    w = open_file(browser, host, ready=False)
    w.page.evaluate("window.grow()")
    frame = next(f for f in w.page.frames if f != w.page.main_frame)
    frame.wait_for_function("window.geomapReady === true", timeout=15000)
    w.page.wait_for_timeout(400)  # the resize reaches the map on the next frame
    share = story_share(frame)
    assert share["inside"] and max(share["x"], share["y"]) > 0.4, share
    shot(w.page, f"fragment-late-{start.split(';')[0]}-{end.split(':')[1].strip()}.png")
    frame.evaluate("geomap.story.map.setZoom(geomap.story.map.getZoom() + 2)")  # a reader
    zoom = frame.evaluate("geomap.story.map.getZoom()")
    w.page.evaluate("document.getElementById('slot').style.width = '700px'")
    w.page.wait_for_timeout(400)
    assert frame.evaluate("geomap.story.map.getZoom()") == zoom and w.errors == []


def test_besieged_town_is_clickable_inside_the_countryside_around_it(browser, seed_report,
                                                                     tmp_path):
    """Kafraya and Foah lie inside the Idlib countryside and the north-west region, both larger
    areas on the map: a click on the towns' shape (away from their dots) opens their popup."""
    page = open_file(browser, write_map(seed_report, tmp_path / "seed.html")).page
    page.evaluate("geomap.story.map.setView([35.986, 36.69], 13)")  # the towns, close up
    hits = page.evaluate("""() => {
        const town = document.querySelector('path.geomap-area-besieged');
        const svg = town.ownerSVGElement, box = town.getBoundingClientRect(), out = [];
        const toSvg = svg.getScreenCTM().inverse();
        for (let x = box.left + 1; x < box.right; x += 3)
            for (let y = box.top + 1; y < box.bottom; y += 3) {
                const p = new DOMPoint(x, y).matrixTransform(toSvg);
                if (town.isPointInFill(p))
                    out.push([x, y, document.elementFromPoint(x, y).classList
                                      .contains('geomap-area-besieged')]);
            }
        return out;
    }""")
    reached = [(x, y) for x, y, top in hits if top]
    assert len(hits) > 20 and len(reached) > 0.5 * len(hits)
    x, y = reached[len(reached) // 2]
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Kafraya and Foah (besieged)" in popup.inner_text()
    shot(page, "besieged-popup.png")


def drawn_bounds(page, cls: str) -> list[list[float]]:
    """[west, south, east, north] of each shape drawn whose class matches the regex `cls`."""
    return page.evaluate("""cls => {
        const map = window[Object.keys(window).find(k => k.startsWith("map_"))], out = [];
        map.eachLayer(l => { if (l.options && new RegExp(cls).test(l.options.className || "")
                                  && l.getBounds) { const b = l.getBounds();
            out.push([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]); } });
        return out;
    }""", cls)


def test_countryside_of_a_province_abroad_is_drawn_as_its_outline(browser, tmp_path):
    """«ريف محافظة الأنبار» is drawn as Anbar's Natural Earth outline (cur:iq-anbar in
    data/areas.geojson), not as a 40 km ring round a point: the drawn area spans the province."""
    import geomap
    from geomap.geometry.shapes import load_polygons

    report = geomap.extract("نزح آلاف المدنيين من ريف محافظة الأنبار إلى بغداد")
    assert [a.kind for a in report.areas] == ["countryside"]
    page = open_file(browser, write_map(report, tmp_path / "anbar.html")).page
    assert count(page, "path.geomap-area") == 1
    (drawn,) = drawn_bounds(page, "geomap-area")
    x0, y0, x1, y1 = load_polygons()["cur:iq-anbar"].bounds
    assert x1 - x0 > 5  # Anbar spans western Iraq: ~38.8°E to ~44°E
    assert drawn == pytest.approx([x0, y0, x1, y1], abs=0.05)
    shot(page, "anbar-countryside.png")


# --- every journey drawn (issue 17.3) and provinces as outlines (issue 18.5) -------------------

def _located(e, report) -> bool:
    """Whether a movement's end or stop has a point: its own, or that of the area it names."""
    if e is None:
        return False
    if e.ref.startswith("area:"):
        i = int(e.ref[5:]) if e.ref[5:].isdigit() else len(report.areas)
        return e.lat is not None or (i < len(report.areas) and report.areas[i].lat is not None)
    return e.lat is not None and e.lon is not None


def panel_items(page) -> list[str]:
    """The text of each entry of the "Not on the map" panel (none when there is no panel)."""
    return page.evaluate("""() => [...document.querySelectorAll('.gm-panel li')]
        .map(li => li.textContent)""")


def test_every_journey_of_the_seed_is_drawn(browser, seed_report, tmp_path):
    """Every movement extract reports for the seed with a located point (an end, a via stop,
    or the area it names) is one line on the map, partial when an end is missing; the panel
    lists only what has no located point. Counted from the report, whatever the journeys
    are, so it holds as extraction merges retellings into fewer journeys."""
    report = seed_report
    stops = [[_located(e, report) for e in (m.origin, m.destination, *m.via)]
             for m in report.movements]
    drawable = sum(any(s) for s in stops)
    partial = sum(any(s) and not all(s[:2]) for s in stops)
    assert report.movements and drawable
    w = open_file(browser, write_map(report, tmp_path / "seed.html"))
    page = w.page
    assert count(page, "path.geomap-movement") == drawable
    assert count(page, "path.geomap-partial") == partial
    lengths = page.evaluate("""() => [...document.querySelectorAll('path.geomap-movement')]
        .map(p => p.getTotalLength())""")
    assert all(n > 0 for n in lengths), lengths  # each is drawn, not an empty path…
    assert glyphs(page, "path.geomap-arrows") >= drawable  # …with its arrowhead at least
    unplaced = (len(report.unresolved) + len(report.movements) - drawable
                + sum(a.lat is None for a in report.areas)
                + sum(p.lat is None or p.lon is None for p in report.places))
    assert len(panel_items(page)) == unplaced
    assert f"{len(report.movements)} movements" in page.locator(".gm-title").inner_text()
    assert w.errors == []
    shot(page, "seed-every-journey.png")


def test_partial_journeys_are_drawn_as_stubs_and_only_the_unplaced_is_listed(browser, tmp_path):
    """Written by hand: families leave Aleppo for a place not named; aid arrives in Idlib from
    one not named; fighters go from Aleppo by Khan Tuman to a village the gazetteer lacks; the
    wounded are to be taken out, from and to nowhere said. Three lines, each partial, the
    third through its via point with a faded stub beyond; only the wounded are listed, with
    the reason."""
    from geomap.maps import style
    from geomap.model import Endpoint, Movement, Report
    from tests.reports import ALEPPO, IDLIB, KHAN_TUMAN, at, endpoint

    text = ("غادرت العائلات حلب. ووصلت قافلة مساعدات إلى إدلب. "
            "وخرج المسلحون من حلب مروراً بخان طومان إلى قرية الحايط. وسيتم إخراج الجرحى.")
    a1, a2 = at(text, "حلب"), at(text, "حلب", 1)
    village = Endpoint("قرية الحايط", "", "unresolved", None, None, *at(text, "قرية الحايط"))
    moves = [
        Movement("العائلات", "غادرت", endpoint(ALEPPO, a1), (), None, None, "done", 0, 19,
                 actor_type="civilians"),
        Movement("قافلة مساعدات", "وصلت", None, (), endpoint(IDLIB, at(text, "إدلب")), None,
                 "done", 20, 50, actor_type="aid"),
        Movement("المسلحون", "خرج", endpoint(ALEPPO, a2),
                 (endpoint(KHAN_TUMAN, at(text, "خان طومان")),), village, None, "done",
                 51, 105, actor_type="armed"),
        Movement("الجرحى", "إخراج", None, (), None, None, "planned", 106, len(text),
                 actor_type="wounded"),
    ]
    page = open_file(browser, write_map(Report(text, movements=moves), tmp_path / "p.html")).page
    assert count(page, "path.geomap-movement") == 3 == count(page, "path.geomap-partial")
    assert count(page, "path.geomap-missing-destination") == 2
    assert count(page, "path.geomap-missing-origin") == 1
    assert count(page, "path.geomap-stub") == 1 and glyphs(page, "path.geomap-via") == 1
    stub = page.eval_on_selector("path.geomap-stub", """p => [p.getAttribute('stroke-opacity'),
        p.getAttribute('stroke-dasharray'), p.getTotalLength()]""")
    assert stub[:2] == [str(style.STUB_STYLE["o"]), style.STUB_STYLE["d"]] and stub[2] > 5
    (item,) = panel_items(page)
    assert "الجرحى" in item and "no origin named; no destination named" in item
    key = page.locator(".gm-key").inner_text()
    assert "Partial: origin only" in key and "Partial: destination only" in key
    shot(page, "partial-journeys.png")


def test_provinces_named_are_drawn_as_their_outlines(browser, tmp_path):
    """«محافظة الأنبار» and «ولاية شمال دارفور» named in a sentence: each is drawn as an outline
    spanning the province (Anbar's as the place's, North Darfur's as the area the text names),
    the map frames both, and a click inside Anbar, far from its dot, opens Anbar's popup."""
    import geomap
    from geomap.geometry.shapes import load_polygons

    report = geomap.extract("نزح آلاف المدنيين من محافظة الأنبار إلى بغداد، "
                            "وفر آخرون من ولاية شمال دارفور إلى تشاد")
    page = open_file(browser, write_map(report, tmp_path / "provinces.html")).page
    polygons = load_polygons()
    (anbar,) = drawn_bounds(page, "geomap-outline-governorate")
    assert anbar == pytest.approx(list(polygons["cur:iq-anbar"].bounds), abs=0.05)
    darfur = list(polygons["cur:sd-north-darfur"].bounds)
    assert darfur[2] - darfur[0] > 4  # North Darfur spans ~22.5°E to ~27.5°E
    assert any(b == pytest.approx(darfur, abs=0.05)
               for b in drawn_bounds(page, "geomap-outline|geomap-area"))
    framed = page.evaluate("""b => geomap.story.map.getBounds().contains(
        L.latLngBounds([[b[0][1], b[0][0]], [b[0][3], b[0][2]]])) &&
        geomap.story.map.getBounds().contains(L.latLngBounds([[b[1][1], b[1][0]],
                                                              [b[1][3], b[1][2]]]))""",
                           [anbar, darfur])
    assert framed
    x, y = page.evaluate("""() => { const p = geomap.story.map.latLngToContainerPoint([33.0, 40.0]),
        r = geomap.story.map.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""")  # near Rutba, western Anbar
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Anbar" in popup.inner_text() and "<mark>" not in popup.inner_text()
    assert popup.locator("mark").first.inner_text() == "الأنبار"
    shot(page, "provinces.png")
