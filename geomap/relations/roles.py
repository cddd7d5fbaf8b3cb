"""Roles: which endpoints a trigger governs, and whether each is its origin, a via or its
destination, read from the words before each endpoint."""
from __future__ import annotations

import re
from dataclasses import replace

from .. import lexicon
from ..places.context import DESIGNATORS
from ..text.words import Words
from .clauses import STOP_WORDS, Scopes, subject_clause
from .endpoints import Item, Items
from .triggers import (DISTRIBUTION_ROLES, LEAVING_FORMS, ORIGIN_WORDS, QUANTITY_WORDS,
                       ROLE_OR_TRIGGER_WORD,
                       ROLE_WORDS, TRIGGERS, Trigger, forms, strip_prefix)

Roles = dict[str, list[Item]]  # "origin" | "via" | "destination" → the items with that role

VISIT_WORDS = lexicon.words("clause_words", "visit")
PROXIMITY = lexicon.words("clause_words", "proximity")  # «القريبة من الحدود»: no origin
ADDITIVE = lexicon.words("clause_words", "additive")  # «بالإضافة إلى حمورية»: one more of a list
THEN = lexicon.words("clause_words", "then", "thence")  # «ومن ثم إلى», «ومنها إلى»: stops before
THROUGH = lexicon.words("clause_words", "through")  # «من خلال»: the way taken
AT_PASSAGE = lexicon.words("clause_words", "at passage")  # «عند معبر …»
_PASSING_KINDS = ("crossing", "road")  # a journey passes these
_ADDITIVE_FORMS, _THEN_FORMS, _PROXIMITY_FORMS = forms(ADDITIVE), forms(THEN), forms(PROXIMITY)
_AIM_FORMS = forms(lexicon.words("clause_words", "aim"))  # «يهدف إلى», «أدى إلى»
# The people of a place: «من سكان سنجة» says where they come from, as «من سنجة» does.
_HOME_WORDS = lexicon.words("clause_words", "inhabitants")
_WITNESS = lexicon.words("clause_words", "witness")  # «شهدت المدينة نزوحاً»: left from
_LEAVING_KINDS = ("exit", "displacement")
_REGION_NOUNS = frozenset({"مناطق", "منطقة"})  # «تشهد مناطق شمال البلاد»
_VISIT_FORMS = forms(VISIT_WORDS)
_HOMEWARD_KINDS = ("return", "host")  # «عاد سكان الفلوجة إلى …»: home is where they go
# the verbs of another subject than the movers: «تمنع», «أمرت», «حاولت»
_STATUS_VERBS = forms(lexicon.words("movement_status", "blocked", "ordered", "attempted",
                                    "denied"))
# «يسكنون في مخيمات بمناطق تل رفعت»: where the movers live now is where they went
_RESIDENCE = forms(lexicon.words("clause_words", "residence"))
_AT = "في"
VIA_WORD = next(w for w, r in ROLE_WORDS.items() if r == "via")  # the word «عبر» stands for
_PREPOSITIONS = frozenset({"في", "على", "عن", "مع", "داخل", "خلال", "لدى", "عند"})
_LIST_GAP = re.compile(r"\s*[،,]?\s*")  # between two places of a list
# «من حي الوعر، الواقع غرب مدينة حمص، إلى …»: a relative or descriptive clause between commas
# says where or what a place is; its places are no ends and its words no role words
_ASIDE = re.compile(r"[،,]\s*و?(?:%s)(?![\u0621-\u064a])[^،,.\n]*[،,]" % "|".join(
    sorted(lexicon.words("clause_words", "aside"), key=len, reverse=True)))
MAX_SUBJECT_WORDS = 6  # «غادرت قافلة تقل مئات المدنيين مدينة ود مدني»
MAX_GAP_WORDS = 8
ROLE_REACH = 6  # a role word governs a place at most this many words after it


class RoleReader:
    """The endpoints each trigger of one text governs, with their roles."""

    def __init__(self, text: str, words: Words, scopes: Scopes, items: Items):
        self.text, self.words, self.scopes, self.items = text, words, scopes, items

    def roles(self, trig: Trigger) -> Roles:
        """The items a trigger governs: after it, then (if still needed) before it."""
        roles = self._roles_after(trig.nstart, trig.nend, trig.kind)
        self._look_back(trig.nstart, trig.kind, roles)
        if trig.kind == "return":
            _displaced_return(self.words, roles)
        return roles

    def _roles_after(self, tstart: int, tend: int, kind: str) -> Roles:
        """The items after a trigger, each with the role its preceding words give it."""
        roles: Roles = {"origin": [], "via": [], "destination": []}
        end, pos, last_role = self.scopes.scope_end(tend), tend, None
        asides = [m.span() for m in _ASIDE.finditer(self.text, tend, end)] \
            if _commas(self.text, tend, end) >= 2 else []  # an aside is between two commas
        leaving = self.text[tstart:tend] in LEAVING_FORMS
        for it in self.items.starting_in(tend, end):
            if any(s < it.nstart < e for s, e in asides):
                continue  # a place that locates another («الواقع غرب مدينة حمص»)
            gap, words = self._gap(pos, it.nstart - len(it.prefix), asides)
            words = _through(words)
            if not STOP_WORDS.isdisjoint(words):
                if kind == "arrival" and _visit_after_stop(words) and not roles["origin"]:
                    roles["origin"].append(it)  # «يصل الرياض بعد زيارة إلى القاهرة»
                break
            role = _gap_role(words, it.prefix, kind)
            if words[-1:] and words[-1] in AT_PASSAGE and it.endpoint.kind in _PASSING_KINDS \
                    and (roles["origin"] or roles["destination"]):
                role = "via"  # «من لبنان إلى سوريا عند معبر جديدة يابوس»
            if role == "list" or role is None and last_role and _LIST_GAP.fullmatch(gap) and (
                    it.prefix == "و" or "،" in gap or "," in gap or it.nstart < pos):
                role = last_role  # a list carries its role: «من كفريا والفوعة», and so do the
                # towns of one «البلدتين المحاصرتين»; a place right after another with no «و»
                # or comma locates it («الرقة شمال سوريا»)
            if role == "destination" and roles["destination"] and \
                    not _THEN_FORMS.isdisjoint(words):
                roles["via"] += roles["destination"]  # «إلى الراشدين ومن ثم إلى ريف إدلب»
                roles["destination"] = []
            if role is None and pos == tend and "،" not in gap and "," not in gap and \
                    not it.prefix.endswith("ب"):  # «تهجير بالغوطة»: where, not from where
                role = _object_role(kind, words, leaving)
            if role is None and len(words) > MAX_GAP_WORDS:
                break
            if role:
                roles.setdefault(role, []).append(it)
            last_role, pos = role, it.nend
        home = roles.pop("object", [])  # «دخول مكافحة ارهاب السليمانية لكركوك»
        roles["origin" if roles["destination"] else "destination"][:0] = home
        return roles

    def _from_word(self, it: Item) -> bool:
        """«من X» right before the place (else it is named in the actor: «سكان مدينة X»)."""
        before = [w for w in self.words.between(max(0, it.nstart - len(it.prefix) - 20),
                                                it.nstart - len(it.prefix))[-2:]
                  if w not in DESIGNATORS]
        return bool(before) and before[-1] in ORIGIN_WORDS

    def _gap(self, start: int, end: int, asides: list[tuple[int, int]]) -> tuple[str, list[str]]:
        """The text and words between two places, without the asides in it."""
        cuts = [(s, e) for s, e in asides if start <= s and e <= end] if asides else None
        if not cuts:
            return self.text[start:end], self.words.between(start, end)
        bounds = [start] + [x for s, e in cuts for x in (s, e)] + [end]
        pieces = list(zip(bounds[::2], bounds[1::2]))
        return " ".join(self.text[a:b] for a, b in pieces), \
            [w for a, b in pieces for w in self.words.between(a, b)]

    def _witnessed(self, it: Item, cs: int) -> bool:
        """The place is the subject of a witness verb («شهد شمال قطاع غزة نزوحاً», «تشهد
        مناطق شمال البلاد موجة نزوح»): where the leaving happened."""
        before = [w for w in self.words.between(max(cs, it.nstart - len(it.prefix) - 30),
                                                it.nstart - len(it.prefix))
                  if w not in DESIGNATORS][-2:]
        return bool(before) and (before[-1] in _WITNESS or len(before) > 1 and
                                 before[-2] in _WITNESS and before[-1] in _REGION_NOUNS)

    def _look_back(self, tstart: int, kind: str, roles: Roles) -> None:
        """Places before the trigger in its clause: «قوة من بغداد تدخل» (origin), hosts
        (destination)."""
        if kind != "host" and roles["origin"]:
            return  # nothing left to find
        cs = self.scopes.clause(tstart)[0]
        if not self.items.starting_in(cs, tstart):
            return  # no place before the trigger in its clause: nothing to look back to
        subject_end = self._before_relative(cs, tstart)
        reach = self.scopes.near_before(subject_end)
        for it in self.items.ending_before(cs, subject_end, reach):
            gap_words = self.words.between(it.nend, subject_end)
            if not _STATUS_VERBS.isdisjoint(gap_words):
                break  # «فصائل من مصراتة تمنع عودة …»: the place is the blocker's
            if kind == "host" and len(gap_words) <= 3 and not roles["destination"]:
                roles["destination"] = [i for i in self.items.starting_in(max(cs, it.nstart - 20),
                                                                          tstart)
                                        if i.nend <= tstart] or [it]
            elif not roles["origin"] and len(gap_words) <= 4 and (_from_before(
                    self.words.between(max(cs, it.nstart - 30), it.nstart - len(it.prefix)),
                    kind not in _HOMEWARD_KINDS) or kind in _LEAVING_KINDS
                    and self._witnessed(it, cs)):
                roles["origin"].append(it if self._from_word(it) else replace(
                    it, endpoint=replace(it.endpoint, found_by="actor")))


    def _before_relative(self, cs: int, tstart: int) -> int:
        """Where the subject ends when a relative clause without a place stands between it
        and the verb («آلاف من سكان مدينة X الذين فروا من القصف قد وصلوا إلى Y»): at the
        relative pronoun (else at the trigger)."""
        at = subject_clause(self.words, cs, tstart)
        return tstart if at is None or self.items.starting_in(at, tstart) else at


def _commas(text: str, start: int, end: int) -> int:
    """How many commas (Arabic or Latin) text[start:end] has."""
    return text.count("،", start, end) + text.count(",", start, end)


def _through(words: list[str]) -> list[str]:
    """«من خلال» read as the via word it means (not «من» and a time word)."""
    if THROUGH.isdisjoint(words):
        return words  # as most gaps: no «خلال»
    k = next((k for k in range(1, len(words)) if words[k] in THROUGH
              and words[k - 1] in ORIGIN_WORDS), None)
    return words if k is None else words[:k - 1] + [VIA_WORD] + words[k + 1:]


def _object_role(kind: str, words: list[str], leaving: bool = False) -> str | None:
    """A place right after the trigger: the place entered («تدخل ناحية الزوية», «دخلت قوات
    النظام حلب»), the place left after the subject («غادرت قافلة تقل مئات المدنيين مدينة
    ود مدني»), else the actor's home («نازحي الحديدة», «مكافحة ارهاب السليمانية لكركوك»)."""
    subject = words[:-1] if words and words[-1] in DESIGNATORS else words
    if leaving and len(subject) <= MAX_SUBJECT_WORDS:
        return "origin"  # «غادروا مع عائلتهم مدينة التل»
    if subject[:1] and subject[0] in _PREPOSITIONS:
        return None  # «النزوح في مخيمات إقليم كردستان»: where, not from where
    if kind in ("arrival", "host") and not subject:
        return "destination"
    if len(subject) <= 3 and kind == "arrival":
        return "object"  # the place entered after its subject, or the subject's home
    if len(words) <= 3 and kind not in ("host", "return"):
        return "origin"
    return None


def _gap_role(words: list[str], item_prefix: str, kind: str) -> str | None:
    """The role the last role word in reach gives («… باتجاه مناطق سيطرة … في» → to)."""
    role, reach = None, words[-ROLE_REACH:]
    if _GAP_ROLE_WORDS.isdisjoint(reach):
        reach = []  # no word the loop reads: no role from it
    for k, w in enumerate(reach):
        if kind == "distribution" and w in DISTRIBUTION_ROLES:
            role = "destination"
            continue
        before = reach[k - 1] if k else ""
        if w == _AT and before in _RESIDENCE:
            role = "destination"  # «يسكنون في …»
            continue
        if w == _AT and kind == "cross":
            role = "via"  # «مرور رتل عسكري في قضاء بيجي», «عبور الحافلات في …»
            continue
        word = ROLE_OR_TRIGGER_WORD.get(w)
        if word is None:
            continue
        if before in _ADDITIVE_FORMS:
            role = "list"  # «بالإضافة إلى»
        elif word in ORIGIN_WORDS and (before in PROXIMITY or before in _PROXIMITY_FORMS):
            role = None  # «القريبة من الحدود»: where it is, not where it came from
        elif ROLE_WORDS.get(word) == "destination" and before in _AIM_FORMS:
            role = None  # «هجوم يهدف إلى السيطرة على المدينة»: an aim, not a place reached
        elif word in ROLE_WORDS and before not in QUANTITY_WORDS and not (
                word in ORIGIN_WORDS and before.isdigit()):
            role = ROLE_WORDS[word]
        elif TRIGGERS.get(word) == "cross":
            role = "via"
    if role is None and item_prefix.endswith("ل") and not words:
        role = "destination"  # «انتقالهم للأحياء الغربية»
    return role


# Every word that gives _gap_role a role: the rest of a gap is skipped over
_GAP_ROLE_WORDS = frozenset(ROLE_OR_TRIGGER_WORD) | DISTRIBUTION_ROLES | {_AT}


def _from_before(words: list[str], homes: bool = True) -> bool:
    """Whether the words before a place make it an origin: «… من X», «… من سكان مدينة X»,
    and (`homes`: for a journey away, not a return) «أمر الجيش سكان مدينة رفح بالإخلاء»."""
    while words and words[-1] in DESIGNATORS:
        words = words[:-1]
    if words and words[-1] in ORIGIN_WORDS:
        return True
    return bool(words) and words[-1] in _HOME_WORDS and (
        homes or len(words) > 1 and words[-2] in ORIGIN_WORDS)


def _displaced_return(words: Words, roles: Roles) -> None:
    """«عاد المهجرون من تاورغاء»: for a return, where the people were displaced from is
    where they go back to."""
    if roles["destination"] or not roles["origin"]:
        return
    first = roles["origin"][0]
    before = words.between(max(0, first.nstart - 40), first.nstart)[-4:]
    if any(TRIGGERS.get(strip_prefix(w, "trigger")[1]) == "displacement" for w in before):
        roles["destination"], roles["origin"] = roles["origin"], []


def _visit_after_stop(words: list[str]) -> bool:
    """«… بعد زيارة (علاجية) إلى»: the place after is where the arrival came from."""
    last_stop = max(i for i, w in enumerate(words) if w in STOP_WORDS)
    return not _VISIT_FORMS.isdisjoint(words[last_stop + 1:last_stop + 3])
