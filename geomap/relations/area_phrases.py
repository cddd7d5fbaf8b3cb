"""Area phrases read across a text, not from one place mention: borders («الحدود السورية
اللبنانية», «الحدود مع العراق»), territories and interiors («الأراضي السورية», «الداخل
اليمني»), strips between two places («المنطقة الممتدة بين مارع وأعزاز»), the parts of the country
the text is set in («شمال البلاد», «نزحوا نحو الجنوب») and the parts of a city named before
(«الأحياء الشرقية» alone).

Each phrase is read word by word in normalized text; its words are lexicon data
(area_phrases.csv, area_words.csv, directions.csv).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from itertools import accumulate, compress, count
from operator import attrgetter
from ..gazetteer.index import Entry, Gazetteer
from ..places.context import DESIGNATORS, PLACE_PREPOSITIONS
from ..places.resolution import Mention
from .area_terms import (DIR_ADJECTIVES, DIR_WORDS, WORD, AreaSpan, compass, has_parts,
                         head_start, phrase_words, unclitic, words_of, written_forms)
from .last_before import LastBefore
from .span_cover import SpanCover
from .substrings import AnyOf

BORDER = phrase_words("border")
BORDER_ADJECTIVES = phrase_words("border adjective")
BORDER_QUALIFIERS = phrase_words("border qualifier")
BORDER_WITH = phrase_words("border with")
TERRITORY = phrase_words("territory")
INTERIOR = phrase_words("interior")
STRIP_HEADS = phrase_words("strip head")
STRIP_PARTICIPLES = phrase_words("strip participle")
BETWEEN = phrase_words("between")
BETWEEN_FILLERS = phrase_words("between filler")
STRIP_FROM = phrase_words("strip from")
STRIP_TO = phrase_words("strip to")
COUNTRY_REFERENCE = phrase_words("country reference")
BARE_PARTS = phrase_words("bare part")
PART_OF = phrase_words("part of")
OTHER = phrase_words("other")
CITY_REFERENCES = words_of("reference_words", "main city")  # «للمدينة» after a part
NEIGHBOURHOOD_HEADS = words_of("area_words", "neighbourhood", "article")
POSSESSED = {**dict.fromkeys(phrase_words("possessed neighbourhoods"), "neighbourhoods"),
             **dict.fromkeys(phrase_words("possessed outskirts"), "region"),
             **dict.fromkeys(phrase_words("possessed countryside"), "countryside")}
PART_HEADS = phrase_words("part") | NEIGHBOURHOOD_HEADS | \
    words_of("area_words", "outskirt", "article")
# compass nouns before a name («شمال البلاد», «شمالي البلاد», «وسط البلاد»)
DIR_NOUNS = frozenset(w for w in DIR_WORDS if not w.startswith("ال"))
_LANDS = TERRITORY | INTERIOR
_SEPARATOR = re.compile(r"[\s\-–—/]*")  # between the two nisbas of «الحدود السورية-اللبنانية»
_SPACE = re.compile(r"\s*")
_COUNTRY = frozenset({"country"})
_SETTING_KINDS = frozenset({"country", "region", "governorate"})  # what «الجنوب» is part of
_CITY_KINDS = frozenset({"city", "town"})
_PLACE_CLITICS = ("ب", "ل", "و", "وب", "ول", "فب", "فل")  # «بالجنوب», «والشمال»


def _gate(words: frozenset[str]) -> AnyOf:
    """A test for a word any rule of `words` needs in a text (without its article)."""
    return AnyOf(w[2:] if w.startswith("ال") else w for w in words)


# the words a phrase starts with (a compass noun starts «شمال البلاد»)
_HEADS = BORDER | _LANDS | STRIP_HEADS | DIR_NOUNS | BARE_PARTS | PART_HEADS | \
    frozenset(POSSESSED)
_GATE = _gate(_HEADS - DIR_NOUNS | COUNTRY_REFERENCE)


_WORD_RUNS = re.compile(f"({WORD.pattern})")  # split() keeps the words between the gaps


class Tokens:
    """The words of a normalized text (WORD's runs, as strings with their offsets), and the
    place mention each word starts, if any."""

    def __init__(self, text: str, mentions: list[Mention]):
        self.text = text
        parts = _WORD_RUNS.split(text)  # gap, word, gap, word, …, gap
        bounds = list(accumulate(map(len, parts), initial=0))  # where each part starts
        self.words, self.starts, self.ends = parts[1::2], bounds[1:-1:2], bounds[2:-1:2]
        self._at = {m.match.nstart - len(m.match.prefix): m for m in mentions}

    def __len__(self) -> int:
        return len(self.words)

    def word(self, k: int) -> str:
        return self.words[k] if 0 <= k < len(self.words) else ""

    def mention(self, k: int) -> Mention | None:
        """The place mention written from word k (its clitic included)."""
        return self._at.get(self.starts[k]) if 0 <= k < len(self.words) else None

    def after(self, m: Mention) -> int:
        """The index of the first word after a mention."""
        return self.after_pos(m.match.nend)

    def after_pos(self, pos: int) -> int:
        """The index of the first word that starts at or after `pos`."""
        return bisect.bisect_left(self.starts, pos)

    def joined(self, end: int, k: int, gap: re.Pattern = _SPACE) -> bool:
        """Word k follows position `end` with only `gap` between (no comma, no full stop)."""
        return 0 <= k < len(self.words) and gap.fullmatch(self.text, end, self.starts[k]) \
            is not None

    def next_joined(self, k: int, gap: re.Pattern = _SPACE) -> bool:
        """Word k+1 follows word k with only `gap` between."""
        return self.joined(self.ends[k], k + 1, gap) if k < len(self.words) else False


class PhraseAreas:
    """The area phrases of one text, given its place mentions and the areas found so far."""

    def __init__(self, text: str, mentions: list[Mention], gaz: Gazetteer,
                 found: list[AreaSpan]):
        self.text, self.gaz, self.found = text, gaz, found
        self.cover = SpanCover(found)  # the positions of the areas found so far
        self.mentions = mentions
        self.tokens = Tokens(text, mentions)
        self._setting: Entry | None | bool = False
        self._main: Entry | None | bool = False  # _main_city, once asked
        self._named: dict[frozenset[str], LastBefore[Mention]] = {}  # see _mention_before
        self._last_part = LastBefore(found, _is_city_part)
        self._last_side = LastBefore(found, _is_side_of_a_land)

    def find(self) -> list[AreaSpan]:
        """Every phrase area of the text."""
        out: list[AreaSpan] = []
        t = self.tokens
        heads = written_forms(_HEADS)  # most words are none: no phrase starts there
        for k in compress(count(), map(heads.__contains__, t.words)):
            for rule in (self._border, self._territory, self._strip, self._country_part,
                         self._city_part, self._possessed_part, self._bare_part):
                span = rule(k)
                if span is not None:
                    out.append(span)
                    self.found.append(span)
                    break
        return out

    # --- the setting: what «البلاد», «الجنوب», «الأحياء الشرقية» refer to ---------------------

    def setting(self) -> Entry | None:
        """The country the text is set in: the country of most of its places."""
        if self._setting is False:
            counts = Counter(m.chosen.country for m in self.mentions if m.chosen.country)
            best = next((f"ne:{cc}" for cc, _ in counts.most_common() if f"ne:{cc}" in self.gaz),
                        None)
            self._setting = self.gaz.get(best) if best else None
        return self._setting or None

    def _before(self, pos: int, kinds: frozenset[str]) -> Entry | None:
        """The place of one of `kinds` named last before `pos`."""
        m = self._mention_before(pos, kinds)
        return None if m is None else m.chosen

    def _mention_before(self, pos: int, kinds: frozenset[str]) -> Mention | None:
        """The last mention before `pos` of a place of one of `kinds` (indexed per kinds)."""
        last = self._named.get(kinds)
        if last is None:
            last = self._named[kinds] = LastBefore(
                self.mentions, lambda m: m.chosen.kind in kinds,
                attrgetter("match.nstart"), attrgetter("match.nend"))
        return last(pos)

    def _main_city(self) -> Entry | None:
        """The city the text names most («المدينة»: the same city relations.anaphora takes),
        counted once: a long text asks for it again and again."""
        if self._main is False:
            counts = Counter(m.chosen.id for m in self.mentions if m.chosen.kind in _CITY_KINDS)
            self._main = self.gaz.get(counts.most_common(1)[0][0]) if counts else None
        return self._main

    def _city_before(self, pos: int) -> Entry | None:
        """The city a bare part of a city refers to: the city of the last part of a city named
        before it («الأحياء الشرقية لحلب … الأحياء الغربية»), or the city or town named last,
        whichever is nearer; else the city the text names most."""
        part, city = self._last_part(pos), self._mention_before(pos, _CITY_KINDS)
        if part is not None and (city is None or part.nend >= city.match.nend):
            return part.anchors[0]
        return city.chosen if city is not None else self._main_city()

    def _whole(self, pos: int) -> Entry | None:
        """What a bare compass word is a part of: the land of the last part named before it
        («شمال قطاع غزة … نحو الجنوب»), else the last country or region named, else the
        setting."""
        side = self._last_side(pos)
        if side is not None:
            return side.anchors[0]
        return self._before(pos, _SETTING_KINDS) or self.setting()

    # --- rules: each reads the phrase that starts at word k -----------------------------------

    def _border(self, k: int) -> AreaSpan | None:
        """«الحدود السورية اللبنانية», «الحدود اللبنانية – السورية», «الحدود مع العراق»,
        «الحدود الإدارية بين محافظتي حمص ودير الزور», «حدود لبنان مع سوريا», «المنطقة الحدودية
        بين سوريا ولبنان»."""
        t = self.tokens
        w = t.word(k)
        head = unclitic(w, BORDER)
        j = k + 1
        if head is None:
            head = unclitic(w, STRIP_HEADS)
            if head is None or t.word(k + 1) not in BORDER_ADJECTIVES or not t.next_joined(k):
                return None
            j = k + 2
        start = _head_pos(t, k, head)
        found = self._border_rest(j, t.ends[j - 1], not head.startswith("ال"))
        if found is None:
            return None
        anchors, end = found
        if len(anchors) == 1:
            home = self.setting()
            if home is not None and home.id != anchors[0].id:
                anchors = [home, anchors[0]]
        return AreaSpan(start, end, "border", anchors)

    def _border_rest(self, j: int, end: int, construct: bool) -> tuple[list[Entry], int] | None:
        """What follows the border noun: nisbas, «مع» X, «بين» X وY or a country (construct)."""
        t = self.tokens
        nisbas: list[Entry] = []
        while len(nisbas) < 2 and t.joined(end, j, _SEPARATOR) and not construct:
            found = self._country_at(j, True)
            if found is None or any(c.id == found[0].id for c in nisbas):
                break
            nisbas.append(found[0])
            end, j = found[1], t.after_pos(found[1])
        if nisbas:
            return nisbas, end
        if t.word(j) in BORDER_QUALIFIERS and t.joined(end, j):
            end, j = t.ends[j], j + 1
        if not t.joined(end, j):
            return None
        if t.word(j) in BORDER_WITH:
            m = t.mention(j + 1)
            return ([m.chosen], m.match.nend) if m is not None and not m.match.prefix else None
        pair = self._between(j)
        if pair is not None:
            return pair
        m = t.mention(j)
        if m is None or m.match.prefix or m.chosen.kind != "country" or not construct:
            return None  # a country after the construct «حدود» only
        k = t.after(m)
        other = t.mention(k + 1) if t.word(k) in BORDER_WITH and t.joined(m.match.nend, k) \
            else None
        return ([m.chosen, other.chosen], other.match.nend) if other is not None else \
            ([m.chosen], m.match.nend)

    def _between(self, j: int) -> tuple[list[Entry], int] | None:
        """«بين X وY», «ما بين X وY», «بين محافظتي X وY», «بين بلدة X وبلدة Y» at word j."""
        t = self.tokens
        if t.word(j) in BETWEEN_FILLERS and t.next_joined(j):
            j += 1
        if t.word(j) not in BETWEEN or not t.next_joined(j):
            return None
        j += 1
        if t.word(j) in DESIGNATORS and t.next_joined(j) and t.mention(j) is None:
            j += 1
        first = t.mention(j)
        if first is None or first.match.prefix:
            return None
        k = t.after(first)
        second = t.mention(k)
        if second is None and t.word(k).startswith("و") and \
                t.word(k)[1:] in DESIGNATORS and t.next_joined(k):
            second = t.mention(k + 1)
            second = second if second is not None and not second.match.prefix else None
        elif second is not None and second.match.prefix != "و":
            second = None
        if second is None or not t.joined(first.match.nend, k) or \
                second.chosen.id == first.chosen.id:
            return None
        return [first.chosen, second.chosen], second.match.nend

    def _territory(self, k: int) -> AreaSpan | None:
        """«الأراضي السورية», «أراضي لبنان», «الداخل اليمني», «العمق السوري»."""
        t = self.tokens
        w = t.word(k)
        head = unclitic(w, _LANDS)
        if head is None or not t.next_joined(k):
            return None
        kind = "interior" if head in INTERIOR else "territory"
        found = self._country_at(k + 1, head.startswith("ال"))
        if found is None:
            return None
        country, end = found
        return AreaSpan(_head_pos(t, k, head), end, kind, [country])

    def _country_at(self, j: int, definite: bool) -> tuple[Entry, int] | None:
        """The country word j names after a noun, and where it ends: after a noun with the
        article, its nisba adjective («الأراضي السورية») or a name that is one («الأراضي
        السعودية»); after a noun without it, its name («أراضي لبنان»)."""
        t = self.tokens
        word = t.word(j)
        if definite:  # «السعودي»: a country named by its feminine nisba («السعودية»)
            country = self.gaz.nisba(word, _COUNTRY) or next(
                (e for name in (word, word + "ه") for e in self.gaz.candidates(name)
                 if e.kind == "country"), None)
            if country is not None:
                return country, t.ends[j]
        m = t.mention(j)
        if m is None or m.match.prefix or m.chosen.kind != "country" or \
                definite != m.match.key.startswith("ال"):
            return None
        return m.chosen, m.match.nend

    def _strip(self, k: int) -> AreaSpan | None:
        """«المنطقة الممتدة بين مارع وأعزاز», «القرى الواقعة ما بين X وY», «المنطقة الممتدة من
        الراعي إلى جرابلس», «المنطقة الحدودية بين سوريا ولبنان» (a border)."""
        t = self.tokens
        head = unclitic(t.word(k), STRIP_HEADS)
        if head is None or not t.next_joined(k):
            return None
        j = k + 1
        participle = t.word(j) in STRIP_PARTICIPLES
        if participle:
            if not t.next_joined(j):
                return None
            j += 1
        pair = self._between(j) or (self._from_to(j) if participle else None)
        if pair is None:
            return None
        anchors, end = pair
        kind = "border" if all(a.kind == "country" for a in anchors) else "strip"
        return AreaSpan(_head_pos(t, k, head), end, kind, anchors)

    def _from_to(self, j: int) -> tuple[list[Entry], int] | None:
        """«من X إلى Y» at word j, X and Y place mentions."""
        t = self.tokens
        if t.word(j) not in STRIP_FROM or not t.next_joined(j):
            return None
        first = t.mention(j + 1)
        if first is None or first.match.prefix:
            return None
        k = t.after(first)
        if t.word(k) not in STRIP_TO or not t.joined(first.match.nend, k) or \
                not t.next_joined(k):
            return None
        second = t.mention(k + 1)
        if second is None or second.match.prefix or second.chosen.id == first.chosen.id:
            return None
        return [first.chosen, second.chosen], second.match.nend

    def _country_part(self, k: int) -> AreaSpan | None:
        """«شمال البلاد», «جنوب شرق البلاد», «وسط البلاد»: a part of the setting country."""
        t = self.tokens
        first = unclitic(t.word(k), DIR_NOUNS)
        if first is None or unclitic(t.word(k - 1), DIR_NOUNS) and t.joined(
                t.ends[k - 1], k):
            return None  # the phrase starts at the first compass word
        dirs, j = [first], k + 1
        while t.word(j) in DIR_NOUNS and t.joined(t.ends[j - 1], j) and len(dirs) < 2:
            dirs.append(t.word(j))
            j += 1
        if t.word(j) not in COUNTRY_REFERENCE or not t.joined(t.ends[j - 1], j):
            return None
        country = self.setting()
        if country is None:
            return None
        return AreaSpan(_head_pos(t, k, first), t.ends[j], "region", [country],
                        compass(dirs))

    def _city_part(self, k: int) -> AreaSpan | None:
        """«الأحياء الشرقية», «سائر الأحياء الشرقية الأخرى», «الجهة الغربية» alone: the part of
        the city named before (a part followed by «من»/«ل» and a name is read at the name)."""
        t = self.tokens
        head = unclitic(t.word(k), PART_HEADS)
        if head is None or not head.startswith("ال"):
            return None
        dirs, j = [], k + 1
        while t.word(j) in DIR_ADJECTIVES and t.joined(t.ends[j - 1], j):
            dirs.append(t.word(j))
            j += 1
        if not dirs:
            return None
        end = t.ends[j - 1]
        if t.word(j) in OTHER and t.joined(end, j):
            end, j = t.ends[j], j + 1
        if self.cover.covers(t.starts[k]):
            return None  # read already, with the place after it
        if t.joined(end, j) and unclitic(t.word(j), CITY_REFERENCES):
            end = t.ends[j]  # «الأحياء الشرقية للمدينة»: the city the text is about
            anchor = self._main_city()
        elif self._names_what_follows(end, j):
            return None
        elif head in NEIGHBOURHOOD_HEADS:
            anchor = self._city_before(t.starts[k])
        else:
            anchor = self._before(t.starts[k], _CITY_KINDS | _SETTING_KINDS)
        if anchor is None:
            return None
        kind = "neighbourhoods" if head in NEIGHBOURHOOD_HEADS or has_parts(self.gaz, anchor) \
            else "region"
        return AreaSpan(_head_pos(t, k, head), end, kind, [anchor], compass(dirs))

    def _possessed_part(self, k: int) -> AreaSpan | None:
        """«أحياءها الجنوبية», «أطرافها الشرقية», «المدينة وريفها», «ريفها الشمالي»: a part
        with the pronoun of the place named before it."""
        t = self.tokens
        head = unclitic(t.word(k), POSSESSED)
        if head is None:
            return None
        kind = POSSESSED[head]
        dirs, j = [], k + 1
        while t.word(j) in DIR_ADJECTIVES and t.joined(t.ends[j - 1], j):
            dirs.append(t.word(j))
            j += 1
        if not dirs and kind != "countryside":
            return None  # «أحياؤها» alone names all of it: no part
        kinds = _CITY_KINDS if kind == "neighbourhoods" else _CITY_KINDS | _SETTING_KINDS
        anchor = self._before(t.starts[k], kinds)
        if anchor is None:
            return None
        end = t.ends[j - 1] if dirs else t.ends[k]
        return AreaSpan(_head_pos(t, k, head), end, kind, [anchor], compass(dirs))

    def _names_what_follows(self, end: int, j: int) -> bool:
        """Whether the part is of something named next («الجهة الشرقية من المستشفى», «…
        للنهر»): the partitive «من» or a clitic ل on the next word."""
        t = self.tokens
        if not t.joined(end, j):
            return False
        w = t.word(j)
        return w in PART_OF or w.startswith("ل") and len(w) > 3 and \
            unclitic(w, DIR_WORDS) is None

    def _bare_part(self, k: int) -> AreaSpan | None:
        """«نزحوا نحو الجنوب», «عادوا إلى مدينة غزة والشمال», «من الجنوب السوري إلى الشمال»: a
        compass word alone after a preposition, a part of the land the text is about."""
        t = self.tokens
        w = t.word(k)
        head = unclitic(w, BARE_PARTS)
        if head is None:
            return None
        prefix = w[:_head_pos(t, k, head) - t.starts[k]]
        before = t.word(k - 1) if k and t.joined(t.ends[k - 1], k) else ""
        if not (prefix in _PLACE_CLITICS or before in PLACE_PREPOSITIONS):
            return None
        nxt = t.word(k + 1) if t.next_joined(k) else ""
        if nxt.startswith("ال") or nxt in PART_OF or t.mention(k + 1) is not None:
            return None  # «الشمال السوري», «الشمال الأفريقي», «إلى الشمال من حلب»
        whole = self._whole(t.starts[k])
        if whole is None:
            return None
        return AreaSpan(_head_pos(t, k, head), t.ends[k], "region", [whole],
                        DIR_WORDS[head])


def _is_city_part(a: AreaSpan) -> bool:
    return a.kind == "neighbourhoods" and bool(a.anchors)


def _is_side_of_a_land(a: AreaSpan) -> bool:
    return a.kind == "region" and bool(a.direction) and a.anchors[0].kind in _SETTING_KINDS


def _head_pos(t: Tokens, k: int, head: str) -> int:
    """Where the head word starts in word k, after its clitic (see area_terms.head_start)."""
    return head_start(t.words[k], t.ends[k], head)


def phrase_areas(text: str, mentions: list[Mention], gaz: Gazetteer,
                 found: list[AreaSpan]) -> list[AreaSpan]:
    """The area phrases of a text (none when it has no word any phrase rule needs)."""
    if not _GATE.within(text):
        return []
    return PhraseAreas(text, mentions, gaz, list(found)).find()

