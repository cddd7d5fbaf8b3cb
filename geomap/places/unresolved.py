"""Names the text designates as places that the gazetteer lacks: after a designator («قرية
الحايط») or in a designated list. They are reported as unresolved, never dropped."""
from __future__ import annotations

import re

from .. import lexicon
from ..model import Unresolved
from ..text.normalize import Normalized
from ..text.words import WORD_CHARS
from .context import DESIGNATORS, PLURAL_DESIGNATORS, clitic_forms, strip_clitic
from .lists import COMPOUND_HEADS, ListItem, ends_name, listed_unresolved
from .nonplaces import describes
from .spotting import Match, WordFinder

_NAME_WORD = re.compile(r"[«\"“]?([\u0621-\u064a]{2,}(?: [\u0621-\u064a]{2,})?)")
_SINGLE_DESIGNATORS = frozenset(DESIGNATORS) - PLURAL_DESIGNATORS
# A preposition with a pronoun that points back to an indefinite noun: the words before it
# are a clause describing the noun («منطقة متنازع عليها», «منطقة يسيطر عليها»), no name.
_RESUMPTIVE = lexicon.words("function_words", "resumptive")
# Designator words are whole words as the text's word index (Words) reads them: digits are word
# characters there, so «3قرى» is one word and no designator (else a list reader looks it up
# among the indexed words and finds none).
DESIGNATOR_WORDS = WordFinder(clitic_forms(_SINGLE_DESIGNATORS | PLURAL_DESIGNATORS), WORD_CHARS)


def unresolved_names(norm: Normalized, covered: bytearray, items: list[ListItem],
                     designators: list[tuple[int, int]]) -> list[Unresolved]:
    """Names after a designator (مدينة، بلدة، قرية، حي، مخيم، معبر…) or in a designated list
    («قرى الشعوب وزوبل») that no entry matched (`covered` marks what entries matched;
    `designators` are the designator words' spans)."""
    found = _after_designators(norm, covered, designators) + listed_unresolved(norm, items)
    return sorted(found, key=lambda u: u.start)


def covered_by(matches: list[Match], length: int) -> bytearray:
    """A byte per character of the normalized text: 1 where a gazetteer name matched."""
    covered = bytearray(length + 1)
    for m in matches:
        covered[m.nstart:m.nend] = b"\x01" * (m.nend - m.nstart)
    return covered


def _after_designators(norm: Normalized, covered: bytearray,
                       designators: list[tuple[int, int]]) -> list[Unresolved]:
    """Unmatched names right after a single designator («قرية الحايط», «منطقة الزرنوقة»);
    a word that describes the place instead («قرية صغيرة», «منطقة آمنة») is no name."""
    text, out = norm.text, []
    for dstart, dend in designators:
        designator = strip_clitic(text[dstart:dend])
        nm = _NAME_WORD.match(text, dend + 1) if designator in _SINGLE_DESIGNATORS else None
        if not nm:
            continue
        words = nm.group(1).split(" ")
        compound = len(words) > 1 and words[0] in COMPOUND_HEADS and not ends_name(words[1])
        name = " ".join(words[:2]) if compound else words[0]
        head_only = compound and not covered[nm.end(1) - 1]  # «عين» of «قرية عين شمروخة»
        if covered[nm.start(1)] and not head_only:
            continue  # a gazetteer name
        start, end = norm.span(nm.start(1), nm.start(1) + len(name))
        surface = norm.original[start:end]
        # «تل …», «عين …», «أبو …» begin a name whatever the next word means («قرية عين الماء»)
        if len(name) < 3 or not compound and (
                describes(surface, designator) or words[1:2] and words[1] in _RESUMPTIVE):
            continue
        written = norm.original[slice(*norm.span(dstart, dend))]
        out.append(Unresolved(surface, start, end, f"after «{written}», not in the gazetteer"))
    return out
