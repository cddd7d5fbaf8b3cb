"""Hostile inputs and unwritable outputs, through the CLI as a user runs it: each is one line
on stderr naming the file (and line) with exit status 2, or a correct result; no traceback."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.gazetteer.index import COLUMNS
from tests.browser import require_browser
from tests.conftest import DEV

ARTICLE = "خرج المسلحون من حلب إلى إدلب"  # Aleppo → Idlib, one movement
ALEPPO, IDLIB = "ocha:C1007", "ocha:C3871"  # the cities (tests/test_gazetteer.py)
SOURCES = DEV.parent.parent / "data"  # ../shared/data, the gazetteer build's sources


def run(*args, stdin=None, stdout=subprocess.PIPE, prelude=None):
    """`python -m geomap …` in a subprocess; `prelude` is code run first in that process."""
    cmd = [sys.executable, "-m", "geomap", *args]
    if prelude:
        cmd = [sys.executable, "-c", prelude + "\nimport runpy, sys\nsys.argv[0] = 'geomap'\n"
               "runpy.run_module('geomap', run_name='__main__', alter_sys=True)", *args]
    return subprocess.run(cmd, input=stdin, stdout=stdout, stderr=subprocess.PIPE, timeout=300)


def one_line_error(proc, *needles: str) -> str:
    """The stderr of a run that failed with exit 2 and one `geomap: error:` line naming all."""
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("geomap: error: "), err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def unwritable(tmp_path):
    """A folder this process may not write in: a read-only folder, or /sys for root (whom
    permission bits do not stop; sysfs makes no files)."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    probe = Path("/sys") / "geomap-probe.html"
    try:
        probe.write_text("")
        probe.unlink()
    except PermissionError:
        yield Path("/sys")
        return
    except OSError:
        pass
    pytest.skip("no folder to refuse a write here")


# --- JSONL records ---------------------------------------------------------------------------

BAD_RECORDS = [  # (line as bytes, what the one-line error says)
    (b'{"id": "s", "text": "\\ud800 \xd8\xad\xd9\x84\xd8\xa8"}', "lone surrogate \\ud800"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"id": ' + b"9" * 5000 + b', "text": "x"}', "4300 digits"),
    (b'{"id": "u", "text": "\xff"}', "not UTF-8"),
    (b'{"id": "t", "text": "unterminated', "not a JSON object"),
    (b'["text", "a list"]', 'expected an object with a "text" string'),
    (b'{"id": "n", "body": "no text"}', 'expected an object with a "text" string'),
]


def test_each_bad_record_is_one_error_line_and_the_others_are_reported(tmp_path):
    """Records in = reports out + error lines; blank lines are no records."""
    good = [{"id": "g1", "text": ARTICLE}, {"id": "g2", "text": "وصل الوفد إلى دمشق"}]
    lines = [json.dumps(good[0], ensure_ascii=False).encode()]
    for bad, _ in BAD_RECORDS:
        lines += [bad, b"   "]
    lines.append(json.dumps(good[1], ensure_ascii=False).encode())
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    proc = run("extract", str(path))
    assert proc.returncode == 2
    reports = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in reports] == ["g1", "g2"]
    assert [p["id"] for p in reports[0]["places"]] == [ALEPPO, IDLIB]
    assert [p["name_en"] for p in reports[1]["places"]] == ["Damascus"]
    errors = proc.stderr.decode().splitlines()
    assert len(errors) == len(BAD_RECORDS) and "Traceback" not in proc.stderr.decode()
    for i, ((_, message), error) in enumerate(zip(BAD_RECORDS, errors)):
        line = 2 + 2 * i  # record 1 is good, then each bad record is followed by a blank line
        assert error.startswith(f"geomap: error: {path}:{line}: ") and message in error


@pytest.mark.parametrize("bad, message", BAD_RECORDS[:3])
def test_a_lone_bad_record_is_one_line(tmp_path, bad, message):
    path = tmp_path / "one.jsonl"
    path.write_bytes(bad + b"\n")
    one_line_error(run("extract", str(path)), f"{path}:1: ", message)


def test_jsonl_lines_split_on_newline_only(tmp_path):
    """U+2028, U+2029 and U+0085 inside a JSON string are text, not line breaks."""
    text = "خرج\u2028 المسلحون من حلب\u0085 إلى\u2029 إدلب"
    path = tmp_path / "seps.jsonl"
    path.write_text(json.dumps({"id": "sep", "text": text}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    proc = run("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    (report,) = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    places = [(p["id"], p["start"]) for p in report["places"]]
    assert places == [(ALEPPO, text.index("حلب")), (IDLIB, text.index("إدلب"))]


def test_a_text_over_the_size_limit_is_a_record_error(tmp_path):
    from geomap.pipeline import MAX_CHARS

    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "a" * (MAX_CHARS + 1)}) + "\n"
                    + json.dumps({"id": "ok", "text": ARTICLE}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    proc = run("extract", str(path))
    one_line_error(proc, f"{path}:1: ", "limit")
    assert [json.loads(x)["id"] for x in proc.stdout.decode().splitlines()] == ["ok"]


# --- many inputs ------------------------------------------------------------------------------

def test_a_missing_input_among_others_is_one_line_and_the_rest_run(tmp_path, article):
    proc = run("extract", str(article), str(tmp_path / "gone.txt"), str(article))
    one_line_error(proc, f"{tmp_path / 'gone.txt'}: no such file")
    assert [json.loads(x)["id"] for x in proc.stdout.decode().splitlines()] == ["article"] * 2


def test_a_folder_as_input_is_one_line(tmp_path):
    one_line_error(run("extract", str(tmp_path)), str(tmp_path), "folder")


def test_map_draws_the_good_records_and_exits_2(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False) + "\n[[\n",
                   encoding="utf-8")
    out = tmp_path / "map.html"
    proc = run("map", str(src), "-o", str(out))
    one_line_error(proc, f"{src}:2: ")
    assert out.exists() and b"wrote" in proc.stdout and b"2 places, 1 movements" in proc.stdout


def test_map_of_nothing_readable_writes_nothing(tmp_path):
    out = tmp_path / "map.html"
    out.write_text("the map of yesterday", encoding="utf-8")
    one_line_error(run("map", str(tmp_path / "gone.txt"), "-o", str(out)), "no such file")
    assert out.read_text(encoding="utf-8") == "the map of yesterday"


# --- outputs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("option", ["-o", "--png"])
def test_output_in_a_missing_folder(tmp_path, article, option):
    target = tmp_path / "no" / "such" / "map.out"
    args = ["-o", str(target)] if option == "-o" else ["-o", str(tmp_path / "m.html"),
                                                       "--png", str(target)]
    one_line_error(run("map", str(article), *args), str(target), "no such folder")
    assert not (tmp_path / "m.html").exists()  # refused before any work


@pytest.mark.parametrize("option", ["-o", "--png"])
def test_output_that_is_a_folder(tmp_path, article, option):
    args = ["-o", str(tmp_path)] if option == "-o" else ["-o", str(tmp_path / "m.html"),
                                                         "--png", str(tmp_path)]
    one_line_error(run("map", str(article), *args), str(tmp_path), "is a folder")


@pytest.mark.parametrize("option", ["-o", "--png"])
def test_output_where_we_may_not_write(tmp_path, article, unwritable, option):
    target = unwritable / "map.out"
    args = ["-o", str(target)] if option == "-o" else ["-o", str(tmp_path / "m.html"),
                                                       "--png", str(target)]
    one_line_error(run("map", str(article), *args), str(target), "cannot write")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_map_on_a_full_disk(article):
    one_line_error(run("map", str(article), "-o", "/dev/full"), "/dev/full",
                   "No space left on device")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_png_on_a_full_disk(tmp_path, article):
    require_browser()
    proc = run("map", str(article), "-o", str(tmp_path / "m.html"), "--png", "/dev/full")
    one_line_error(proc, "/dev/full", "No space left on device")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_extract_to_a_full_disk(article):
    with open("/dev/full", "wb") as full:
        proc = run("extract", str(article), stdout=full)
    one_line_error(proc, "<stdout>", "No space left on device")


BLOCK_PLAYWRIGHT = """
import sys
class NoPlaywright:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "playwright":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NoPlaywright())
"""


def test_png_without_playwright_says_how_to_install_it(tmp_path, article):
    png = tmp_path / "m.png"
    proc = run("map", str(article), "-o", str(tmp_path / "m.html"), "--png", str(png),
               prelude=BLOCK_PLAYWRIGHT)
    one_line_error(proc, str(png), "pip install 'geomap[image]'")
    assert not png.exists() and not (tmp_path / "m.html").exists()


def test_png_when_chromium_will_not_start_is_one_line(tmp_path, article):
    """GEOMAP_CHROMIUM pointing at a program that is no browser: launching it fails."""
    require_browser()
    if not Path("/bin/false").exists():
        pytest.skip("no /bin/false here")
    png = tmp_path / "m.png"
    proc = subprocess.run([sys.executable, "-m", "geomap", "map", str(article), "-o",
                           str(tmp_path / "m.html"), "--png", str(png)], capture_output=True,
                          env={**os.environ, "GEOMAP_CHROMIUM": "/bin/false"}, timeout=300)
    one_line_error(proc, f"{png}: Chromium could not draw the map")
    assert not png.exists()


def test_the_playwright_blocker_blocks_only_playwright():
    """The prelude above is what makes the last test honest: it stops playwright, not geomap."""
    code = BLOCK_PLAYWRIGHT + "import geomap.cli\ntry:\n    import playwright\n" \
        "except ImportError:\n    print('blocked')\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == "blocked\n", out.stderr


# --- gazetteer build --out -------------------------------------------------------------------

def test_build_out_a_file(tmp_path):
    plain = tmp_path / "plain"
    plain.write_text("", encoding="utf-8")
    one_line_error(run("gazetteer", "build", "--out", str(plain / "sub")), str(plain),
                   "not a folder")


def test_build_out_where_we_may_not_write(unwritable):
    one_line_error(run("gazetteer", "build", "--out", str(unwritable / "gaz")),
                   str(unwritable / "gaz"), "cannot write")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_build_out_on_a_full_disk(tmp_path):
    if not SOURCES.is_dir():
        pytest.skip(f"gazetteer sources not found at {SOURCES}")
    (tmp_path / "gazetteer.csv").symlink_to("/dev/full")
    proc = run("gazetteer", "build", "--sources", str(SOURCES), "--out", str(tmp_path))
    one_line_error(proc, str(tmp_path / "gazetteer.csv"), "No space left on device")


# --- user gazetteers --------------------------------------------------------------------------

HEADER = ",".join(COLUMNS)
ALEPPO_ROW = "x,حلب,Aleppo,,city,36.2,37.15,,,SY,,0.5,,me"


@pytest.mark.parametrize("body, message", [
    (HEADER + "\nx,حلب,Aleppo,,city,36.2,37.15,,,SY,inf,0.5,,me\n", ":2: bad population 'inf'"),
    (HEADER + "\nx,حلب,Aleppo,,city,36.2,37.15,,,SY,,nan,,me\n", ":2: bad importance 'nan'"),
    (HEADER + "\nx,حلب,Aleppo,,city,36.2,37.15,,,SY,,-inf,,me\n", ":2: bad importance '-inf'"),
    (HEADER + "\n" + ALEPPO_ROW.replace("Aleppo", "A" * (128 * 1024 + 1)) + "\n",
     ":2: field larger than field limit"),
    (HEADER + '\nx,حلب,"Aleppo,,city,36.2,37.15,,,SY,,0.5,,me\ny,ب,B,,city,35,37,,,SY,,0.5,,me\n',
     ":2: 3 fields where the header has 14 (a quote opened here runs to line 3)"),
    (HEADER + "\n" + ALEPPO_ROW + "\n" + ALEPPO_ROW.replace("حلب", "ب") + "\n",
     ":3: duplicate id 'x' (first on line 2)"),
])
def test_bad_user_gazetteer_is_one_line(tmp_path, body, message):
    path = tmp_path / "user.csv"
    path.write_text(body, encoding="utf-8")
    proc = run("--gazetteer", str(path), "gazetteer", "search", "حلب")
    one_line_error(proc, f"{path}{message}")


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "gazetteer: a folder, not a file"),
    (lambda p: None, "gazetteer: no such file"),
])
def test_gazetteer_path_that_is_no_file(tmp_path, make, message):
    path = tmp_path / "gaz"
    make(path)
    one_line_error(run("--gazetteer", str(path), "gazetteer", "search", "حلب"), str(path), message)


def test_gazetteer_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + HEADER + "\n" + ALEPPO_ROW + "\n").encode("utf-8"))
    proc = run("--gazetteer", str(path), "gazetteer", "search", "بحلب")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().split()[:4] == ["x", "حلب", "/", "Aleppo"]


@pytest.mark.parametrize("line, says", [
    (b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    (b'{"text": "x", "n": ' + b"7" * 5000 + b"}", "not a JSON object we can read"),
    (b'{"id": "a"}', 'expected an object with a "text" string'),
    (b"\xff\xfe", "not UTF-8"),
])
def test_eval_names_the_bad_line_of_a_gold_file(tmp_path, line, says):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b'{"id": "ok", "text": "\xd8\xad\xd9\x84\xd8\xa8"}\n' + line + b"\n")
    one_line_error(run("eval", str(gold)), f"{gold}:2: ", says)
