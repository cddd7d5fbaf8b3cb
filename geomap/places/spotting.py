"""Find every gazetteer name in a text: one Aho-Corasick pass, word boundaries, clitics.

A match counts only on word boundaries (no «حلب» inside «الحلبوسي»); attached clitics
(و ف ب ل ك and their pairs) may precede it, and ل + ال is found through a second key without
the alef («للفوعة» holds «لفوعة»). Of overlapping matches the longest wins.
"""
from __future__ import annotations

import pickle
from functools import lru_cache
from operator import attrgetter
from typing import Iterable, NamedTuple, TypeVar

import ahocorasick

from ..text.normalize import (CLITIC_PREFIXES, SCRIPT_LETTERS, Normalized, is_arabic_letter, normalize_name,
                     strip_marks)
from ..text.words import WORD_CHARS, Words
from ..gazetteer import cache
from ..gazetteer.index import Gazetteer

_LAM_PREFIXES = frozenset(p for p in CLITIC_PREFIXES if p.endswith("ل"))
_PREFIXES = frozenset(CLITIC_PREFIXES)
MIN_KEY_LENGTH = 3
# A two-letter name («إب» Ibb, «قم» Qom) is spotted only as the own name of a major place, written
# as that name (hamza and all: «آب» is August), alone or after «و»: most two-letter strings are
# words («أب» father) or clitic + word («باب»).
SHORT_KEY_IMPORTANCE = 0.8
T = TypeVar("T")


class Match(NamedTuple):
    """A name found in normalized text: `nstart`/`nend` there, `start`/`end` in the original.
    A named tuple: immutable like a frozen dataclass, and a third of its cost to make."""

    key: str  # the gazetteer key (normalized name) that matched
    nstart: int
    nend: int
    start: int
    end: int
    prefix: str  # the clitic(s) written before the name, e.g. "و", "ب", "ل"


class Spotter:
    """Multi-pattern matcher over every Arabic name key of a gazetteer."""

    def __init__(self, gazetteer: Gazetteer, extra_keys: tuple[str, ...] = ()):
        self.gazetteer = gazetteer
        major = {normalize_name(e.name_ar) for e in gazetteer.entries
                 if e.importance >= SHORT_KEY_IMPORTANCE}  # a few thousand, not 85,000 keys
        self._short = {k: forms for k in major if len(k) == MIN_KEY_LENGTH - 1
                       and (forms := _major_own_names(gazetteer, k))}
        self._automaton = _automaton(gazetteer, extra_keys, tuple(sorted(self._short)))

    def spot(self, norm: Normalized) -> list[Match]:
        """All names in the text that sit on word boundaries, longest match first, no overlaps."""
        text, n = norm.text, len(norm.text)
        found = []
        for end_idx, code in self._automaton.iter(text):
            nend = end_idx + 1
            if nend < n and text[nend] in SCRIPT_LETTERS:
                continue  # ends inside a word, as most hits do: the quick test first
            nstart, is_lam_form = nend - (code >> 1), code & 1
            if nstart == 0 or text[nstart - 1] not in SCRIPT_LETTERS:
                prefix = ""  # most names stand after a space: no clitic to look for
            else:
                prefix = _prefix_if_boundary(text, nstart, nend)
            if prefix is None or (is_lam_form and prefix not in _LAM_PREFIXES):
                continue
            key = "ا" + text[nstart:nend] if is_lam_form else text[nstart:nend]
            start, end = norm.span(nstart, nend)
            if nend - nstart < MIN_KEY_LENGTH and (prefix not in ("", "و") or strip_marks(
                    norm.original[start:end]) not in self._short[key]):
                continue
            found.append(Match(key, nstart, nend, start, end, prefix))
        return longest_first(found)


def _prefix_if_boundary(text: str, nstart: int, nend: int) -> str | None:
    """The clitic prefix before a match on word boundaries, "" for none, None when inside a word."""
    if nend < len(text) and text[nend] in SCRIPT_LETTERS:
        return None
    word_start = nstart
    while word_start > 0 and text[word_start - 1] in SCRIPT_LETTERS and nstart - word_start < 3:
        word_start -= 1
    if word_start > 0 and text[word_start - 1] in SCRIPT_LETTERS:
        return None
    prefix = text[word_start:nstart]
    return prefix if prefix == "" or prefix in _PREFIXES else None


_NSTART = attrgetter("nstart")  # a C key function: the sort runs once per text


def longest_first(spans: list[T]) -> list[T]:
    """Of overlapping spans (anything with nstart/nend) keep the longest (ties: the earlier),
    in text order. Linear in the text: an occupancy map, not pairwise checks."""
    in_order = sorted(spans, key=_NSTART)
    if all(a.nend <= b.nstart for a, b in zip(in_order, in_order[1:])):
        return in_order  # nothing overlaps, as in most texts
    taken: list[T] = []
    occupied = bytearray(max((m.nend for m in spans), default=0))
    for m in sorted(spans, key=lambda m: (-(m.nend - m.nstart), m.nstart)):
        if not any(occupied[m.nstart:m.nend]):
            taken.append(m)
            occupied[m.nstart:m.nend] = b"\x01" * (m.nend - m.nstart)
    return sorted(taken, key=lambda m: m.nstart)


def _major_own_names(gazetteer: Gazetteer, key: str) -> frozenset[str]:
    """How the major places whose own name is `key` write it («إب»); empty for none."""
    return frozenset(strip_marks(e.name_ar) for e in gazetteer.candidates(key)
                     if e.importance >= SHORT_KEY_IMPORTANCE and normalize_name(e.name_ar) == key)


def _automaton(gazetteer: Gazetteer, extra_keys: tuple[str, ...], short: tuple[str, ...]
               ) -> ahocorasick.Automaton:
    """The automaton of the gazetteer's keys: from the cache folder when this gazetteer file's
    was built there before (see gazetteer.cache), else built (and cached)."""
    def build() -> ahocorasick.Automaton:
        return _build_automaton(tuple(gazetteer.keys()) + extra_keys, short)

    if gazetteer.fingerprint is None:  # made in memory, not read from a file
        return build()
    key = cache.fingerprint("spotter", gazetteer.fingerprint, *extra_keys, "\0", *short)
    return cache.load_or_build("spotter", key, build, dump=pickle.dumps, load=pickle.loads)


@lru_cache(maxsize=4)
def _build_automaton(keys: tuple[str, ...], short: tuple[str, ...] = ()) -> ahocorasick.Automaton:
    """Arabic keys (and the `short` ones allowed below MIN_KEY_LENGTH) plus, for names with
    the article, their ل + ال form without the alef. A key's value is its length × 2, + 1
    for a lam form: a hit touches no Python object (most hits end inside a word and are
    dropped), and a kept one's key is the text it matched (with the alef back for a lam form)."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    allowed = frozenset(short)
    for key in keys:
        if len(key) < MIN_KEY_LENGTH and key not in allowed \
                or not any(is_arabic_letter(c) for c in key):
            continue
        automaton.add_word(key, 2 * len(key))
        if key.startswith("ال") and len(key) > 3:
            lam_form = key[1:]  # «الفوعه» → «لفوعه», found in «للفوعه» after the clitic lam
            if lam_form not in automaton:
                automaton.add_word(lam_form, 2 * len(lam_form) + 1)
    automaton.make_automaton()
    return automaton


class WordFinder:
    """Whole words of a text that are one of a fixed set of forms, found in one automaton pass
    rather than a Python step per word of the text (cue words, trigger words)."""

    def __init__(self, forms: Iterable[str], word_chars: frozenset[str]):
        self._automaton = ahocorasick.Automaton()
        self._forms = frozenset(forms)
        for form in self._forms:
            self._automaton.add_word(form, len(form))
        self._automaton.make_automaton()
        self._word_chars = word_chars
        # whole words as a text's word index reads them: its words are the only candidates
        self._indexed = word_chars == WORD_CHARS and all(WORD_CHARS.issuperset(f)
                                                         for f in self._forms)

    def find_words(self, words: Words) -> list[tuple[int, int]]:
        """find(words.text), from the text's word index when the forms are words of it (set
        lookups over its words, not a pass of the automaton and a test per hit)."""
        if not self._indexed:
            return self.find(words.text)
        forms = self._forms
        return [(s, e) for s, e, w in zip(words.starts, words.ends, words.words) if w in forms]

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every whole word of `text` that is one of the forms, in text order."""
        chars, n, out = self._word_chars, len(text), []
        for end_idx, length in self._automaton.iter(text):
            start, end = end_idx + 1 - length, end_idx + 1
            if (end == n or text[end] not in chars) and (start == 0 or text[start - 1] not in chars):
                out.append((start, end))
        return out
