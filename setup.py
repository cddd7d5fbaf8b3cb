"""Build hook: the repository's top-level data/ folder travels inside the package as geomap/_data.

data/gazetteer.csv stays at the top of the repository (the project's shape fixes it), yet a
wheel must carry it: build_py copies data/'s files into the built package, where
geomap.gazetteer.paths finds them. An editable install copies nothing and reads data/ itself.
Everything else is declared in pyproject.toml.
"""
from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = Path(__file__).resolve().parent / "data"
PACKAGED = Path("geomap") / "_data"
SUFFIXES = (".csv", ".geojson", ".md")  # the gazetteer, its area shapes, hand-kept files, schema


def data_files() -> list[Path]:
    """The files of data/ that go into the package, in name order."""
    return sorted(p for p in DATA.iterdir() if p.is_file() and p.suffix in SUFFIXES)


class BuildPyWithData(build_py):
    """build_py that also copies data/ into geomap/_data of the built package."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            for src, dst in self._data_outputs():
                self.mkpath(str(dst.parent))
                self.copy_file(str(src), str(dst))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return outputs + [str(dst) for _, dst in self._data_outputs()]

    def _data_outputs(self) -> list[tuple[Path, Path]]:
        return [(src, Path(self.build_lib) / PACKAGED / src.name) for src in data_files()]


setup(cmdclass={"build_py": BuildPyWithData})
