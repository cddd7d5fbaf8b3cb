"""Start-up: what loading geomap leaves in its host process, and the caches that make it fast."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEV, SEED


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    """`python -c code args…` in a fresh process (a fresh garbage collector, empty caches)."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=300)


def test_the_library_leaves_the_host_garbage_collector_alone():
    """A Jupyter kernel that extracts keeps collecting its own cycles: nothing is gc.freeze()-d."""
    proc = _python("import gc, sys, geomap\n"
                   "geomap.extract(open(sys.argv[1], encoding='utf-8').read())\n"
                   "geomap.load_gazetteer()\n"
                   "print(gc.get_freeze_count(), gc.isenabled())", str(SEED))
    assert proc.stdout.split() == ["0", "True"], proc.stderr


def test_a_command_loads_the_gazetteer_with_the_collector_paused_and_then_frozen(tmp_path):
    """The CLI owns its process: the collector waits while the gazetteer loads, and runs again
    after, with the gazetteer frozen out of its reach; a load that fails turns it back on."""
    proc = _python("import gc, sys\nfrom geomap.cli import _load_for_run\n"
                   "_load_for_run(None)\nprint(gc.isenabled(), gc.get_freeze_count() > 30000)\n"
                   "try:\n    _load_for_run(sys.argv[1])\nexcept Exception as exc:\n"
                   "    print(type(exc).__name__, gc.isenabled())", str(tmp_path / "none.csv"))
    assert proc.stdout.split() == ["True", "True", "GazetteerError", "True"], proc.stderr


# --- the index cache: the same reports, fast or plain --------------------------------------

EXTRACT_ALL = """
import json, sys
from pathlib import Path
import geomap
texts = [json.loads(line) for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
         if line.strip()]
texts.append({"id": "seed", "text": Path(sys.argv[2]).read_text(encoding="utf-8")})
for record in texts:
    print(geomap.extract(record["text"], id=record["id"]).to_json())
"""


def _extract_all(cache_dir: str | Path) -> subprocess.CompletedProcess:
    """The JSON report of every dev text and the seed, one a line, from a fresh process whose
    index cache is `cache_dir` ("off": none)."""
    return subprocess.run([sys.executable, "-c", EXTRACT_ALL, str(DEV), str(SEED)],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "GEOMAP_CACHE_DIR": str(cache_dir)})


def _cache_files(folder: Path) -> dict[str, int]:
    """{file name: modification time} of the cache folder's entries."""
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_cached_indexes_give_the_reports_of_plain_ones(tmp_path):
    """Every dev text and the seed: with no cache, with a cache built in the run (cold) and
    with that cache read back (warm), the reports are byte for byte the same."""
    if not DEV.exists():
        pytest.skip(f"dev corpus not found at {DEV}")
    plain = _extract_all("off")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.count("\n") == 61 and '"Aleppo"' in plain.stdout
    cold = _extract_all(tmp_path)
    built = _cache_files(tmp_path)
    assert {name.split("-")[0] for name in built} == {"gazetteer", "spotter", "words", "outlines"}
    warm = _extract_all(tmp_path)
    assert _cache_files(tmp_path) == built  # read back, not built again
    assert cold.stdout == plain.stdout and warm.stdout == plain.stdout
    assert cold.stderr == warm.stderr == ""


def test_the_word_table_gives_wordfreq_values():
    """The cached table's zipf values are wordfreq's, for every word of the dev texts and the
    seed, every gazetteer name with its clitic and article forms, and strings the table leaves
    to wordfreq (marks, tatweel, digits, Latin, doubled spaces, nothing)."""
    from wordfreq import zipf_frequency

    from geomap.gazetteer.index import Gazetteer
    from geomap.places.frequency import zipf

    words = {"", " ", "حلب  إدلب", " حلب", "حلب ", "حلب\tإدلب", "\nحلب\n", " سولر", "حلـب", "حَلَب", "حلب2", "aleppo", "حلب،", "پل", "ال"}
    texts = [SEED.read_text(encoding="utf-8")]
    if DEV.exists():
        texts += [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    for text in texts:
        words.update(text.split())
    for entry in Gazetteer.load().entries:
        for name in filter(None, (entry.name_ar, *entry.alt_names)):
            bare = name[2:] if name.startswith("ال") else name
            words.update({name, bare, "ال" + bare, "و" + name, "ب" + name, "لل" + bare})
    wrong = [(w, zipf(w), zipf_frequency(w, "ar")) for w in sorted(words)
             if repr(zipf(w)) != repr(zipf_frequency(w, "ar"))]
    assert not wrong, wrong[:20]
    assert zipf("حلب") > 3 and zipf("من") > 6 and zipf("زرنوقة") < zipf("حلب")  # not all 0


def test_the_word_tables_hash_index_finds_what_a_binary_search_finds():
    """WordTable.bucket finds a word by its hash slot: for words across the whole table, the
    same words one letter longer or shorter (mostly absent), and words of a sentence written
    here, the bucket a binary search of the sorted words gives."""
    from geomap.places.frequency import _opened

    table = _opened()
    assert table is not None
    base, offsets, data = table._words, table._offsets, table._map
    listed = [bytes(data[base + offsets[j]:base + offsets[j + 1]]).decode()
              for j in range(0, table._n, 499)]
    words = set(listed) | {w + "ه" for w in listed} | {w[:-1] for w in listed} | set(
        "خرجت الحافلات من أحياء حلب الشرقية نحو ريف إدلب الغربي بعد اتفاق زرنوقة".split())
    found = 0
    for word in sorted(words):
        assert table.bucket(word) == table.plain_bucket(word), word
        found += table.bucket(word) is not None
    assert found > len(listed)  # listed words are all found, and some of the others
    assert table.bucket("حلب") is not None and table.bucket("زرنوقةةة") is None


def test_cached_outlines_are_the_parsed_ones(tmp_path):
    """Every area of areas.geojson read back from the cache has the parsed geometry's bits."""
    import shapely

    from geomap.gazetteer.outlines import parse_outlines
    from geomap.gazetteer.paths import data_dir

    code = ("import sys, shapely\nfrom geomap.gazetteer.outlines import read_outlines\n"
            "from pathlib import Path\nshapes = read_outlines(Path(sys.argv[1]))\n"
            "print(type(shapes).__name__, len(shapes))\n"
            "for id in sorted(shapes): print(id, shapely.to_wkb(shapes[id], hex=True))")
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(tmp_path)}
    areas = str(data_dir() / "areas.geojson")
    subprocess.run([sys.executable, "-c", code, areas], env=env, timeout=300, check=True)
    cached = subprocess.run([sys.executable, "-c", code, areas], env=env, timeout=300, check=True,
                            capture_output=True, text=True).stdout.splitlines()
    parsed = parse_outlines(Path(areas))
    assert cached[0] == f"Outlines {len(parsed)}" and len(parsed) > 500  # read back, lazily
    assert cached[1:] == [f"{id} {shapely.to_wkb(parsed[id], hex=True)}" for id in sorted(parsed)]


SHARING = """
from geomap.gazetteer.index import Gazetteer
gaz = Gazetteer.load()
for field in ("kind", "country", "admin1", "admin2", "parent_id", "source"):
    values = [getattr(e, field) for e in gaz.entries]
    print(field, len(set(values)), len({id(v) for v in values}))
ids = list(gaz._by_name.values())
print("ids", len(set(ids)), len({id(v) for v in ids}))
"""


@pytest.mark.parametrize("cache", ["off", "folder"])
def test_the_gazetteer_keeps_one_object_per_repeated_value(cache, tmp_path):
    """31,000 entries name a few hundred countries, kinds and sources: each distinct value is
    one object in memory (about 12 MB less per process), whether the gazetteer was read from
    the CSV or from the cache, which must keep that sharing when it writes the index."""
    env = {**os.environ, "GEOMAP_CACHE_DIR": "off" if cache == "off" else str(tmp_path)}
    for _ in range(1 if cache == "off" else 2):  # a folder: built, then read back
        proc = subprocess.run([sys.executable, "-c", SHARING], capture_output=True, text=True,
                              timeout=300, env=env)
    rows = [line.split() for line in proc.stdout.splitlines()]
    assert [r[0] for r in rows] == ["kind", "country", "admin1", "admin2", "parent_id", "source",
                                    "ids"], proc.stderr
    for name, distinct, objects in rows:
        assert int(objects) == int(distinct), name
    assert 100 < int(dict((r[0], r[1]) for r in rows)["country"]) < 300


# --- a stale, damaged or unwritable cache ---------------------------------------------------

LOOKUP = """
import sys
from geomap.gazetteer.index import Gazetteer
print(*(e.id for e in Gazetteer.load(sys.argv[1]).lookup(sys.argv[2])))
"""
HEADER = ("id,name_ar,name_en,alt_names,kind,lat,lon,admin1,admin2,country,population,importance,"
          "parent_id,source\n")


def _lookup(gazetteer: Path, name: str, cache_dir: Path) -> subprocess.CompletedProcess:
    """The ids a fresh process finds for `name` in `gazetteer`, its cache in `cache_dir`."""
    return subprocess.run([sys.executable, "-c", LOOKUP, str(gazetteer), name],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "GEOMAP_CACHE_DIR": str(cache_dir)})


def test_a_changed_gazetteer_is_indexed_again(tmp_path):
    """The cache is keyed by the file's bytes: after an edit the new rows are found, not the
    index of the old file; the unchanged file is read from the cache."""
    gazetteer, cache_dir = tmp_path / "g.csv", tmp_path / "cache"
    gazetteer.write_text(HEADER + "a1,حلب,Aleppo,,city,36.2,37.15,,,SY,,0.5,,me\n", "utf-8")
    assert _lookup(gazetteer, "بحلب", cache_dir).stdout.split() == ["a1"]
    [first] = cache_dir.glob("gazetteer-*.bin")
    stamp = first.stat().st_mtime_ns
    assert _lookup(gazetteer, "حلب", cache_dir).stdout.split() == ["a1"]
    assert first.stat().st_mtime_ns == stamp and len(list(cache_dir.glob("gazetteer-*"))) == 1
    gazetteer.write_text(HEADER + "a1,حلب,Aleppo,,city,36.2,37.15,,,SY,,0.5,,me\n"
                         "a2,حلب,Aleppo gov.,,governorate,36.1,37.4,,,SY,,0.8,,me\n", "utf-8")
    assert _lookup(gazetteer, "حلب", cache_dir).stdout.split() == ["a2", "a1"]
    assert len(list(cache_dir.glob("gazetteer-*.bin"))) == 2


def test_a_damaged_cache_file_is_built_again(tmp_path):
    gazetteer, cache_dir = tmp_path / "g.csv", tmp_path / "cache"
    gazetteer.write_text(HEADER + "a1,حلب,Aleppo,,city,36.2,37.15,,,SY,,0.5,,me\n", "utf-8")
    assert _lookup(gazetteer, "حلب", cache_dir).stdout.split() == ["a1"]
    [index] = cache_dir.glob("gazetteer-*.bin")
    index.write_bytes(b"not an index")
    proc = _lookup(gazetteer, "حلب", cache_dir)
    assert proc.stdout.split() == ["a1"]
    assert proc.stderr.count("\n") == 1 and "cannot read the cache file" in proc.stderr
    assert index.read_bytes() != b"not an index"  # replaced by a good one
    proc = _lookup(gazetteer, "حلب", cache_dir)
    assert proc.stdout.split() == ["a1"] and proc.stderr == ""



def test_a_damaged_word_table_is_built_again(tmp_path):
    code = ("from geomap.places.frequency import zipf\nfrom wordfreq import zipf_frequency\n"
            "print(zipf('حلب'), zipf_frequency('حلب', 'ar'))")
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], env=env, timeout=300, check=True)
    [table] = tmp_path.glob("words-*.bin")
    size = table.stat().st_size
    with open(table, "r+b") as f:
        f.truncate(size // 2)
    proc = subprocess.run([sys.executable, "-c", code], env=env, timeout=300,
                          capture_output=True, text=True)
    [ours, wordfreq] = proc.stdout.split()
    assert ours == wordfreq and float(ours) > 3, proc.stdout
    assert proc.stderr.count("\n") == 1 and "cannot read the cache file" in proc.stderr
    assert table.stat().st_size == size

def _extract_seed(cache_dir: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geomap", "extract", str(SEED)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "GEOMAP_CACHE_DIR": str(cache_dir)})


@pytest.mark.parametrize("where", ["under a file", "a file"])
def test_a_cache_folder_that_cannot_be_written_costs_one_warning(where, tmp_path):
    """The report is the plain one, and stderr has one warning line naming the folder."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be")
    cache_dir = blocker / "cache" if where == "under a file" else blocker
    proc = _extract_seed(cache_dir)
    assert proc.returncode == 0
    assert proc.stdout == _extract_seed("off").stdout and '"Aleppo"' in proc.stdout
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(f"cannot write the index cache in {cache_dir}")
    assert blocker.read_text() == "a file where the cache folder would be"


def test_extract_loads_only_what_it_needs():
    """A one-article extract (cache built) imports no geocoder, no wordfreq, no map or table
    library: those are for --geocoder, words outside the table, `map`, GeoDataFrames."""
    code = ("import sys\nfrom geomap.cli import main\nmain(['extract', sys.argv[1]])\n"
            "heavy = 'geopy requests wordfreq folium branca pandas geopandas matplotlib'.split()\n"
            "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)")
    _python(code, str(SEED))  # builds the session's cache, if no test did
    proc = _python(code, str(SEED))
    assert proc.returncode == 0 and '"Aleppo"' in proc.stdout
    assert proc.stderr == "[]\n"


def test_a_word_with_diacritics_is_read_from_the_table():
    """«فإنّ» (with a shadda) has wordfreq's value for «فإن», 5.83 (wordfreq drops Arabic marks
    too), from the cached table: no wordfreq import for a vowelled word of an article, nor for
    a name with a space at its edge (« حلب»: wordfreq reads the token «حلب»)."""
    code = ("import sys\nfrom geomap.places.frequency import zipf\n"
            "print(zipf('فإنّ'), zipf('حلـــب'), zipf(' حلب'), 'wordfreq' in sys.modules)")
    _python(code)  # builds the session's table, if no test did
    proc = _python(code)
    assert proc.returncode == 0 and proc.stdout.split() == ["5.83", "4.93", "4.93", "False"], proc.stderr
