"""Whether any of a set of words is written in a stretch of text, in one automaton pass: what
a regex alternation of the words finds with search(), without the regex engine trying each
word at each position of the stretch (the area rules ask this for every place mention)."""
from __future__ import annotations

from typing import Iterable

import ahocorasick


class AnyOf:
    """A fixed set of words, asked whether one of them is in text[start:end]."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            self._automaton.add_word(word, len(word))
        if self.words:
            self._automaton.make_automaton()

    def within(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """Whether a word of the set lies wholly in text[start:end] (bounds as re's pos and
        endpos read them: clipped to the text)."""
        start, end = max(start, 0), len(text) if end is None else min(end, len(text))
        if not self.words or start >= end:
            return False
        stretch = text if start == 0 and end == len(text) else text[start:end]
        # a slice, not iter(text, start, end): the automaton reads its whole input string
        return next(self._automaton.iter(stretch), None) is not None
