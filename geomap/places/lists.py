"""Lists of names after a plural designator: «قرى الشعوب وزوبل وباب اللفج», «بلدتي كفريا والفوعة».

A plural designator says that every item of the list after it is a place of its kind, whether or
not the gazetteer knows the name: the known ones take the designator's cue, the unknown ones are
reported as unresolved rather than dropped.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import groupby
from typing import NamedTuple

from .. import lexicon
from ..text.normalize import ARTICLE, Normalized
from .context import CUE_WORDS, PLURAL_DESIGNATORS, TOPONYM_HEADS, strip_clitic
from ..model import Unresolved
from .nonplaces import zipf
from ..text.words import Words

MAX_ITEMS = 30
ITEM_WORDS = 3  # an item of more words is a clause, not a name
RARE_ZIPF = 3.0  # a word rarer than this in general Arabic, listed after «قرى», is a name
# Words that end a list: grammar words and cue words never begin or continue a name.
_ENDS = CUE_WORDS | frozenset(word for word, role in lexicon.rows("function_words")
                              if role != "resumptive")
# Words that begin two-word names: the second word belongs to the name («تل الزعتر»).
COMPOUND_HEADS = TOPONYM_HEADS | lexicon.words("name_heads", "compound")
_QUOTES = "«»\"“”'"


class ListItem(NamedTuple):
    """One name of a designated list, as normalized offsets, with the list's designator."""

    nstart: int
    nend: int
    designator: str
    head: int   # where the designator starts: the items of one list share it
    written: str  # the designator as the text writes it («وأحياء»), for messages
    kind: str   # "matched" by an entry; "name" (rare or compound); "definite" (may be common)


def designated_lists(norm: Normalized, covered: bytearray,
                     designators: list[tuple[int, int]]) -> list[ListItem]:
    """The names of every list that follows a plural designator, in text order. A list ends
    at its first item that may be no name: in «قرى نائية ومعزولة» the words are adjectives.
    `covered` marks the characters that gazetteer names matched; `designators` are the spans
    of designator words (any, with clitics), found once for all the stages that read them."""
    words, out = norm.words, []
    for start, end in designators:
        d = bisect_left(words.starts, start)
        if d == len(words.starts) or words.starts[d] != start:
            continue  # not a whole word of the index: «3قرى» is one word, no designator
        designator = strip_clitic(words.words[d])
        if designator not in PLURAL_DESIGNATORS:
            continue
        written = norm.original[slice(*norm.span(start, end))]
        for nstart, nend, sure in _items_after(words, d):
            kind = _kind(norm, covered, nstart, nend, sure)
            if kind is None:
                break
            out.append(ListItem(nstart, nend, designator, start, written, kind))
    return out


def listed_unresolved(norm: Normalized, items: list[ListItem]) -> list[Unresolved]:
    """The unmatched names of designated lists. A common word with the article («أحياء
    السلام») is a name only in a list that surely names places, since «مخيمات النازحين» is
    'the camps of the displaced'."""
    out: list[Unresolved] = []
    for _, group in groupby(items, key=lambda item: item.head):
        group = list(group)
        sure = any(item.kind != "definite" for item in group)
        for item in group:
            if item.kind == "name" or item.kind == "definite" and sure:
                start, end = norm.span(item.nstart, item.nend)
                out.append(Unresolved(norm.original[start:end], start, end,
                                      f"listed after «{item.written}», not in the gazetteer"))
    return out


def _kind(norm: Normalized, covered: bytearray, nstart: int, nend: int, sure: bool) -> str | None:
    """What a list item is (see ListItem.kind); None if it may be no name at all."""
    if any(covered[nstart:nend]):
        return "matched"
    if not sure:
        return None
    words = norm.text[nstart:nend].split(" ")
    if len(words) > 1 and words[0] in COMPOUND_HEADS:
        return "name"
    if words[0].startswith(ARTICLE):
        return "definite"
    start, end = norm.span(nstart, nend)
    rare = max(zipf(w) for w in norm.original[start:end].split()) < RARE_ZIPF
    return "name" if rare else None


def _items_after(words: Words, d: int) -> list[tuple[int, int, bool]]:
    """(nstart, nend, sure) of the items listed after the designator at word `d`: joined by
    «،» or «و», each of at most ITEM_WORDS words. The last is one name long, and sure only
    where the list plainly ends after it."""
    items: list[tuple[int, int, bool]] = []
    i = d + 1
    while i < len(words.words) and len(items) < MAX_ITEMS:
        later = bool(items)
        if not _joined(words, i, first=not later):
            break
        j = _item_end(words, i, later)
        if j == i:
            break
        start = words.starts[i] + (1 if later and words.words[i].startswith("و") else 0)
        if _continues(words, j):
            items.append((start, words.ends[j - 1], True))
            i = j
            continue
        unit = i + (2 if _head(words.words[i], later) in COMPOUND_HEADS and j > i + 1 else 1)
        items.append((start, words.ends[unit - 1], _ends_list(words, unit)))
        break
    return items


def _head(word: str, strip_and: bool) -> str:
    return word[1:] if strip_and and word.startswith("و") else word


def ends_name(word: str) -> bool:
    """Whether a word cannot be part of a name: a preposition, a designator, a cue word."""
    return word in _ENDS or strip_clitic(word) in CUE_WORDS


def _joined(words: Words, i: int, first: bool) -> bool:
    """Whether word `i` can begin an item: right after the designator (quotes allowed) for the
    first; after «،» or as «و» + word for the others."""
    gap = words.text[words.ends[i - 1]:words.starts[i]].strip(" \u00a0" + _QUOTES)
    if first:
        return gap == ""
    return gap in ("،", ",") or (gap == "" and words.words[i].startswith("و")
                                 and len(words.words[i]) > 2)


def _item_end(words: Words, i: int, later: bool) -> int:
    """The word index after the item that begins at word `i`: its words run on with plain
    spaces between, up to ITEM_WORDS, and stop at a word that cannot be part of a name."""
    j = i
    while j < len(words.words) and j - i < ITEM_WORDS:
        if ends_name(_head(words.words[j], later and j == i)):
            break
        if j > i and (words.text[words.ends[j - 1]:words.starts[j]].strip(" \u00a0")
                      or words.words[j].startswith("و")):
            break
        j += 1
    return j


def _continues(words: Words, j: int) -> bool:
    """Whether another item follows word `j - 1`: a «،» or «و» + word comes next."""
    return j < len(words.words) and _joined(words, j, first=False) \
        and not ends_name(_head(words.words[j], True))


def _ends_list(words: Words, j: int) -> bool:
    """Whether the list plainly ends before word `j`: at the text's end, at punctuation, or at a
    word that cannot continue a name (a preposition, a designator)."""
    if j >= len(words.words):
        return True
    gap = words.text[words.ends[j - 1]:words.starts[j]].strip(" \u00a0" + _QUOTES)
    return bool(gap) or ends_name(words.words[j]) or ends_name(_head(words.words[j], True))
