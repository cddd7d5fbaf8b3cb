"""The archive: shards of articles into GeoParquet tables on one process, a process pool and a
real Dask LocalCluster; reruns, killed shards, bad lines, flows across articles."""
from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

import geopandas  # noqa: E402
import pandas as pd  # noqa: E402

from geomap import batch  # noqa: E402
from geomap.io.tables import TABLES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# Sentences written for these tests (see tests/test_articles.py): each tells a journey, or
# names a place, an area or a town the gazetteer lacks; names and numbers vary per article.
TOWNS = ["حلب", "إدلب", "حمص", "حماة", "دمشق", "درعا", "الرقة", "دير الزور", "منبج", "جرابلس",
         "دوما", "مضايا", "داريا", "سراقب", "عفرين", "القامشلي", "تدمر", "الميادين"]
SENTENCES = [
    "خرج {n} مدني من {a} إلى {b}.",
    "وصلت {k} حافلة تقل مقاتلين من {a} إلى {b}.",
    "نزحت عائلات من {a} إلى {b} عبر {c}.",
    "وصلت قافلة مساعدات إلى {b} قادمة من {a}.",
    "من المقرر أن يخرج {n} مقاتل من {a} إلى {b}.",
    "خرج الجرحى من شرق حلب إلى ريف إدلب الغربي.",
    "قال مسؤول في {a} إن الوضع هادئ.",
    "وصل الوفد إلى بلدة كفرزيتون الجديدة.",
]
BAD_LINES = ["{this is not json", json.dumps({"id": "no-text", "title": "t"}),
             json.dumps({"id": "number", "text": 42})]


def article_text(rng: random.Random) -> str:
    a, b, c = rng.sample(TOWNS, 3)
    return " ".join(s.format(a=a, b=b, c=c, n=rng.randrange(20, 5000), k=rng.randrange(2, 60))
                    for s in rng.sample(SENTENCES, rng.randrange(1, 4)))


def article(rng: random.Random, k: int) -> dict:
    """Article k: a text, and a date in three forms (or none, or one that is not a date)."""
    day = date(2016, 11, 20) + timedelta(days=rng.randrange(60))
    record = {"id": f"art-{k:04d}", "text": article_text(rng)}
    form = k % 7
    if form < 4:
        record["date"] = day.isoformat()
    elif form == 4:
        record["date"] = f"{day.isoformat()}T{rng.randrange(24):02d}:15:00+02:00"
    elif form == 5:
        record["date"] = day.strftime("%d/%m/%Y")  # not ISO 8601: kept as date_invalid
    if k % 3:
        record |= {"url": f"https://news.example/{k}", "source": rng.choice(["ألف", "باء"]),
                   "title": f"خبر {k}", "desk": "north"}
    return record


def write_corpus(folder: Path, seed: int = 7) -> int:
    """250 + 80 JSONL lines (3 of them bad, 2 blank) and 5 .txt articles: the articles in."""
    rng = random.Random(seed)
    lines = [json.dumps(article(rng, k), ensure_ascii=False) for k in range(247)]
    lines[100:100] = BAD_LINES  # in the second shard of 100 lines
    lines.insert(10, "")
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    more = [json.dumps(article(rng, k), ensure_ascii=False) for k in range(247, 326)] + [""]
    (folder / "b.jsonl.gz").write_bytes(gzip.compress("\n".join(more).encode("utf-8")))
    (folder / "txt").mkdir()
    for k in range(5):
        (folder / "txt" / f"t{k}.txt").write_text(article_text(rng), encoding="utf-8")
    return 250 + 79 + 5  # non-blank lines of a.jsonl, of b.jsonl.gz, and the .txt files


SHARD = 100  # a.jsonl: 3 shards (100, 100, 51 lines), b.jsonl.gz: 1, the .txt files: 1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, write_corpus(folder)


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> Path:
    """The corpus through one process: the tables every other run is held to."""
    out = tmp_path_factory.mktemp("serial") / "out"
    summary = batch.run(corpus[0], out, workers=1, shard_size=SHARD)
    assert summary.failed == [] and len(summary.done) == 5
    return out


def stats(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every part file."""
    return {str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for t in TABLES for p in (out / t).glob("part-*.parquet")}


def comparable(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """A table sorted by article and place in the report, geometry as WKB, for equality."""
    keys = {"articles": ["article_id", "shard"], "area_shapes": ["area_key"]}
    df = df.sort_values(keys.get(table, ["article_id", "index"])).reset_index(drop=True)
    if "geometry" in df:
        wkb = df.geometry.to_wkb()
        df = pd.DataFrame(df.drop(columns="geometry")).assign(geometry=wkb)
    return df


def assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = batch.open(a), batch.open(b)
    for table in TABLES:
        pd.testing.assert_frame_equal(comparable(getattr(ta, table), table),
                                      comparable(getattr(tb, table), table))


# --- the tables --------------------------------------------------------------------------------

def test_articles_in_are_rows_in_articles_with_one_error_row_per_bad_line(serial, corpus):
    t = batch.open(serial)
    assert len(t.articles) == corpus[1]
    errors = t.articles[t.articles.error.notna()].set_index("article_id")
    assert list(errors.index) == ["a.jsonl:102", "no-text", "number"]
    assert errors.loc["a.jsonl:102", "error"].startswith("not a JSON object")
    assert errors.loc["no-text", "error"] == 'expected an object with a "text" string'
    assert errors.loc["no-text", "line"] == 103 and errors.loc["number", "shard"] == 1
    ok = t.articles[t.articles.error.isna()]
    assert ok.text.str.len().eq(ok.chars).all()
    txt = ok[ok.file.str.startswith("txt/")]
    assert list(txt.article_id) == [f"txt/t{k}" for k in range(5)] and txt.line.isna().all()


def test_dates_are_days_and_a_bad_date_is_kept_as_text(serial):
    a = batch.open(serial).articles.set_index("article_id")
    rng = random.Random(7)
    first = article(rng, 0)  # the generator again: dates checked against what was written
    assert a.loc["art-0000", "date"] == pd.Timestamp(first["date"])
    four = a.loc["art-0004"]  # a date-time with an offset: the day as written
    assert four.date == pd.Timestamp(four.date_text[:10]) and "T" in four.date_text
    five = a.loc["art-0005"]
    assert pd.isna(five.date) and pd.isna(five.date_text)
    assert len(five.date_invalid) == 10 and five.date_invalid[2] == "/"
    six = a.loc["art-0006"]  # no date at all
    assert pd.isna(six.date) and pd.isna(six.date_invalid) and pd.isna(six.error)
    assert json.loads(a.loc["art-0001", "extra"]) == {"desk": "north"}


def test_every_record_carries_its_articles_id_date_url_and_source(serial):
    t = batch.open(serial)
    arts = t.articles.set_index("article_id")
    for table in ("places", "movements", "areas", "unresolved"):
        df = getattr(t, table)
        assert len(df) > 20, table
        joined = df.join(arts[["date", "url", "source"]].add_prefix("its_"), on="article_id")
        for col in ("date", "url", "source"):
            same = (joined[f"article_{col}"] == joined[f"its_{col}"]) | (
                joined[f"article_{col}"].isna() & joined[f"its_{col}"].isna())
            assert same.all(), (table, col)
    for table in ("places", "movements", "areas", "unresolved"):
        assert len(getattr(t, table)) == t.articles[table].sum()


def test_journey_ends_are_flat_columns_and_areas_refer_to_their_shape(serial, gaz):
    t = batch.open(serial)
    mv = t.movements
    darayya = gaz.get("ocha:C2498")
    row = mv[mv.origin_ref == "ocha:C2498"].iloc[0]
    assert (row.origin_lat, row.origin_lon) == (darayya.lat, darayya.lon)
    assert row.origin_name_ar == "داريا" and isinstance(json.loads(row.via), list)
    # «خرج الجرحى من شرق حلب إلى ريف إدلب الغربي»: both ends are areas, stored once
    wounded = mv[mv.sentence == "خرج الجرحى من شرق حلب إلى ريف إدلب الغربي."]
    assert len(wounded) > 5 and wounded.origin_ref.str.startswith("area:").all()
    keys = set(t.area_shapes.area_key)
    assert t.area_shapes.area_key.is_unique
    assert {r[5:] for r in wounded.origin_ref} | {r[5:] for r in wounded.destination_ref} <= keys
    assert set(t.areas.area_key) <= keys
    east = t.area_shapes.set_index("area_key").loc[wounded.origin_ref.iloc[0][5:]]
    assert east.kind == "neighbourhoods" and json.loads(east.anchor_ids) == ["ocha:C1007"]
    assert east.geometry.contains(t.areas[t.areas.area_key == east.name].geometry.iloc[0])


def test_geoparquet_reads_back_with_geopandas(serial):
    kinds = {"places": {"Point"}, "areas": {"Point"}, "movements": {"LineString"},
             "area_shapes": {"Polygon", "MultiPolygon"}}
    for table, types in kinds.items():
        part = geopandas.read_parquet(serial / table / "part-00000.parquet")
        assert part.crs == "EPSG:4326" and part.geometry.name == "geometry"
        assert set(part.geometry.dropna().geom_type) <= types and part.geometry.notna().any()
        whole = geopandas.read_parquet(serial / table)  # the folder: every part
        assert whole.crs == "EPSG:4326" and len(whole) >= len(part)
    arts = pd.read_parquet(serial / "articles")
    assert len(arts) == len(batch.open(serial).articles)


# --- engines -----------------------------------------------------------------------------------

def test_a_process_pool_gives_the_same_tables(serial, corpus, tmp_path):
    summary = batch.run(corpus[0], tmp_path / "out", workers=2, shard_size=SHARD)
    assert summary.failed == [] and sorted(summary.done) == [0, 1, 2, 3, 4]
    assert_same_tables(serial, tmp_path / "out")


def test_a_dask_local_cluster_gives_the_same_tables(serial, corpus, tmp_path):
    """engine="dask" starts a LocalCluster(n_workers=2, processes=True) on 127.0.0.1."""
    pytest.importorskip("distributed")
    summary = batch.run(corpus[0], tmp_path / "out", workers=2, engine="dask",
                        shard_size=SHARD)
    assert summary.failed == [] and sorted(summary.done) == [0, 1, 2, 3, 4]
    assert_same_tables(serial, tmp_path / "out")
    lazy = batch.open(tmp_path / "out", lazy=True)
    assert len(lazy["places"].compute()) == len(batch.open(serial).places)
    assert lazy["movements"].compute().crs == "EPSG:4326"


def test_the_cli_runs_on_a_dask_scheduler_given_by_address(serial, corpus, tmp_path):
    pytest.importorskip("distributed")
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        proc = cli("batch", str(corpus[0]), "-o", str(tmp_path / "out"), "--shard-size",
                   str(SHARD), "--scheduler", cluster.scheduler_address)
    assert proc.returncode == 0, proc.stderr
    assert_same_tables(serial, tmp_path / "out")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geomap", *args], capture_output=True,
                          text=True, timeout=600, cwd=ROOT)


# --- reruns, kills, bad input -------------------------------------------------------------------

def test_a_rerun_skips_finished_shards_and_redoes_a_missing_one(serial, corpus, tmp_path):
    out = tmp_path / "out"
    first = cli("batch", str(corpus[0]), "-o", str(out), "--shard-size", str(SHARD),
                "--workers", "2")
    assert first.returncode == 0, first.stderr
    assert "shards 5/5" in first.stderr and "articles/s" in first.stderr
    assert f"wrote {out}: {corpus[1]} articles (error rows: 3)" in first.stdout
    assert "error row: a.jsonl:102: not a JSON object" in first.stderr
    bad_dates = sum(1 for k in range(326) if k % 7 == 5)  # dd/mm/yyyy in article()
    assert f"{bad_dates} articles have a date that is not an ISO 8601 day" in first.stderr
    before = stats(out)
    again = cli("batch", str(corpus[0]), "-o", str(out), "--shard-size", str(SHARD))
    assert again.returncode == 0, again.stderr
    assert "5 of 5 shards done before: skipped" in again.stderr
    assert stats(out) == before  # not one part rewritten
    (out / "articles" / "part-00002.parquet").unlink()  # shard 2 as if it never finished
    third = cli("batch", str(corpus[0]), "-o", str(out), "--shard-size", str(SHARD))
    assert "4 of 5 shards done before" in third.stderr and "removed 0 temporary files and "\
        "5 parts" in third.stderr
    after = stats(out)
    assert {k for k in after if after[k] != before.get(k)} == {
        f"{t}/part-00002.parquet" for t in TABLES}
    assert_same_tables(serial, out)


def test_other_inputs_in_a_used_folder_are_refused(corpus, tmp_path, serial):
    proc = cli("batch", str(corpus[0]), "-o", str(serial), "--shard-size", "50")
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0
    assert "holds the tables of other inputs" in proc.stderr


KILLER = """
import os, signal, sys
from pathlib import Path
import geomap.batch.shard as shard
from geomap.batch import plan
from geomap.io.articles import find_sources

out, when = Path(sys.argv[1]), sys.argv[2]
shards = plan(find_sources([sys.argv[3]])[0], {shard_size})
for table in {tables}:
    (out / table).mkdir(parents=True, exist_ok=True)
if when == "extracting":  # killed with a real SIGKILL after 30 articles of the shard
    nlp, done = shard.pipeline(None), []
    def dying(text, id=None):
        done.append(id)
        if len(done) == 30:
            os.kill(os.getpid(), signal.SIGKILL)
        return nlp.__class__.__call__(nlp, text, id)
    shard._NLP[None] = type("Dying", (), {{"__call__": staticmethod(dying)}})()
else:  # killed between renaming its tables into place: 2 renamed, 4 not
    renamed = []
    real = os.replace
    def replace(a, b):
        if len(renamed) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        renamed.append(b)
        real(a, b)
    shard.os.replace = replace
shard.run_shard(shards[0], str(out))
"""


@pytest.mark.parametrize("when", ["extracting", "renaming"])
def test_a_killed_shard_leaves_nothing_a_rerun_does_not_clean(serial, corpus, tmp_path, when):
    out = tmp_path / "out"
    script = KILLER.format(shard_size=SHARD, tables=list(TABLES))
    proc = subprocess.run([sys.executable, "-c", script, str(out), when, str(corpus[0])],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not (out / "articles" / "part-00000.parquet").exists()
    left = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    if when == "extracting":
        assert left == []
    else:  # two parts renamed, the other four temporary
        assert len([p for p in left if p.endswith(".tmp")]) == 4
        assert len([p for p in left if p.endswith("part-00000.parquet")]) == 2
    assert len(batch.open(out).articles) == 0  # open reads finished shards only
    notes: list[str] = []
    summary = batch.run(corpus[0], out, workers=1, shard_size=SHARD, log=notes.append)
    assert summary.done == [0, 1, 2, 3, 4] and summary.failed == []
    if when == "renaming":
        assert "removed 4 temporary files and 2 parts" in notes[0]
    assert not [p for p in out.rglob("*.tmp")]
    assert_same_tables(serial, out)


POOL_KILLER = """
import json, os, signal, sys
import geomap.batch.shard as shard
from geomap import batch

nlp = shard.pipeline(None)
def dying(text, id=None):  # the pool's workers are forked with this pipeline
    if id == "art-0150":  # in shard 1: the worker running it dies of a real SIGKILL
        os.kill(os.getpid(), signal.SIGKILL)
    return nlp.__class__.__call__(nlp, text, id)
shard._NLP[None] = type("Dying", (), {"__call__": staticmethod(dying)})()
s = batch.run(sys.argv[2], sys.argv[1], workers=2, shard_size=int(sys.argv[3]))
print(json.dumps({"done": s.done, "failed": [n for n, _ in s.failed],
                  "why": [w for _, w in s.failed]}))
"""


def test_a_pool_worker_killed_fails_its_shards_and_a_rerun_finishes(serial, corpus, tmp_path):
    """A worker of the process pool killed mid-shard: the run ends (no hang, no traceback),
    the shards not finished are failed and none of them is readable; a rerun does them."""
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", POOL_KILLER, str(out), str(corpus[0]),
                           str(SHARD)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert 1 in result["failed"] and sorted(result["done"] + result["failed"]) == [0, 1, 2, 3, 4]
    assert all("a worker process died" in why for why in result["why"])
    t = batch.open(out)
    assert sorted(set(t.articles.shard)) == sorted(result["done"])
    assert set(t.places.article_id) <= set(t.articles.article_id)
    summary = batch.run(corpus[0], out, workers=2, shard_size=SHARD)
    assert sorted(summary.done) == sorted(result["failed"]) and summary.failed == []
    assert not list(out.rglob("*.tmp"))
    assert_same_tables(serial, out)


def test_a_shard_that_cannot_be_written_fails_alone(corpus, tmp_path):
    """A shard whose unresolved part cannot take its name (a folder is in the way) fails:
    exit 2, said on stderr; the other shards are written, and a rerun with the way clear
    does the failed one."""
    out = tmp_path / "out"
    (out / "unresolved" / "part-00000.parquet").mkdir(parents=True)
    proc = cli("batch", str(corpus[0]), "-o", str(out), "--shard-size", str(SHARD), "--quiet")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "shard 0 failed: a.jsonl lines 1-100: " in proc.stderr
    assert sorted(p.name for p in (out / "articles").glob("part-*")) == [
        f"part-0000{k}.parquet" for k in (1, 2, 3, 4)]
    (out / "unresolved" / "part-00000.parquet").rmdir()
    again = cli("batch", str(corpus[0]), "-o", str(out), "--shard-size", str(SHARD), "--quiet")
    assert again.returncode == 0 and "4 of 5 shards done before" in again.stderr
    assert len(list((out / "articles").glob("part-*"))) == 5


def test_bad_arguments_are_one_line(tmp_path):
    for args, said in [(["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "o")],
                        "no such file or folder"),
                       (["batch", str(tmp_path), "-o", str(tmp_path / "o"), "--engine", "local",
                         "--scheduler", "tcp://127.0.0.1:1"], "use --engine dask"),
                       (["aggregate", str(tmp_path)], "not the output of geomap batch")]:
        proc = cli(*args)
        assert proc.returncode == 2 and said in proc.stderr, proc.stderr
        assert proc.stderr.strip().count("\n") == 0


def test_progress_draws_a_bar_on_a_terminal():
    import io

    from geomap.batch.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = Progress(shards=4, units=400, stream=screen)
    bar.update(articles=100, units=100)
    bar.update(articles=99, units=100)
    bar.close()
    frames = screen.getvalue().split("\r")[1:]
    assert frames[0].startswith("[######..................] shards 1/4 · 100 articles")
    assert frames[1].startswith("[############............] shards 2/4 · 199 articles")
    assert "articles/s · ETA 0:00:0" in frames[1] and screen.getvalue().endswith("\n")


# --- flows -------------------------------------------------------------------------------------

FLOW_ARTICLES = [  # (id, date, text): written for this test; see the docstring below
    ("d1", "2016-12-15", "خرج 500 مدني من داريا إلى إدلب."),
    ("d2", "2016-12-16", "وصل 700 مدني من داريا إلى إدلب."),
    ("d3", "2016-12-21", "من المقرر أن يخرج 300 مقاتل من داريا إلى إدلب."),
    ("d4", "2017-02-01", "خرج 200 مدني من داريا إلى إدلب."),
    ("d5", None, "خرج مدنيون من داريا إلى إدلب."),
    ("h1", "2016-12-15", "خرج 100 مدني من حمص إلى حماة."),
    ("w1", "2016-12-18", "خرج الجرحى من شرق حلب إلى ريف إدلب الغربي."),
    ("w2", "2016-12-19", "وصل الجرحى من شرق حلب إلى ريف إدلب الغربي."),
]


@pytest.fixture(scope="module")
def flow_archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("flows")
    lines = [json.dumps({"id": i, "text": t, "url": f"https://news.example/{i}",
                         "source": "باء", "title": f"خبر {i}"} | ({"date": d} if d else {}),
                        ensure_ascii=False) for i, d, t in FLOW_ARTICLES]
    (folder / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch.run(folder / "in.jsonl", folder / "out", workers=1)
    return folder / "out"


def test_the_same_journey_told_by_several_articles_is_one_flow(flow_archive, gaz):
    """Darayya → Idlib is told on Dec 15, 16 and 21 (gaps of 1 and 5 days: one flow, the
    planned telling by fighters included), again on Feb 1 (46 days on: another flow) and
    undated (a flow of its own); Homs → Hama once; east Aleppo → the western Idlib
    countryside, two areas, on Dec 18 and 19."""
    f = batch.aggregate(flow_archive).set_index("flow_id")
    assert sorted(f.index) == sorted([
        "ocha:C2498>ocha:C3871@2016-12-15", "ocha:C2498>ocha:C3871@2017-02-01",
        "ocha:C2498>ocha:C3871@undated", "ocha:C2528>ocha:C2987@2016-12-15",
        "area:neighbourhoods|ocha:C1007|east>area:countryside|ocha:C3871|west@2016-12-18"])
    dec = f.loc["ocha:C2498>ocha:C3871@2016-12-15"]
    assert (dec.articles, dec.movements, dec.count_min, dec.count_max) == (3, 3, 300, 700)
    assert (dec.first_date, dec.last_date) == (pd.Timestamp("2016-12-15"),
                                               pd.Timestamp("2016-12-21"))
    assert json.loads(dec.actor_types) == {"armed": 1, "civilians": 2}
    assert json.loads(dec.statuses) == {"done": 2, "planned": 1}
    assert (dec.actor_type, dec.status) == ("civilians", "done")
    assert [c["count"] for c in json.loads(dec.counts)] == [500, 700, 300]
    assert json.loads(dec.sources) == [
        {"article_id": i, "date": d, "url": f"https://news.example/{i}", "source": "باء",
         "title": f"خبر {i}"} for i, d, _ in FLOW_ARTICLES[:3]]
    darayya, idlib = gaz.get("ocha:C2498"), gaz.get("ocha:C3871")
    (x0, y0), (x1, y1) = dec.geometry.coords[0], dec.geometry.coords[-1]
    assert (y0, x0) == (darayya.lat, darayya.lon) and (y1, x1) == (idlib.lat, idlib.lon)
    undated = f.loc["ocha:C2498>ocha:C3871@undated"]
    assert pd.isna(undated.first_date) and undated.articles == 1
    areas = f.loc["area:neighbourhoods|ocha:C1007|east>area:countryside|ocha:C3871|west"
                  "@2016-12-18"]
    assert areas.articles == 2 and areas.actor_type == "wounded" and areas.geometry is not None
    assert f.index[0] == "ocha:C2498>ocha:C3871@2016-12-15"  # most told first


def test_a_wider_window_joins_the_february_telling(flow_archive):
    f = batch.aggregate(flow_archive, window_days=60, write=False).set_index("flow_id")
    assert f.loc["ocha:C2498>ocha:C3871@2016-12-15", "articles"] == 4
    assert f.loc["ocha:C2498>ocha:C3871@2016-12-15", "last_date"] == pd.Timestamp("2017-02-01")


def test_aggregate_writes_geoparquet_and_prints_a_summary(flow_archive):
    proc = cli("aggregate", str(flow_archive))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == ("5 flows from 8 journeys told by 8 articles; 5 with a corridor "
                        "(both ends located)")
    assert lines[1] == "the most told with a corridor:"
    assert lines[2].startswith("  Darayya → Idleb  2016-12-15…2016-12-21  3 articles, "
                               "civilians, done, up to 700")
    flows = geopandas.read_parquet(flow_archive / "flows.parquet")
    assert flows.crs == "EPSG:4326" and set(flows.geom_type) == {"LineString"}
    assert len(flows) == 5 and flows.articles.sum() == 8


def test_a_via_told_at_different_places_in_two_texts_is_one_via(tmp_path, gaz):
    """Darayya → Idlib through Hama, told by two articles whose sentences start at different
    offsets, and once without a stop: one flow whose via is Hama (told by two articles of
    three), compared and kept by place, without the texts' offsets."""
    told = [("v1", "2016-12-15", "نزحت عائلات من داريا إلى إدلب عبر حماة."),
            ("v2", "2016-12-16", "وقال ناشطون إن عائلات نزحت من داريا إلى إدلب عبر حماة."),
            ("v3", "2016-12-17", "نزحت عائلات من داريا إلى إدلب."),
            ("v4", "2016-12-17", "خرج 500 مدني من داريا.")]
    lines = [json.dumps({"id": i, "date": d, "text": t}, ensure_ascii=False) for i, d, t in told]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch.run(tmp_path / "in.jsonl", tmp_path / "out", workers=1)
    f = batch.aggregate(tmp_path / "out", write=False)
    assert list(f.flow_id) == ["ocha:C2498>ocha:C3871@2016-12-15", "ocha:C2498>@2016-12-17"]
    assert f.articles.tolist() == [3, 1]
    # Darayya → (not told): drawn as the map draws a partial journey, a stub, but not counted
    # or listed as a corridor
    assert f.geometry.iloc[1] is not None and pd.isna(f.destination_lat.iloc[1])
    from geomap.batch.flows import summary_lines

    assert summary_lines(f)[0] == ("2 flows from 4 journeys told by 4 articles; 1 with a "
                                   "corridor (both ends located)")
    assert len(summary_lines(f)) == 3  # the summary, its heading, the one corridor
    hama = gaz.get("ocha:C2987")
    assert json.loads(f.via.iloc[0]) == [{"ref": "ocha:C2987", "name_ar": "حماة",
                                          "name_en": hama.name_en, "kind": hama.kind,
                                          "lat": hama.lat, "lon": hama.lon}]
    assert len(f.geometry.iloc[0].coords) >= 3  # the corridor drawn through the stop
