"""Movements: who moved, from where, through where, to where, how many, and how sure.

Per sentence, trigger words (خروج، إجلاء، نزوح، نقل، دخول، وصول، انسحاب، عودة، فرار، حافلات…)
open a movement; the places and areas after them take a role from the word before them
(من = origin; عبر، مروراً ب، عن طريق = via; إلى، باتجاه، نحو، صوب، حتى = destination). Lists give
one movement per endpoint. `relate()` is the pipeline stage: areas first, then movements.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, replace
from typing import Iterable

from shapely import intersects_xy

from ..text.normalize import CLITIC_LETTERS, CLITIC_PREFIXES, Normalized, normalize_name, word_map, word_set
from .areas import AreaFinder, AreaSpan, area_name
from ..gazetteer.index import Gazetteer
from ..model import Area, Endpoint, Movement, Report
from .counts import Count, find_counts, may_count
from ..places.context import DESIGNATORS, MEDIA_HEADS, ORG_HEADS, strip_clitic
from ..geometry.distance import haversine_km
from ..places.resolution import Mention
from ..places.spotting import Match
from ..text.words import Words

Shapes = dict[str, object]  # area ref ("area:<i>") → its shapely polygon


TRIGGERS = word_map({
    "خروج الخروج إخراج الإخراج إخراجهم خرج خرجت خرجوا يخرج تخرج يخرجون الخارجين مغادرة غادر "
    "غادرت غادروا يغادر تغادر يغادرون": "exit",
    "إجلاء الإجلاء إخلاء الإخلاء يجلي أجلي": "exit",
    "نزوح النزوح نزوحا نزح نزحت نزحوا ينزح تنزح ينزحون نازح نازحين النازحين نازحي نازحو "
    "النازحون تهجير التهجير هجر هجرت هجروا يهجر تهجر المهجرين مهجري المهجرون": "displacement",
    "نقل نقلهم ينقل تنقل نقلت ينقلون انتقال الانتقال انتقالهم ينتقل ينتقلون ترحيل الترحيل رحل": "transfer",
    "دخول الدخول دخل دخلت دخلوا يدخل تدخل يدخلون وصول الوصول وصل وصلت وصلوا يصل تصل يصلون": "arrival",
    "توجه التوجه توجهت توجهوا يتوجه تتوجه اتجه اتجهت تحرك تحركت تتحرك يتحرك انطلق انطلقت تسلك سلك "
    "سلكت": "travel",
    "قافلة القافلة قوافل حافلات الحافلات حافلة": "vehicle",
    "انسحاب الانسحاب انسحب انسحبت انسحبوا ينسحب ينسحبون": "withdrawal",
    "عبور العبور تعبر يعبر عبرت": "cross",
    "عودة العودة عاد عادت عادوا يعود تعود يعودون": "return",
    "فرار الفرار فر فرت فروا يفر يفرون هروب الهروب هرب هربت هربوا يهرب يهربون": "flight",
    "تستضيف تستضيفان يستضيف استضافت تؤوي يؤوي تستقبل يستقبل استقبلت": "host",
    "توزع توزعوا يتوزع تتوزع يتوزعون توزيع توزيعهم": "distribution",  # «توزع المهجرين على X»
})
# «على» names where people were spread to after a distribution word, and nothing else.
DISTRIBUTION_ROLES = word_set("على")
PEOPLE_TYPES = frozenset({"civilians", "armed", "wounded"})
ROLE_WORDS = word_map({
    "من": "origin",
    "عبر مرورا مروراً طريق": "via",
    "إلى الى باتجاه نحو صوب حتى تجاه اتجاه وصولا": "destination",
})
FUTURE_CUES = word_set("سيتم المقرر المنتظر المتوقع يتوقع المرتقب المرجح يرجح يعدون التجهيز "
                        "تحضيرات ينص يضمن لإخراج يريدون ستسلك سيخرج "
                        # «التفاوض على إخراج»: a journey under negotiation has not happened
                        "التفاوض مفاوضات المفاوضات")
BLOCK_CUES = word_set("رفض يرفض منع يمنع يمنعون تمنع بانتظار")
NEGATIONS = word_set("لم لن لا")
ACTOR_TYPES = [  # first match wins; words are normalized stems
    ("aid", ("الهلال", "الصليب", "مساعدات", "المساعدات", "الاغاثه", "اغاثه", "الامم")),
    ("wounded", ("جرحي", "الجرحي", "مرضي", "المرضي", "مصابين", "الاسعاف", "اسعاف")),
    ("armed", ("مسلح", "المسلح", "مقاتل", "المقاتل", "عناصر", "تنظيم", "الفصائل", "فصائل",
               "قوات", "قوه", "الجيش", "جيش", "مسلحو", "مقاتلو", "الدوله")),
    ("civilians", ("مدني", "المدني", "اهالي", "الاهالي", "سكان", "السكان", "عائلات", "نازح",
                   "النازح", "المهجر", "مواطني", "الاسر", "اسره", "المواطن")),
]
_CLAUSE_END = re.compile(r"(?<!\d)[.:]|[.:](?!\d)|[!?؟؛\n]")  # not in «1.5», «10:30»
# Participles that name the people who moved («نازح», «المهجرين»), not a journey of their own
PEOPLE_WORDS = word_set("نازح نازحين النازحين نازحي نازحو النازحون المهجرين مهجري المهجرون "
                         "الخارجين")
# «القطاع» after «قطاع غزة»: heads of territory names that stand alone for the named one
TERRITORY_HEADS = word_set("قطاع إقليم جزيرة هضبة")
_LIST_GAP = re.compile(r"\s*[،,]?\s*")  # between two places of a list
_QUANTITY = re.compile(r"\W{0,3}\d")  # a number right after a word
MAX_GAP_WORDS = 8
ROLE_REACH = 6  # a role word governs a place at most this many words after it
# Bounds that no reported journey comes near (the 60 dev passages: 36 words, 6 places, 3 × 3
# pairs at most) and that keep a garbled record from costing more than its length:
SCOPE_WORDS = 100  # words a trigger governs at most
MAX_PAIRS = 16  # more origin × destination pairs than this are paired in text order
MAX_VIAS = 12  # via points one movement keeps
# «أكثر من», «نحو 16 ألف»: quantity words that make من / نحو no role word (so does a number
# before من: «19 من الشهر», «300 من المدنيين»)
QUANTITY_WORDS = word_set("أكثر اكثر أقل اقل بدلا عدد")
# «قسم من», «دفعة من»: a part of the group named after «من», which is no origin word there
PARTITIVES = word_set("قسم جزء دفعة دفعات بعض مجموعة مجموعات عشرات مئات آلاف الاف")
RELATIVES = word_set("الذين اللذين اللواتي اللاتي")
STOP_WORDS = word_set("بعد قبل عقب إثر منذ حيث بينما "
                      # «وتمتد … من دير البلح … وحتى رفح»: the extent of a place, no journey
                      "تمتد يمتد وتمتد ويمتد الممتدة الممتد امتداد بامتداد")
VISIT_WORDS = word_set("زيارة زيارته زيارتها جولة جولته جولتها")
TIME_WORDS = word_set("أمس اليوم يوم غدا الليلة صباح مساء الأحد الاثنين الإثنين الثلاثاء الأربعاء "
                       "الخميس الجمعة السبت")
IMPLICIT_ORIGIN_CHARS = 350  # about this sentence and the one before: where the text is now
MERGE_KM = 25.0
BROAD_KINDS = frozenset({"neighbourhoods", "countryside", "region", "besieged", "governorate",
                         "district"})


_PREFIXES = tuple(sorted(CLITIC_PREFIXES + ("س", "وس", "فس", "لل"), key=len, reverse=True))
_ROLE_OR_TRIGGER = {**TRIGGERS, **ROLE_WORDS}
_TABLES = {"trigger": TRIGGERS, "role_or_trigger": _ROLE_OR_TRIGGER}


def _forms(words: Iterable[str]) -> frozenset[str]:
    """Every written form of the words, bare or with a clitic: a word of text is one exactly
    when strip_prefix finds the word in it."""
    return frozenset(p + w for w in words for p in ("",) + _PREFIXES)


_TRIGGER_FORMS, _ROLE_FORMS, _BLOCK_FORMS = _forms(TRIGGERS), _forms(ROLE_WORDS), _forms(BLOCK_CUES)
_FUTURE_FORMS, _VISIT_FORMS = _forms(FUTURE_CUES), _forms(VISIT_WORDS)


@lru_cache(maxsize=200_000)
def strip_prefix(word: str, table: str) -> tuple[str, str]:
    """(prefix, word) with a leading clitic (و ف ب ل ك, future س) removed when that finds the
    word in the named table (trigger, role_or_trigger)."""
    words = _TABLES[table]
    if word in words:
        return "", word
    for p in _PREFIXES:
        if word.startswith(p) and word[len(p):] in words:
            return p, word[len(p):]
    return "", word


# The role or trigger word in each of their written forms (read for every word of a gap)
_ROLE_OR_TRIGGER_WORD = {f: strip_prefix(f, "role_or_trigger")[1] for f in _forms(_ROLE_OR_TRIGGER)}


@dataclass(slots=True)
class Item:
    """A place or area the text names, as a candidate movement endpoint."""

    nstart: int
    nend: int
    endpoint: Endpoint
    prefix: str


def relate(report: Report, norm: Normalized, mentions: list[Mention], gaz: Gazetteer) -> Report:
    """The pipeline stage after resolution: areas, then movements, added to the report."""
    mentions = sorted(mentions + _anaphora(norm, mentions), key=lambda m: m.match.nstart)
    spans = AreaFinder(norm, mentions, gaz).find()
    areas = [make_area(a, norm, gaz) for a in spans]
    items = sorted(_items(norm, mentions, spans, areas) + _unresolved_items(norm, report),
                   key=lambda it: it.nstart)
    shapes = {f"area:{i}": a.geometry for i, a in enumerate(areas)
              if a.geometry is not None and not a.geometry.is_empty}
    movements = MovementFinder(norm, items, shapes).find()
    return replace(report, areas=areas, movements=movements)


def _anaphora(norm: Normalized, mentions: list[Mention]) -> list[Mention]:
    """«المدينة» standing for the city the text is about (its most-named city), and «القطاع»
    for the territory named before with that head («قطاع غزة»)."""
    top = _main_city(mentions) if "المدينه" in norm.text else None
    heads = {"المدينه": top} if top else {}
    for m in mentions:
        head, space, _ = m.match.key.partition(" ")
        if m.chosen and space and head in TERRITORY_HEADS:
            heads.setdefault("ال" + head, m)
    return [mt for word, named in heads.items() for mt in _back_references(norm, word, named)]


def _main_city(mentions: list[Mention]) -> Mention | None:
    """The first mention of the city the text names most often."""
    cities = Counter(m.chosen.id for m in mentions if m.chosen and m.chosen.kind == "city")
    main_city = cities.most_common(1)[0][0] if cities else None
    return next((m for m in mentions if m.chosen and m.chosen.id == main_city), None)


def _back_references(norm: Normalized, word: str, named: Mention) -> list[Mention]:
    """Mentions of `named` at each «word» (with its clitics) after the first naming."""
    if word not in norm.text:
        return []  # most texts never say it: skip the regex scan
    out = []
    pattern = rf"(?<![\u0621-\u064a])(?:[وبل]|لل)?({word})(?![\u0621-\u064a])"
    for mt in re.finditer(pattern, norm.text):
        s, e = mt.span(1)
        if mt.group().startswith("لل"):
            s += 1
        if s < named.match.nstart and word != "المدينه":
            continue
        start, end = norm.span(s, e)
        match = Match(word, s, e, start, end, mt.group()[:mt.start(1) - mt.start()])
        out.append(Mention(match, norm.original[start:end], named.ctx, [named.chosen],
                           chosen=named.chosen, confidence=named.confidence,
                           reason=f"«{norm.original[start:end]}»: {named.surface}, named before"))
    return out

def make_area(a: AreaSpan, norm: Normalized, gaz: Gazetteer) -> Area:
    """A model.Area with its polygon when the data can draw it (the geometry stage's cached
    area_polygon: relate needs the polygon for the area's point and to merge restatements)."""
    from ..geometry.stage import area_polygon

    start, end = norm.span(a.nstart, a.nend)
    geom, lat, lon = area_polygon(a.kind, tuple(a.anchors), a.direction, gaz)
    return Area(surface=norm.original[start:end], start=start, end=end,
                name_en=area_name(a.kind, a.anchors, a.direction), kind=a.kind, lat=lat, lon=lon,
                geometry=geom, name_ar=norm.original[start:end],
                anchor_ids=tuple(e.id for e in a.anchors))


def _items(norm: Normalized, mentions: list[Mention], spans: list[AreaSpan],
           areas: list[Area]) -> list[Item]:
    """Endpoints: areas, then the places not inside one (relate puts them in text order with
    the unresolved names). Besieged towns stay towns (one movement each, as for any list),
    and so do the towns «البلدتين المحاصرتين» refers back to, at the words that refer."""
    items = [Item(s.nstart, s.nend, Endpoint(a.name_ar, a.name_en, a.kind, a.lat, a.lon, a.start,
                                             a.end, f"area:{i}"), _attached_clitic(norm.text, s.nstart))
             for i, (s, a) in enumerate(zip(spans, areas)) if a.kind != "besieged"]
    items += [Item(s.nstart, s.nend, Endpoint(e.name_ar, e.name_en, e.kind, e.lat, e.lon, a.start,
                                              a.end, e.id), _attached_clitic(norm.text, s.nstart))
              for s, a in zip(spans, areas) if a.kind == "besieged" and not s.mentions
              for e in s.anchors]
    spans = [s for s in spans if s.kind != "besieged"]
    starts = [s.nstart for s in spans]
    for m in mentions:
        k = bisect.bisect_right(starts, m.match.nstart) - 1
        if k >= 0 and m.match.nstart < spans[k].nend:
            continue  # inside an area: the area is the endpoint
        e = m.chosen
        items.append(Item(m.match.nstart, m.match.nend,
                          Endpoint(e.name_ar, e.name_en, e.kind, e.lat, e.lon, m.match.start,
                                   m.match.end, e.id), m.match.prefix))
    return items


def _unresolved_items(norm: Normalized, report: Report) -> list[Item]:
    """Names the gazetteer lacks are still endpoints, without a point: «تدخل ناحية الزوية»
    is a movement to al-Zuwiya even before anyone geocodes it."""
    out = []
    for u in report.unresolved:
        nstart, nend = (int(i) for i in norm.offsets.searchsorted([u.start, u.end]))
        out.append(Item(nstart, nend, Endpoint(u.surface, "", "unresolved", None, None, u.start, u.end),
                        _attached_clitic(norm.text, nstart)))
    return out


def _attached_clitic(text: str, pos: int) -> str:
    """The clitic letters written onto the word that starts at `pos` («للأحياء» → «ل»)."""
    k = pos
    while k > 0 and text[k - 1] in CLITIC_LETTERS and pos - k < 2:
        k -= 1
    if k > 0 and text[k - 1] not in " ،,.«\"(":
        return ""
    return text[k:pos]


class MovementFinder:
    """Triggers and role words, clause by clause."""

    def __init__(self, norm: Normalized, items: list[Item], shapes: Shapes | None = None):
        self.norm, self.text, self.items = norm, norm.text, items
        self.shapes = shapes or {}
        self.words = norm.words
        self.item_starts = [i.nstart for i in items]
        self.triggers = self._triggers()
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(self.text)]
        journeys = [t for t in self.triggers if t[2] not in ("cross", "vehicle")]
        self.journey_starts = [t[0] for t in journeys]
        # where a new journey's trigger opens a clause: the scope of the trigger before ends
        self.breaks = [s for s, _, _, p in journeys if self._starts_clause(s, p)]
        self.longest_item = max((i.nend - i.nstart for i in items), default=0)
        self.last_place: Item | None = None
        self.told_until = 0  # where the scope of the last trigger that made a movement ends
        # asked for by several steps of one trigger, or by the triggers of one clause
        self._scope_ends: dict[int, int] = {}
        self._clause_counts: dict[tuple[int, int], list[Count]] = {}
        self._count_starts_of: tuple[tuple[int, int] | None, list[int]] = (None, [])

    def _items_in(self, start: int, end: int) -> list[Item]:
        """Items that begin in [start, end)."""
        return self.items[bisect.bisect_left(self.item_starts, start):
                          bisect.bisect_left(self.item_starts, end)]

    def find(self) -> list[Movement]:
        """Every movement, restatements merged into the fullest telling."""
        found = [mv for trig in self.triggers for mv in self._movements(trig)]
        return merge_restatements(chain_stops(found), self.shapes)

    def _triggers(self) -> list[tuple[int, int, str, str]]:
        """(nstart, nend, kind, prefix) of each trigger word."""
        out, w = [], self.words
        for k in [k for k, form in enumerate(w.words) if form in _TRIGGER_FORMS]:
            prefix, word = strip_prefix(w.words[k], "trigger")
            out.append((w.starts[k] + len(prefix), w.ends[k], TRIGGERS[word], prefix))
        return out

    def _clause(self, pos: int) -> tuple[int, int]:
        """(start, end) of the clause holding `pos`: between . ! ? ؟ ؛ : or line breaks."""
        i = bisect.bisect_left(self.clause_ends, pos)
        start = self.clause_ends[i - 1] + 1 if i else 0
        return start, (self.clause_ends[i] if i < len(self.clause_ends) else len(self.text))

    def _movements(self, trig: tuple[int, int, str, str]) -> list[Movement]:
        tstart, tend, kind, prefix = trig
        if kind in ("cross", "vehicle") and self._has_main_trigger(tstart):
            return []
        if tstart < self.told_until and self.text[tstart:tend] in PEOPLE_WORDS:
            return []  # «تستضيفان 16 ألف نازح من عفرين»: the people of a journey already told
        if kind == "transfer" and self._reports(tend):
            return []  # «نقلت صحيفة المتوسط عن مصادر»: a newspaper reported, nobody was moved
        roles = self._roles(tstart, tend, kind)
        self._look_back(tstart, kind, roles)
        if kind == "return":
            _displaced_return(self.words, roles)
        origins, vias, dests = roles["origin"], roles["via"], roles["destination"]
        to = {d.endpoint.ref for d in dests}
        origins = [o for o in origins if not o.endpoint.ref or o.endpoint.ref not in to]
        no_ends = not origins and not dests
        if no_ends and (kind != "exit" or not self._recent_origin(tstart)):
            return []
        actor, actor_norm = self._actor(tstart, tend, kind)
        actor_type = _actor_type(actor_norm + " " + self.text[tstart:tend])
        if kind == "distribution" and actor_type not in PEOPLE_TYPES:
            return []  # «توزيع المساعدات على …»: aid handed out, nobody moved
        status = self._status(tstart, prefix)
        if no_ends:
            if not actor or status not in ("done", "planned"):
                return []
            origins = [self.last_place]  # «إخراج الجرحى والمرضى أولاً»: from where the text is
        self.last_place = (origins or dests)[0]
        self.told_until = self._scope_end(tend)
        counts = self._counts(tstart)
        count, unit = counts[0] if counts else (None, None)
        placed = [it for r in roles.values() for it in r]
        start, end = self.norm.span(min([tstart] + [it.nstart for it in placed]),
                                    max([tend] + [it.nend for it in placed]))
        trigger_text = self.norm.original[slice(*self.norm.span(tstart, tend))]
        via = tuple(v.endpoint for v in _distinct(vias)[:MAX_VIAS])
        return [Movement(actor=actor, trigger=trigger_text, origin=o.endpoint if o else None,
                         via=via, destination=d.endpoint if d else None, count=count,
                         status=status, start=start, end=end, count_unit=unit, counts=counts,
                         actor_type=actor_type)
                for o, d in _pairs(_distinct(origins), _distinct(dests))]

    def _reports(self, tend: int) -> bool:
        """«نقلت صحيفة … عن مصادر», «نقل عن مسؤول»: نقل as the verb of reporting, whose
        subject is a medium or whose source follows «عن» («عن طريق» is the way taken)."""
        after = self.words.between(tend, tend + 60)[:4]
        if after and strip_clitic(after[0]) in MEDIA_HEADS:
            return True
        k = after.index("عن") if "عن" in after else -1
        return k >= 0 and after[k + 1:k + 2] != ["طريق"]

    def _recent_origin(self, pos: int) -> bool:
        """A place a movement just went from or to, a sentence or so back (news writes a
        sentence per line, so a line break is no bar): where a bare evacuation («سيتم إخراج
        الجرحى») starts."""
        o = self.last_place
        return o is not None and 0 < pos - o.nend <= IMPLICIT_ORIGIN_CHARS

    def _has_main_trigger(self, pos: int) -> bool:
        """Another kind of trigger in the clause: a crossing word then marks a via, a vehicle a detail."""
        cs, ce = self._clause(pos)
        k = bisect.bisect_left(self.journey_starts, cs)
        return k < len(self.journey_starts) and self.journey_starts[k] < ce

    def _roles(self, tstart: int, tend: int, kind: str) -> dict[str, list[Item]]:
        """The items after a trigger, each with the role its preceding words give it."""
        roles: dict[str, list[Item]] = {"origin": [], "via": [], "destination": []}
        end, pos, last_role = self._scope_end(tend), tend, None
        for it in self._items_in(tend, end):
            gap = self.text[pos:it.nstart - len(it.prefix)]
            words = self.words.between(pos, it.nstart - len(it.prefix))
            if not STOP_WORDS.isdisjoint(words):
                if kind == "arrival" and _visit_after_stop(words) and not roles["origin"]:
                    roles["origin"].append(it)  # «يصل الرياض بعد زيارة إلى القاهرة»
                break
            role = self._gap_role(words, it.prefix, kind)
            if role is None and last_role and _LIST_GAP.fullmatch(gap) and it.prefix in ("و", ""):
                role = last_role  # a list carries its role: «من كفريا والفوعة»
            if role is None and pos == tend and "،" not in gap and "," not in gap:
                role = self._object_role(kind, words)
            if role is None and len(words) > MAX_GAP_WORDS:
                break
            if role:
                roles.setdefault(role, []).append(it)
            last_role, pos = role, it.nend
        home = roles.pop("object", [])  # «دخول مكافحة ارهاب السليمانية لكركوك»
        roles["origin" if roles["destination"] else "destination"][:0] = home
        return roles

    def _scope_end(self, tend: int) -> int:
        """A trigger governs up to the end of its clause or the next journey's trigger, and
        at most SCOPE_WORDS words (a clause never ended, as in a garbled record, is no list)."""
        if tend not in self._scope_ends:
            end = self._clause(tend)[1]
            k = bisect.bisect_left(self.breaks, tend)
            if k < len(self.breaks) and self.breaks[k] < end:
                end = self.breaks[k]
            starts = self.words.starts
            w = bisect.bisect_left(starts, tend) + SCOPE_WORDS
            self._scope_ends[tend] = min(end, starts[w]) if w < len(starts) else end
        return self._scope_ends[tend]

    def _starts_clause(self, pos: int, prefix: str) -> bool:
        """A trigger after «و», «أو», «ثم» or a comma opens a new journey; one inside a noun
        phrase («16 ألف نازح») belongs to the journey before it."""
        start, end = max(0, pos - len(prefix) - 6), pos - len(prefix)
        before, words = self.text[start:end], self.words.between(start, end)
        return prefix[:1] in ("و", "ف") or "،" in before or "," in before or (
            bool(words) and words[-1] in ("او", "ثم", "و"))

    def _object_role(self, kind: str, words: list[str]) -> str | None:
        """A place right after the trigger: the place entered («تدخل ناحية الزوية», «دخلت قوات
        النظام حلب»), else the actor's home («نازحي الحديدة», «مكافحة ارهاب السليمانية لكركوك»)."""
        subject = words[:-1] if words and words[-1] in DESIGNATORS else words
        if kind in ("arrival", "host") and not subject:
            return "destination"
        if len(subject) <= 3 and kind == "arrival":
            return "object"  # the place entered after its subject, or the subject's home
        if len(words) <= 3 and kind not in ("host", "return"):
            return "origin"
        return None

    def _gap_role(self, words: list[str], item_prefix: str, kind: str) -> str | None:
        """The role the last role word in reach gives («… باتجاه مناطق سيطرة … في» → to)."""
        role, reach = None, words[-ROLE_REACH:]
        for k, w in enumerate(reach):
            if kind == "distribution" and w in DISTRIBUTION_ROLES:
                role = "destination"
                continue
            word = _ROLE_OR_TRIGGER_WORD.get(w)
            if word is None:
                continue
            before = reach[k - 1] if k else ""
            if word in ROLE_WORDS and before not in QUANTITY_WORDS and not (
                    word == "من" and before.isdigit()):
                role = ROLE_WORDS[word]
            elif TRIGGERS.get(word) == "cross":
                role = "via"
        if role is None and item_prefix.endswith("ل") and not words:
            role = "destination"  # «انتقالهم للأحياء الغربية»
        return role

    def _look_back(self, tstart: int, kind: str, roles: dict[str, list[Item]]) -> None:
        """Places before the trigger in its clause: «قوة من بغداد تدخل» (origin), hosts (destination)."""
        if kind != "host" and roles["origin"]:
            return  # nothing left to find
        cs = self._clause(tstart)[0]
        reach = self._near_before(tstart)
        for it in self._ending_before(cs, tstart, reach):
            gap_words = self.words.between(it.nend, tstart)
            if kind == "host" and len(gap_words) <= 3 and not roles["destination"]:
                roles["destination"] = [i for i in self._items_in(max(cs, it.nstart - 20), tstart)
                                        if i.nend <= tstart] or [it]
            elif not roles["origin"] and len(gap_words) <= 4 and _from_before(
                    self.words.between(max(cs, it.nstart - 20), it.nstart - len(it.prefix))):
                roles["origin"].append(it)

    def _near_before(self, pos: int) -> int:
        """The end of the fifth word before `pos`: an item that ends before it has five
        words or more between it and `pos`, too many for _look_back."""
        w = bisect.bisect_left(self.words.starts, pos) - 5
        return self.words.ends[w] if w >= 0 else 0

    def _ending_before(self, start: int, pos: int, reach: int) -> Iterable[Item]:
        """Items in [start, pos) that end by `pos` and not before `reach`, nearest first."""
        k = bisect.bisect_left(self.item_starts, pos) - 1
        while k >= 0 and self.items[k].nstart >= start:
            it = self.items[k]
            if it.nstart + self.longest_item < reach:
                break  # this item and all before it end before `reach`
            if reach <= it.nend <= pos:
                yield it
            k -= 1

    def _status(self, tstart: int, prefix: str) -> str:
        before = self.words.between(max(0, tstart - 60), tstart)[-6:]
        if before and before[-1] in NEGATIONS:
            return "negated"
        if not _BLOCK_FORMS.isdisjoint(before[-4:]):
            return "blocked"
        if prefix.endswith("س") or not _FUTURE_FORMS.isdisjoint(before):
            return "planned"
        return "done"

    def _actor(self, tstart: int, tend: int, kind: str) -> tuple[str | None, str]:
        """The phrase the trigger governs («إخراج المسلحين»), up to a role word or a place."""
        scope_end = self._scope_end(tend)
        following = self._items_in(tend, scope_end)
        end = following[0].nstart if following else scope_end
        if self.text[tstart:tend].endswith("هم"):
            return self._antecedent(tstart)
        if kind == "vehicle":
            s, e = self.norm.span(tstart, tend)
            return self.norm.original[s:e], self.text[tstart:tend]
        words, prev = [], tend
        for w in self.words.spans(tend, end):
            gap, prev = self.text[prev:w[0]], w[1]
            if "،" in gap or "," in gap:
                break  # «ما زالوا ينزحون، بيّنت …»: the phrase the verb governs ends at a comma
            if w[2] == "من" and len(words) == 1 and words[0][2] in PARTITIVES:
                words.append(w)  # «إخراج دفعة من أهالي …»: the batch is of the people
                continue
            if (w[2] in _ROLE_FORMS and not _quantity_follows(self.text, w[1])) \
                    or w[2] in STOP_WORDS or w[2] in ("في", "الي") or len(words) == 4:
                break
            if w[2] in TIME_WORDS:
                break  # «خرجوا أمس الجمعة»: the subject stands before the verb
            words.append(w)
        while words and words[-1][2] in DESIGNATORS:
            words.pop()  # «تدخل ناحية الزوية»: the designator of the place entered
        if not words:
            return self._subject_before(tstart)
        s, e = self.norm.span(words[0][0], words[-1][1])
        return self.norm.original[s:e], self.text[words[0][0]:words[-1][1]]

    def _subject_before(self, tstart: int) -> tuple[str | None, str]:
        """«سيارات الهلال الأحمر السوري دخلت …»: the words before a verb, back to a clause edge."""
        cs = self._clause(tstart)[0]
        words = []
        before = self.words.spans(max(cs, tstart - 50), tstart)
        if before and before[-1][1] == tstart:  # the trigger's own prefix, cut off at tstart
            if before[-1][2][:1] in ("و", "ف"):
                return None, ""  # «… والانتقال»: coordinated, its subject is the verb before's
            before.pop()  # «س» of «ستخرج», «ب» of «يرغبون بمغادرة»
        for w in reversed(before):
            if w[2] in ("ان", "بان", "و", "ثم", "حيث", "التي", "الذي") or len(words) == 4:
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

    def _antecedent(self, tstart: int) -> tuple[str | None, str]:
        """«إبقاء الأهالي أو انتقالهم» → «الأهالي»: the noun before the conjunction."""
        before = self.words.spans(max(0, tstart - 40), tstart)
        if len(before) >= 2 and before[-1][2] in ("او", "و"):
            start, end, word = before[-2]
            s, e = self.norm.span(start, end)
            return self.norm.original[s:e], word
        return None, ""

    def _counts(self, tstart: int) -> tuple[tuple[int, str | None], ...]:
        """The count nearest the trigger in its clause («20 حافلة»), with the counts joined to
        it by «و» («20 حافلة و10 سيارات»)."""
        clause = self._clause(tstart)
        if clause not in self._clause_counts:
            may = may_count(self.text, *clause, self.words.between(*clause))
            self._clause_counts[clause] = find_counts(self.text, *clause) if may else []
        counts = self._clause_counts[clause]
        if not counts:
            return ()
        k = _nearest(self._count_starts(clause), tstart)
        told = [counts[k]]
        for j in range(k + 1, len(counts)):  # not counts[k + 1:], a copy of the clause's rest
            nxt = counts[j]
            gap = self.text[told[-1].nstart:nxt.nstart]
            if not (len(gap.split()) <= 3 and gap.rstrip().endswith("و")):
                break
            told.append(nxt)
        return tuple((c.value, c.unit) for c in told)

    def _count_starts(self, clause: tuple[int, int]) -> list[int]:
        """Where each count of the clause starts (in text order), kept for the next trigger."""
        if self._count_starts_of[0] != clause:
            self._count_starts_of = (clause, [c.nstart for c in self._clause_counts[clause]])
        return self._count_starts_of[1]


def _nearest(starts: list[int], pos: int) -> int:
    """The index of the start nearest `pos` in a sorted list (the first of equals), as
    min(range(len(starts)), key=lambda i: abs(starts[i] - pos)) finds it, by bisection."""
    k = bisect.bisect_left(starts, pos)
    if k == len(starts):
        return bisect.bisect_left(starts, starts[-1])
    if k and pos - starts[k - 1] <= starts[k] - pos:
        return bisect.bisect_left(starts, starts[k - 1])
    return k


def _distinct(items: list[Item]) -> list[Item]:
    """The items without a later naming of a place already in the list (a text that repeats
    itself names one place many times: one journey from it, not one per naming)."""
    seen: set[str] = set()
    out = []
    for it in items:
        ref = it.endpoint.ref if it.endpoint.lat is not None else ""
        if not ref or ref not in seen:
            out.append(it)
            seen.add(ref)
    return out


def _pairs(origins: list[Item | None], dests: list[Item | None]
           ) -> list[tuple[Item | None, Item | None]]:
    """Each origin with each destination («من كفريا والفوعة إلى حلب وإدلب»); past MAX_PAIRS
    the lists are journeys told one after another, paired in text order."""
    origins, dests = origins or [None], dests or [None]
    if len(origins) * len(dests) <= MAX_PAIRS:
        return [(o, d) for o in origins for d in dests]
    n = max(len(origins), len(dests))
    return [(origins[min(k, len(origins) - 1)], dests[min(k, len(dests) - 1)]) for k in range(n)]


def _quantity_follows(text: str, pos: int) -> bool:
    """«نحو 16 ألف نازح»: a number after نحو / من makes it part of a count, not a role."""
    return bool(_QUANTITY.match(text, pos, pos + 4))


# The people of a place: «من سكان سنجة» says where they come from, as «من سنجة» does.
_HOME_WORDS = word_set("سكان أهالي اهالي أبناء مواطني قاطني")


def _from_before(words: list[str]) -> bool:
    """Whether the words before a place make it an origin: «… من X», «… من سكان X»."""
    return words[-1:] == ["من"] or len(words) > 1 and words[-2] == "من" and words[-1] in _HOME_WORDS


def _displaced_return(words: Words, roles: dict[str, list[Item]]) -> None:
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


def _near(a: Endpoint | None, b: Endpoint | None, shapes: Shapes | None = None) -> bool:
    """Two endpoints name the same spot: same ref, or an area / governorate within MERGE_KM of
    the other (east Aleppo and a neighbourhood in it), or one inside the other's polygon
    (Deir ez-Zor in «شرق سوريا»), or two points a few km apart."""
    if a is None or b is None or a.lat is None or b.lat is None:
        return False
    if a.ref == b.ref:
        return True
    kinds = {a.kind, b.kind}
    if "neighbourhoods" in kinds:
        return a.name_en == b.name_en  # east Aleppo is not Aleppo, nor west Aleppo
    km = MERGE_KM if kinds & BROAD_KINDS else 1.0
    if haversine_km(a.lat, a.lon, b.lat, b.lon) <= km:
        return True
    return bool(shapes) and (_inside(b, shapes.get(a.ref)) or _inside(a, shapes.get(b.ref)))


def _inside(point: Endpoint, shape: object) -> bool:
    """True when the endpoint's point lies in the (area) polygon."""
    return shape is not None and bool(intersects_xy(shape, point.lon, point.lat))


def _covers(big: Movement, small: Movement, shapes: Shapes | None = None) -> bool:
    """`small` says nothing `big` does not: each of its ends is absent or near big's."""
    return (small.origin is None or _near(small.origin, big.origin, shapes)) and \
        (small.destination is None or _near(small.destination, big.destination, shapes))


@lru_cache(maxsize=50_000)
def _stems(actor: str | None) -> frozenset[str]:
    """Rough stems of an actor phrase: «المسلحين وعائلاتهم» → {مسلح, عائلات} (cached: merging
    compares each movement's actor with its neighbours' again and again)."""
    out = set()
    for w in normalize_name(actor or "").split():
        w = w[1:] if w[:1] in "وفبل" and len(w) > 4 else w
        w = w[2:] if w.startswith("ال") else w
        for suffix in ("هم", "ين", "ون", "و", "ي"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[:-len(suffix)]
                break
        out.add(w)
    return frozenset(out)


def _same_actor(big: Movement, small: Movement) -> bool:
    """`small`'s actor could be `big`'s: none, the same words, or no clash of kind. Fighters
    are not civilians; civilians told in other words are often another group (hundreds who
    fled on Monday, 16,000 hosted since), while an armed force renamed is the same force."""
    if not small.actor or not big.actor or _stems(small.actor) <= _stems(big.actor):
        return True
    if not _organisations(small.actor) <= _organisations(big.actor):
        return False  # «مسلحو جبهة النصرة» are not just any «مسلحي المعارضة»
    kinds = (big.actor_type, small.actor_type)
    return "unknown" in kinds or kinds in (("armed", "armed"), ("wounded", "civilians"),
                                           ("civilians", "wounded"))


@lru_cache(maxsize=50_000)
def _organisations(actor: str) -> frozenset[str]:
    """The names after an organisation word in an actor («جبهة النصرة» → {«النصره»}); cached
    as _stems is."""
    words = [w.strip('"«»“”') for w in normalize_name(actor).split()]
    return frozenset(name for head, name in zip(words, words[1:]) if head in ORG_HEADS)


RESTATEMENT_WINDOW = 3000  # characters: a restatement is told near the telling it repeats


def merge_restatements(moves: list[Movement], shapes: Shapes | None = None) -> list[Movement]:
    """A movement restated with less detail folds into the fuller one nearby (vias kept);
    `shapes` (area ref → polygon) lets a place count as near the area it lies in."""
    out: list[Movement] = []
    for mv in sorted(moves, key=lambda m: m.start):
        first = max(0, len(out) - 50)
        near = [(i, o) for i, o in enumerate(out[first:], first)
                if mv.start - o.start <= RESTATEMENT_WINDOW and o.status == mv.status]
        host = next((i for i, o in near if _same_actor(o, mv) and _covers(o, mv, shapes)), None)
        if host is not None:
            out[host] = _fold(out[host], mv)
            continue
        guest = next((i for i, o in near if _same_actor(mv, o) and _covers(mv, o, shapes)), None)
        if guest is not None:
            out[guest] = _fold(mv, out[guest])
        else:
            out.append(mv)
    return out


def _fold(host: Movement, guest: Movement) -> Movement:
    """The host movement with what the guest adds: its vias and its count."""
    vias = host.via
    for v in guest.via:
        if len(vias) >= MAX_VIAS:
            break
        if not any(_near(v, h) for h in host.via):
            vias += (v,)
    if host.count is not None:
        return replace(host, via=vias)
    return replace(host, via=vias, count=guest.count, count_unit=guest.count_unit,
                   counts=guest.counts)


def chain_stops(moves: list[Movement]) -> list[Movement]:
    """«وصلت … إلى ممر تلة العيس …، ويجري نقل الجميع إلى جبرين»: a crossing reached, then a
    journey on with no origin of its own, is one movement through the crossing."""
    out: list[Movement] = []
    last = -1  # where in `out` the latest movement with a destination is
    for mv in sorted(moves, key=lambda m: m.start):
        prev = out[last] if last >= 0 else None
        if prev and mv.origin is None and mv.destination is not None and \
                prev.destination.kind == "crossing" and 0 <= mv.start - prev.end <= 250:
            vias = (prev.via + (prev.destination,) + mv.via)[:MAX_VIAS]
            out[last] = replace(prev, via=vias, destination=mv.destination, end=mv.end)
            continue
        out.append(mv)
        if mv.destination is not None:
            last = len(out) - 1
    return out


def _ref(e: Endpoint | None) -> str | None:
    return None if e is None else (e.ref or e.name_ar)


@lru_cache(maxsize=50_000)
def _actor_type(phrase: str) -> str:
    """armed | civilians | wounded | aid | unknown, from the words of the actor phrase."""
    words = phrase.split()
    for kind, stems in ACTOR_TYPES:
        if any(w.startswith(s) or w.lstrip("وفبل").startswith(s) for w in words for s in stems):
            return kind
    return "unknown"
