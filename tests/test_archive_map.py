"""The map of an archive in real headless Chromium: flows with dates and links in their popups,
a time control that changes what is drawn, filters, hostile titles kept as text.

Six articles written for these tests, extracted for real (geomap batch). What the map must show
was worked out by hand from them: Aleppo → Idlib told on 15 and 16 Dec 2016 (civilians, done;
two articles, one flow), Homs → Hama on 15 Dec (civilians, done; the hostile title), Darayya →
Idlib on 20 Jan 2017 (fighters, done), Madaya → Idlib on 21 Jan (fighters, planned), and east
Aleppo → the western Idlib countryside on 21 Jan (the wounded; two areas, named only then).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

from geomap import batch  # noqa: E402
from geomap.cli import main  # noqa: E402
from geomap.maps import archive  # noqa: E402
from geomap.maps.archive_rows import flow_width  # noqa: E402
from tests.browser import open_file, require_browser  # noqa: E402

HOSTILE_TITLE = '<img src=x onerror="alert(1)">{{ 4321*8765 }}</script><script>alert(3)</script>'
ARTICLES = [
    {"id": "a1", "date": "2016-12-15", "title": "Evacuation begins", "source": "Alpha",
     "url": "https://news.example/a1", "text": "خرج 300 مدني من حلب إلى إدلب."},
    {"id": "a2", "date": "2016-12-16T09:00:00+02:00", "title": "More buses leave",
     "url": "https://news.example/a2", "source": "Beta", "text": "خرج 500 مدني من حلب إلى إدلب."},
    {"id": "a3", "date": "2017-01-20", "title": "Fighters leave Daraya", "source": "Alpha",
     "url": "https://news.example/a3", "text": "وصلت 20 حافلة تقل مقاتلين من داريا إلى إدلب."},
    {"id": "a4", "date": "2017-01-21", "title": "Madaya deal", "source": "Gamma",
     "url": "http://news.example/a4", "text": "من المقرر أن يخرج 100 مقاتل من مضايا إلى إدلب."},
    {"id": "a5", "date": "2016-12-15", "title": HOSTILE_TITLE, "url": "javascript:alert(2)",
     "source": "<b id=inj>S</b>", "text": "نزحت عائلات من حمص إلى حماة."},
    {"id": "a6", "date": "2017-01-21", "title": "Wounded leave", "source": "Beta",
     "url": "https://news.example/a6", "text": "خرج الجرحى من شرق حلب إلى ريف إدلب الغربي."},
]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The six articles through geomap batch (one process)."""
    folder = tmp_path_factory.mktemp("archive")
    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES),
                   encoding="utf-8")
    batch.run(src, folder / "out", workers=1)
    return folder / "out"


@pytest.fixture(scope="module")
def page_path(out) -> Path:
    return archive.write_archive(out, out.parent / "map.html")


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from geomap.maps.snapshot import browser as launch

    with launch() as b:
        yield b


def flows_shown(page) -> list[str]:
    """The classes of the flows drawn, sorted (one path each: few flows are drawn as SVG)."""
    return sorted(page.eval_on_selector_all(
        "path.geomap-flow", "els => els.map(e => e.getAttribute('class'))"))


def slide(page, key: str) -> None:
    """Move the time slider with the keyboard, as a reader would."""
    page.locator(".gm-tl-range").focus()
    page.keyboard.press(key)


def test_hostile_text_never_reaches_the_page_as_markup(page_path):
    html = page_path.read_text(encoding="utf-8")
    for raw in ('<img src=x onerror="alert(1)">', "<script>alert(3)", "<b id=inj>",
                "</script><script>"):
        assert raw not in html
    assert "37873565" not in html and "{{ 4321*8765 }}" in html  # a title is never a template


def test_slider_changes_what_chromium_draws(browser, page_path):
    w = open_file(browser, page_path)
    page = w.page
    assert len(flows_shown(page)) == 5  # cumulative, at the last week: everything
    assert page.locator("path.geomap-area").count() == 2  # east Aleppo, western Idlib
    slide(page, "Home")  # the first week (12-18 Dec 2016): Aleppo → Idlib, Homs → Hama
    assert page.locator(".gm-tl-label").inner_text() == "2016-12-15 – 2016-12-18"
    assert len(flows_shown(page)) == 2
    assert all("geomap-actor-civilians" in c for c in flows_shown(page))
    assert page.locator("path.geomap-area").count() == 0  # named only on 21 Jan
    slide(page, "End")
    assert len(flows_shown(page)) == 5
    page.select_option(".gm-tl-mode", "window")
    page.fill(".gm-tl-window", "1")  # the last week alone: 16-21 Jan 2017
    assert len(flows_shown(page)) == 3
    assert not any("geomap-actor-civilians" in c for c in flows_shown(page))
    assert page.locator(".gm-tl-count").inner_text().startswith("3 flows")
    assert w.errors == [] and w.dialogs == []


def test_width_is_the_articles_in_the_period(browser, page_path):
    page = open_file(browser, page_path).page
    widths = page.eval_on_selector_all("path.geomap-flow.geomap-actor-civilians",
                                       "els => els.map(e => +e.getAttribute('stroke-width'))")
    assert sorted(widths) == [flow_width(1), flow_width(2)]  # Homs → Hama; Aleppo → Idlib
    page.select_option(".gm-tl-step", "day")
    page.select_option(".gm-tl-mode", "window")
    page.fill(".gm-tl-window", "1")
    slide(page, "Home")  # 15 Dec: a1 (Aleppo → Idlib) and a5 (Homs → Hama), one each
    assert page.locator(".gm-tl-label").inner_text() == "2016-12-15"
    widths = page.eval_on_selector_all(
        "path.geomap-flow", "els => els.map(e => +e.getAttribute('stroke-width'))")
    assert widths == [flow_width(1)] * 2


def test_filters_by_actor_type_and_status(browser, page_path):
    page = open_file(browser, page_path).page
    page.locator(".gm-tl-actors input[value=armed]").uncheck()
    assert len(flows_shown(page)) == 3  # Darayya and Madaya were fighters'
    assert not any("geomap-actor-armed" in c for c in flows_shown(page))
    page.locator(".gm-tl-actors input[value=armed]").check()
    page.locator(".gm-tl-statuses input[value=planned]").uncheck()
    assert len(flows_shown(page)) == 4  # Madaya: planned
    assert not any("geomap-status-planned" in c for c in flows_shown(page))


def test_popup_lists_dates_and_links(browser, page_path):
    w = open_file(browser, page_path)
    page = w.page
    page.locator("path.geomap-flow.geomap-actor-civilians[stroke-width='%s']"
                 % flow_width(2)).click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Aleppo" in popup.inner_text() and "2016-12-15 – 2016-12-16" in popup.inner_text()
    items = popup.locator(".gm-articles li")
    assert items.count() == 2
    assert items.nth(0).locator(".gm-date").inner_text() == "2016-12-15"
    link = items.nth(0).locator("a")
    assert link.inner_text() == "Evacuation begins"
    assert link.get_attribute("href") == "https://news.example/a1"
    assert "Alpha" in items.nth(0).inner_text()
    assert items.nth(1).locator("a").get_attribute("href") == "https://news.example/a2"
    assert w.errors == [] and w.dialogs == []


def test_hostile_title_is_shown_as_text_and_runs_nothing(browser, page_path):
    w = open_file(browser, page_path)
    page = w.page
    slide(page, "Home")
    page.locator(".gm-tl-actors input[value=civilians]").uncheck()  # nothing drawn …
    page.locator(".gm-tl-actors input[value=civilians]").check()  # … and back
    page.evaluate("""() => { const A = geomap.arch; A.rows.forEach(r => {
        if (r.f[9].some(k => A.data.names[k][0] === 'Homs')) { r.line.openPopup(); } }); }""")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    item = popup.locator(".gm-articles li").first
    assert item.locator(".gm-title").inner_text() == HOSTILE_TITLE
    assert item.locator("a").count() == 0  # javascript: is never a link
    assert "javascript:alert(2)" in item.inner_text()
    assert "<b id=inj>S</b>" in item.inner_text()
    assert page.locator("#inj").count() == 0 and popup.locator("img").count() == 0
    page.wait_for_timeout(200)
    assert w.dialogs == [] and w.errors == []


def test_cli_maps_an_archive_and_dated_articles(out, tmp_path, capsys):
    assert main(["map", "--from", str(out), "-o", str(tmp_path / "a.html")]) == 0
    assert "geomap.archive(" in (tmp_path / "a.html").read_text(encoding="utf-8")
    src = tmp_path / "many.jsonl"  # as many articles as make an archive: ARTICLES twice
    src.write_text("".join(json.dumps(a | {"id": a["id"] + k}, ensure_ascii=False) + "\n"
                           for k in ("x", "y") for a in ARTICLES), encoding="utf-8")
    assert main(["map", str(src), "-o", str(tmp_path / "b.html")]) == 0
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "geomap.archive(" in html and "news.example/a6" in html
    assert main(["map", str(out.parent / "articles.jsonl"), "-o", str(tmp_path / "d.html")]) == 0
    assert "geomap.archive(" not in (tmp_path / "d.html").read_text(encoding="utf-8")
    assert main(["map", "--from", str(tmp_path), "-o", str(tmp_path / "c.html")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not the output of geomap batch" in err[0]
    assert main(["map", "-o", str(tmp_path / "c.html")]) == 2


def test_undated_articles_are_one_more_choice(tmp_path):
    import geomap

    reports = [geomap.extract(a["text"], id=a["id"]) for a in ARTICLES[:2]]
    reports[0].meta = {"date": "2016-12-15"}
    m = archive.render_archive(archive.tables_from_reports(reports))
    (call,) = [c for c in m._children.values() if getattr(c, "fn", "") == "archive"]
    payload = json.loads(call.args[0])
    assert payload["undated"] == 1  # a2 told undated: its own flow, always a choice
    assert payload["d0"] == payload["d1"] == 17150  # 2016-12-15, days since 1970-01-01


def test_place_popups_list_dated_linked_articles(out):
    from geomap.maps import evidence

    m = archive.render_archive(batch.open(out))
    calls = [c for fg in m._children.values() for c in fg._children.values()
             if getattr(c, "fn", "") == "places"]
    (call,) = calls
    rows = {r[6]: evidence.unpack(r[7]) for r in json.loads(call.args[0])}
    (homs,) = [p for label, p in rows.items() if "Homs" in label]
    assert "2016-12-15" in homs and "<a " not in homs  # a5: its URL is javascript:
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in homs  # the title, as text
    (aleppo,) = [p for label, p in rows.items() if "Aleppo" in label and "East" not in label]
    assert '<a href="https://news.example/a1"' in aleppo and "2016-12-15" in aleppo


def test_saved_flows_are_read_when_no_shard_is_newer(out):
    assert archive.saved_flows(out) is None  # never aggregated
    computed = batch.aggregate(out)  # writes out/flows.parquet
    saved = archive.saved_flows(out)
    assert saved is not None and list(saved.flow_id) == list(computed.flow_id)
    assert saved.sources.tolist() == computed.sources.tolist()
    (out / "flows.parquet").unlink()
