"""Areas: parts of places, countryside, regions and besieged towns, read at place mentions.

Patterns work on normalized text around the place mentions already resolved:
«الأحياء الشرقية لحلب», «الأحياء الشرقية لمدينة حلب», «أحياء حلب الشرقية», «شرق حلب», «حلب
الشرقية» → neighbourhoods; «ريف إدلب الشمالي» → countryside; «شمال غرب سوريا», «وسط سوريا»,
«القطاع الأوسط بالغوطة الشرقية», «الشمال السوري» → region; «كفريا والفوعة المحاصرتين» → besieged.
A direction right after another place locates that place («خان طومان جنوب غرب مدينة حلب»,
«العامرية في جنوب شرق حلب»): no area. Phrases that are not read at one mention (borders, strips,
territories, parts named without their place) are in area_phrases.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable

from .. import lexicon
from ..text.normalize import ARTICLE, CLITIC_PREFIXES, Normalized
from ..places.context import DESIGNATORS, PLACE_PREPOSITIONS, strip_clitic
from ..gazetteer.index import Entry, Gazetteer
from .area_phrases import PART_HEADS, phrase_areas
from .area_terms import (CENTRE, DIR_ADJECTIVES, DIR_WORDS, WORD, AreaSpan, compass,
                         has_parts, head_start, phrase_words, unclitic, words_of)
from .counts import DISTANCE_UNITS
from .last_before import LastBefore
from .substrings import AnyOf
from ..places.resolution import Mention
from ..places.spotting import longest_first

__all__ = ["AreaFinder", "AreaSpan", "WordsAround", "area_name", "compass", "has_parts"]


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first (so none stops at a shorter one)."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# direction nouns and adjectives (normalized) → compass direction, the centre included
_DIR_WORDS = DIR_WORDS
_EN_DIR = {"north": "Northern", "south": "Southern", "east": "Eastern", "west": "Western",
           CENTRE: "Central"}
# the feminine direction adjectives (normalized: «الشرقيه», «الوسطي»), which agree with a city
_FEMININE_ADJECTIVES = frozenset(w for w in DIR_ADJECTIVES if w.endswith(("ه", "سطي")))
_NEIGHBOURHOOD_WORDS = lexicon.words("area_words", "neighbourhood")
_OUTSKIRT_WORDS = lexicon.words("area_words", "outskirt")
_BESIEGED_WORDS = lexicon.words("area_words", "besieged")
_SETTLEMENTS = lexicon.words("area_words", "settlement")  # «البلدتين» of «البلدتين المحاصرتين»
# «ريف» and the dual «ريفي» before a name; «الريف» before a direction or nisba adjective
_COUNTRYSIDE_WORDS = words_of("area_words", "countryside", "noun", "dual")
_COUNTRYSIDE_DUALS = words_of("area_words", "countryside", "dual")
_COUNTRYSIDE_ARTICLES = words_of("area_words", "countryside", "article")
_COUNTRYSIDE_DESIGNATORS = lexicon.words("area_words", "countryside designator")  # «محافظة»
_PART_DESIGNATORS = lexicon.words("area_words", "part designator")  # «مدينة» of «شرق مدينة حلب»
_PART_LINKS = lexicon.words("area_words", "part link") | _PART_DESIGNATORS
_BESIEGED_FEMININE = words_of("area_words", "besieged", "feminine")  # «المحاصرتين»
_BESIEGED_REFERENCE = re.compile(f"(?:{ARTICLE})?(?:{_alternation(_SETTLEMENTS)}) "
                                 f"(?:{_alternation(_BESIEGED_FEMININE)})")
_WORD = WORD
# a part noun before a direction adjective: «المناطق الشرقية لـ», «القطاع الأوسط بـ»
_PART_NOUNS = phrase_words("part")
# the kinds a direction adjective right after the name makes a part of («حلب الشرقية»)
_ADJECTIVE_KINDS = frozenset({"city", "town", "region", "governorate", "country", "district"})
_LINK_DESIGNATORS = frozenset(DESIGNATORS) - _COUNTRYSIDE_WORDS  # «لمدينة», «من العاصمة»
_GROUP_WORDS = _NEIGHBOURHOOD_WORDS | _OUTSKIRT_WORDS  # «أحياء حلب», «أطراف حلب», «جرود عرسال»
_PART_BEFORE_HEADS = PART_HEADS | _COUNTRYSIDE_ARTICLES  # «الأحياء …», «الريف الشرقي لـ»
_PUNCTUATION = re.compile(r"[،,.:؛]")
# «الشمال», «الريف»: the heads of a nisba region («الشمال السوري», «الريف الإدلبي»)
_NISBA_HEADS = frozenset(lexicon.table("directions", "article")) | _COUNTRYSIDE_ARTICLES
_NISBA_REGION = re.compile(rf"(?<![\u0621-\u064a])(?:{_alternation(CLITIC_PREFIXES)})?"
                           rf"({_alternation(_NISBA_HEADS)}) ({ARTICLE}[\u0621-\u064a]+ي)\b")
# What _NISBA_REGION needs somewhere in the text
_NISBA_HEAD = AnyOf(f"{head} {ARTICLE}" for head in _NISBA_HEADS)
_NISBA_KINDS = frozenset({"country", "city", "governorate"})  # what «الشمال السوري» may name
_SETTLEMENT_KINDS = frozenset({"city", "town", "village"})  # what «البلدتين» refers back to
WINDOW = 50  # characters read on each side of a mention


def _any_of(words: Iterable[str]) -> AnyOf:
    """A test for any of `words` inside a text; a word holding another adds nothing to
    that test, and is left out."""
    words = set(words)
    return AnyOf(w for w in words if not any(o != w and o in w for o in words))


# Each rule for a mention needs one of these words just before it, bare or with a clitic (and
# «لل» drops the article's alef), or a siege word or a direction adjective just after it.
_CUE_BEFORE = _any_of(w[1:] if w.startswith(ARTICLE) else w for w in
                      set(_DIR_WORDS) | _COUNTRYSIDE_WORDS | _NEIGHBOURHOOD_WORDS | _OUTSKIRT_WORDS
                      | _PART_NOUNS)
_CUE_AFTER = _any_of(_BESIEGED_WORDS | DIR_ADJECTIVES)
_SIEGE_AFTER = _any_of(_BESIEGED_WORDS)


def area_name(kind: str, anchors: list[Entry], direction: str | None) -> str:
    """An English name: East Aleppo, Western Idleb countryside, Northwest Syria, Central Syria,
    Foah and Kafraya (besieged), Syria–Lebanon border, Area between Rai and Azaz, Yemen
    interior."""
    names = " and ".join(a.name_en for a in anchors)
    d = direction or ""
    cap = "Central" if d == CENTRE else d.capitalize()
    adj = " ".join(_EN_DIR[x] for x in ([d] if d in _EN_DIR else [d[:5], d[5:]]) if x) if d else ""
    if kind == "countryside":
        prefix = adj.replace(' ', '-').replace('ern-', '') + ' ' if adj else ''
        return f"{prefix}{names} countryside"
    if kind == "neighbourhoods":
        return f"{cap} {names}" if d else f"{names} neighbourhoods"
    if kind == "besieged":
        return f"{names} (besieged)"
    if kind == "border":
        return "–".join(a.name_en for a in anchors) + " border"
    if kind == "strip":
        return f"Area between {names}"
    if kind in ("territory", "interior"):
        return f"{names} {kind}"
    return f"{cap} {names}" if d else names


class AreaFinder:
    """Finds areas in one text given its resolved place mentions."""

    def __init__(self, norm: Normalized, mentions: list[Mention], gaz: Gazetteer):
        self.text, self.norm, self.gaz = norm.text, norm, gaz
        self.mentions = [m for m in mentions if m.chosen is not None]
        self.around = WordsAround(norm.text)
        self._dual_end = -1  # where the area of the first place of «ريفي X وY» ends

    def find(self) -> list[AreaSpan]:
        """Every area, longest first when two overlap."""
        found: list[AreaSpan] = []
        for i, m in enumerate(self.mentions):
            if not self._has_cue(m):
                continue  # as most mentions: no rule can match, skip reading their words
            for rule in (self._countryside, self._part_before, self._direction_before,
                         self._neighbourhoods_after, self._besieged_list, self._adjective_after):
                a = rule(i, m)
                if a:
                    found.append(a)
                    break
        found += besieged_references(self.text, found, self.mentions)
        found += nisba_regions(self.text, self.gaz)
        found += phrase_areas(self.text, self.mentions, self.gaz, found)
        if found:  # the places of the text, listed only for a text with an area
            places = tuple(dict.fromkeys(m.chosen for m in self.mentions))
            for a in found:
                a.text_places = places
        return longest_first(found) if len(found) > 1 else found

    def _has_cue(self, m: Mention) -> bool:
        """A word some rule needs is in the text the rules read around `m` (a substring test:
        every word the rules read, or its clitic-stripped form, is in that text)."""
        start, end = self._start(m), m.match.nend
        return _CUE_BEFORE.within(self.text, start - WINDOW, start) \
            or _CUE_AFTER.within(self.text, end, end + WINDOW)

    def _start(self, m: Mention) -> int:
        return m.match.nstart - len(m.match.prefix)

    def _countryside(self, i: int, m: Mention) -> AreaSpan | None:
        """«ريف إدلب», «بريف محافظة حلب», «ريف حلب الجنوبي الغربي», and both places of the dual
        «ريفي حمص الشمالي وحماة الجنوبي»; not «محافظة ريف دمشق», a governorate's name."""
        before = self.around.before(self._start(m), 3)
        if not before:
            return None
        first = before[0]
        if strip_clitic(first.group()) in _COUNTRYSIDE_DESIGNATORS and len(before) > 1:
            first = before[1]
        head = strip_clitic(first.group())
        if head in _COUNTRYSIDE_WORDS:
            start = first.end() - len(head)
            if first is before[0] and len(before) > 1 and \
                    unclitic(before[1].group(), _COUNTRYSIDE_DESIGNATORS):
                return None  # «لمحافظة ريف دمشق»: the governorate Rif Dimashq, a place
        elif m.match.prefix == "و" and self._dual_end >= 0 \
                and not self.text[self._dual_end:self._start(m)].strip():
            start = m.match.nstart  # the second place of the dual: «ريفي حمص الشمالي وحماة»
        else:
            return None
        end, direction = self.around.direction_after(m.match.nend)
        self._dual_end = end if head in _COUNTRYSIDE_DUALS else -1
        return AreaSpan(start, end, "countryside", [m.chosen], direction, [m])

    def _neighbourhoods_after(self, i: int, m: Mention) -> AreaSpan | None:
        """«أحياء حلب الشرقية», «أطراف حلب الجنوبية», «جرود عرسال»; not «أحياء الزبدية وصلاح
        الدين», where «أحياء» designates a list of quarters."""
        before = self.around.before(self._start(m), 1)
        head = unclitic(before[0].group(), _GROUP_WORDS) \
            if before else None
        if head is None:
            return None
        if head in _NEIGHBOURHOOD_WORDS and m.chosen.kind == "neighbourhood":
            return None
        end, direction = self.around.direction_after(m.match.nend)
        kind = "neighbourhoods" if head in _NEIGHBOURHOOD_WORDS else "region"
        start = head_start(before[0].group(), before[0].end(), head)
        return AreaSpan(start, end, kind, [m.chosen], direction, [m])

    def _part_before(self, i: int, m: Mention) -> AreaSpan | None:
        """«الأحياء الشرقية لحلب», «الأحياء الشرقية لمدينة حلب», «الجهة الشرقية من مدينة حلب»,
        «الأحياء الجنوبية من العاصمة طرابلس», «القطاع الأوسط بالغوطة الشرقية», «الأطراف الجنوبية
        لحلب», «الريف الشرقي لدرعا», «الضفة الغربية لنهر الفرات»."""
        words = self.around.before(self._start(m), 6)
        k = 0
        if k < len(words) and unclitic(words[k].group(), _LINK_DESIGNATORS):
            k += 1  # «لمدينة», «من العاصمة»
        if k < len(words) and words[k].group() in _PART_LINKS:
            k += 1  # «من», «في»
        dirs = []
        while k < len(words) and words[k].group() in DIR_ADJECTIVES and len(dirs) < 2:
            dirs.insert(0, words[k].group())
            k += 1
        if not dirs or k >= len(words) or not self._joined(words[k].start(), self._start(m)):
            return None
        head = unclitic(words[k].group(), _PART_BEFORE_HEADS)
        if head is None:
            return None
        if head in _NEIGHBOURHOOD_WORDS:
            kind = "neighbourhoods"
        elif head in _OUTSKIRT_WORDS:
            kind = "region"
        elif head in _COUNTRYSIDE_ARTICLES:
            kind = "countryside"
        else:
            kind = "neighbourhoods" if has_parts(self.gaz, m.chosen) else "region"
        start = head_start(words[k].group(), words[k].end(), head)
        return AreaSpan(start, m.match.nend, kind, [m.chosen], compass(dirs), [m])

    def _joined(self, start: int, end: int) -> bool:
        """No punctuation between two positions: the words there are one phrase."""
        return not _PUNCTUATION.search(self.text, start, end) and \
            "\n" not in self.text[start:end]

    def _direction_before(self, i: int, m: Mention) -> AreaSpan | None:
        """«شرق حلب», «جنوب شرق حلب», «شمال غرب سوريا», «شرق مدينة حلب», «وسط سوريا», «شرق
        المدينة» — unless it locates a place («العامرية في جنوب شرق حلب»)."""
        words = self.around.before(self._start(m), 3)
        dirs = []
        for w in words:
            if not dirs and unclitic(w.group(), _LINK_DESIGNATORS):
                continue  # «شرق مدينة حلب», «شمال محافظة إدلب»
            g = unclitic(w.group(), _DIR_WORDS)
            if g is None or g.startswith(ARTICLE):
                break
            dirs.insert(0, w)
        broad = m.chosen.kind in ("country", "governorate", "region")
        if not dirs or (not broad and self._locates_previous(dirs[0].start(), i)) \
                or self.around.after_distance(dirs[0].start()):
            return None
        start = dirs[0].end() - len(unclitic(dirs[0].group(), _DIR_WORDS))
        named = self.gaz.area_phrase(self.text[start:m.match.nend])
        # a named region or province («شمال غرب سوريا», «شمال دارفور»), with its outline
        if named is not None and named.kind in ("region", "governorate"):
            return AreaSpan(start, m.match.nend, "region", [named], None, [m])
        kind = "neighbourhoods" if has_parts(self.gaz, m.chosen) else "region"
        return AreaSpan(start, m.match.nend, kind, [m.chosen],
                        compass([unclitic(w.group(), _DIR_WORDS) for w in dirs]), [m])

    def _locates_previous(self, pos: int, i: int) -> bool:
        """True when the direction places what is named right before it: a place mention
        just before `pos`, alone or after «في» («خان طومان جنوب غرب حلب», «العامرية في جنوب
        شرق حلب»), or the direction opens a parenthesis («مخيم حسن شام (شرق الموصل)»)."""
        opening = self.text[max(0, pos - 3):pos].rstrip()
        if opening.endswith("("):
            return True
        if i == 0:
            return False
        prev = self.mentions[i - 1]
        gap = self.text[prev.match.nend:pos]
        words = _WORD.findall(gap)
        return (not words or words == ["في"]) and not _PUNCTUATION.search(gap)

    def _adjective_after(self, i: int, m: Mention) -> AreaSpan | None:
        """«حلب الشرقية», «في القلمون الغربي»: a direction adjective right after a name makes a
        part of it. A city's adjective agrees with it (feminine: in «مدخل حلب الشمالي» it is
        the entrance's); any other name must follow a preposition, a clitic or a designator."""
        if m.chosen.kind not in _ADJECTIVE_KINDS:
            return None
        adjectives, end = [], m.match.nend
        for w in self.around.after(m.match.nend, 2):
            if w.group() not in DIR_ADJECTIVES or self.text[end:w.start()].strip():
                break
            adjectives.append(w.group())
            end = w.end()
        if not adjectives:
            return None
        if m.chosen.kind in ("city", "town"):
            if adjectives[0] not in _FEMININE_ADJECTIVES:
                return None
        elif not m.match.prefix:
            before = self.around.before(self._start(m), 1)
            word = before[0].group() if before else ""
            if word not in PLACE_PREPOSITIONS and not unclitic(word, _LINK_DESIGNATORS):
                return None
        kind = "neighbourhoods" if has_parts(self.gaz, m.chosen) else "region"
        return AreaSpan(m.match.nstart, end, kind, [m.chosen], compass(adjectives), [m])

    def _besieged_list(self, i: int, m: Mention) -> AreaSpan | None:
        """«كفريا والفوعة المحاصرتين», «بلدة مضايا المحاصرة»: the list before the siege word."""
        if not _SIEGE_AFTER.within(self.text, m.match.nend, m.match.nend + WINDOW):
            return None  # no siege word after: no need to read the words
        after = self.around.after(m.match.nend, 1)
        if not after or after[0].group() not in _BESIEGED_WORDS or \
                self.text[m.match.nend:after[0].start()].strip():
            return None
        group = [m]
        for j in range(i - 1, -1, -1):  # backwards from m, no copy of the list before it
            prev = self.mentions[j]
            gap = self.text[prev.match.nend:group[0].match.nstart - len(group[0].match.prefix)]
            if gap.strip(" ،,") or group[0].match.prefix not in ("و", ""):
                break
            group.insert(0, prev)
        return AreaSpan(self._start(group[0]) + len(group[0].match.prefix), m.match.nend,
                        "besieged", [g.chosen for g in group], None, group)


class WordsAround:
    """The words around a position of one text, read once for the rules that look at the
    same words (the last position asked for on each side is kept)."""

    def __init__(self, text: str):
        self.text = text
        self._before: tuple[int, list[re.Match]] = (-1, [])
        self._after: tuple[int, list[re.Match]] = (-1, [])

    def before(self, pos: int, n: int = 4) -> list[re.Match]:
        """The last `n` words in the WINDOW characters before `pos`, nearest first."""
        if self._before[0] != pos:
            self._before = pos, list(_WORD.finditer(self.text, max(0, pos - WINDOW), pos))[::-1]
        return self._before[1][:n]

    def after(self, pos: int, n: int = 3) -> list[re.Match]:
        """The first `n` words in the WINDOW characters after `pos`."""
        if self._after[0] != pos:
            self._after = pos, list(_WORD.finditer(self.text, pos, pos + WINDOW))
        return self._after[1][:n]

    def direction_after(self, end: int) -> tuple[int, str | None]:
        """Direction adjectives right after `end` («الشمالي الشرقي»): (new end, compass)."""
        words, out_end = [], end
        for w in self.after(end, 2):
            if w.group() not in _DIR_WORDS or not w.group().startswith(ARTICLE) or \
                    self.text[out_end:w.start()].strip():
                break
            words.append(w.group())
            out_end = w.end()
        return out_end, compass(words)

    def after_distance(self, pos: int) -> bool:
        """«125 كم شرق حلب»: a distance before the direction places something from the city,
        it names no part of it."""
        before = self.before(pos, 1)
        return bool(before) and strip_clitic(before[0].group()) in DISTANCE_UNITS


def besieged_references(text: str, found: list[AreaSpan],
                        mentions: list[Mention]) -> list[AreaSpan]:
    """«البلدتين المحاصرتين» → the towns last named as besieged, or else the last pair of
    towns named together («بلدتي كفريا والفوعة»)."""
    out = []
    if not _SIEGE_AFTER.within(text):
        return out  # the pattern needs a siege word: skip the regex scan
    last_besieged = LastBefore(found, lambda a: a.kind == "besieged")
    starts = [m.match.nstart for m in mentions]
    for mt in _BESIEGED_REFERENCE.finditer(text):
        earlier = last_besieged(mt.start())
        anchors = earlier.anchors if earlier else _last_pair(text, mentions, starts, mt.start())
        if anchors:
            out.append(AreaSpan(mt.start(), mt.end(), "besieged", anchors))
    return out


def _last_pair(text: str, mentions: list[Mention], starts: list[int], pos: int) -> list[Entry]:
    """The last two settlements named together («X وY») before `pos` (mentions in text order,
    `starts` their starts: those starting after `pos` end after it too, and are skipped)."""
    for k in range(bisect.bisect_right(starts, pos) - 1, 0, -1):
        a, b = mentions[k - 1], mentions[k]
        if b.match.nend > pos or b.match.prefix != "و" or \
                text[a.match.nend:b.match.nstart - 1].strip():
            continue
        if {a.chosen.kind, b.chosen.kind} <= _SETTLEMENT_KINDS and a.chosen.id != b.chosen.id:
            return [a.chosen, b.chosen]
    return []


def nisba_regions(text: str, gaz: Gazetteer) -> list[AreaSpan]:
    """«الشمال السوري», «الريف الإدلبي»: a direction or ريف with a nisba adjective."""
    out = []
    if not _NISBA_HEAD.within(text):
        return out  # the pattern needs «الشمال ال…», «الريف ال…»…: skip the regex scan
    for mt in _NISBA_REGION.finditer(text):
        entry = gaz.nisba(mt.group(2), _NISBA_KINDS, min_importance=0.8)
        if entry is None:
            continue
        head = mt.group(1)
        kind = "countryside" if head in _COUNTRYSIDE_ARTICLES else "region"
        out.append(AreaSpan(mt.start(1), mt.end(2), kind, [entry],
                            None if kind == "countryside" else _DIR_WORDS.get(head)))
    return out
