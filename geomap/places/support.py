"""A place far from everything else the article names needs a cue to be that place.

An article is about somewhere: its places and country adjectives say where. A name whose chosen
entry lies in none of those countries and over FAR_KM from every other place («في إطار …» read
as Atar, Mauritania, in a Syrian story; «قال بشار» read as Béchar, Algeria) is that place only
if the text says so: a common noun («إطار» 'framework', «معسكر» 'camp') needs a designator, a
country adjective or a list with a place of the article; a proper noun («ميونخ», «بولتن») needs
at least a preposition of place («وصلوا إلى ميونخ»), not a subject's or a given name's slot.
"""
from __future__ import annotations

from functools import lru_cache

from ..gazetteer.index import Entry, Gazetteer
from ..text.normalize import ARTICLE, Normalized
from .context import Context
from .evidence import ConfidentPlaces
from .cues import list_runs
from .nonplaces import (ALWAYS_PLACE_IMPORTANCE, ARABIC_NEWS_REGION, has_locator_after,
                        has_locator_before, has_place_preposition, is_proper_noun, zipf)
from .resolution import Mention

WORD_ZIPF = 3.5  # about once in 300,000 words: a word of everyday Arabic
FAR_KM = 1000.0  # beyond a neighbouring country's far side: another story's region
CONFIDENT = 0.6  # how sure a choice must be to say where the article is


def unsupported(mentions: list[Mention], norm: Normalized, gaz: Gazetteer
                ) -> tuple[set[int], list[tuple[Mention, str]]]:
    """(nstarts of common-noun mentions to drop as words, [(proper-noun mention, why)] to
    report unresolved) among the resolved `mentions` that are far from the article uncued."""
    article = _Article(mentions, norm, gaz)
    lacking = [_lacks_cue(m, article) for m in mentions]
    if not any(lacking):
        return set(), []
    for run in list_runs(mentions, norm.text):  # a list names things of one kind and one region
        if any(not lacking[k] and article.placed(mentions[k]) for k in run):
            for k in run:
                lacking[k] = False
    _surname(mentions, lacking, norm.text)
    words = {m.match.nstart for m, lack in zip(mentions, lacking) if lack == "common"}
    far = [(m, f"{m.chosen.id} ({m.chosen.name_en}) is in no country of the article and "
               f"{FAR_KM:.0f}+ km from its places, with nothing placing it there")
           for m, lack in zip(mentions, lacking) if lack == "proper"]
    return words, far


def _surname(mentions: list[Mention], lacking: list, text: str) -> None:
    """A common noun written right after a name taken for a person's («بشار الأسد») is the
    family name, no place: two places are never written side by side without a word between."""
    for k in range(len(mentions) - 1):
        m, n = mentions[k], mentions[k + 1]
        if lacking[k] == "proper" and not lacking[k + 1] and not n.match.prefix \
                and text[m.match.nend:n.match.nstart] == " " \
                and is_common_noun(n.surface, n.match.key):
            lacking[k + 1] = "common"


def _lacks_cue(m: Mention, article: "_Article") -> str | bool:
    """"common" or "proper" for a mention far from the article without the cue its kind of
    name needs; False when it is placed well enough."""
    e = m.chosen
    if e is None or _always(e) or m.designator or m.country_cue == e.country:
        return False
    common = is_common_noun(m.surface, m.match.key)
    if not common and locates(m.ctx, m.match.prefix) or article.supports(e, m, common):
        return False
    return "common" if common else "proper"


@lru_cache(maxsize=100_000)
def is_common_noun(surface: str, key: str = "") -> bool:
    """A word Arabic text uses often (WORD_ZIPF) in both of its forms, with and without the
    article («إطار» / «الإطار»), as written or as normalized (`key`: «أطار» is «إطار»
    misspelt): a common noun. A rare name («زوارة») is no word at all."""
    return any(zipf(w) >= WORD_ZIPF and not is_proper_noun(w) for w in (surface, key) if w)


def _always(e: Entry) -> bool:
    """Countries and capitals are places whatever the article is about."""
    return e.kind == "country" or e.importance >= ALWAYS_PLACE_IMPORTANCE


class _Article:
    """Where the article is: the places it is sure of and the countries it names."""

    def __init__(self, mentions: list[Mention], norm: Normalized, gaz: Gazetteer):
        self._mentions, self._norm, self._gaz = mentions, norm, gaz
        self._adjectives: set[str] | None = None
        self._pools: tuple[ConfidentPlaces, ConfidentPlaces] | None = None

    def pools(self) -> tuple[ConfidentPlaces, ConfidentPlaces]:
        """The places the article is sure of (once per entry and name) that a proper noun is
        measured against (placed by a cue), and that a common noun is (placed, or named by a
        proper noun in the region), with the names that chose them: indexed on first use
        (most texts need neither), then asked "all but this name's" per mention."""
        if self._pools is None:
            placed: dict[str, tuple[Entry, set[str]]] = {}
            named: dict[str, tuple[Entry, set[str]]] = {}
            seen: set[tuple[str, str]] = set()
            for m in self._mentions:
                e, key = m.chosen, m.match.key
                if e is None or max(m.confidence, m.located) < CONFIDENT or (e.id, key) in seen:
                    continue
                seen.add((e.id, key))
                if self.placed(m):
                    placed.setdefault(e.id, (e, set()))[1].add(key)
                elif not (e.country in ARABIC_NEWS_REGION
                          and not is_common_noun(m.surface, key)):
                    continue  # the noun test only where it decides
                named.setdefault(e.id, (e, set()))[1].add(key)
            self._pools = ConfidentPlaces(placed), ConfidentPlaces(named)
        return self._pools

    @staticmethod
    def placed(m: Mention) -> bool:
        """Placed by a cue of its own (designator, country adjective, preposition of place,
        locator), or a country or a capital."""
        return _always(m.chosen) or bool(m.designator) or m.country_cue == m.chosen.country \
            or locates(m.ctx, m.match.prefix)

    def supports(self, e: Entry, m: Mention, common: bool) -> bool:
        """True when `e` is in a country the article names or near one of its other places;
        also when the article says nowhere else. A common noun is measured against every place
        of the article named as a proper noun or placed by a cue; a proper noun only against
        those placed by a cue («شهدت حلب …» is as sure as «استقبلت ميونخ …»)."""
        others = self.pools()[common].others(m.match.key)
        adjectives = self.adjective_countries()
        if not others and not adjectives:
            return True
        if e.country in ARABIC_NEWS_REGION and not any(
                c in others.countries or c in adjectives for c in ARABIC_NEWS_REGION):
            return True  # a story of Mosul and Munich is as much one of Munich and Mosul
        return e.country in others.countries or e.country in adjectives or \
            bool(others) and others.nearest_km(e.lat, e.lon) <= FAR_KM

    def adjective_countries(self) -> set[str]:
        """The countries the text names by adjective («السلطات الجزائرية»), read once."""
        if self._adjectives is None:
            self._adjectives = set()
            for word in set(self._norm.words.words):
                if word.startswith(ARTICLE) and (c := self._gaz.nisba(word)) is not None:
                    self._adjectives.add(c.country)
        return self._adjectives


def locates(ctx: Context, prefix: str) -> bool:
    """A preposition of place («في», «إلى», «من», «بـ») or a locator word around the name."""
    return has_place_preposition(ctx, prefix) or has_locator_before(ctx, prefix) or \
        has_locator_after(ctx)
