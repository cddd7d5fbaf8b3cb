"""Ends the text gives without naming them in the journey's own words.

- A pronoun for a place named before: «نزحت منها نحو رفح» (from it), «بوجوب مغادرتها» (leaving
  it): the nearest place named before the trigger, found_by "reference".
- A country from the movers' nisba («العائلات اللبنانية», «آلاف الأوكرانيين») when the journey
  has no origin and goes to another country: found_by "actor", low confidence.
- Territories: «الأراضي السورية», «الداخل اليمني», «الحدود الأردنية» as ends: the country
  the adjective names (gazetteer nisba), as endpoints of kind "territory".
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import lexicon
from ..gazetteer.index import Entry, Gazetteer
from ..model import Endpoint
from ..text.normalize import Normalized
from .endpoints import Item, Items
from .span_cover import SpanOverlap
from .triggers import LEAVING_FORMS, Trigger

PLACE_PRONOUNS = frozenset({"منها", "منه"})  # «من» with a pronoun for the place left
TO_PRONOUNS = frozenset({"اليها", "اليه"})  # «إلى» with a pronoun for the place reached
# what every word of PLACE_PRONOUNS and of TO_PRONOUNS holds: without it in the words after
# a trigger, no pronoun is there to read
_PLACE_PRONOUN_STEM, _TO_PRONOUN_STEM = "منه", "اليه"
_LOCATORS = frozenset({"في", "بين", "قرب", "شمال", "جنوب", "شرق", "غرب"})
_OBJECT_SUFFIXES = ("ها", "ه")
TERRITORY_HEADS = lexicon.words("reference_words", "territory")  # «الأراضي», «الداخل»
_TERRITORY = re.compile(r"(?<![\u0621-\u064a])(?:[وفبل]{0,2})((?:ال)?(?:%s)) +(ال[\u0621-\u064a]+)"
                        % "|".join(sorted((w.removeprefix("ال") for w in TERRITORY_HEADS),
                                          key=len, reverse=True)))
_DEMONSTRATIVE_WORDS = frozenset({"هذا", "هذه", "ذلك", "تلك"})
REFERENCE_REACH = 400  # characters back to the place a pronoun stands for
NISBA_CONFIDENCE = 0.5
REFERENCE_CONFIDENCE = 0.7
_MOVER_KINDS = ("civilians", "wounded", "unknown")  # armed forces' nisba is their army's
_DEMONYM_PLURALS = ("يين", "يون")  # «الأوكرانيين», «السودانيون»: people of a country


class References:
    """Pronoun and nisba ends for the triggers of one text."""

    def __init__(self, norm: Normalized, items: Items, gaz: Gazetteer | None):
        self.norm, self.text, self.words = norm, norm.text, norm.words
        self.items, self.gaz = items, gaz

    def pronoun_origin(self, trig: Trigger, told: list[Item]) -> Item | None:
        """The place «منها» after the trigger, or the object pronoun of a leaving verb
        («مغادرتها»), stands for: the nearest place named before the trigger."""
        word = self.text[trig.nstart:trig.nend]
        at = None
        if word.endswith(_OBJECT_SUFFIXES) and _stem(word) in LEAVING_FORMS and not \
                self.norm.original[slice(*self.norm.span(trig.nstart, trig.nend))].endswith("ة"):
            at = (trig.nstart, trig.nend)  # «مغادرتها», not the ta marbuta of «مغادرة»
        elif _PLACE_PRONOUN_STEM in self.text[trig.nend:trig.nend + 40]:  # else none after
            after = self.words.spans(trig.nend, trig.nend + 40)[:3]
            at = next(((s, e) for s, e, w in after if w.lstrip("و") in PLACE_PRONOUNS), None)
        if at is None:
            return None
        return self._referent(at, self._located_before(trig, told))

    def pronoun_destination(self, trig: Trigger, told: list[Item]) -> Item | None:
        """The place «إليه» / «إليها» after the trigger stands for («المخيم الذي نزحت إليه
        عائلات»): the place named last before, or the one a demonstrative names («هذا
        المخيم»)."""
        if _TO_PRONOUN_STEM not in self.text[trig.nend:trig.nend + 30]:
            return None  # as after most triggers: no «إليه» to read
        after = self.words.spans(trig.nend, trig.nend + 30)[:2]
        at = next(((s, e) for s, e, w in after if w.lstrip("و") in TO_PRONOUNS), None)
        if at is None:
            return None
        return self._referent(at, self._located_before(trig, told),
                              self._demonstrated(trig.nstart))

    def _located_before(self, trig: Trigger, told: list[Item]) -> list[Item]:
        """The located places named within REFERENCE_REACH before the trigger that its
        journey does not already tell: what a pronoun after it can stand for."""
        return [it for it in self.items.starting_in(max(0, trig.nstart - REFERENCE_REACH),
                                                    trig.nstart)
                if it.nend <= trig.nstart and it not in told and it.endpoint.lat is not None]

    def _demonstrated(self, pos: int) -> str:
        """The noun of «هذا المخيم» / «هذه المدينة» just before `pos`, or ""."""
        words = self.words.between(max(0, pos - 40), pos)[-5:]
        for k, w in enumerate(words[:-1]):
            if w.lstrip("وفب") in _DEMONSTRATIVE_WORDS:
                return words[k + 1]
        return ""

    def _referent(self, at: tuple[int, int], named: list[Item], noun: str = "") -> Item | None:
        """The place a pronoun at `at` stands for: the last one named (not one that only
        locates another: «… الواقعة في شمال القطاع»), or the last one after `noun`."""
        fit = [it for it in named if not self._locates(it)]
        if noun:  # «هذا المخيم»: a place named after «مخيم», or none
            fit = [it for it in named if noun.removeprefix("ال") in self.words.between(
                max(0, it.nstart - len(it.prefix) - 20), it.nstart - len(it.prefix))[-2:]]
        if not fit:
            return None
        start, end = self.norm.span(*at)
        it = fit[-1]
        return Item(at[0], at[1], replace(it.endpoint, start=start, end=end,
                                          found_by="reference", confidence=REFERENCE_CONFIDENCE),
                    "", it.country)

    def _locates(self, it: Item) -> bool:
        """A place after «في» or a compass word: where another place lies."""
        before = self.words.between(max(0, it.nstart - len(it.prefix) - 15),
                                    it.nstart - len(it.prefix))[-1:]
        return it.prefix.endswith("ب") or bool(before) and before[0] in _LOCATORS

    def nisba_origin(self, trig: Trigger, actor_norm: str, actor_kind: str,
                     dests: list[Item]) -> Item | None:
        """«العائلات اللبنانية نحو الأراضي السورية»: the movers' country as the origin of a
        journey to another country."""
        if self.gaz is None or actor_kind not in _MOVER_KINDS or not dests:
            return None
        for word in actor_norm.split():
            if actor_kind != "civilians" and not word.endswith(_DEMONYM_PLURALS):
                continue  # «رئيس الوزراء العراقي» visits; «آلاف الأوكرانيين» flee
            country = _nisba(self.gaz, word)
            if country is None or any(d.country in ("", country.country) for d in dests):
                continue
            at = self.text.find(word, max(0, trig.nstart - 80), trig.nend + 80)
            if at < 0:
                continue
            start, end = self.norm.span(at, at + len(word))
            return Item(at, at + len(word), _country_end(country, start, end, "actor",
                                                          NISBA_CONFIDENCE), "", country.country)
        return None


def _stem(word: str) -> str:
    """A verb or verbal noun without its object pronoun, as written alone: ta marbuta closed
    («مغادرتها» → «مغادرة»), hamza on the line («إخلائها» → «إخلاء»), the plural's alef
    («غادروها» → «غادروا»)."""
    for suffix in ("تها", "ته"):
        if word.endswith(suffix):
            return word[:-len(suffix)] + "ه"
    stem = word[:-2] if word.endswith("ها") else word[:-1]
    if stem.endswith("ئ"):
        return stem[:-1] + "ء"
    return stem + "ا" if stem.endswith("و") else stem


def _nisba(gaz: Gazetteer, word: str) -> Entry | None:
    """The country a nisba adjective or demonym plural names: «اللبنانيه», «السودانيين»."""
    word = word.strip("«»\"")
    if len(word) < 5:
        return None
    for form in (word, word[:-2] if word.endswith(("ين", "ون")) else ""):
        if form:
            country = gaz.nisba(form)
            if country is not None:
                return country
    return None


def _country_end(country: Entry, start: int, end: int, found_by: str,
                 confidence: float, kind: str = "country", name_ar: str = "",
                 name_en: str = "") -> Endpoint:
    return Endpoint(name_ar or country.name_ar, name_en or country.name_en, kind, country.lat,
                    country.lon, start, end, country.id, found_by, confidence)


def territory_items(norm: Normalized, taken: list[Item], gaz: Gazetteer) -> list[Item]:
    """«الأراضي السورية», «الداخل اليمني»: a country's territory as an end, where no place or
    area of the text covers the words already."""
    text, out = norm.text, []
    if not any(h in text for h in TERRITORY_HEADS):
        return out
    covered = SpanOverlap(taken)
    for mt in _TERRITORY.finditer(text):
        country = _nisba(gaz, mt.group(2))
        s, e = mt.start(1), mt.end(2)
        if country is None or covered.overlaps(s, e):
            continue
        start, end = norm.span(s, e)
        name = norm.original[start:end]
        out.append(Item(s, e, _country_end(country, start, end, "text", 1.0, "territory", name,
                                           f"{country.name_en} (territory)"),
                        mt.group()[:mt.start(1) - mt.start()], country.country))
    return out
