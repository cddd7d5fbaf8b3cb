"""Arabic orthographic normalization with an offset map back to the original text.

Spotting runs on normalized text; every span it finds maps back to the exact span of the
original through `Normalized.span`, so annotations always point into what the user wrote.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .words import Words

_DELETE = 0xFFFFFFFF
_SPACE = 0x20
_NEWLINE = 0x0A
# Line and paragraph breaks: a run of whitespace holding one becomes a line break, not a space,
# since a heading or a paragraph ends there and no clause or list runs across it.
_LINE_BREAKS = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
_BREAK_RE = re.compile("[" + "".join(map(chr, _LINE_BREAKS)) + "]")  # tested before numpy work

# Marks that vanish: harakat, Quranic annotation marks, superscript alef, tatweel.
_DIACRITICS = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06DD),
               *range(0x06DF, 0x06E9), *range(0x06EA, 0x06EE), 0x0640]
# Invisible format characters: zero-width, direction marks and embeddings, BOM, soft hyphen.
_INVISIBLE = [0x00AD, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
              *range(0x2060, 0x2070), 0xFEFF]
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ة": "ه", "ۀ": "ه", "ک": "ك", "ڪ": "ك",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}
ARABIC_LETTERS = "ءاآأإؤئبةتثجحخدذرزسشصضطظعغفقكلمنهوىيٱپچژگکی"
# The one-letter proclitics written onto a word: the conjunctions و ف, the prepositions ب ل ك.
_CONJUNCTIONS, _PREPOSITIONS = ("و", "ف"), ("ب", "ل", "ك")
CLITIC_LETTERS = frozenset(_CONJUNCTIONS + _PREPOSITIONS)
# Every proclitic and pair of them (a conjunction, then a preposition), as written before a
# word (the span rule leaves them out).
CLITIC_PREFIXES = (*_CONJUNCTIONS, *_PREPOSITIONS,
                   *(c + p for c in _CONJUNCTIONS for p in _PREPOSITIONS))
ARTICLE = "ال"  # the definite article, written onto its noun


def _build_table() -> np.ndarray:
    """A code-point lookup table for the BMP: each char → its normal form, or _DELETE."""
    lut = np.arange(0x10000, dtype=np.uint32)
    for cp in range(0xFB50, 0xFEFF):  # Arabic presentation forms → their base letters
        nf = unicodedata.normalize("NFKC", chr(cp))
        if len(nf) == 1:
            lut[cp] = ord(nf)
    for src, dst in _FOLD.items():
        lut[ord(src)] = ord(dst)
    forms = np.arange(0xFB50, 0xFEFF)
    lut[forms] = lut[lut[forms]]  # presentation forms get their base letter's fold (ﺃ → أ → ا)
    for cp in _DIACRITICS + _INVISIBLE:
        lut[cp] = _DELETE
    spaces = np.array([cp for cp in range(0x10000) if chr(cp).isspace()])
    lut[spaces[lut[spaces] != _DELETE]] = _SPACE  # one array step, not 65,536 numpy scalars
    lut[_LINE_BREAKS] = _NEWLINE
    for cp in range(ord("A"), ord("Z") + 1):
        lut[cp] = cp + 32
    return lut


_LUT = _build_table()
_DELETED_MARKS = frozenset(map(chr, _DIACRITICS))


@dataclass(frozen=True)
class Normalized:
    """Normalized text plus, for each of its characters, the index of the original character."""

    text: str
    offsets: np.ndarray
    original: str

    @cached_property
    def words(self) -> Words:
        """The words of the normalized text with their offsets, indexed once per text."""
        return Words(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the exact span of the original text.

        The end is extended over diacritics and tatweel written on the last letter, so the
        original span holds the whole written word (e.g. «حلبَ»).
        """
        if start >= end:
            pos = int(self.offsets[start]) if start < len(self.offsets) else len(self.original)
            return pos, pos
        o_start, o_end = self.offsets.item(start), self.offsets.item(end - 1) + 1
        orig = self.original
        while o_end < len(orig) and orig[o_end] in _DELETED_MARKS:
            o_end += 1
        return o_start, o_end


def normalize(text: str) -> Normalized:
    """Fold Arabic orthography (see module docs) and whitespace; keep an offset map.

    Rules: diacritics, tatweel and invisible marks removed; أ إ آ ٱ → ا; ى/ی → ي; ة → ه;
    ک → ك; Arabic-Indic digits → ASCII; presentation forms → letters; ASCII lower-cased;
    every run of whitespace → one space, or one line break if it holds one. A long text is
    folded a chunk at a time, so its temporary arrays stay small; offsets are int32
    (MAX_CHARS is far below 2**31).
    """
    offsets = np.empty(len(text), dtype=np.int32)
    pieces, size, prev_space = [], 0, False
    for lo in range(0, len(text), _CHUNK):
        idx, kept, prev_space = _fold_chunk(text[lo:lo + _CHUNK], prev_space)
        offsets[size:size + len(idx)] = idx + lo
        size += len(idx)
        pieces.append(kept.tobytes().decode("utf-32-le", "surrogatepass"))
    return Normalized("".join(pieces), offsets[:size], text)


_CHUNK = 1 << 20  # characters folded at a time


def _fold_chunk(chunk: str, prev_space: bool) -> tuple[np.ndarray, np.ndarray, bool]:
    """(kept positions, their folded code points, ends in a space) for one chunk of text;
    `prev_space` says whether the text before the chunk ended in a space."""
    codes = np.frombuffer(chunk.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max() > 0xFFFF:
        mapped = _LUT[np.minimum(codes, 0xFFFF)]
        np.copyto(mapped, codes, where=codes > 0xFFFF)  # beyond the BMP: kept as written
    else:
        mapped = _LUT[codes]
    idx = np.flatnonzero(mapped != _DELETE)
    kept = mapped[idx]
    if not len(kept):
        return idx, kept, prev_space
    is_space = kept == _SPACE
    breaks = _BREAK_RE.search(chunk) is not None
    if breaks:
        is_break = kept == _NEWLINE
        is_space |= is_break
    first = np.empty_like(is_space)  # not the second space of a run
    first[0] = not (is_space[0] and prev_space)
    np.logical_not(is_space[1:] & is_space[:-1], out=first[1:])
    if breaks:  # the run's first character stands for it: a line break if the run has one
        run_starts = np.flatnonzero(first & is_space)
        held = np.searchsorted(run_starts, np.flatnonzero(is_break), side="right") - 1
        kept[run_starts[held[held >= 0]]] = _NEWLINE
    return idx[first], kept[first], bool(is_space[-1])


def normalize_name(name: str) -> str:
    """The normalized form of a name, stripped: the key used by the gazetteer index.

    Same rules as `normalize`, through str.translate: names are short and there are many.
    """
    return " ".join(name.translate(_TRANSLATE).split())


def _translate_table() -> dict[int, int | None]:
    """The lookup table as a str.translate mapping (only the characters that change)."""
    changed = np.flatnonzero(_LUT != np.arange(0x10000, dtype=np.uint32))
    return {int(cp): (None if _LUT[cp] == _DELETE else int(_LUT[cp])) for cp in changed}


_TRANSLATE = _translate_table()


def word_set(words: str) -> frozenset[str]:
    """A space-separated word list in ordinary spelling, normalized (for cue-word lookups)."""
    return frozenset(normalize_name(w) for w in words.split())


def word_map(table: dict[str, object]) -> dict[str, object]:
    """{"word word …": value} → {normalized word: value} for every word of every list."""
    return {normalize_name(w): value for words, value in table.items() for w in words.split()}


def is_arabic_letter(ch: str) -> bool:
    """True for letters of the Arabic script (after normalization, the ones names are made of)."""
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3" or "\u06fa" <= ch <= "\u06ff"


# The characters is_arabic_letter accepts, for loops that test many (a set lookup, no call).
SCRIPT_LETTERS = frozenset(chr(c) for c in range(0x0600, 0x0700) if is_arabic_letter(chr(c)))
# The letters of normalized words as the word regexes read them: [\u0621-\u064a].
BASIC_LETTERS = frozenset(map(chr, range(0x0621, 0x064B)))


def strip_marks(text: str) -> str:
    """The text as written, without the diacritics and tatweel normalize drops (hamza and alef
    forms kept): «إِب» → «إب»."""
    return text.translate(_STRIP_MARKS)


_STRIP_MARKS = dict.fromkeys(_DIACRITICS)


def has_arabic(text: str) -> bool:
    """True when the text holds at least one Arabic letter."""
    return _ARABIC_RE.search(text) is not None


_ARABIC_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]")
# A sentence ends at . ! ? ؟ (a point not between digits: «2.5», but «عام 2011. ثم»), a line
# break, or the Arabic full stop ۔.
_SENTENCE_END_RE = re.compile(r"(?<!\d)\.|\.(?!\d)|[!?؟۔\n]")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The (start, end) of the sentence(s) of `text` that hold text[start:end], trimmed.
    One call scans the text up to `start`: for many spans of one text use SentenceIndex."""
    s = 0
    for m in _SENTENCE_END_RE.finditer(text):  # the whole text: «2.5» must see its «5»
        if m.end() > start:
            break
        s = m.end()
    m = _SENTENCE_END_RE.search(text, end)
    e = m.end() if m and m.group() != "\n" else (m.start() if m else len(text))
    return _trimmed(text, s, e)


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    """(s, e) without the whitespace at either end of text[s:e]."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


class SentenceIndex:
    """sentence_bounds for many spans of one text: the sentence ends are found in one pass,
    then each span costs two bisects (a map quotes a sentence for every name it shows)."""

    def __init__(self, text: str):
        self.text = text
        self.ends = array("q", (m.start() for m in _SENTENCE_END_RE.finditer(text)))
        self._trims: dict[tuple[int, int], tuple[int, int]] = {}  # each sentence trimmed once

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """sentence_bounds(text, start, end), found by bisection."""
        text, ends = self.text, self.ends
        k = bisect_left(ends, start)
        s = ends[k - 1] + 1 if k else 0
        if 0 < start < len(text) and text[start].isdecimal() and text[start - 1] in ".!?؟۔" \
                and not (start > 1 and text[start - 2].isdecimal()):
            s = start  # a stop before a digit ends the text scanned up to `start`, as in 2.5
        k = bisect_left(ends, end)
        e = len(text) if k == len(ends) else ends[k] + (text[ends[k]] != "\n")
        if (s, e) not in self._trims:
            self._trims[(s, e)] = _trimmed(text, s, e)
        return self._trims[(s, e)]
