"""geomap.load(): the pipeline object, one text at a time or streamed, in one or more processes."""
from __future__ import annotations

import pytest

import geomap
from geomap import workers
from geomap.errors import InputError
from geomap.pipeline import Pipeline
from tests.test_geocode import fixture, make_fallback, server  # noqa: F401 - the fixture

ARTICLES = ["خرج المسلحون من حلب إلى إدلب", "وصل الوفد إلى دمشق",
            "نزح المدنيون من شرق حلب إلى ريف إدلب الغربي", "", "Hello",
            "غادرت الحافلات بلدتي كفريا والفوعة المحاصرتين باتجاه حلب"]


def dicts(reports) -> list[dict]:
    return [r.to_dict() for r in reports]


def test_load_is_public_and_gives_a_pipeline_on_the_packaged_gazetteer(gaz):
    assert "load" in dir(geomap)
    nlp = geomap.load()
    assert isinstance(nlp, Pipeline) and nlp.gazetteer is gaz
    assert geomap.load(gaz).gazetteer is gaz  # a loaded Gazetteer is used as it is


def test_calling_it_is_extract(seed_text):
    nlp = geomap.load()
    assert nlp(seed_text, id="seed").to_dict() == geomap.extract(seed_text, id="seed").to_dict()
    assert nlp("وصل الوفد إلى دمشق").places[0].name_en == "Damascus"


def test_a_gazetteer_path_is_loaded(tmp_path, gaz):
    """A CSV of one entry: the pipeline finds that place and no other."""
    path = tmp_path / "one.csv"
    header = "id,name_ar,name_en,alt_names,kind,lat,lon,admin1,admin2,country,population," \
             "importance,parent_id,source"
    path.write_text(f"{header}\nt:1,زرنوقة,Zarnouqa,,village,36.1,37.1,,,SY,,0.5,,test\n",
                    encoding="utf-8")
    nlp = geomap.load(str(path))
    assert nlp.gazetteer is not gaz and len(nlp.gazetteer) == 1
    report = nlp("وصل الوفد إلى زرنوقة ثم إلى دمشق")
    assert [(p.surface, p.id) for p in report.places] == [("زرنوقة", "t:1")]


def test_pipe_keeps_input_order_and_ids():
    nlp = geomap.load()
    items = [(text, f"id-{k}") for k, text in enumerate(ARTICLES)]
    reports = list(nlp.pipe(items))
    assert [r.id for r in reports] == [f"id-{k}" for k in range(len(ARTICLES))]
    assert dicts(reports) == [geomap.extract(t, id=i).to_dict() for t, i in items]
    assert [r.id for r in nlp.pipe(ARTICLES)] == [None] * len(ARTICLES)  # bare texts


def test_two_processes_give_the_reports_of_one(dev_records, seed_text):
    """Batches of 3 over 61 texts, at most 4 batches in flight: same reports, same order."""
    nlp = geomap.load()
    items = [(r["text"], r["id"]) for r in dev_records] + [(seed_text, "seed")]
    one = dicts(nlp.pipe(items))
    assert dicts(nlp.pipe(items, n_process=2, batch_size=3)) == one
    assert [d["id"] for d in one] == [i for _, i in items]
    assert dicts(nlp.pipe(items, n_process=2)) == one  # growing batches: 4, 8, 16, 32, 1


def test_batches_grow_from_a_few_texts_unless_told_a_size():
    """By default 4, 8, 16 … texts, up to 128 (each batch costs the parent; a short stream
    still reaches every worker); a size given is kept; nothing is lost or reordered."""
    sizes = [len(b) for b in workers._batches(range(300), None)]
    assert sizes == [4, 8, 16, 32, 64, 128, 48]
    assert [x for b in workers._batches(range(300), None) for x in b] == list(range(300))
    assert [len(b) for b in workers._batches(range(7), 3)] == [3, 3, 1]


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_bad_item_is_an_error_in_its_place(n_process):
    nlp = geomap.load()
    items = ["وصل الوفد إلى دمشق", 42, ("خرج المسلحون من حلب", "b"), ("x" * 20_000_001, "big")]
    out = list(nlp.pipe(items, n_process=n_process, batch_size=1, errors="return"))
    assert [type(x).__name__ for x in out] == ["Report", "InputError", "Report", "InputError"]
    assert str(out[1]) == "expected text (str), got int"
    assert "over the 20,000,000 limit" in str(out[3])
    assert out[2].id == "b" and out[2].places[0].name_en == "Aleppo"
    stream = nlp.pipe(items, n_process=n_process, batch_size=1)  # errors="raise", the default
    assert next(stream).places[0].name_en == "Damascus"
    with pytest.raises(InputError, match="expected text"):
        next(stream)


def test_spawned_workers_load_the_gazetteer_and_agree(monkeypatch):
    """Where there is no fork, each worker loads the gazetteer from its path."""
    nlp = geomap.load()
    serial = dicts(nlp.pipe(ARTICLES))
    monkeypatch.setattr(workers, "start_method", lambda: "spawn")
    assert dicts(nlp.pipe(ARTICLES, n_process=2, batch_size=2)) == serial


def test_geocoding_stays_in_the_parent(server, tmp_path):  # noqa: F811 - the fixture
    """Workers extract; the one geocoder (one cache, one rate limit) fills every report, so a
    name is asked once however many workers met it."""
    text = "خرج المدنيون من حلب إلى قرية الزرنوقة"
    server.routes["الزرنوقة"] = fixture("khan-al-asal.json")
    nlp = geomap.load(geocoder=make_fallback(server, tmp_path / "cache.sqlite"))
    reports = list(nlp.pipe([text] * 6, n_process=2, batch_size=1))
    assert all(r.unresolved == [] for r in reports)
    assert {p.source for r in reports for p in r.places} == {
        "OCHA COD Syria (CC BY-IGO)", "geocoder:nominatim"}
    assert server.queries().count("الزرنوقة") == 1
    assert dicts(reports) == [nlp(text).to_dict()] * 6


def test_bad_arguments_are_refused_at_the_call():
    nlp = geomap.load()
    for kwargs in ({"n_process": 0}, {"batch_size": 0}, {"errors": "ignore"}):
        with pytest.raises(ValueError):
            nlp.pipe(ARTICLES, **kwargs)
