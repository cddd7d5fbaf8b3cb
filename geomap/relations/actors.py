"""Actors: the phrase that names who moved («إخراج المسلحين», «سيارات الهلال الأحمر دخلت»)
and the type of actor it names (armed, civilians, wounded, aid)."""
from __future__ import annotations

from functools import lru_cache

from .. import lexicon
from ..places.context import DESIGNATORS, ORG_HEADS, strip_clitic
from ..text.normalize import ARTICLE, CLITIC_LETTERS, Normalized
from .clauses import GOVERNING, STOP_WORDS, Scopes, subject_clause
from .endpoints import Items
from .triggers import DISTRIBUTION_ROLES, ORIGIN_WORDS, ROLE_FORMS, quantity_follows

# tried in this order: first match wins
ACTOR_KINDS = ("no mover", "aid", "wounded", "armed", "civilians")
# (actor type, the stems of its words), in ACTOR_KINDS order
ACTOR_TYPES = [(kind, tuple(sorted(lexicon.words("actors", kind)))) for kind in ACTOR_KINDS]
PEOPLE_TYPES = frozenset({"civilians", "armed", "wounded"})
NO_MOVER = "no mover"
# «قسم من», «دفعة من»: a part of the group named after «من», which is no origin word there
PARTITIVES = lexicon.words("clause_words", "partitive")
RELATIVES = lexicon.words("clause_words", "relative")
TIME_WORDS = lexicon.words("clause_words", "time")
_ACTOR_ENDS = lexicon.words("clause_words", "actor end")  # «في», «إلى» (before a number too)
_SUBJECT_EDGES = lexicon.words("clause_words", "subject edge")  # «أن», «حيث», «الذي»…
_ANTECEDENT_LINKS = lexicon.words("clause_words", "antecedent link")  # «أو», «و»
_CLITICS = "".join(sorted(CLITIC_LETTERS))  # stripped from the words of a phrase («والمسلحين»)
MAX_ACTOR_WORDS = 4  # the words after a trigger an actor phrase takes at most
Actor = tuple[str | None, str]  # (the phrase as written, or None; the phrase normalized)


class ActorReader:
    """The actor phrase of each trigger of one text."""

    def __init__(self, norm: Normalized, scopes: Scopes, items: Items):
        self.norm, self.text, self.words = norm, norm.text, norm.words
        self.scopes, self.items = scopes, items

    def actor(self, tstart: int, tend: int, kind: str) -> Actor:
        """The phrase the trigger governs («إخراج المسلحين»), up to a role word or a place."""
        scope_end = self.scopes.scope_end(tend)
        following = self.items.starting_in(tend, scope_end)
        end = following[0].nstart if following else scope_end
        if self.text[tstart:tend].endswith("هم"):
            return self._antecedent(tstart)
        if kind == "vehicle":
            s, e = self.norm.span(tstart, tend)
            return self.norm.original[s:e], self.text[tstart:tend]
        words = self._governed(tend, end, kind)
        if not words:
            return self._subject_before(tstart)
        s, e = self.norm.span(words[0][0], words[-1][1])
        return self.norm.original[s:e], self.text[words[0][0]:words[-1][1]]

    def _governed(self, tend: int, end: int, kind: str = "") -> list[tuple[int, int, str]]:
        """The words after the trigger that name who moved: up to four, to a comma, a role,
        stop or time word («على» after a spreading verb), without the designator of a place
        that follows."""
        words, prev, dated, limit = [], tend, False, MAX_ACTOR_WORDS
        for w in self.words.spans(tend, end):
            gap, prev = self.text[prev:w[0]], w[1]
            if ("،" in gap or "," in gap) and not (dated and not words):
                break  # «ما زالوا ينزحون، بيّنت …»: the phrase the verb governs ends at a comma
            if not words and w[2] in TIME_WORDS and self.text[tend - 2:tend] != "وا":
                dated = True  # «غادر اليوم الأربعاء، نحو 300 مقاتل»: the subject after the date
                continue
            if w[2] in ORIGIN_WORDS and len(words) == 1 and words[0][2] in PARTITIVES:
                words.append(w)  # «إخراج دفعة من أهالي …»: the batch is of the people
                continue
            if w[2] in ORIGIN_WORDS and words and self._names_group(w[1]):
                words.append(w)  # «1000 مسلح من تنظيم فيلق الرحمن»: the force they are of
                limit = MAX_ACTOR_WORDS + 3
                continue
            if (w[2] in ROLE_FORMS and not quantity_follows(self.text, w[1])) \
                    or kind == "distribution" and w[2] in DISTRIBUTION_ROLES \
                    or w[2] in STOP_WORDS or w[2] in _ACTOR_ENDS or len(words) == limit:
                break
            if w[2] in TIME_WORDS:
                break  # «خرجوا أمس الجمعة»: the subject stands before the verb
            words.append(w)
        while words and words[-1][2] in DESIGNATORS:
            words.pop()  # «تدخل ناحية الزوية»: the designator of the place entered
        return words

    def _names_group(self, pos: int) -> bool:
        """The word after `pos` heads an organisation's name («تنظيم», «فيلق», «جيش»)."""
        nxt = self.words.spans(pos, pos + 30)[:1]
        return bool(nxt) and strip_clitic(nxt[0][2]) in ORG_HEADS

    def _subject_before(self, tstart: int) -> Actor:
        """«سيارات الهلال الأحمر السوري دخلت …»: the words before a verb, back to a clause edge."""
        cs = max(self.scopes.clause(tstart)[0], tstart - 50)
        comma = max(self.text.rfind("،", cs, tstart), self.text.rfind(",", cs, tstart))
        cs = max(cs, comma + 1)  # «…، ودعاهم إلى التوجه»: the subject is not across a comma
        words = []
        relative = subject_clause(self.words, cs, tstart)
        if relative is not None:
            tstart = relative  # «سكان مدينة X الذين فروا … قد وصلوا»: the noun before it
        before = self.words.spans(max(cs, tstart - 50), tstart)
        if before and before[-1][1] == tstart:  # the trigger's own prefix, cut off at tstart
            if before[-1][2][:1] in ("و", "ف"):
                return None, ""  # «… والانتقال»: coordinated, its subject is the verb before's
            before.pop()  # «س» of «ستخرج», «ب» of «يرغبون بمغادرة»
        if before and before[-1][2] in GOVERNING:  # the noun has no subject
            return None, ""  # «ودعاهم إلى التوجه»: the verbal noun after a preposition
        for w in reversed(before):
            if w[2] in _SUBJECT_EDGES or len(words) == 4:
                break
            words.append(w)
            if len(words) > 1 and words[-2][2] in RELATIVES:
                break  # «والمدنيين الذين يرغبون بمغادرة»: the noun the relative clause is on
        words = [w for w in reversed(words) if not w[2].isdigit()]
        if not words:
            return None, ""
        start = words[0][0] + (1 if words[0][2][:1] == "و" and words[1:2] and
                               words[1][2] in RELATIVES else 0)
        s, e = self.norm.span(start, words[-1][1])
        return self.norm.original[s:e], self.text[start:words[-1][1]]

    def _antecedent(self, tstart: int) -> Actor:
        """«إبقاء الأهالي أو انتقالهم» → «الأهالي»: the noun before the conjunction."""
        before = self.words.spans(max(0, tstart - 40), tstart)
        if len(before) >= 2 and before[-1][2] in _ANTECEDENT_LINKS:
            start, end, word = before[-2]
            s, e = self.norm.span(start, end)
            return self.norm.original[s:e], word
        return None, ""


@lru_cache(maxsize=50_000)
def actor_type(phrase: str) -> str:
    """armed | civilians | wounded | aid | no mover | unknown, from the words of the actor
    phrase (each word as written, without its clitics, and without its article: a stem
    written without the article matches «العائلات», one written with it only itself)."""
    words = phrase.split()
    forms = [(w, w.lstrip(_CLITICS)) for w in words]
    forms = [f for w, b in forms for f in (w, b, b.removeprefix(ARTICLE))]
    for kind, stems in ACTOR_TYPES:  # startswith(a tuple): a stem any form begins with
        if any(f.startswith(stems) for f in forms):
            return kind
    return "unknown"
