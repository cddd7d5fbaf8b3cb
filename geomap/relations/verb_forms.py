"""Every written form of a movement verb from its principal parts, by Arabic morphology.

A verb is entered once in lexicon/movement_triggers.csv: its perfect and imperfect (3rd person
masculine singular), verbal noun(s) and participles. From them this module writes the forms
news text uses, in the normalized script (no diacritics; أ إ آ → ا, ى → ي, ة → ه):

- perfect: the 3rd-person endings on the perfect stem: «خرج» «خرجت» «خرجوا» «خرجا» «خرجتا»
  «خرجن»; a stem ending in alef maqsura drops it before a consonant ending («أجلى» → «أجلت»,
  «أجلوا»); a final hamza takes its seat on waw or ya before «وا» («لجؤوا», «لجئوا»).
- imperfect: the prefixes ي / ت on the imperfect stem with the endings of the indicative and
  subjunctive, singular, dual and plural: «يخرج» «تخرج» «يخرجون» «يخرجوا» «يخرجان» «يخرجن»; a
  stem ending in ya drops it before «ون» / «وا» («يجلي» → «يجلون»). The future س and the
  clitics are read in text (triggers.py), so «سيخرجون» and «وسيخرجون» need no form here.
- verbal noun: bare, with the article, with tanwin alef («نزوحاً»), and with pronoun suffixes,
  ta marbuta written open before them («مغادرة» → «مغادرتهم»).
- participles: singular, feminine, dual, sound plurals, construct plurals and the article
  («نازح» → «النازحين», «نازحي», «نازحو», «النازحة»).
- a noun row (a convoy, buses): each noun with the article and possessive suffixes.

Forms listed under `exclude` are left out: a generated form that is another word in news text.
"""
from __future__ import annotations

from typing import Iterable, NamedTuple

from ..text.normalize import ARTICLE, normalize_name

_PERFECT_ENDINGS = ("", "ت", "وا", "ا", "تا", "ن")
_IMPERFECT_PREFIXES = ("ي", "ت")
_IMPERFECT_ENDINGS = ("", "ون", "وا", "ان", "ن")
_PRONOUNS = ("ه", "ها", "هم", "هما", "هن")  # his/its, her/its, their (m, dual, f)
_PARTICIPLE_ENDINGS = ("", "ه", "ين", "ون", "ي", "و", "ان", "ات", "ا", "تان", "تين")
_HAMZA = "ا"  # a final hamza on alef folds to alef: «لجأ» → «لجا»
_MAQSURA = "ي"  # alef maqsura folds to ya: «أجلى» → «اجلي»
_TA_MARBUTA = "ة"  # written open (ت) before a suffix: «عودة» → «عودتهم»


class Entry(NamedTuple):
    """One row of movement_triggers.csv: a verb (or noun) and its principal parts."""

    entry: str
    kind: str
    pattern: str  # verb | noun | participle
    imperfect: str = ""
    nouns: str = ""
    participles: str = ""
    exclude: str = ""


def perfect_forms(stem: str) -> set[str]:
    """The 3rd-person perfect forms of a normalized 3ms perfect."""
    if stem.endswith(_MAQSURA) and len(stem) > 2:  # «اجلي» (أجلى), «اوي» (آوى)
        base = stem[:-1]
        return {stem, base + "ت", base + "وا", stem + "ا", base + "تا"}
    hollow = len(stem) == 3 and stem[1] == "ا"  # «عاد»: its 3fp is «عُدن», not «عادن»
    out = {_join(stem, e) for e in _PERFECT_ENDINGS if not (hollow and e == "ن")}
    if stem.endswith(_HAMZA):  # «لجا» (لجأ): «لجؤوا», «لجئوا»
        out |= {stem[:-1] + "ؤوا", stem[:-1] + "ئوا"}
    return out


def _join(stem: str, ending: str) -> str:
    """A stem and an ending, a hamza's alef and an ending's alef written once («لجآ»)."""
    return stem + ending[1:] if stem.endswith(_HAMZA) and ending.startswith(_HAMZA) \
        else stem + ending


def imperfect_forms(imperfect: str) -> set[str]:
    """The 3rd-person imperfect forms (indicative and subjunctive) of a normalized 3ms
    imperfect: «يخرج» → «تخرج», «يخرجون», «يخرجوا», «يخرجان»…"""
    body = imperfect[1:]
    out = set()
    for p in _IMPERFECT_PREFIXES:
        if body.endswith(_MAQSURA):  # «يجلي» → «يجلون», «يجلوا», «يجليان»
            out |= {p + body, p + body[:-1] + "ون", p + body[:-1] + "وا", p + body + "ان"}
            continue
        out |= {_join(p + body, e) for e in _IMPERFECT_ENDINGS}
        if body.endswith(_HAMZA):  # «يلجا» (يلجأ): «يلجؤون», «يلجئون»
            out |= {p + body[:-1] + s for s in ("ؤون", "ئون", "ؤوا", "ئوا")}
    return out


def noun_forms(written: str, normalized: bool = False) -> set[str]:
    """A noun (verbal noun, convoy, buses) as written in the table, bare, with the article,
    tanwin alef and pronoun suffixes; a ta marbuta is written open (ت) before a suffix. A
    `normalized` noun (the table's first column, folded at load) ending in ه had a ta marbuta."""
    noun = normalize_name(written)
    out = {noun, ARTICLE + noun}
    ta_marbuta = written.endswith(_TA_MARBUTA) or normalized and noun.endswith("ه")
    open_ = noun[:-1] + "ت" if ta_marbuta else noun
    out |= {open_ + p for p in _PRONOUNS}
    if not ta_marbuta and not noun.endswith("ات"):
        out.add(_join(noun, "ا"))  # «نزوحاً»
    return out


def participle_forms(participle: str) -> set[str]:
    """A participle in gender, number and case, bare and with the article: «نازح» →
    «النازحين», «نازحي», «نازحو», «نازحة», «نازحات»…"""
    out = set()
    for e in _PARTICIPLE_ENDINGS:
        form = participle + e
        out.add(form)
        if e not in ("ي", "و", "ا"):  # no article on a construct plural («نازحي حمص»)
            # nor on tanwin («نازحاً»)
            out.add(ARTICLE + form)
    return out


def entry_forms(entry: Entry) -> tuple[set[str], set[str]]:
    """(forms, participle forms) of one row, normalized, without its excluded forms; a form
    that is both is no participle."""
    norm = lambda words: [normalize_name(w) for w in words.split()]  # noqa: E731
    forms: set[str] = set()
    head = normalize_name(entry.entry)
    if entry.pattern == "verb":
        forms |= perfect_forms(head)
        for imp in norm(entry.imperfect):
            forms |= imperfect_forms(imp)
    elif entry.pattern == "noun":
        forms |= noun_forms(entry.entry, normalized=True)
    participles: set[str] = set()
    for noun in entry.nouns.split():
        forms |= noun_forms(noun)
    for part in norm(entry.participles) + ([head] if entry.pattern == "participle" else []):
        participles |= participle_forms(part)
    excluded = set(norm(entry.exclude))
    # «مغادرة» is the verbal noun and the feminine participle: a journey word, not the people
    return forms - excluded, participles - excluded - forms


def trigger_table(rows: Iterable[tuple[str, ...]]) -> tuple[dict[str, str], frozenset[str]]:
    """({form: kind}, participle forms) of the rows of movement_triggers.csv, in file order
    (a form two rows write keeps the first row's kind)."""
    table: dict[str, str] = {}
    people: set[str] = set()
    for row in rows:
        entry = Entry(*row[:7])
        forms, participles = entry_forms(entry)
        for form in sorted(forms | participles):
            table.setdefault(form, entry.kind)
        people |= participles
    return table, frozenset(people)
