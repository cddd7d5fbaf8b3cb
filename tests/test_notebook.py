"""Run notebooks/explore.ipynb end to end and check what a newcomer would see in it.

The kernel is this test's own interpreter, named by a kernelspec written to a tmp dir: a
`python3` kernelspec installed elsewhere (a user-level one, another venv's) could point at a
Python without geomap, and a fresh `pip install -e '.[test]'` must be enough. The kernel gets
the repository on PYTHONPATH so it imports the geomap under test, not some installed copy.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
KERNEL_NAME = "geomap-test"
CELL_TIMEOUT = 120  # seconds; the slowest cell (first extract, gazetteer load) takes a few


def kernel_manager(spec_dir: Path) -> KernelManager:
    """A KernelManager for sys.executable, from a kernelspec that exists only in spec_dir."""
    kdir = spec_dir / "kernels" / KERNEL_NAME
    kdir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "geomap test kernel", "language": "python"}
    (kdir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    ksm = KernelSpecManager(kernel_dirs=[str(spec_dir / "kernels")], ensure_native_kernel=False)
    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm)


def kernel_env() -> dict[str, str]:
    """This process's environment with the repository first on PYTHONPATH."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> nbformat.NotebookNode:
    """The notebook after running every cell from notebooks/ (raises on the first failing cell)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    km = kernel_manager(tmp_path_factory.mktemp("kernelspec"))
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute(env=kernel_env())
    return nb


def output_text(cell: nbformat.NotebookNode) -> str:
    """Everything a code cell showed: streams, text/plain and text/html of its results."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts += [out.data.get("text/plain", ""), out.data.get("text/html", "")]
        elif out.output_type == "error":
            parts.append("\n".join(out.traceback))
    return "\n".join(parts)


def cell_with(nb: nbformat.NotebookNode, source_part: str) -> nbformat.NotebookNode:
    """The one code cell whose source contains source_part."""
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and source_part in c.source]
    return cell


def test_the_notebook_is_saved_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_every_cell_runs_and_shows_something(executed):
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert not [c for c in code if any(o.output_type == "error" for o in c.outputs)]
    assert all(c.outputs for c in code), "every code cell should display a result"


def test_places_table_names_kafraya_and_idlib(executed):
    shown = output_text(cell_with(executed, "places = pd.DataFrame("))
    assert "كفريا" in shown
    assert re.search(r"Idl[ei]b", shown)  # the gazetteer's English spelling is «Idleb»
    assert "<table" in shown  # rendered as an HTML table, not a repr


def test_movements_table_has_a_movement_toward_idlib(executed):
    shown = output_text(cell_with(executed, "movements = pd.DataFrame("))
    assert re.search(r"Idl[ei]b", shown)
    assert "planned" in shown and "done" in shown


def test_rendered_map_is_a_leaflet_map(executed):
    html = output_text(cell_with(executed, "geomap.render(report"))
    # folium shows the map in an <iframe srcdoc>: the page inside is HTML-escaped once
    assert re.search(r"&lt;div class=&quot;folium-map&quot; id=&quot;map_\w+", html)
    assert "L.map(" in html


def test_evidence_sentence_is_from_the_article(executed):
    shown = output_text(cell_with(executed, "report.sentence(m.start, m.end)"))
    text = (ROOT / "seeds" / "aleppo-evacuation-2016-12.txt").read_text(encoding="utf-8")
    header, _, sentence = shown.partition("\n\n")
    assert re.search(r"Idl[ei]b", header)
    assert sentence.strip() and sentence.strip() in text
    assert "إدلب" in sentence
