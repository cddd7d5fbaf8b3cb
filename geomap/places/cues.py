"""Cues a place name carries over from elsewhere in the text: a list's plural designator, a
designator written on the same name nearby, and which common-word names need a cue at all."""
from __future__ import annotations

import bisect
from functools import lru_cache
from sys import intern

from ..gazetteer.index import Gazetteer
from ..text.normalize import ARTICLE, normalize_name
from .context import AREA_DESIGNATORS, DESIGNATORS, NAME_HEADS
from .lists import ListItem
from .nonplaces import (COMMON_WORD_MARGIN, expected_zipf, has_locator_after, has_locator_before,
                        has_place_preposition, is_common_word, needs_naming_cue, news_importance,
                        zipf)
from .resolution import Mention
from .spotting import MIN_KEY_LENGTH


def coordinated(prev: Mention, m: Mention, text: str) -> bool:
    """True when `m` follows `prev` in a list: «كفريا والفوعة», «عدن وأبين ولحج»."""
    gap = text[prev.match.nend:m.match.nstart - len(m.match.prefix)]
    return m.match.prefix in ("و", "") and gap.strip(" ،,") == "" and (
        m.match.prefix == "و" or "،" in gap or "," in gap)


def carry_list_cues(mentions: list[Mention], items: list[ListItem]) -> None:
    """A plural designator («بلدتي», «محافظات») gives its kind to every name of its list."""
    if not items:
        return
    designators = {item.nstart: item.designator for item in items}
    for m in mentions:
        designator = designators.get(m.match.nstart)
        if designator and not m.designator:
            m.designator, m.cue_kinds = designator, DESIGNATORS[designator]


ECHO_WINDOW = 2000  # characters: about one news article, so one text's cue does not rule the next


def echo_cues(mentions: list[Mention]) -> None:
    """A bare name takes the kind that the designators on the same name nearby agree on
    («محافظات عدن وأبين … معظمهم في عدن»): writers designate a place once and then drop the
    designator. Where they disagree («مدينة عفرين» … «منطقة عفرين») the name has two senses
    in the text, and a bare mention is left to the other evidence. «منطقة البوكمال» and
    «ريف دمشق» name the area around a place, not what the place is: they are not echoed."""
    cued: dict[str, tuple[list[int], list[Mention]]] = {}
    for m in mentions:  # in text order, so each name's positions are sorted
        if m.cue_kinds and m.designator and m.designator not in AREA_DESIGNATORS:
            at, same = cued.setdefault(m.match.key, ([], []))
            at.append(m.match.nstart)
            same.append(m)
    if not cued:
        return
    for m in mentions:
        if m.cue_kinds or m.match.key not in cued:
            continue
        positions, same = cued[m.match.key]
        at = m.match.nstart
        near = same[bisect.bisect_right(positions, at - ECHO_WINDOW):
                    bisect.bisect_left(positions, at + ECHO_WINDOW)]
        if not near:
            continue
        kinds = frozenset.intersection(*(c.cue_kinds for c in near))
        if kinds:
            source = min(near, key=lambda c: (c.match.nstart > at, abs(c.match.nstart - at)))
            m.cue_kinds, m.echo = kinds, intern(f"«{source.designator}» before «{source.surface}»")


# What cue a name needs before it counts as a place (needs_cue), weakest first: a preposition
# of place or any stronger cue (LOCATING_CUE), a locator word or any stronger (ANY_CUE), a
# designator or a list (NAMING_CUE).
NO_CUE, LOCATING_CUE, ANY_CUE, NAMING_CUE = 0, 1, 2, 3


@lru_cache(maxsize=100_000)
def needs_cue(key: str, surface: str, gaz: Gazetteer) -> int:
    """Names that are common words (الباب، السلام، النصر) are places only with a cue: any cue
    (ANY_CUE), or for the most frequent words a designator or a list (NAMING_CUE): «شرق البلاد»
    is 'the east of the country'. A name that carries its own designator («نهر الفرات», «قطاع
    غزة») is cued already. (Cached: a pure function of the written name.)"""
    words = key.split(" ")
    if len(words) > 1 and words[0] in NAME_HEADS:
        return NO_CUE
    if len(key) < MIN_KEY_LENGTH:
        return NAMING_CUE  # «إب»: two letters are too often a word or a fragment
    if key.startswith(ARTICLE) and not normalize_name(surface).startswith(ARTICLE):
        surface = "ا" + surface  # «للحكومة» holds «لحكومة»: the word written is «الحكومة»
    candidates = gaz.candidates(key)
    importance = max((news_importance(e.importance, e.country, e.kind)
                      for e in candidates), default=0.0)
    if is_common_word(surface, importance):
        if not is_common_word(surface, max((e.importance for e in candidates), default=0.0)):
            return LOCATING_CUE  # a foreign town's name, rare for its standing only here
        return NAMING_CUE if needs_naming_cue(surface, importance) else ANY_CUE
    if all(news_importance(e.importance, e.country, e.kind) < e.importance for e in candidates) \
            and zipf(surface) - expected_zipf(importance) > COMMON_WORD_MARGIN:
        return LOCATING_CUE  # a foreign town's name, far more written than the town: a club's,
        # a brand's, a person's («فاز ليفربول», «سيارات تويوتا»); «في ليفربول» is the town
    return NO_CUE


def cued_keys(mentions: list[Mention], needs: list[int], text: str) -> set[str]:
    """Keys of the names that need a cue (`needs[k]` for mentions[k]) and have one: a
    designator or locator of their own, or a place in their list («هيت وحديثة والقائم»: a list
    names things of one kind, so one sure place makes all of them places)."""
    cued: set[str] = set()
    if not any(needs):
        return cued  # most texts: no list to read
    for run in list_runs(mentions, text):
        if any(not needs[k] or _own_cue(mentions[k], needs[k]) for k in run):
            cued.update(mentions[k].match.key for k in run if needs[k])
    return cued


def list_runs(mentions: list[Mention], text: str) -> list[list[int]]:
    """Indexes of the mentions in runs of coordinated names (a lone name is a run of one)."""
    runs: list[list[int]] = []
    for k, m in enumerate(mentions):
        if runs and coordinated(mentions[k - 1], m, text):
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _own_cue(m: Mention, need: int) -> bool:
    """A designator before the name, or (where a name needs no more) a country adjective or a
    locator around it («مدينة الباب», «قرب الباب», «الباب شمال حلب»), or a preposition of place
    («في ليفربول»)."""
    if m.designator or need == NAMING_CUE:
        return bool(m.designator)
    if has_locator_before(m.ctx, m.match.prefix) or has_locator_after(m.ctx) or \
            m.country_cue and any(e.country == m.country_cue for e in m.candidates):
        return True  # «الثورة الليبية» names no Syrian village called الثورة
    return need == LOCATING_CUE and has_place_preposition(m.ctx, m.match.prefix)
