"""text → normalize → spot → judge → resolve → relate → Report. One direction, plain data."""
from __future__ import annotations

import bisect
import os
import re
from functools import lru_cache
from sys import intern
from typing import Any, Iterable, Iterator

from .text.normalize import BASIC_LETTERS, Normalized, has_arabic, normalize, normalize_name, word_set
from .places.context import (DESIGNATORS, NAME_HEADS, PLURAL_DESIGNATORS, Context,
                      clitic_forms, context_of, designator_before, strip_clitic)
from .errors import InputError
from .gazetteer.index import Gazetteer
from .places.lists import COMPOUND_HEADS, ListItem, designated_lists, ends_name, listed_unresolved
from .model import Place, Report, Unresolved
from .relations.movements import relate
from .places.nonplaces import (NonPlaceJudge, describes, has_locator_after, has_locator_before,
                        is_common_word, needs_naming_cue, news_importance)
from .places.resolution import Mention, far_from_article, resolve
from .places.spotting import MIN_KEY_LENGTH, Match, Spotter, WordFinder

MAX_CHARS = 20_000_000  # larger inputs are refused with a clear message, not a memory blow-up


@lru_cache(maxsize=4)
def _spotter(gazetteer: Gazetteer) -> Spotter:
    return Spotter(gazetteer)


def extract(text: str, *, id: str | None = None, gazetteer: Gazetteer | None = None,
            geocoder=None) -> Report:
    """The Report for one text; empty (not an error) for empty or non-Arabic text."""
    if not isinstance(text, str):
        raise InputError(f"expected text (str), got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(f"text of {len(text):,} characters is over the {MAX_CHARS:,} limit; "
                         "split it into articles")
    if not text.strip() or not has_arabic(text):
        return Report(text=text, id=id)
    gaz = gazetteer or Gazetteer.load()
    norm = normalize(text)
    mentions, unresolved = find_places(norm, gaz)
    resolve(mentions)
    far = far_from_article(mentions)
    unresolved = sorted(unresolved + [Unresolved(m.surface, m.match.start, m.match.end, why)
                                      for m, why in far], key=lambda u: u.start)
    dropped = {m.match.nstart for m, _ in far}
    mentions = [m for m in mentions if m.match.nstart not in dropped]
    places = [_place(m, norm) for m in mentions]
    report = Report(text=text, id=id, places=places, unresolved=unresolved)
    report = relate(report, norm, mentions, gaz)
    if geocoder is not None:
        report = geocoder.fill(report)
    return report



class Pipeline:
    """geomap's stages bound to one loaded gazetteer (and an optional geocoder), as spaCy's
    `nlp`: `nlp(text)` is a Report, `nlp.pipe(texts)` streams many. Make one with `load()`."""

    def __init__(self, gazetteer: Gazetteer, geocoder=None):
        self.gazetteer = gazetteer
        self.geocoder = geocoder

    def __call__(self, text: str, id: str | None = None) -> Report:
        """The Report for one text (see `extract`)."""
        return extract(text, id=id, gazetteer=self.gazetteer, geocoder=self.geocoder)

    def pipe(self, texts: Iterable[str | tuple[str, Any]], *, n_process: int = 1,
             batch_size: int = 32, errors: str = "raise") -> Iterator[Report | InputError]:
        """The Report of each text, in input order. An item is a text, or a (text, id) pair
        whose id the report keeps. n_process > 1 (-1: one per core) extracts in that many
        processes sharing the loaded gazetteer, `batch_size` texts at a time. A text that
        cannot be extracted raises its InputError, or with errors="return" is yielded in
        its place."""
        if errors not in ("raise", "return"):
            raise ValueError(f'errors must be "raise" or "return", not {errors!r}')
        if n_process == -1:
            n_process = os.cpu_count() or 1
        if not isinstance(n_process, int) or n_process < 1 or batch_size < 1:
            raise ValueError("n_process must be -1 or at least 1, batch_size at least 1")
        return self._pipe(map(_as_item, texts), n_process, batch_size, errors == "raise")

    def _pipe(self, items: Iterator[tuple[Any, Any]], n_process: int, batch_size: int,
              raise_errors: bool) -> Iterator[Report | InputError]:
        if n_process == 1:
            results: Iterator[Report | InputError] = map(self._try, items)
        else:  # the workers extract; geocoding (one cache, one rate limit) stays here
            from .workers import run_in_processes

            results = run_in_processes(Pipeline(self.gazetteer), items, n_process, batch_size)
        for r in results:
            if isinstance(r, InputError):
                if raise_errors:
                    raise r
            elif n_process > 1 and self.geocoder is not None:
                r = self.geocoder.fill(r)
            yield r

    def _try(self, item: tuple[Any, Any]) -> Report | InputError:
        try:
            return self(item[0], id=item[1])
        except InputError as exc:
            return exc


def _as_item(item: Any) -> tuple[Any, Any]:
    """(text, id) of a pipe() item: a text, or a (text, id) pair; anything else is passed on
    as the text, for extract to refuse in its place."""
    if isinstance(item, tuple) and len(item) == 2:
        return item
    return item, None


def load(gazetteer: "str | os.PathLike | Gazetteer | None" = None, geocoder=None) -> Pipeline:
    """A Pipeline on a gazetteer (a CSV path or a loaded Gazetteer; default: the packaged
    one), loaded now, so that the first text costs no more than the next."""
    if not isinstance(gazetteer, Gazetteer):
        gazetteer = Gazetteer.load(gazetteer)
    return Pipeline(gazetteer, geocoder)


def find_places(norm: Normalized, gaz: Gazetteer) -> tuple[list[Mention], list[Unresolved]]:
    """Name matches that the text uses as places, and designated names the gazetteer lacks."""
    matches = _spotter(gaz).spot(norm)
    judge = NonPlaceJudge(norm.text, _nisba_like(gaz))
    mentions = []
    for match in matches:
        m = _mention(match, norm, gaz)
        if judge.judge(match.key, match.nstart, match.nend, m.ctx, m.surface, match.prefix):
            continue
        mentions.append(m)
    covered = covered_by(matches, len(norm.text))
    designators = _DESIGNATOR_WORDS.find(norm.text)
    items = designated_lists(norm, covered, designators)
    _carry_list_cues(mentions, items)
    needs = [_needs_cue(m.match.key, m.surface, gaz) for m in mentions]
    cued = _cued_keys(mentions, needs, norm.text)
    # one sense per text: a common-word name shown to be a place once is a place throughout
    mentions = [m for m, need in zip(mentions, needs) if m.match.key in cued or not need]
    _echo_cues(mentions)
    unresolved = unresolved_names(norm, covered, items, designators)
    return _outside(mentions, unresolved), unresolved


def _outside(mentions: list[Mention], unresolved: list[Unresolved]) -> list[Mention]:
    """The mentions not inside an unresolved name: «قرية عين شمروخة» is one name the gazetteer
    lacks, and «عين» in it is none of the places called «عين»."""
    if not unresolved:
        return mentions
    starts = [u.start for u in unresolved]  # sorted, and the names do not overlap
    out = []
    for m in mentions:
        k = bisect.bisect_right(starts, m.match.start) - 1
        if k < 0 or unresolved[k].end < m.match.end:
            out.append(m)
    return out


@lru_cache(maxsize=4)
def _nisba_like(gaz: Gazetteer) -> frozenset[str]:
    """Country names spelled like a feminine adjective («سورية» Syria / Syrian, «السعودية»)."""
    return frozenset(k for k in gaz.keys() if k.endswith("يه") and " " not in k
                     and any(e.kind == "country" for e in gaz.candidates(k)))


_NO_KINDS: frozenset[str] = frozenset()


def _mention(match: Match, norm: Normalized, gaz: Gazetteer) -> Mention:
    """The mention of a match, with its context; surfaces interned (a long text repeats them)."""
    ctx = context_of(norm.words, match.nstart, match.nend, match.prefix)
    nisba, country = _country_adjective(ctx, gaz)
    if nisba and ctx.before and ctx.before[0] == nisba:  # «العاصمة الأردنية عمان»
        designator = designator_before(ctx._replace(before=ctx.before[1:]), match.prefix)
    else:
        designator = designator_before(ctx, match.prefix)
    return Mention(match=match, surface=intern(norm.original[match.start:match.end]), ctx=ctx,
                   candidates=gaz.candidates(match.key), designator=designator,
                   cue_kinds=DESIGNATORS.get(designator, _NO_KINDS) if designator else _NO_KINDS,
                   nisba=nisba, country_cue=country)


def _country_adjective(ctx: Context, gaz: Gazetteer) -> tuple[str, str]:
    """(adjective, ISO code) of a country nisba on the name: right after it («طرابلس
    اللبنانية») or between a designator and it («العاصمة الأردنية عمان»); ("", "") for none."""
    words = ctx.after[:1] + (ctx.before[:1] if len(ctx.before) > 1 and
                             strip_clitic(ctx.before[1]).removeprefix("ال") in DESIGNATORS else ())
    for word in words:
        if word.startswith("ال"):
            country = gaz.nisba(word)
            if country is not None:
                return word, country.country
    return "", ""



def _coordinated(prev: Mention, m: Mention, text: str) -> bool:
    """True when `m` follows `prev` in a list: «كفريا والفوعة», «عدن وأبين ولحج»."""
    gap = text[prev.match.nend:m.match.nstart - len(m.match.prefix)]
    return m.match.prefix in ("و", "") and gap.strip(" ،,") == "" and (
        m.match.prefix == "و" or "،" in gap or "," in gap)


def _carry_list_cues(mentions: list[Mention], items: list[ListItem]) -> None:
    """A plural designator («بلدتي», «محافظات») gives its kind to every name of its list."""
    if not items:
        return
    designators = {item.nstart: item.designator for item in items}
    for m in mentions:
        designator = designators.get(m.match.nstart)
        if designator and not m.designator:
            m.designator, m.cue_kinds = designator, DESIGNATORS[designator]


# Designators of the area around a place rather than of the place itself.
_AREA_DESIGNATORS = word_set("ريف ريفي منطقة منطقتي")
ECHO_WINDOW = 2000  # characters: about one news article, so one text's cue does not rule the next


def _echo_cues(mentions: list[Mention]) -> None:
    """A bare name takes the kind that the designators on the same name nearby agree on
    («محافظات عدن وأبين … معظمهم في عدن»): writers designate a place once and then drop the
    designator. Where they disagree («مدينة عفرين» … «منطقة عفرين») the name has two senses
    in the text, and a bare mention is left to the other evidence. «منطقة البوكمال» and
    «ريف دمشق» name the area around a place, not what the place is: they are not echoed."""
    cued: dict[str, tuple[list[int], list[Mention]]] = {}
    for m in mentions:  # in text order, so each name's positions are sorted
        if m.cue_kinds and m.designator and m.designator not in _AREA_DESIGNATORS:
            at, same = cued.setdefault(m.match.key, ([], []))
            at.append(m.match.nstart)
            same.append(m)
    if not cued:
        return
    for m in mentions:
        if m.cue_kinds or m.match.key not in cued:
            continue
        positions, same = cued[m.match.key]
        at = m.match.nstart
        near = same[bisect.bisect_right(positions, at - ECHO_WINDOW):
                    bisect.bisect_left(positions, at + ECHO_WINDOW)]
        if not near:
            continue
        kinds = frozenset.intersection(*(c.cue_kinds for c in near))
        if kinds:
            source = min(near, key=lambda c: (c.match.nstart > at, abs(c.match.nstart - at)))
            m.cue_kinds, m.echo = kinds, intern(f"«{source.designator}» before «{source.surface}»")


# What cue a name needs before it counts as a place (_needs_cue).
NO_CUE, ANY_CUE, NAMING_CUE = 0, 1, 2


@lru_cache(maxsize=100_000)
def _needs_cue(key: str, surface: str, gaz: Gazetteer) -> int:
    """Names that are common words (الباب، السلام، النصر) are places only with a cue: any cue
    (ANY_CUE), or for the most frequent words a designator or a list (NAMING_CUE): «شرق البلاد»
    is 'the east of the country'. A name that carries its own designator («نهر الفرات», «قطاع
    غزة») is cued already. (Cached: a pure function of the written name.)"""
    words = key.split(" ")
    if len(words) > 1 and words[0] in NAME_HEADS:
        return NO_CUE
    if len(key) < MIN_KEY_LENGTH:
        return NAMING_CUE  # «إب»: two letters are too often a word or a fragment
    if key.startswith("ال") and not normalize_name(surface).startswith("ال"):
        surface = "ا" + surface  # «للحكومة» holds «لحكومة»: the word written is «الحكومة»
    importance = max((news_importance(e.importance, e.country, e.kind) for e in gaz.candidates(key)),
                     default=0.0)
    if not is_common_word(surface, importance):
        return NO_CUE
    return NAMING_CUE if needs_naming_cue(surface, importance) else ANY_CUE


def _cued_keys(mentions: list[Mention], needs: list[bool], text: str) -> set[str]:
    """Keys of the names that need a cue (`needs[k]` for mentions[k]) and have one: a
    designator or locator of their own, or a place in their list («هيت وحديثة والقائم»: a list
    names things of one kind, so one sure place makes all of them places)."""
    cued: set[str] = set()
    if not any(needs):
        return cued  # most texts: no list to read
    for run in _lists(mentions, text):
        if any(not needs[k] or _own_cue(mentions[k], needs[k]) for k in run):
            cued.update(mentions[k].match.key for k in run if needs[k])
    return cued


def _lists(mentions: list[Mention], text: str) -> list[list[int]]:
    """Indexes of the mentions in runs of coordinated names (a lone name is a run of one)."""
    runs: list[list[int]] = []
    for k, m in enumerate(mentions):
        if runs and _coordinated(mentions[k - 1], m, text):
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _own_cue(m: Mention, need: int) -> bool:
    """A designator before the name, or (where a name needs no more) a locator around it
    («مدينة الباب», «قرب الباب», «الباب شمال حلب»)."""
    return bool(m.designator) or need == ANY_CUE and (
        has_locator_before(m.ctx, m.match.prefix) or has_locator_after(m.ctx))


FACILITY_KINDS = frozenset({"crossing", "base", "airport", "road", "river", "camp"})


def _facility_span(m: Mention, norm: Normalized) -> tuple[int, int]:
    """«معبر الراموسة», «قاعدة حميميم», «نهر الفرات»: a facility's designator belongs to its
    name (the span rule), so the span starts at the designator."""
    if not m.designator or m.chosen.kind not in FACILITY_KINDS or m.chosen.kind not in m.cue_kinds:
        return m.match.start, m.match.end
    word = m.ctx.before[0]
    wstart = norm.text.rfind(word, 0, m.match.nstart)
    if wstart < 0 or norm.text[wstart + len(word):m.match.nstart].strip():
        return m.match.start, m.match.end
    start, _ = norm.span(wstart + len(word) - len(m.designator), m.match.nend)
    return start, m.match.end


def _place(m: Mention, norm: Normalized) -> Place:
    e = m.chosen
    start, end = _facility_span(m, norm)
    return Place(surface=norm.original[start:end], start=start, end=end, id=e.id,
                 name_ar=e.name_ar, name_en=e.name_en, kind=e.kind, lat=e.lat, lon=e.lon,
                 confidence=m.confidence, country=e.country, admin1=e.admin1, source=e.source,
                 reason=m.reason)


_NAME_WORD = re.compile(r"[«\"“]?([\u0621-\u064a]{2,}(?: [\u0621-\u064a]{2,})?)")
_SINGLE_DESIGNATORS = frozenset(DESIGNATORS) - PLURAL_DESIGNATORS
# A preposition with a pronoun that points back to an indefinite noun: the words before it
# are a clause describing the noun («منطقة متنازع عليها», «منطقة يسيطر عليها»), no name.
_RESUMPTIVE = word_set("عليها عليه فيها فيه بها به منها منه إليها إليه لها له عنها عنه")
# Designator words are whole words as the text's word index (Words) reads them: digits are word
# characters there, so «3قرى» is one word and no designator (else a list reader looks it up
# among the indexed words and finds none).
_DESIGNATOR_WORDS = WordFinder(clitic_forms(_SINGLE_DESIGNATORS | PLURAL_DESIGNATORS),
                               BASIC_LETTERS | frozenset("0123456789"))


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
