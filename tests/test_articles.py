"""Articles with metadata: JSONL records' date, url, source, title and other fields read,
kept on the Report, carried through `geomap extract` and `geomap map` to the popups."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import geomap
from geomap.io.articles import Article, BadArticle, Source, find_sources, read_jsonl, read_txt
from geomap.io.metadata import metadata, parse_day
from geomap.maps import evidence
from geomap.model import Report

# sentences written for these tests: each reports one journey between two Syrian towns
DARAYYA_IDLIB = "خرج 500 مدني من داريا إلى إدلب."
HOMS_HAMA = "نزحت عائلات من حمص إلى حماة عبر السلمية."


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geomap", *args], capture_output=True,
                          text=True, timeout=300)


def jsonl(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
                            + "\n" for r in records), encoding="utf-8")
    return path


# --- metadata --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, day", [
    ("2016-12-15", date(2016, 12, 15)),
    ("20161215", date(2016, 12, 15)),  # ISO 8601 basic format
    ("2016-12-15T09:30:00Z", date(2016, 12, 15)),
    # the day as written: 23:30 at UTC-5 is already the 16th in UTC, not in the article
    ("2016-12-15T23:30:00-05:00", date(2016, 12, 15)),
    ("2016-12-15 08:00", date(2016, 12, 15)),
    ("2016-W50-4", date(2016, 12, 15)),  # ISO week date: Thursday of week 50 of 2016
])
def test_an_iso_day_or_finer_is_a_date(value, day):
    assert parse_day(value) == day
    assert metadata({"id": "a", "text": "x", "date": value}, "f:1") == {"date": value}


@pytest.mark.parametrize("value", ["15/12/2016", "2016-12", "2016", "yesterday",
                                   "2016-13-01", 20161215, ""])
def test_what_is_not_a_day_is_kept_as_date_invalid(value):
    meta = metadata({"text": "x", "date": value}, "f:1")
    assert "date" not in meta and parse_day(value) is None
    assert meta["date_invalid"] == (value if isinstance(value, str) else json.dumps(value))


def test_known_fields_are_text_and_unknown_fields_are_carried():
    record = {"id": 7, "text": "x", "url": "https://a.example/1", "source": 12, "title": None,
              "lang": "ar", "tags": ["حلب", "إجلاء"], "score": 0.5}
    assert metadata(record, "f:1") == {"url": "https://a.example/1", "source": "12",
                                       "lang": "ar", "tags": ["حلب", "إجلاء"], "score": 0.5}


def test_a_lone_surrogate_in_metadata_is_an_error_naming_where():
    from geomap.errors import InputError

    with pytest.raises(InputError, match=r"f:3: the metadata holds a lone surrogate \\ud800"):
        metadata({"text": "x", "title": "a\ud800"}, "f:3")


def test_report_meta_round_trips_and_a_plain_report_is_as_before():
    plain = geomap.extract(DARAYYA_IDLIB, id="a")
    assert "meta" not in plain.to_dict()
    meta = {"date": "2016-12-15", "url": "https://a.example/1", "lang": "ar"}
    plain.meta = dict(meta)
    d = plain.to_dict()
    assert d["meta"] == meta
    back = Report.from_json(json.dumps(d, ensure_ascii=False))
    assert back.meta == meta and back.movements == plain.movements
    with pytest.raises(ValueError, match='"meta" is not an object'):
        Report.from_dict(d | {"meta": ["2016"]})


# --- reading articles ------------------------------------------------------------------------

def test_jsonl_articles_with_ids_metadata_and_errors_in_place(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", [
        {"id": "one", "text": DARAYYA_IDLIB, "date": "2016-12-15", "url": "https://a.example/1"},
        "",
        {"text": HOMS_HAMA, "source": "وكالة"},
        "{not json",
        {"id": "no-text", "title": "t"},
    ])
    items = list(read_jsonl(Source(str(path), "a.jsonl", True)))
    assert items == [
        Article("one", DARAYYA_IDLIB, {"date": "2016-12-15", "url": "https://a.example/1"},
                "a.jsonl", 1),
        Article("a.jsonl:3", HOMS_HAMA, {"source": "وكالة"}, "a.jsonl", 3),
        BadArticle(None, "a.jsonl", 4,
                   "not a JSON object (Expecting property name enclosed in double quotes "
                   "at column 2)"),
        BadArticle("no-text", "a.jsonl", 5, 'expected an object with a "text" string'),
    ]


def test_a_gzipped_file_reads_as_the_plain_one_and_a_shard_starts_where_it_says(tmp_path):
    records = [{"id": f"a{i}", "text": DARAYYA_IDLIB, "date": f"2016-12-{i + 1:02d}"}
               for i in range(9)]
    plain = jsonl(tmp_path / "a.jsonl", records)
    packed = tmp_path / "a.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    whole = list(read_jsonl(Source(str(plain), "a.jsonl", True)))
    assert [a.id for a in whole] == [f"a{i}" for i in range(9)]
    assert list(read_jsonl(Source(str(packed), "a.jsonl", True))) == whole
    offset = len("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:4])
                 .encode("utf-8"))
    part = list(read_jsonl(Source(str(plain), "a.jsonl", True), 5, 3, offset))
    assert part == whole[4:7] == list(read_jsonl(Source(str(packed), "a.jsonl", True), 5, 3))


def test_an_over_long_line_is_one_error_and_the_next_line_is_read(tmp_path, monkeypatch):
    import geomap.io.articles as articles

    monkeypatch.setattr(articles, "MAX_LINE_BYTES", 100)
    path = jsonl(tmp_path / "a.jsonl", [{"id": "long", "text": "ن" * 200},
                                         {"id": "short", "text": "حلب"}])
    bad, good = read_jsonl(Source(str(path), "a.jsonl", True))
    assert isinstance(bad, BadArticle) and bad.line == 1 and "longer than" in bad.error
    assert good == Article("short", "حلب", {}, "a.jsonl", 2)


def test_a_broken_gzip_file_is_one_error_row_not_an_exception(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "x", "text": "a"}\n' * 50)[:40])
    items = list(read_jsonl(Source(str(path), "a.jsonl.gz", True)))
    assert isinstance(items[-1], BadArticle) and "the rest of the file" in items[-1].error


def test_folders_are_walked_in_order_txt_named_by_path(tmp_path):
    (tmp_path / "in" / "2016" / "12").mkdir(parents=True)
    (tmp_path / "in" / ".hidden").mkdir()
    (tmp_path / "in" / "2016" / "12" / "b.txt").write_text(HOMS_HAMA, encoding="utf-8")
    (tmp_path / "in" / "a.txt").write_text(DARAYYA_IDLIB, encoding="utf-8")
    (tmp_path / "in" / ".hidden" / "c.txt").write_text("x", encoding="utf-8")
    (tmp_path / "in" / "notes.md").write_text("x", encoding="utf-8")
    jsonl(tmp_path / "in" / "z.ndjson", [{"id": "z", "text": "x"}])
    sources, others = find_sources([str(tmp_path / "in")])
    assert [(s.name, s.jsonl) for s in sources] == [("a.txt", False), ("z.ndjson", True),
                                                    ("2016/12/b.txt", False)]
    assert others == [str(tmp_path / "in" / "notes.md")]
    assert read_txt(sources[2]) == Article("2016/12/b", HOMS_HAMA, {}, "2016/12/b.txt", None)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe")
    bad = read_txt(Source(str(tmp_path / "bad.txt"), "bad.txt", False))
    assert isinstance(bad, BadArticle) and "not UTF-8" in bad.error


# --- extract and map carry the metadata ------------------------------------------------------

def test_extract_carries_jsonl_metadata_and_warns_of_a_bad_date(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", [
        {"id": "one", "text": DARAYYA_IDLIB, "date": "2016-12-15", "url": "https://a.example/1",
         "source": "وكالة", "title": "خروج", "lang": "ar"},
        {"id": "two", "text": HOMS_HAMA, "date": "15/12/2016"},
    ])
    proc = run("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    one, two = (json.loads(line) for line in proc.stdout.splitlines())
    assert one["meta"] == {"date": "2016-12-15", "url": "https://a.example/1",
                           "source": "وكالة", "title": "خروج", "lang": "ar"}
    assert two["meta"] == {"date_invalid": "15/12/2016"}
    assert proc.stderr.count("warning") == 1 and f"{path}:2: date '15/12/2016'" in proc.stderr
    geo = json.loads(run("extract", str(path), "--format", "geojson").stdout.splitlines()[0])
    movement = next(f for f in geo["features"] if f["properties"]["type"] == "movement")
    assert movement["properties"]["article_date"] == "2016-12-15"
    assert movement["properties"]["article_url"] == "https://a.example/1"
    assert movement["properties"]["article_source"] == "وكالة"


def test_a_plain_text_extracts_as_before():
    proc = subprocess.run([sys.executable, "-m", "geomap", "extract", "-"], input=HOMS_HAMA,
                          capture_output=True, text=True, timeout=300)
    assert "meta" not in json.loads(proc.stdout) and proc.stderr == ""


def map_popups(html: str) -> list[str]:
    """Every popup of a written map, unpacked: the places', movements' and areas' rows are
    the JSON arguments of geomap.places/movements/areas calls in the map script."""
    out = []
    for fn, arg in re.findall(r"geomap\.(places|movements|areas)\(\w+, (.*)\);$", html, re.M):
        for row in json.JSONDecoder().raw_decode(arg)[0]:  # the rows; options may follow
            out.append(evidence.unpack(row[7] if fn == "places" else row["p"]))
    return out


@pytest.fixture(scope="module")
def dated_map(tmp_path_factory) -> Path:
    """A map drawn by `geomap map` from a JSONL of two dated articles, one with a web link
    and one whose "url" is a script."""
    folder = tmp_path_factory.mktemp("dated")
    path = jsonl(folder / "a.jsonl", [
        {"id": "one", "text": DARAYYA_IDLIB, "date": "2016-12-15",
         "url": "https://news.example/darayya?a=1&b=<2>", "source": "Example News"},
        {"id": "two", "text": HOMS_HAMA, "date": "2016-12-20T08:00:00+02:00",
         "url": "javascript:alert(1)"},
    ])
    proc = run("map", str(path), "-o", str(folder / "map.html"))
    assert proc.returncode == 0, proc.stderr
    return folder / "map.html"


def test_every_popup_shows_its_date_and_links_to_its_article(dated_map):
    popups = map_popups(dated_map.read_text(encoding="utf-8"))
    darayya = [p for p in popups if "داريا" in p and "حمص" not in p]
    homs = [p for p in popups if "حمص" in p and "داريا" not in p]
    assert len(darayya) == 3 and len(homs) == 4  # the movement and its places
    link = ('<a href="https://news.example/darayya?a=1&amp;b=&lt;2&gt;" target="_blank" '
            'rel="noopener">Example News</a>')
    for p in darayya:
        assert f'<p class="gm-src">one · 2016-12-15 · {link}</p>' in p
    for p in homs:  # a javascript: URL is shown as text, never as a link
        assert ('<p class="gm-src">two · 2016-12-20T08:00:00+02:00 · javascript:alert(1)</p>'
                in p)
        assert "<a " not in p


def test_the_link_is_a_link_in_the_browser(dated_map):
    """Each movement's popup in Chromium: the web URL is an <a href> to it, the script URL
    is text and no link."""
    from tests.browser import open_file, require_browser

    require_browser()
    from geomap.maps.snapshot import browser as launch

    with launch() as b:
        w = open_file(b, dated_map)
        page, seen = w.page, set()
        for k in range(page.locator("path.geomap-movement").count()):
            page.locator("path.geomap-movement").nth(k).dispatch_event("click")
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for()
            links, source = popup.locator("a"), popup.locator(".gm-src").inner_text()
            if "داريا" in popup.inner_text():
                assert links.count() == 1 and source.startswith("one · 2016-12-15 · ")
                assert links.first.get_attribute("href") == \
                    "https://news.example/darayya?a=1&b=<2>"
                assert links.first.inner_text() == "Example News"
                seen.add("one")
            else:
                assert links.count() == 0 and "javascript:alert(1)" in source
                assert source.startswith("two · 2016-12-20")
                seen.add("two")
            page.evaluate("geomap.story.map.closePopup()")
            popup.wait_for(state="detached")
        assert seen == {"one", "two"}
        assert w.errors == [] and w.dialogs == []
