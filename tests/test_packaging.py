"""geomap installs like a library: the wheel and the sdist carry the data, an installed geomap
works from any folder, and every module it imports is a declared dependency.

Offline: the builds use this venv's setuptools (`--no-isolation`), the fresh venv borrows this
venv's dependencies through a .pth file, and pip is told `--no-index`.
"""
from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from geomap import __version__
from geomap.gazetteer.paths import data_dir
from tests.conftest import ROOT, SEED

SOURCES = ROOT.parent / "shared" / "data"  # the gazetteer build's open sources
LEXICONS = sorted(p.name for p in (ROOT / "geomap" / "lexicon").glob("*.csv"))
RUN_TIME_DATA = ("gazetteer.csv", "areas.geojson")


def _run(*cmd: str | Path, cwd: Path | None = None, timeout: int = 600
         ) -> subprocess.CompletedProcess:
    """A command's completed process, text output captured; never raises on exit status."""
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def _source_copy(dest: Path) -> Path:
    """The checkout's files as git sees them (tracked, and new ones not ignored), copied to
    `dest`: builds write build/ and egg-info beside their sources, not into the checkout."""
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                  cwd=ROOT)
    if listed.returncode != 0:
        pytest.skip(f"not a git checkout: {listed.stderr.strip()}")
    for name in filter(None, listed.stdout.split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return _source_copy(tmp_path_factory.mktemp("source"))


@pytest.fixture(scope="module")
def dist(source, tmp_path_factory) -> Path:
    """The sdist and the wheel that `python -m build` makes of the checkout (wheel from sdist)."""
    out = tmp_path_factory.mktemp("dist")
    proc = _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


def _one(folder: Path, pattern: str) -> Path:
    [found] = folder.glob(pattern)
    return found


def test_the_wheel_carries_the_data_and_the_lexicons(dist):
    with zipfile.ZipFile(_one(dist, f"geomap-{__version__}-*.whl")) as wheel:
        names = set(wheel.namelist())
        packaged = wheel.read("geomap/_data/gazetteer.csv")
    for name in RUN_TIME_DATA:
        assert f"geomap/_data/{name}" in names
    for name in LEXICONS:
        assert f"geomap/lexicon/{name}" in names
    assert "geomap/assets/geomap.js" in names
    assert packaged == (ROOT / "data" / "gazetteer.csv").read_bytes()  # a copy, not a rebuild


def test_the_sdist_carries_what_the_wheel_is_built_from(dist):
    with tarfile.open(_one(dist, f"geomap-{__version__}.tar.gz")) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for name in RUN_TIME_DATA:
        assert f"data/{name}" in names  # at the top, as in the repository
    for name in LEXICONS:
        assert f"geomap/lexicon/{name}" in names
    assert {"setup.py", "pyproject.toml", "README.md"} <= names


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    """A new venv without pip or geomap that sees this venv's dependencies through a .pth
    file (no download), so only the geomap installed into it differs."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    proc = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert proc.returncode == 0, proc.stderr
    python = venv / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
                     ).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "borrowed-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return venv


def _install(venv: Path, target: Path) -> None:
    """pip (this venv's, aimed at `venv`) installs `target` without an index or build isolation."""
    proc = _run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
                "--no-deps", "--no-index", "--no-build-isolation", "--force-reinstall",
                "--quiet", target)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


@pytest.mark.parametrize("form", ["wheel", "sdist", "checkout"])
def test_an_installed_geomap_works_from_any_folder(form, dist, source, fresh_venv, tmp_path):
    """`pip install` of the wheel, of the sdist, of the checkout (`pip install .`): each gives a
    geomap that extracts the seed from a folder outside the checkout."""
    target = {"wheel": lambda: _one(dist, "*.whl"), "sdist": lambda: _one(dist, "*.tar.gz"),
              "checkout": lambda: source}[form]()
    _install(fresh_venv, target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SEED, elsewhere / "article.txt")
    geomap = fresh_venv / "bin" / "geomap"
    proc = _run(geomap, "extract", "article.txt", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    places = {p["surface"]: p for p in json.loads(proc.stdout)["places"]}
    aleppo, idlib = places["حلب"], places["إدلب"]  # Aleppo 36.20 N 37.15 E, Idlib 35.93 N 36.63 E
    assert aleppo["name_en"] == "Aleppo" and abs(aleppo["lat"] - 36.20) < 0.1 \
        and abs(aleppo["lon"] - 37.15) < 0.1
    assert idlib["kind"] == "city" and abs(idlib["lat"] - 35.93) < 0.1 \
        and abs(idlib["lon"] - 36.63) < 0.1
    where = _run(fresh_venv / "bin" / "python", "-I", "-c", "import geomap, geomap.gazetteer."
                 "paths as p; print(geomap.__file__); print(p.data_dir())", cwd=elsewhere
                 ).stdout.split()
    assert all(Path(w).is_relative_to(fresh_venv) for w in where), where
    assert _run(geomap, "--version").stdout == f"geomap {__version__}\n"


def test_an_installed_geomap_keeps_its_data_unless_forced(dist, fresh_venv, tmp_path):
    """`gazetteer build --out` the installed package's data: refused, one line, exit 2, the
    file untouched; with --force it is rebuilt there, and geomap still finds Aleppo."""
    if not SOURCES.is_dir():
        pytest.skip(f"gazetteer sources not found at {SOURCES}")
    _install(fresh_venv, _one(dist, "*.whl"))
    geomap = fresh_venv / "bin" / "geomap"
    packaged = Path(_run(fresh_venv / "bin" / "python", "-I", "-c", "import geomap.gazetteer."
                         "paths as p; print(p.data_dir())", cwd=tmp_path).stdout.strip())
    assert packaged.is_relative_to(fresh_venv), packaged  # never the checkout's data/
    before = (packaged / "gazetteer.csv").stat().st_mtime_ns
    proc = _run(geomap, "gazetteer", "build", "--sources", SOURCES, "--out", packaged,
                cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(f"geomap: error: {packaged}: ") and "--force" in proc.stderr
    assert (packaged / "gazetteer.csv").stat().st_mtime_ns == before
    proc = _run(geomap, "gazetteer", "build", "--sources", SOURCES, "--out", packaged, "--force",
                cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {packaged / 'gazetteer.csv'}" in proc.stdout
    assert (packaged / "gazetteer.csv").stat().st_mtime_ns > before
    assert "Aleppo" in _run(geomap, "gazetteer", "search", "حلب").stdout


def test_the_checkout_data_is_refused_when_it_is_what_geomap_reads(tmp_path):
    """In a checkout (editable install) data/ is the packaged data: refused without --force."""
    assert data_dir() == ROOT / "data"
    before = (ROOT / "data" / "gazetteer.csv").stat().st_mtime_ns
    # sources that do not exist: were the refusal broken, the build would stop before writing
    proc = _run(sys.executable, "-m", "geomap", "gazetteer", "build", "--sources", tmp_path / "no",
                "--out", ROOT / "data", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "give --force" in proc.stderr
    assert (ROOT / "data" / "gazetteer.csv").stat().st_mtime_ns == before
    # elsewhere is fine: the refusal is only for the data geomap reads
    proc = _run(sys.executable, "-m", "geomap", "gazetteer", "build", "--sources", tmp_path / "no",
                "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 2 and "sources directory not found" in proc.stderr, proc.stderr


# --- dependencies -----------------------------------------------------------------------------

def _top_level_imports() -> dict[str, set[str]]:
    """{top-level module: the geomap files importing it} for every absolute import in geomap/."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "geomap").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    return found


def _requirement_name(requirement: str) -> str:
    """'numpy>=1.24 ; python_version…' → 'numpy', normalized as PyPI compares names."""
    name = requirement.split(";")[0]
    for stop in "<>=!~[ ":
        name = name.split(stop)[0]
    return name.strip().lower().replace("_", "-").replace(".", "-")


def test_every_third_party_import_is_a_declared_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    declared = {_requirement_name(r) for r in project["dependencies"]}
    declared |= {_requirement_name(r) for name, group in extras.items() if name != "test"
                 for r in group}  # optional features (the PNG's playwright) count, tests do not
    distributions = packages_distributions()
    third_party = {name: files for name, files in _top_level_imports().items()
                   if name not in sys.stdlib_module_names and name != "geomap"}
    assert {"numpy", "shapely", "wordfreq"} <= set(third_party)  # the scan sees imports
    undeclared = {name: sorted(files) for name, files in third_party.items()
                  if not {_requirement_name(d) for d in distributions.get(name, [name])}
                  & declared}
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
