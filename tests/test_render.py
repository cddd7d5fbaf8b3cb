"""Unit tests on real folium output: standalone, escaped, one marker per place, legend, size."""
from __future__ import annotations

import json
import re
from html import unescape

import folium
import pytest

from geomap.maps import basemap
from geomap.maps import evidence
from geomap.maps.mapkit import JsCall, js_value
from geomap.model import Report
from geomap.maps.draw import arrows, place_mentions, render, to_html, write_map
from shapely.geometry import Point

from tests.reports import ALEPPO, IDLIB, at, endpoint, place


def calls(m: folium.Map, fn: str) -> list[JsCall]:
    """Every geomap.<fn>(…) call element anywhere in the map."""
    found, todo = [], [m]
    while todo:
        el = todo.pop()
        if isinstance(el, JsCall) and el.fn == fn:
            found.append(el)
        todo += list(el._children.values())
    return found


def place_rows(m: folium.Map) -> list[list]:
    """The place rows the map hands to the runtime, decoded, label and popup unpacked."""
    (call,) = calls(m, "places")
    return [r[:6] + [evidence.unpack(r[6]), evidence.unpack(r[7])] + r[8:]
            for r in json.loads(call.args[0])]


def test_js_value_cannot_close_a_script_or_a_template_string():
    nasty = "</script><SCRIPT>alert(1)</ScRiPt>`${alert(2)}`\\1 \u2028 & <!-- --> <b>"
    out = js_value(nasty)
    for hazard in ("</", "<!", "<script", "-->", "\u2028"):
        assert hazard not in out.lower()
    assert json.loads(out) == nasty
    assert out.count("`") == 2 and "<b>" in out  # harmless markup is kept short


def test_standalone_file_loads_nothing_from_the_network(seed, tmp_path):
    html = write_map(seed, tmp_path / "m.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\ssrc=", html, re.I)
    assert not re.search(r"<link[^>]*\shref=", html, re.I)
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()
    assert "Leaflet 1.9.3" in html and "BSD 2-Clause" in html


def test_seed_map_is_under_one_megabyte(seed, tmp_path):
    size = write_map(seed, tmp_path / "m.html").stat().st_size
    assert 50_000 < size < 1_000_000


def test_cdn_map_links_leaflet_and_is_small(seed):
    html = to_html(seed, cdn=True)
    assert re.search(r'<script src="https://cdn\.jsdelivr\.net/npm/leaflet@1\.9\.3/', html)
    assert len(html.encode()) < len(to_html(seed).encode()) - 100_000


def test_one_marker_per_place_id_with_mention_counts(seed):
    rows = place_rows(render(seed))
    assert len(rows) == len({p.id for p in seed.places}) == 6
    aleppo = next(r for r in rows if "Aleppo" in r[6])
    n = seed.text.count("حلب")
    assert f"×{n}" in aleppo[6] and f"<th>Mentions</th><td>{n}</td>" in aleppo[7]
    assert aleppo[:2] == [ALEPPO[4], ALEPPO[5]]


def test_place_label_and_popup_carry_both_languages_and_evidence(seed):
    idlib = next(r for r in place_rows(render(seed)) if "Idlib" in r[6])
    assert "إدلب" in idlib[6]
    popup = idlib[7]
    assert 'dir="rtl"' in popup and "<mark>إدلب</mark>" in popup
    for field in ("Kind", "Coordinates", "Source", "Confidence", "35.92901, 36.63528"):
        assert field in popup


def test_movement_popup_and_style(seed):
    (armed,) = [c for c in calls(render(seed), "movements") if "geomap-actor-armed" in c.args[0]]
    rows = [r | {"p": evidence.unpack(r["p"])} for r in json.loads(armed.args[0])]
    done = next(r for r in rows if "status-done" in r["cls"])
    planned = next(r for r in rows if "status-planned" in r["cls"])
    assert done["d"] is None and planned["d"]
    assert planned["w"] > done["w"]  # 20 buses vs no count
    assert "Ramouseh crossing" in done["p"] and done["p"].count("→") == 2
    assert done["v"] == [[36.15673, 37.12879]]
    assert "20 buses" in planned["p"] and "<mark>" in planned["p"]


def test_arrow_points_from_aleppo_towards_idlib():
    from shapely.geometry import LineString

    line = LineString([(ALEPPO[5], ALEPPO[4]), (IDLIB[5], IDLIB[4])])
    mid, end = arrows(line, legs=1, weight=3)
    assert 90 < mid[2] < 180  # west-south-west on screen: left and a little down
    assert end[:2] == [round(IDLIB[4], 5), round(IDLIB[5], 5)]


def test_hostile_text_is_escaped_everywhere(hostile):
    html = to_html(hostile)
    for raw in ("<script>alert('x')", '<img src=x onerror="alert(1)">', "<b id=\"injected\">",
                "<script>pwned", "<img src=x onerror=alert(3)>", "alert(6)</script>"):
        assert raw not in html
    rows = place_rows(render(hostile))
    kafriya = next(r for r in rows if "Kafriya" in r[6])
    assert "Kafriya &lt;img src=x onerror=alert(3)&gt;" in kafriya[6]
    assert "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in kafriya[7]  # the source field
    assert "`${alert(2)}` \\1" in unescape(kafriya[7])


def test_unresolved_and_undrawn_are_listed(seed):
    """The panel lists the two unresolved names and the one movement with no located point
    (the wounded: no origin, no destination), saying why; the Red Crescent's cars, which
    arrive in east Aleppo from a place the text does not name, are drawn, not listed."""
    (panel,) = [c for c in calls(render(seed), "box") if "gm-panel" in c.args[2]]
    html = json.loads(panel.args[0])
    assert "حميميم" in html and "مدرسة الحكمة" in html
    assert "الجرحى والمرضى" in html  # a movement with no located ends
    assert "movement with no located point: no origin named; no destination named" in html
    assert "سيارات الهلال الأحمر" not in html
    assert "Not on the map (3)" in html


def movement_rows(m: folium.Map) -> list[dict]:
    """Every movement row the map hands to the runtime, popups unpacked."""
    return [r | {"p": evidence.unpack(r["p"])} for c in calls(m, "movements")
            for r in json.loads(c.args[0])]


def test_a_journey_with_one_end_is_drawn_as_a_faded_stub(seed):
    """The aid cars arriving in east Aleppo from nowhere named: one line, itself the stub (in
    the stub style, not the status's), ending on the area's edge; the popup says so, and the
    key explains partial lines."""
    from geomap.geometry.stage import add_geometry
    from geomap.maps import style

    m = render(seed)
    (aid,) = [r for r in movement_rows(m) if "geomap-actor-aid" in r["cls"]]
    assert "geomap-partial" in aid["cls"] and "geomap-missing-origin" in aid["cls"]
    assert (aid["d"], aid["o"]) == (style.STUB_STYLE["d"], style.STUB_STYLE["o"])
    assert len(aid["ll"]) == 2 and "st" not in aid
    east = add_geometry(seed).areas[0].geometry
    end = aid["ll"][-1]
    assert east.boundary.distance(Point(end[1], end[0])) < 1e-4
    assert aid["a"][-1][:2] == end  # the arrowhead is on east Aleppo
    assert "partial, destination only: no origin named" in aid["p"]
    (control,) = calls(m, "control")
    assert "Partial: destination only" in control.args[2]
    assert "Partial: origin only" not in control.args[2]  # not on this map


def test_a_partial_journey_is_drawn_through_its_via_stops():
    """Aleppo → Khan Tuman → a place not found: the line from Aleppo through Khan Tuman is
    drawn in its status's style with Khan Tuman as a via point, and the stub beyond it faded."""
    from geomap.maps import style
    from geomap.model import Endpoint, Movement
    from tests.reports import KHAN_TUMAN

    text = "خرج المسلحون من حلب مروراً بخان طومان إلى بلدة ما"
    far = Endpoint("بلدة ما", "", "unresolved", None, None, *at(text, "بلدة ما"))
    mv = Movement("المسلحون", "خرج", endpoint(ALEPPO, at(text, "حلب")),
                  (endpoint(KHAN_TUMAN, at(text, "خان طومان")),), far, None, "planned", 0,
                  len(text), actor_type="armed")
    (row,) = movement_rows(render(Report(text, movements=[mv])))
    khan = [round(KHAN_TUMAN[4], 5), round(KHAN_TUMAN[5], 5)]
    assert row["ll"] == [[round(ALEPPO[4], 5), round(ALEPPO[5], 5)], khan]
    assert row["d"] == style.STATUS_DASHES["planned"] and row["v"] == [list(KHAN_TUMAN[4:])]
    (stub,) = row["st"]
    assert stub[0] == khan and stub[1] != khan
    assert "destination <bdi dir=\"rtl\" lang=\"ar\">بلدة ما</bdi> not located" in row["p"]


@pytest.mark.parametrize("status, drawn", [
    ("done", "done"), ("ordered", "ordered"), ("attempted", "attempted"),
    ("expected", "expected"), ("denied", "negated"), ("negated", "negated"),
    ("teleported", "other"),
])
def test_every_status_has_a_style_and_a_denied_journey_never_looks_done(status, drawn):
    from geomap.maps import style
    from geomap.model import Movement

    text = "خرجت العائلات من حلب إلى إدلب"
    mv = Movement("العائلات", "خرجت", endpoint(ALEPPO, at(text, "حلب")), (),
                  endpoint(IDLIB, at(text, "إدلب")), None, status, 0, len(text))
    m = render(Report(text, movements=[mv]))
    (row,) = movement_rows(m)
    assert f"geomap-status-{drawn}" in row["cls"]
    assert (row["d"] is None) == (drawn == "done")  # only a done journey is a solid line
    if drawn == "negated":
        assert row["o"] == 0.5
    (control,) = calls(m, "control")
    label = dict(style.STATUS_LABELS)["planned" if drawn == "expected" else drawn]
    assert label in control.args[2]  # the key explains the styles this map uses, only those
    assert ("Reported as done" in control.args[2]) == (drawn == "done")


def test_geojson_says_which_end_a_line_only_stubs(seed):
    feats = [f for f in seed.to_geojson()["features"] if f["properties"]["type"] == "movement"]
    by_actor = {f["properties"]["actor"]: f for f in feats}
    aid, wounded = by_actor["سيارات الهلال الأحمر"], by_actor["الجرحى والمرضى"]
    assert aid["geometry"]["type"] == "LineString" and aid["properties"]["missing_end"] == "origin"
    assert wounded["geometry"] is None and wounded["properties"]["missing_end"] == "both"
    assert {f["properties"]["missing_end"] for f in feats} == {None, "origin", "both"}


def test_legend_scale_and_attribution(seed):
    html = to_html(seed)
    assert "L.control.scale" in html
    for text in ("Line style", "Planned or expected", "Besieged", "OpenStreetMap", "OCHA",
                 "GeoNames", "Natural Earth", "Armed groups", "Civilians"):
        assert text in html


def test_several_reports_keep_their_own_evidence():
    t1, t2 = "وصل المسلحون إلى حلب صباحاً.", "غادرت العائلات حلب نحو إدلب."
    r1 = Report(t1, id="first", places=[place(ALEPPO, at(t1, "حلب"), t1)])
    r2 = Report(t2, id="second", places=[place(ALEPPO, at(t2, "حلب"), t2),
                                         place(IDLIB, at(t2, "إدلب"), t2)])
    mentions = place_mentions([r1, r2], ["first", "second"])
    assert len(mentions) == 2 and [lab for lab, _, _ in mentions[ALEPPO[0]]] == ["first", "second"]
    rows = place_rows(render([r1, r2]))
    aleppo = next(r for r in rows if "Aleppo" in r[6])
    assert "×2" in aleppo[6]
    assert "وصل المسلحون إلى <mark>حلب</mark> صباحاً." in aleppo[7]
    assert "غادرت العائلات <mark>حلب</mark> نحو إدلب." in aleppo[7]
    assert aleppo[7].index("first") < aleppo[7].index("second")


def test_long_sentence_is_clipped_around_the_name():
    text = "كلمة " * 400 + "حلب" + " كلمة" * 400
    s = text.find("حلب")
    out = evidence.marked(text, (0, len(text)), [(s, s + 3)])
    assert out.startswith("…") and out.endswith("…") and "<mark>حلب</mark>" in out
    assert len(out) < 2 * evidence.CONTEXT + 40


def test_a_sentence_that_never_stops_is_quoted_in_part():
    """A name said 5,000 times in one unpunctuated sentence: its popup quotes the first
    QUOTE_CHARS characters of it, marks cut at that edge, not 20,000 characters."""
    text = "حلب " * 5000
    report = Report(text=text, places=[place(ALEPPO, (k, k + 3), text)
                                       for k in range(0, len(text), 4)])
    out = evidence.quotes(report, [(p.start, p.end) for p in report.places])
    shown = re.sub(r"<[^>]+>", "", out)
    assert shown == "حلب " * 250 + "…" and out.count("<mark>") == 250
    edge = evidence.marked(text, (0, len(text)), [(0, 3), (996, 1003)])  # «حلب حلب» at the edge
    assert edge.endswith("<mark>حلب </mark>…")


def test_areas_on_one_polygon_share_its_outline(seed):
    """Areas drawn on the same polygon get the outline a lone area gets."""
    from geomap.maps.draw import area_row

    a = next(a for a in seed.areas if a.geometry is not None)
    geom, outlines = a.geometry, {}
    first, again = (area_row(a, seed, "", geom, outlines) for _ in range(2))
    assert first["g"] == again["g"] == area_row(a, seed, "", geom)["g"] and len(outlines) == 1


def test_fragment_is_one_sandboxed_iframe(seed, tmp_path):
    frag = write_map(seed, tmp_path / "f.html", fragment=True).read_text(encoding="utf-8")
    assert frag.count("<iframe") == 1 and "<script" not in frag
    srcdoc = unescape(re.search(r'srcdoc="([^"]*)"', frag).group(1))
    assert srcdoc.startswith("<!DOCTYPE html>") and "geomap.movements(" in srcdoc
    assert 'sandbox="allow-scripts' in frag


def test_jupyter_repr_is_the_map(seed):
    html = seed._repr_html_()
    assert "<iframe" in html and "geomap.places(" in unescape(html)


def test_empty_report_still_renders():
    html = to_html(Report(text=""))
    assert "geomapReady" in html and "geomap.places(" not in html


def test_basemap_from_files(tmp_path):
    from shapely.geometry import Point, box, mapping

    feats = [{"type": "Feature", "properties": {"id": fid, "kind": kind}, "geometry": mapping(g)}
             for fid, kind, g in [
        ("ne:SY", "country", box(35.7, 32.3, 42.4, 37.3)),
        ("ne:TR", "country", box(26.0, 37.3, 45.0, 42.1)),
        ("ocha:SY02", "governorate", Point(37.15, 36.2).buffer(0.5)),
        ("ne1:TR.sivas", "governorate", Point(37.0, 39.7).buffer(0.2)),  # Turkey: borders only
        ("ocha:SY0200", "district", box(37, 36, 37.3, 36.3)),
        ("ocha:N0214", "neighbourhood", box(37.1, 36.1, 37.2, 36.2))]]
    (tmp_path / "areas.geojson").write_text(json.dumps({"type": "FeatureCollection",
                                                        "features": feats}))
    (tmp_path / "gazetteer.csv").write_text(
        "id,name_ar,name_en,kind,lat,lon,country,population,importance\n"
        "gn:1,حلب,Aleppo,city,36.2,37.15,SY,1602264,0.85\n"
        "gn:2,دمشق,Damascus,city,33.51,36.28,SY,1569394,0.95\n"
        "gn:3,قرية,Village,village,36.0,37.0,SY,10,0.9\n"
        "gn:4,<b>غازي</b>,Gaziantep,city,37.07,37.38,TR,2000000,0.5\n"
        "gn:5,باريس,Paris,city,48.85,2.35,FR,2000000,0.9\n", encoding="utf-8")
    data = basemap.load(tmp_path)
    levels = [f["properties"]["level"] for f in data["lines"]["features"]]
    # districts, neighbourhoods and the provinces of countries outside the Arab League left out
    assert levels == ["country", "country", "governorate"]
    turkey = data["land"]["features"][1]["geometry"]["coordinates"][0]
    assert max(y for _, y in turkey) <= 42.5  # cut to the region
    names = [c[2].split(" ·")[0] for c in data["cities"]]
    assert names == ["Damascus", "Aleppo", "Gaziantep"]  # Syria first; villages, Paris left out
    assert "&lt;b&gt;غازي&lt;/b&gt;" in data["cities"][2][2]
    assert basemap.load(tmp_path / "missing") is None


REPO_AREAS = basemap.DATA_DIR / "areas.geojson"


@pytest.mark.skipif(not REPO_AREAS.exists(),
                    reason="data/areas.geojson not built yet (branch gazetteer-build)")
def test_repo_basemap_is_embedded_and_small(seed, tmp_path):
    data = basemap.load()
    assert data["land"]["features"] and data["lines"]["features"]
    assert any(f["properties"].get("home") for f in data["land"]["features"])
    html = write_map(seed, tmp_path / "m.html").read_text(encoding="utf-8")
    assert "geomap.basemap(" in html and len(html.encode()) < 1_000_000


@pytest.mark.skipif(not REPO_AREAS.exists(), reason="data/areas.geojson not built")
def test_repo_basemap_covers_the_arab_world(seed, tmp_path):
    """Mauritania to Oman: borders, the provinces of the Arab League's members, the capitals;
    the seed's standalone map stays under 600 KB (issue 18)."""
    from shapely.geometry import Point, shape

    data = basemap.load()
    land = {f["properties"]["id"] for f in data["land"]["features"]}
    assert {"ne:MR", "ne:MA", "ne:DZ", "ne:TN", "ne:LY", "ne:EG", "ne:SD", "ne:SO", "ne:YE",
            "ne:OM", "ne:AE", "ne:SA", "ne:IQ", "ne:SY"} <= land
    provinces = [shape(f["geometry"]) for f in data["lines"]["features"]
                 if f["properties"]["level"] == "governorate"]
    # Sanaa, Khartoum, Tripoli, Nouakchott, Muscat (GeoNames points) each lie in a province
    for lon, lat in [(44.20667, 15.35472), (32.53241, 15.55177), (13.18733, 32.88743),
                     (-15.9785, 18.08581), (58.40778, 23.58413)]:
        assert any(p.buffer(0.1).contains(Point(lon, lat)) for p in provinces)
    names = {c[2].split(" ·")[0] for c in data["cities"]}
    assert {"Nouakchott", "Rabat", "Algiers", "Tunis", "Tripoli", "Cairo", "Khartoum", "Sanaa",
            "Muscat", "Riyadh", "Baghdad", "Damascus", "Aleppo"} <= names
    html = write_map(seed, tmp_path / "m.html").read_text(encoding="utf-8")
    assert len(html.encode()) <= 600_000


TEMPLATE_SYNTAX = ("{{ 1234*5678 }}", "{% for x in range(3) %}loop{% endfor %}", "{# hidden #}",
                   "{{ lipsum|attr('__globals__') }}", "{{", "{%", "{#")


def test_template_syntax_in_text_ids_and_titles_is_literal_text():
    import geomap

    towns = ("حلب", "إدلب", "حمص", "دمشق", "اللاذقية", "طرطوس", "درعا")  # one popup quote each
    text = " ".join(f"وصل المسلحون إلى {town} {piece}." for town, piece in zip(towns, TEMPLATE_SYNTAX))
    reports = [geomap.extract(text, id="{{ 4321*8765 }}"),
               geomap.extract("وصلت العائلات إلى حلب {% if %}", id="{% raw %}")]
    html = to_html(reports, title="{{ 9999*9999 }} {%")
    for evaluated in ("7006652", "37873565", "99980001", "os.popen", "looploop"):
        assert evaluated not in html
    for literal in (*TEMPLATE_SYNTAX, "{{ 4321*8765 }}", "{% raw %}", "{{ 9999*9999 }} {%"):
        assert literal.replace("'", "&#x27;") in html
    assert "{{ 1234*5678 }}" in to_html(reports[0], fragment=True).replace("&#x27;", "'")


def test_geomap_render_works_any_number_of_times(seed):
    """The public function stays a function whatever a session imports between calls."""
    import geomap
    from geomap.maps.draw import write_map as _write_map  # noqa: F401 (the README's own import)

    for _ in range(5):
        m = geomap.render(seed)
        assert isinstance(m, folium.Map) and "geomap.movements(" in m.get_root().render()
        seed._repr_html_()
    assert callable(geomap.render) and geomap.write_map is _write_map


def test_map_and_export_read_the_shapes_on_the_report(seed):
    """The map and GeoJSON draw the corridor and polygon the report carries (the geometry
    stage's), never one of their own: a corridor set by hand through Hama is drawn through Hama."""
    from dataclasses import replace

    from shapely.geometry import LineString, Point, shape

    from geomap.geometry.stage import add_geometry

    staged = add_geometry(seed)
    k = next(i for i, m in enumerate(staged.movements) if m.geometry is not None)
    hama = (36.7489, 35.1318)  # lon, lat: off the Aleppo-Idlib road by ~100 km
    detour = LineString([staged.movements[k].geometry.coords[0], hama,
                         staged.movements[k].geometry.coords[-1]])
    square = Point(37.0, 36.0).buffer(0.1, cap_style="square")
    report = replace(staged, movements=[replace(m, geometry=detour) if i == k else m
                                        for i, m in enumerate(staged.movements)],
                     areas=[replace(staged.areas[0], geometry=square), *staged.areas[1:]])
    rows = [r for c in calls(render(report), "movements") for r in json.loads(c.args[0])]
    assert [round(hama[1], 5), round(hama[0], 5)] in [p for r in rows for p in r["ll"]]
    feats = report.to_geojson()["features"]
    lines = [f["geometry"] for f in feats if f["properties"]["type"] == "movement"]
    assert [tuple(c) for c in lines[k]["coordinates"]] == list(detour.coords)
    area = next(f["geometry"] for f in feats if f["properties"]["type"] == "area")
    assert shape(area).equals(square)


def test_packed_popups_unpack_to_the_same_html(seed, hostile):
    """Popups and labels travel with their repeated markup as «<N>»: unpacking gives the HTML
    evidence.py wrote, byte for byte, even when the article itself says «<3>»."""
    text = "قال المصدر <3> و<12>: خرجت العائلات من حلب."
    odd = Report(text, places=[place(ALEPPO, at(text, "حلب"), text)])
    for report in (seed, hostile, odd):
        labels = [""] * 1
        for pid, mentions in place_mentions([report], labels).items():
            html = evidence.place_popup(mentions[0][2][0], mentions)
            packed = evidence.pack(html)
            assert evidence.unpack(packed) == html and len(packed) < len(html)
        for m in report.movements:
            html = evidence.movement_popup(m, report, "")
            assert evidence.unpack(evidence.pack(html)) == html
    html = evidence.place_popup(odd.places[0], place_mentions([odd], [""])[ALEPPO[0]])
    assert "&lt;3&gt;" in html and "<3>" not in html  # the article's «<3>» stays text
