"""Start-up: what loading geomap leaves in its host process, and the caches that make it fast."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import SEED


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
