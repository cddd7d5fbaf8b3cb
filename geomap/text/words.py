"""The words of a normalized text with their offsets, found once per text and shared by the
stages that read words around a position (context, areas, movements)."""
from __future__ import annotations

import bisect
import re
from array import array
from itertools import accumulate
from sys import intern

_WORD = re.compile(r"([\u0621-\u064a0-9]+)")  # a word; the group makes split() keep it
_NON_WORD = re.compile(r"[^\u0621-\u064a0-9]")
WORD_CHARS = frozenset(map(chr, range(0x0621, 0x064B))) | frozenset("0123456789")  # _WORD's
_BLOCK = 1 << 16  # Words splits a long text this many characters at a time


class Words:
    """The words of a text (runs of _WORD) with their offsets, found in one regex pass: the
    steps of each trigger read many small, overlapping stretches of the same words."""

    def __init__(self, text: str):
        long = len(text) > _BLOCK  # a 10 MB text has a million words: offsets as C ints
        self.text, self.words = text, []
        self.starts, self.ends = (array("i"), array("i")) if long else ([], [])
        lo = 0
        while lo < len(text):
            gap = _NON_WORD.search(text, min(lo + _BLOCK, len(text)))
            hi = gap.end() if gap else len(text)  # a block ends after a gap: no word is cut
            parts = _WORD.split(text[lo:hi])  # gap, word, gap, word, …, gap
            bounds = list(accumulate(map(len, parts), initial=lo))  # where each part starts
            words = parts[1::2]
            self.words += map(intern, words) if long else words  # a long text repeats them
            self.starts.extend(bounds[1:-1:2])
            self.ends.extend(bounds[2:-1:2])
            lo = hi

    def between(self, start: int, end: int) -> list[str]:
        """The words of text[start:end], cut at its edges, as _WORD.findall(text[start:end])."""
        i, j = bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end)
        if i >= j or start >= end:
            return []
        words = self.words[i:j]
        if self.starts[i] < start or self.ends[j - 1] > end:
            words[0] = self.text[max(start, self.starts[i]):min(end, self.ends[i])]
            words[-1] = self.text[max(start, self.starts[j - 1]):min(end, self.ends[j - 1])]
        return words

    def spans(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, word) of each word of text[start:end], as _WORD.finditer(text, start, end)
        gives them."""
        i, j = bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end)
        if i >= j or start >= end:
            return []
        out = list(zip(self.starts[i:j], self.ends[i:j], self.words[i:j]))
        if out[0][0] < start or out[-1][1] > end:
            for k in {0, len(out) - 1}:
                s, e = max(start, out[k][0]), min(end, out[k][1])
                out[k] = s, e, self.text[s:e]
        return out
