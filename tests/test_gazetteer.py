"""Gazetteer API on the real built file: variants, ids, search CLI, and bad user gazetteers."""
import subprocess
import sys

import pytest

from geomap.cli import main
from geomap.errors import GazetteerError
from geomap.gazetteer.index import COLUMNS, DEFAULT_PATH, Gazetteer, entry_keys, read_entries


def ids(entries):
    return [e.id for e in entries]


@pytest.mark.parametrize("written", ["إدلب", "بإدلب", "وإدلب", "ادلب", "لإدلب", "Idlib", "Idleb"])
def test_idlib_city_and_governorate_are_two_entries(gaz, written):
    found = ids(gaz.lookup(written))
    assert "ocha:C3871" in found and "ocha:SY07" in found


def test_entry_keys_are_the_keys_the_index_files_each_entry_under(gaz):
    """Read back from the name index, every entry's keys are entry_keys(entry): code that asks
    for the keys of a few entries (the countries) need not scan all 85,000 keys."""
    filed: dict[int, set[str]] = {}
    for key in gaz.keys():
        for e in gaz.candidates(key):
            filed.setdefault(id(e), set()).add(key)
    assert all(filed.get(id(e), set()) == entry_keys(e) for e in gaz.entries)
    syria = next(e for e in gaz.entries if e.kind == "country" and e.country == "SY")
    assert {"سوريه", "سوريا"} <= entry_keys(syria)


@pytest.mark.parametrize("written", ["الفوعة", "والفوعة", "للفوعة", "الفوعه", "بالفوعة"])
def test_foua_variants(gaz, written):
    assert "ocha:C3905" in ids(gaz.lookup(written))


@pytest.mark.parametrize("written", ["خان طومان", "خانطومان", "بخان طومان"])
def test_khan_tuman_with_and_without_space(gaz, written):
    assert "ocha:C1015" in ids(gaz.lookup(written))


def test_known_points_from_the_sources(gaz):
    # checked by hand against ../shared/data/ocha-cod-syria/*.csv
    assert (gaz.get("ocha:C1007").lat, gaz.get("ocha:C1007").lon) == (36.206013, 37.15242)
    assert (gaz.get("ocha:C3952").lat, gaz.get("ocha:C3952").lon) == (35.989886, 36.676891)
    assert gaz.get("ocha:N0214").admin1 == "Aleppo"
    assert gaz.get("ocha:SY07").kind == "governorate"


def test_salah_al_din_neighbourhood_of_aleppo(gaz):
    found = [e for e in gaz.lookup("صلاح الدين") if e.kind == "neighbourhood"]
    assert "ocha:N0214" in ids(found) and gaz.get("ocha:N0214").parent_id == "ocha:C1007"


def test_load_is_cached_per_path():
    # load time is measured by benchmarks/run.py, not asserted here
    assert len(Gazetteer.load()) > 10_000
    assert Gazetteer.load() is Gazetteer.load()


def test_to_geodataframe(gaz):
    df = gaz.to_geodataframe()
    assert len(df) == len(gaz) and df.crs.to_epsg() == 4326
    row = df[df.id == "ocha:C3905"].iloc[0]
    assert abs(row.geometry.y - 35.982022) < 1e-6


def test_get_unknown_id(gaz):
    with pytest.raises(KeyError, match="no gazetteer entry"):
        gaz.get("ocha:nothing")


def test_search_cli(capsys):
    assert main(["gazetteer", "search", "كفريا"]) == 0
    out = capsys.readouterr().out
    assert "ocha:C3952" in out and "35.98989" in out


def write(tmp_path, text, encoding="utf-8"):
    p = tmp_path / "user.csv"
    p.write_bytes(text.encode(encoding))
    return p


HEADER = ",".join(COLUMNS)


@pytest.mark.parametrize("body, message", [
    ("id,name_ar\nx,حلب\n", "missing column"),
    (HEADER + "\nx,حلب,Aleppo,,city,north,37,,,SY,,0.5,,me\n", ":2: bad coordinate"),
    (HEADER + "\nx,حلب,Aleppo,,city,36,37,,,SY,,0.5,,me\ny,ب,B,,city,95,37,,,SY,,0.5,,me\n",
     ":3: coordinate out of range"),
    (HEADER + "\nx,حلب,Aleppo,,city,36,37,,,SY,1e400,0.5,,me\n", ":2: bad population '1e400'"),
    (HEADER + "\nx,حلب,Aleppo,,city,36,37,,,SY,,NaN,,me\n", ":2: bad importance 'NaN'"),
    (HEADER + "\nx,حلب,Aleppo,,city,36,37,,,SY,,high,,me\n", ":2: bad importance 'high'"),
    (HEADER + "\nx,حلب,Aleppo,,city,36,37,,,SY,,0.5,,me,extra\n", ":2: 15 fields where"),
    (HEADER + "\nx,حلب,Aleppo,,city,36,37,,,SY,,0.5,,me\n\nx,ب,B,,city,35,37,,,SY,,0.5,,me\n",
     ":4: duplicate id 'x' \\(first on line 2\\)"),
])
def test_bad_user_gazetteer(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(GazetteerError, match=message):
        read_entries(path)


def test_a_byte_order_mark_changes_nothing(tmp_path):
    """The built gazetteer saved as a spreadsheet saves UTF-8 (a BOM first) reads the same."""
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + DEFAULT_PATH.read_bytes())
    assert read_entries(path) == read_entries(DEFAULT_PATH)


def test_bad_gazetteer_cli_is_one_line(tmp_path):
    path = write(tmp_path, HEADER + "\nx,حلب,Aleppo,,city,36,37,,,SY,,0.5,,me\n", "utf-16")
    proc = subprocess.run([sys.executable, "-m", "geomap", "--gazetteer", str(path), "gazetteer",
                           "search", "حلب"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not UTF-8" in proc.stderr and str(path) in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("text, entry_id", [
    ("وصل الوفد إلى جنوب السودان", "ne:SS"), ("فازت جنوب أفريقيا على مصر", "ne:ZA"),
])
def test_country_named_with_a_direction_is_one_place_not_an_area(text, entry_id):
    import geomap
    report = geomap.extract(text)
    assert report.places[0].id == entry_id and report.areas == []


def test_lookup_after_a_designator_puts_its_kind_first(gaz):
    from geomap.places.context import DESIGNATORS

    bare = ids(gaz.lookup("الهول"))
    assert bare[0] == "ocha:C4519" and "cur:al-hol-camp" not in bare   # bare: the town alone
    assert ids(gaz.lookup("مخيم الهول", DESIGNATORS))[:2] == ["cur:al-hol-camp", "ocha:C4519"]
    assert ids(gaz.lookup("محافظة إدلب", DESIGNATORS))[:2] == ["ocha:SY07", "ocha:C3871"]
    assert ids(gaz.lookup("مدينة إدلب", DESIGNATORS))[:2] == ["ocha:C3871", "ocha:SY07"]
    assert ids(gaz.lookup("بمحافظة إدلب", DESIGNATORS))[0] == "ocha:SY07"   # a clitic on it
    assert gaz.lookup("محافظة إدلب") == []          # without designators: the whole string only
    assert ids(gaz.lookup("شمال دارفور")) == ["cur:sd-north-darfur"]   # a state, no area phrase
