"""Named areas: neighbourhood groups, countryside, regions and besieged towns.

Patterns work on normalized text around the place mentions already resolved:
«الأحياء الشرقية لحلب», «أحياء حلب الشرقية», «شرق حلب» → neighbourhoods; «ريف إدلب الشمالي» →
countryside; «شمال غرب سوريا», «الشمال السوري» → region; «كفريا والفوعة المحاصرتين» → besieged.
A direction right after another place locates that place («خان طومان جنوب غرب مدينة حلب»): no area.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .. import lexicon
from ..text.normalize import ARTICLE, CLITIC_PREFIXES, Normalized
from ..places.context import strip_clitic
from ..gazetteer.index import Entry, Gazetteer
from .counts import DISTANCE_UNITS
from ..places.resolution import Mention
from ..places.spotting import longest_first

_LAM_ARTICLE = "لل"  # ل before the article, which drops its alef («للأحياء»)


def _words_of(role: str, *forms: str) -> list[str]:
    """The area words of one role and of the given forms (third column)."""
    return [word for word, r in lexicon.table("area_words", *forms).items() if r == role]


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first (so none stops at a shorter one)."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# direction nouns and adjectives (normalized) → compass direction
_DIR_WORDS = lexicon.table("directions", "noun", "article", "adjective", "bare adjective")
_EN_DIR = {"north": "Northern", "south": "Southern", "east": "Eastern", "west": "Western"}
_NEIGHBOURHOOD_WORDS = lexicon.words("area_words", "neighbourhood")
_OUTSKIRT_WORDS = lexicon.words("area_words", "outskirt")
_BESIEGED_WORDS = lexicon.words("area_words", "besieged")
_SETTLEMENTS = lexicon.words("area_words", "settlement")  # «البلدتين» of «البلدتين المحاصرتين»
# «ريف» and the dual «ريفي» before a name; «الريف» before a direction or nisba adjective
_COUNTRYSIDE_WORDS = frozenset(_words_of("countryside", "noun", "dual"))
_COUNTRYSIDE_DUALS = frozenset(_words_of("countryside", "dual"))
_COUNTRYSIDE_ARTICLES = frozenset(_words_of("countryside", "article"))
_COUNTRYSIDE_DESIGNATORS = lexicon.words("area_words", "countryside designator")  # «محافظة»
_PART_DESIGNATORS = lexicon.words("area_words", "part designator")  # «مدينة» of «شرق مدينة حلب»
_PART_LINKS = lexicon.words("area_words", "part link") | _PART_DESIGNATORS
_BESIEGED_REFERENCE = re.compile(f"(?:{ARTICLE})?(?:{_alternation(_SETTLEMENTS)}) "
                                 f"(?:{_alternation(_words_of('besieged', 'feminine'))})")
_WORD = re.compile(r"[\u0621-\u064a]+")
_PUNCTUATION = re.compile(r"[،,.:؛]")
# «الشمال», «الريف»: the heads of a nisba region («الشمال السوري», «الريف الإدلبي»)
_NISBA_HEADS = frozenset(lexicon.table("directions", "article")) | _COUNTRYSIDE_ARTICLES
_NISBA_REGION = re.compile(rf"(?<![\u0621-\u064a])(?:{_alternation(CLITIC_PREFIXES)})?"
                           rf"({_alternation(_NISBA_HEADS)}) ({ARTICLE}[\u0621-\u064a]+ي)\b")
# What _NISBA_REGION needs somewhere in the text
_NISBA_HEAD = re.compile("|".join(sorted(f"{head} {ARTICLE}" for head in _NISBA_HEADS)))
NEIGHBOURHOOD_CITY_MIN = 5  # a city with at least this many OCHA neighbourhoods has "parts"
_NISBA_KINDS = frozenset({"country", "city", "governorate"})  # what «الشمال السوري» may name
WINDOW = 50  # characters read on each side of a mention


def _any_of(words: Iterable[str]) -> re.Pattern:
    """A regex finding any of `words` inside a text; a word holding another adds nothing to
    that test, and is left out to keep the alternation short."""
    words = set(words)
    kept = sorted(w for w in words if not any(o != w and o in w for o in words))
    return re.compile("|".join(kept))


# Each rule for a mention needs one of these words just before it, bare or with a clitic (and
# «لل» drops the article's alef), or a siege word just after it.
_CUE_BEFORE = _any_of(w[1:] if w.startswith(ARTICLE) else w for w in
                      set(_DIR_WORDS) | _COUNTRYSIDE_WORDS | _NEIGHBOURHOOD_WORDS | _OUTSKIRT_WORDS)
_CUE_AFTER = _any_of(_BESIEGED_WORDS)


def _head_start(word: re.Match, head: str) -> int:
    """Where the head word (clitic stripped) starts in its written word; «للأحياء» writes
    «الأحياء» without its alef, so the head starts one letter into the written word."""
    start = word.end() - len(head)
    return start + 1 if word.group().startswith(_LAM_ARTICLE) else start


@dataclass
class AreaSpan:
    """An area found in normalized text, before it becomes a model.Area."""

    nstart: int
    nend: int
    kind: str
    anchors: list[Entry]
    direction: str | None = None
    mentions: list[Mention] = field(default_factory=list)


def compass(words: list[str]) -> str | None:
    """«جنوب شرق» → southeast, «الشمالي الغربي» → northwest, «شرق» → east."""
    dirs = [_DIR_WORDS[w] for w in words if w in _DIR_WORDS]
    if not dirs:
        return None
    if len(dirs) >= 2 and dirs[0] in ("north", "south") and dirs[1] in ("east", "west"):
        return dirs[0] + dirs[1]
    return dirs[0]


def area_name(kind: str, anchors: list[Entry], direction: str | None) -> str:
    """An English name: East Aleppo, Western Idleb countryside, Northwest Syria, Foah and
    Kafraya."""
    names = " and ".join(a.name_en for a in anchors)
    d = direction or ""
    cap = d.capitalize()
    adj = " ".join(_EN_DIR[x] for x in ([d] if d in _EN_DIR else [d[:5], d[5:]]) if x) if d else ""
    if kind == "countryside":
        prefix = adj.replace(' ', '-').replace('ern-', '') + ' ' if adj else ''
        return f"{prefix}{names} countryside"
    if kind == "neighbourhoods":
        return f"{cap} {names}" if d else f"{names} neighbourhoods"
    if kind == "besieged":
        return f"{names} (besieged)"
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
            for rule in (self._countryside, self._neighbourhoods_before, self._direction_before,
                         self._neighbourhoods_after, self._besieged_list):
                a = rule(i, m)
                if a:
                    found.append(a)
                    break
        found += besieged_references(self.text, found)
        found += nisba_regions(self.text, self.gaz)
        return longest_first(found) if len(found) > 1 else found

    def _has_cue(self, m: Mention) -> bool:
        """A word some rule needs is in the text the rules read around `m` (a substring test:
        every word the rules read, or its clitic-stripped form, is in that text)."""
        start, end = self._start(m), m.match.nend
        return bool(_CUE_BEFORE.search(self.text, max(0, start - WINDOW), start)
                    or _CUE_AFTER.search(self.text, end, end + WINDOW))

    def _start(self, m: Mention) -> int:
        return m.match.nstart - len(m.match.prefix)

    def _countryside(self, i: int, m: Mention) -> AreaSpan | None:
        """«ريف إدلب», «بريف محافظة حلب», «ريف حلب الجنوبي الغربي», and both places of the dual
        «ريفي حمص الشمالي وحماة الجنوبي»."""
        before = self.around.before(self._start(m), 2)
        if not before:
            return None
        first = before[0]
        if strip_clitic(first.group()) in _COUNTRYSIDE_DESIGNATORS and len(before) > 1:
            first = before[1]
        head = strip_clitic(first.group())
        if head in _COUNTRYSIDE_WORDS:
            start = first.end() - len(head)
        elif m.match.prefix == "و" and self._dual_end >= 0 \
                and not self.text[self._dual_end:self._start(m)].strip():
            start = m.match.nstart  # the second place of the dual: «ريفي حمص الشمالي وحماة»
        else:
            return None
        end, direction = self.around.direction_after(m.match.nend)
        self._dual_end = end if head in _COUNTRYSIDE_DUALS else -1
        return AreaSpan(start, end, "countryside", [m.chosen], direction, [m])

    def _neighbourhoods_after(self, i: int, m: Mention) -> AreaSpan | None:
        """«أحياء حلب الشرقية», «أطراف حلب الجنوبية»."""
        before = self.around.before(self._start(m), 1)
        head = strip_clitic(before[0].group()) if before else ""
        if head not in _NEIGHBOURHOOD_WORDS and head not in _OUTSKIRT_WORDS:
            return None
        end, direction = self.around.direction_after(m.match.nend)
        kind = "neighbourhoods" if head in _NEIGHBOURHOOD_WORDS else "region"
        start = _head_start(before[0], head)
        return AreaSpan(start, end, kind, [m.chosen], direction, [m])

    def _neighbourhoods_before(self, i: int, m: Mention) -> AreaSpan | None:
        """«الأحياء الشرقية لحلب», «الجهة الشرقية من مدينة حلب», «الأطراف الجنوبية لحلب»,
        «الريف الشرقي لدرعا»."""
        words = [w for w in self.around.before(self._start(m), 4)
                 if w.group() not in _PART_LINKS]
        if len(words) < 2 or words[0].group() not in _DIR_WORDS:
            return None
        head = strip_clitic(words[1].group())
        if head in _NEIGHBOURHOOD_WORDS:
            kind = "neighbourhoods"
        elif head in _OUTSKIRT_WORDS:
            kind = "region"
        elif head in _COUNTRYSIDE_ARTICLES:
            kind = "countryside"
        else:
            return None
        start = _head_start(words[1], head)
        return AreaSpan(start, m.match.nend, kind, [m.chosen], compass([words[0].group()]), [m])

    def _direction_before(self, i: int, m: Mention) -> AreaSpan | None:
        """«شرق حلب», «جنوب شرق حلب», «شمال غرب سوريا», «شرق المدينة» — unless it locates a
        place."""
        words = self.around.before(self._start(m), 3)
        dirs = []
        for w in words:
            g = strip_clitic(w.group())
            if g in _PART_DESIGNATORS and not dirs:
                continue
            if g not in _DIR_WORDS or g.startswith(ARTICLE):
                break
            dirs.insert(0, w)
        broad = m.chosen.kind in ("country", "governorate", "region")
        if not dirs or (not broad and self._locates_previous(dirs[0].start(), i)) \
                or self.around.after_distance(dirs[0].start()):
            return None
        start = dirs[0].end() - len(strip_clitic(dirs[0].group()))
        named = self.gaz.area_phrase(self.text[start:m.match.nend])
        # a named region or province («شمال غرب سوريا», «شمال دارفور»), with its outline
        if named is not None and named.kind in ("region", "governorate"):
            return AreaSpan(start, m.match.nend, "region", [named], None, [m])
        kind = "neighbourhoods" if has_parts(self.gaz, m.chosen) else "region"
        return AreaSpan(start, m.match.nend, kind, [m.chosen],
                        compass([strip_clitic(w.group()) for w in dirs]), [m])

    def _locates_previous(self, pos: int, i: int) -> bool:
        """True when a place mention ends right before `pos`: the direction locates that place."""
        if i == 0:
            return False
        prev = self.mentions[i - 1]
        gap = self.text[prev.match.nend:pos]
        return not _WORD.findall(gap) and not _PUNCTUATION.search(gap)

    def _besieged_list(self, i: int, m: Mention) -> AreaSpan | None:
        """«كفريا والفوعة المحاصرتين», «بلدة مضايا المحاصرة»: the list before the siege word."""
        if not _CUE_AFTER.search(self.text, m.match.nend, m.match.nend + WINDOW):
            return None  # no siege word after: no need to read the words
        after = self.around.after(m.match.nend, 1)
        if not after or after[0].group() not in _BESIEGED_WORDS or \
                self.text[m.match.nend:after[0].start()].strip():
            return None
        group = [m]
        for prev in reversed(self.mentions[:i]):
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


def has_parts(gaz: Gazetteer, e: Entry) -> bool:
    """A city or town with enough OCHA neighbourhoods that a direction names a part of it."""
    return e.kind in ("city", "town") and \
        _neighbourhood_count(gaz, e.id) >= NEIGHBOURHOOD_CITY_MIN


def besieged_references(text: str, found: list[AreaSpan]) -> list[AreaSpan]:
    """«البلدتين المحاصرتين» → the towns last named as besieged (or the last pair of towns)."""
    out = []
    if not _CUE_AFTER.search(text):
        return out  # the pattern needs a siege word: skip the regex scan
    for mt in _BESIEGED_REFERENCE.finditer(text):
        earlier = [a for a in found if a.kind == "besieged" and a.nend <= mt.start()]
        if earlier:
            out.append(AreaSpan(mt.start(), mt.end(), "besieged", earlier[-1].anchors))
    return out


def nisba_regions(text: str, gaz: Gazetteer) -> list[AreaSpan]:
    """«الشمال السوري», «الريف الإدلبي»: a direction or ريف with a nisba adjective."""
    out = []
    if not _NISBA_HEAD.search(text):
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


@lru_cache(maxsize=4096)
def _neighbourhood_count(gaz: Gazetteer, id: str) -> int:
    """How many neighbourhoods the gazetteer has in a place (cached: the same few cities are
    counted in text after text)."""
    return sum(c.kind == "neighbourhood" for c in gaz.children(id))
