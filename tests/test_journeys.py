"""Journeys (issue 17): verb forms from principal parts, one record per journey, endpoints
from grammar, counts and statuses, on sentences written for each rule."""
from __future__ import annotations

import pytest

import geomap
from geomap.relations.verb_forms import (Entry, entry_forms, imperfect_forms, noun_forms,
                                         participle_forms, perfect_forms)
from geomap.text.normalize import normalize_name


def _n(words: str) -> set[str]:
    return {normalize_name(w) for w in words.split()}


# --- trigger forms generated from the principal parts -------------------------------------

def test_a_sound_verb_in_the_perfect_third_person():
    assert perfect_forms("خرج") == _n("خرج خرجت خرجوا خرجا خرجتا خرجن")


def test_a_defective_verb_drops_its_alef_maqsura_before_a_consonant_ending():
    assert perfect_forms(normalize_name("أجلى")) == _n("أجلى أجلت أجلوا أجليا أجلتا")


def test_a_hollow_verb_has_no_third_feminine_plural_on_its_long_stem():
    assert "عادن" not in perfect_forms("عاد") and {"عادت", "عادوا"} <= perfect_forms("عاد")


def test_a_verb_ending_in_hamza_seats_it_before_the_plural_ending():
    forms = perfect_forms(normalize_name("لجأ"))
    assert {"لجؤوا", "لجئوا", "لجاوا"} <= forms and "لجاا" not in forms


def test_the_imperfect_in_person_number_and_mood():
    assert imperfect_forms("يغادر") == _n(
        "يغادر تغادر يغادرون تغادرون يغادروا تغادروا يغادران تغادران يغادرن تغادرن")


def test_a_defective_imperfect_drops_its_ya_before_the_plural():
    assert {"يجلون", "يجلوا", "تجلي"} <= imperfect_forms("يجلي")


def test_the_verbal_noun_opens_its_ta_marbuta_before_a_pronoun():
    forms = noun_forms("مغادرة")
    assert {"مغادره", "المغادره", "مغادرتهم", "مغادرتها"} <= forms
    assert "مغادرهم" not in forms


def test_a_verbal_noun_without_ta_marbuta_takes_tanwin_alef():
    assert {"نزوحا", "النزوح", "نزوحهم"} <= noun_forms("نزوح")


def test_a_participle_in_gender_number_case_and_the_article():
    forms = participle_forms("نازح")
    assert _n("نازح نازحة نازحين نازحون نازحي نازحو النازحين النازحون نازحات") <= forms
    assert "النازحي" not in forms  # a construct plural takes no article


def test_an_excluded_form_is_not_a_trigger():
    forms, people = entry_forms(Entry("عبر", "cross", "verb", "يعبر", "عبور", "", "عبر"))
    assert "عبر" not in forms and {"عبرت", "يعبرون", "العبور"} <= forms and not people


def test_a_form_both_verbal_noun_and_participle_is_no_people_word():
    forms, people = entry_forms(Entry("غادر", "exit", "verb", "يغادر", "مغادرة", "مغادر"))
    assert "مغادره" in forms and "مغادره" not in people and "المغادرين" in people


@pytest.mark.parametrize("verb", ["فرّت", "يفرون", "سيفرون", "وفروا", "فرارهم", "الفارين"])
def test_every_inflection_of_a_verb_entered_once_opens_a_journey(verb):
    report = geomap.extract(f"آلاف المدنيين {verb} من مدينة حلب إلى إدلب")
    assert [(m.origin.name_en, m.destination.name_en) for m in report.movements] == [
        ("Aleppo", "Idleb")]
