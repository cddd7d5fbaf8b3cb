"""Not every name match is a place: media, organisations, persons, and names that are common words.

`NonPlaceJudge.judge()` returns why a match is not a place (or None). Common words are told by
frequency: a name far more frequent in Arabic text (wordfreq) than its importance as a place
predicts is a common word, and counts as a place only with a cue (designator, locator, list).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .. import lexicon
from ..text.normalize import ARTICLE, CLITIC_LETTERS, SCRIPT_LETTERS, normalize_name
from .context import (AREA_DESIGNATORS, CUE_WORDS, DESIGNATORS, DIRECTION_ADJECTIVES,
                      DIRECTIONS, MEDIA_HEADS, ORG_HEADS, PERSON_TITLES, PLACE_PREPOSITIONS,
                      PLURAL_DESIGNATORS,
                      REPORTING_VERBS, Context, state_word, strip_clitic)
from .frequency import zipf as _table_zipf
from .outlets import outlet_reason
from .readings import accusative_reason, construct_reason, event_reason

PREPOSITIONS = lexicon.words("function_words", "preposition")
# How many zipf points above its expected frequency as a place a name must be to count as a
# common word: 0.4 is about 2.5 times more frequent than a place of its importance would be.
COMMON_WORD_MARGIN = 0.5
# Countries and capitals are meant as places whatever their frequency.
ALWAYS_PLACE_IMPORTANCE = 0.95
# A frequent proper noun is the place when the place has some standing (a sub-district centre,
# a town of ~35,000): a village shares its name with people (خالد, عامر) and months (تشرين).
PROPER_NOUN_IMPORTANCE = 0.45
LOCATOR_MARGIN = 1.5  # zipf points: ~30 times more frequent than a place of its importance
FIXED_FORM_MARGIN = 1.5  # zipf points: ~30 times rarer with the article switched
FUNCTION_WORD_ZIPF = 5.5  # no town's name is this frequent; عنه (5.7), عليه (6.2) are
# Outside the Arabic-speaking world and its neighbours, Arabic names are transliterations that
# collide with Arabic words more often («سنة» Sanandaj, «وان» Van): such places count for less.
ARABIC_NEWS_REGION = frozenset(
    "SY IQ LB JO PS IL TR EG SA YE LY AE BH KW OM QA SD TN DZ MA MR SO DJ KM".split())
FOREIGN_FACTOR = 0.75


@dataclass(frozen=True)
class Phrase:
    """A name of something that is not a place (a channel, a group, a person) found in the text."""

    nstart: int
    nend: int
    kind: str
    phrase: str


@lru_cache(maxsize=1)
def _lexicon() -> tuple[ahocorasick.Automaton, frozenset[str]]:
    """The phrase automaton, and the one-word media names («الميادين») that double as towns."""
    auto = ahocorasick.Automaton()
    media_words = set()
    for key, kind in lexicon.rows("non_places"):
        auto.add_word(key, (key, kind))
        if kind == "media" and " " in key:
            head, _, rest = key.partition(" ")
            if normalize_name(head) in MEDIA_HEADS and " " not in rest:
                media_words.add(rest)
    auto.make_automaton()
    return auto, frozenset(media_words)


def nonplace_phrases(text: str) -> list[Phrase]:
    """Every lexicon phrase in normalized text, on word boundaries."""
    auto, _ = _lexicon()
    out = []
    for end_idx, (key, kind) in auto.iter(text):
        s, e = end_idx + 1 - len(key), end_idx + 1
        if (s == 0 or text[s - 1] not in SCRIPT_LETTERS or text[s - 1] in CLITIC_LETTERS) and (
                e == len(text) or text[e] not in SCRIPT_LETTERS):
            out.append(Phrase(s, e, kind, key))
    return out


def zipf(word: str) -> float:
    """Arabic word frequency on the zipf scale (0 = unseen, 7 = the most common words)."""
    return _zipf(word)


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    return _table_zipf(word)  # wordfreq's value, from a cached table (see frequency)


def expected_zipf(importance: float) -> float:
    """How often a place of this importance is written, on the zipf scale (village 2.4, city 4.5)."""
    return 1.5 + 3.5 * importance


def news_importance(importance: float, country: str, kind: str) -> float:
    """Importance as an Arabic news text would weigh it (foreign towns count less)."""
    if kind == "country" or importance >= ALWAYS_PLACE_IMPORTANCE or country in ARABIC_NEWS_REGION:
        return importance
    return importance * FOREIGN_FACTOR


def is_common_word(surface: str, importance: float) -> bool:
    """True when the name is used far more than a place of its importance would be, and is
    not a proper noun that a town of some standing explains (غزة, دوما, سيناء)."""
    if importance >= ALWAYS_PLACE_IMPORTANCE:
        return False
    if zipf(surface) - expected_zipf(importance) <= COMMON_WORD_MARGIN:
        return False
    return importance < PROPER_NOUN_IMPORTANCE or not is_proper_noun(surface)


def needs_naming_cue(surface: str, importance: float) -> bool:
    """True for a common-word name so much more frequent than its place (LOCATOR_MARGIN) that
    a direction word beside it does not make it the place: «شرق البلاد» is 'the east of the
    country', where «شرق الباب» is east of al-Bab."""
    return zipf(surface) - expected_zipf(importance) > LOCATOR_MARGIN


def is_proper_noun(name: str) -> bool:
    """A name keeps one form, a common noun does not: the rarest word of the name is written
    ~30 times less often with the article switched (غزة / الغزة, القاهرة / قاهرة), where
    الباب / باب or السلام / سلام are both frequent. Grammar words (عنه, عليه) keep one form
    too, but are more frequent than any town."""
    word = min(name.split(), key=zipf)
    other = word.removeprefix(ARTICLE) if word.startswith(ARTICLE) else ARTICLE + word
    return zipf(word) < FUNCTION_WORD_ZIPF and zipf(word) - zipf(other) >= FIXED_FORM_MARGIN


# After a designator, a word this frequent describes the place rather than names it
# («قرية صغيرة», «مدينة كبيرة»).
DESCRIPTION_ZIPF = 4.0
# «منطقة» and «ريف» are plain nouns ('area', 'countryside') as often as designators (zipf
# values below). A name after them is definite and no common noun («منطقة الزرنوقة», not
# «منطقة الحدود» 5.2 or «منطقة التماس» 3.7), or a rare word («منطقة زرنوقة»); an indefinite
# word that is a word is a noun or adjective describing the area («منطقة نفوذ» 4.0, «منطقة
# عازلة» 3.3), above all an adjective agreeing with «منطقة» («منطقة منكوبة» 2.5). Names as
# frequent are places of the news, which the gazetteer has («حرستا» 2.7).
AREA_NOUNS = AREA_DESIGNATORS - PLURAL_DESIGNATORS
AREA_DEFINITE_ZIPF = 3.5
# a word read whole («وفدا» 'a delegation' 3.25, «وكيل» 'deputy' 4.4) rather than a clitic and a
# name («فدا» Fada 2.6, «كيل» Kiel 3.6): at least this frequent and this much above the name
# (half a zipf is ~3× as often); no town of the gazetteer written with و، ب or ل reaches it
CLITIC_WORD_ZIPF = 3.0
CLITIC_WORD_MARGIN = 0.5
AREA_INDEFINITE_ZIPF = 3.0
AREA_ADJECTIVE_ZIPF = 2.0


def describes(word: str, designator: str) -> bool:
    """Whether `word` (as written) right after `designator` (normalized, without its clitic)
    describes what it designates rather than names it: a common word («قرية صغيرة», «منطقة
    آمنة»), also behind a clitic letter («مدينة بأكملها»)."""
    if zipf(word) >= _description_zipf(normalize_name(word), designator):
        return True
    return word[:1] in CLITIC_LETTERS and zipf(word[1:]) >= DESCRIPTION_ZIPF


def _description_zipf(word: str, designator: str) -> float:
    """How frequent the (normalized) word after `designator` must be to describe it."""
    if designator not in AREA_NOUNS:
        return DESCRIPTION_ZIPF
    if word.startswith(ARTICLE):
        return AREA_DEFINITE_ZIPF
    feminine = designator.endswith("ه") and word.endswith("ه")  # «منطقة آمنة»: ة agrees
    return AREA_ADJECTIVE_ZIPF if feminine else AREA_INDEFINITE_ZIPF


class NonPlaceJudge:
    """Decides, from the words around it, whether a name match stands for something else."""

    def __init__(self, text: str, nisba_like: frozenset[str] = frozenset(),
                 original: str | None = None):
        self.text, self.original = text, text if original is None else original
        self.phrases = sorted(nonplace_phrases(text), key=lambda p: p.nstart)
        self.phrase_starts = [p.nstart for p in self.phrases]
        self.nisba_like = nisba_like
        self.media_words = _lexicon()[1]

    def _phrase_around(self, nstart: int, nend: int) -> Phrase | None:
        """A longer non-place phrase that holds text[nstart:nend] («روسيا» in «روسيا اليوم»)."""
        lo = bisect.bisect_left(self.phrase_starts, nstart - 80)
        hi = bisect.bisect_right(self.phrase_starts, nstart)
        for p in self.phrases[lo:hi]:
            if p.nstart <= nstart and nend <= p.nend and (p.nend - p.nstart) > (nend - nstart):
                return p
        return None

    def judge(self, key: str, nstart: int, nend: int, ctx: Context, surface: str,
              prefix: str, start: int = -1) -> str | None:
        """Why the match is not a place, or None when nothing says so (`start`: where the
        name begins in the original text, for the marks that normalizing drops)."""
        if key in CUE_WORDS:
            return f"«{surface}» is a designator or cue word, not a name"
        p = self._phrase_around(nstart, nend)
        if p is not None:
            return f"inside the {p.kind} name «{p.phrase}»"
        why = outlet_reason(self.text, self.original, start, nstart, nend, ctx, prefix) or \
            event_reason(key, ctx, prefix, self.text, nend) or \
            accusative_reason(key, surface, ctx, prefix) or \
            construct_reason(self.text, nstart, nend, ctx, prefix)
        if why:
            return why
        prev = strip_clitic(ctx.before[0]) if ctx.before and not prefix else ""
        if prev in MEDIA_HEADS or prev in ORG_HEADS:
            return f"names an institution («{prev} …»)"
        title = _title_before(ctx)
        if title and not prefix and not state_word(ctx, prefix):  # «رئيس وزراء قطر»
            return f"a person («{title} …»)"
        if key in self.media_words and (prev in REPORTING_VERBS or (
                ctx.after and ctx.after[0] in REPORTING_VERBS)):
            return "a media outlet reporting"
        if self._adjective(key, ctx, prefix):
            return f"«{surface}» here is an adjective («… {surface}»), not the country"
        if key.startswith("الضفه ") and ctx.after and ctx.after[0].lstrip("ل").startswith("نهر"):
            return "a river bank («الضفة … لنهر»), not the West Bank"
        if key in DIRECTION_ADJECTIVES and ctx.before and not ctx.gap_before.strip() \
                and prev not in DESIGNATORS:
            return f"«{surface}» here is the adjective of «{ctx.before[0]}»"
        word = None if prev in DESIGNATORS else common_reading(prefix, surface)
        if word:
            return f"«{word}» is a common word"
        return None

    def _adjective(self, key: str, ctx: Context, prefix: str) -> bool:
        """«سورية», «السعودية» right after a noun they agree with («مدينة سورية», «الحكومة
        السعودية»): the adjective Syrian / Saudi, not the country («إلى السعودية»)."""
        if prefix or key not in self.nisba_like or not ctx.before or ctx.gap_before.strip():
            return False
        noun = ctx.before[0]
        return noun not in PREPOSITIONS and (noun.startswith(ARTICLE)
                                             or not key.startswith(ARTICLE))


def common_reading(prefix: str, surface: str) -> str | None:
    """The written word read as a common word rather than clitics and a name: the letters
    taken for clitics may belong to the word («ولجأت» is و + «لجأت» 'took refuge', not
    و + ل + «جأت»), and a name that starts with a clitic letter may be that clitic and a
    grammar word («وأن» 'and that', not Van). None when the name reading stands."""
    base = zipf(surface)
    for k in range(len(prefix)):
        word = prefix[k:] + surface
        if zipf(word) > CLITIC_WORD_ZIPF and zipf(word) > base + CLITIC_WORD_MARGIN:
            return prefix + surface
    if not prefix and surface[:1] in CLITIC_LETTERS and zipf(surface[1:]) >= FUNCTION_WORD_ZIPF:
        return surface
    return None


def _title_before(ctx: Context) -> str | None:
    """A title among the three words before the name, none of them a preposition or a
    designator: «الرئيس صلاح الدين» is a person, «وصل الرئيس إلى القاهرة» and «حي الشيخ مقصود
    وحي الأشرفية» are places."""
    for word in ctx.before[:3]:
        if word in PREPOSITIONS or strip_clitic(word) in DESIGNATORS:
            return None
        if strip_clitic(word) in PERSON_TITLES:
            return word
    return None


def has_locator_before(ctx: Context, prefix: str) -> bool:
    """A direction or locator word right before the name («قرب الباب», «شمال الباب», «بالقرب
    من الباب»)."""
    before = ctx.before if not prefix else ()
    if before and before[0] == "من":
        before = before[1:]
    return bool(before) and strip_clitic(before[0]) in DIRECTIONS


def has_locator_after(ctx: Context) -> bool:
    """A direction or locator word right after the name («الباب شمال حلب», «الباب بريف حلب»)."""
    return bool(ctx.after) and strip_clitic(ctx.after[0]) in DIRECTIONS


def has_place_preposition(ctx: Context, prefix: str) -> bool:
    """A preposition of place right before the name: a word («في», «إلى», «من», «نحو») or the
    clitic «ب» («بميونخ»); not «على», «مع», «ل» («فاز على …», «تعادل مع …»)."""
    if prefix.endswith("ب"):
        return True
    return not prefix and bool(ctx.before) and strip_clitic(ctx.before[0]) in PLACE_PREPOSITIONS
