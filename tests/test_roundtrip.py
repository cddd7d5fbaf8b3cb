"""Reports saved as JSON read back: Report.from_dict / from_json, and their shapes drawn again."""
from __future__ import annotations

import json
from dataclasses import asdict, replace

import pytest

import geomap
from geomap.io.reports import area_geometry, is_saved_report, read_report
from geomap.model import Report
from geomap.errors import InputError


@pytest.fixture(scope="module")
def reports(dev_records, seed_report):
    return [geomap.extract(r["text"], id=r["id"]) for r in dev_records] + [seed_report]


def test_every_dev_report_and_the_seed_round_trip(reports):
    for r in reports:
        d = r.to_dict()
        assert Report.from_dict(d).to_dict() == d
        assert Report.from_json(r.to_json()).to_json() == r.to_json()
        assert Report.from_dict(json.loads(json.dumps(d))).to_dict() == d


def test_the_dict_is_what_dataclasses_asdict_made(reports):
    """to_dict builds the dicts directly (asdict deep-copied every polygon to drop it): the
    same keys in the same order and the same values as the asdict form it replaced."""
    for r in reports:
        for m in r.movements:
            plain = asdict(replace(m, geometry=None))  # the corridor is no part of the dict
            plain.pop("geometry")
            plain["via"] = [asdict(v) for v in m.via]
            plain["counts"] = [list(c) for c in m.counts]
            plain["evidence"] = [list(e) for e in m.evidence]
            assert m.evidence and list(m.to_dict().items()) == list(plain.items())
        for a in r.areas:
            plain = asdict(a)
            plain.pop("geometry")
            plain["anchor_ids"] = list(a.anchor_ids)
            plain["place_ids"] = list(a.place_ids)
            assert list(a.to_dict().items()) == list(plain.items())
        for p in r.places:
            plain = asdict(replace(p, geometry=None))  # a province's outline: not in the dict
            plain.pop("geometry")
            assert list(p.to_dict().items()) == list(plain.items())


def test_the_json_carries_the_text_and_what_geojson_says_of_each_place(seed_report):
    d = seed_report.to_dict()
    assert list(d) == ["id", "text", "places", "unresolved", "movements", "areas"]
    assert d["text"] == seed_report.text
    features = [f["properties"] for f in seed_report.to_geojson()["features"]
                if f["properties"]["type"] == "place"]
    for place, props in zip(d["places"], features, strict=True):
        assert place == {k: v for k, v in props.items() if k not in ("type", "report_id")}
    aleppo = next(p for p in d["places"] if p["surface"] == "حلب")
    # ocha:C1007 in data/gazetteer.csv: Aleppo city, in Aleppo governorate, Syria
    assert (aleppo["id"], aleppo["country"], aleppo["admin1"]) == ("ocha:C1007", "SY", "Aleppo")
    assert aleppo["reason"]


def test_shapes_drawn_again_are_the_shapes_extraction_drew(reports, gaz):
    """Every area polygon (east Aleppo, Idlib's western countryside, the besieged towns…) and
    so every corridor that ends on one: the GeoJSON of a loaded report is the extracted one's."""
    drawn = extracted = 0
    for r in reports:
        loaded = read_report(json.loads(r.to_json()), "test", gaz)
        assert json.dumps(loaded.to_geojson()) == json.dumps(r.to_geojson())
        drawn += sum(a.geometry is not None for a in loaded.areas)
        # a disc round an area the data cannot outline is the stage's, drawn on demand
        extracted += sum(a.geometry is not None for a in geomap.add_geometry(r).areas)
    assert drawn == extracted >= 40  # the directional areas included (East Aleppo…)


def test_a_loaded_area_is_drawn_from_its_anchors_and_direction(seed_report, gaz):
    east = next(a for a in seed_report.areas if a.name_en == "East Aleppo")
    assert area_geometry(east, gaz).equals(east.geometry)
    assert area_geometry(replace(east, name_en="East Aleppo (edited)"), gaz).equals(east.geometry)
    assert not area_geometry(replace(east, direction=None), gaz).equals(east.geometry)
    assert area_geometry(replace(east, anchor_ids=("no:such-id",)), gaz) is None
    assert area_geometry(replace(east, kind="no such kind"), gaz) is None


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("text"), 'a report is an object with its "text"'),
    (lambda d: d["places"][0].update(lat="north"), "places[0].lat is not float"),
    (lambda d: d["places"][0].pop("kind"), 'places[0] has no "kind"'),
    (lambda d: d["movements"][0].update(via="Hama"), "movements[0].via is not a list"),
    (lambda d: d["movements"][0].update(counts=[[1]]), "is not a list of [value, unit] pairs"),
    (lambda d: d["areas"][0].update(start=10**6), "areas[0] spans 1000000-"),
    (lambda d: d.update(unresolved={}), '"unresolved" is not a list'),
])
def test_a_report_that_does_not_fit_is_one_clear_error(seed_report, gaz, change, message):
    d = json.loads(seed_report.to_json())
    change(d)
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("(", r"\(")):
        Report.from_dict(d)
    with pytest.raises(InputError, match=r"^x.json:3: not a report we can read \("):
        read_report(d, "x.json:3", gaz)


def test_a_saved_report_is_told_from_a_gold_record(dev_records, seed_report):
    assert is_saved_report(seed_report.to_dict())
    assert not is_saved_report(dev_records[0])  # gold: places, movements, areas, no unresolved
    assert not is_saved_report({"text": "…"}) and not is_saved_report([])
