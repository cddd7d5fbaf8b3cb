"""Sameness of ends and of actors: the tests journeys.py folds tellings by (two ends name
one spot; one actor may be the other's group)."""
from __future__ import annotations

from functools import lru_cache

from shapely import intersects_xy

from ..geometry.distance import haversine_km
from ..model import Endpoint, Movement
from ..places.context import ORG_HEADS
from ..text.normalize import ARTICLE, CLITIC_LETTERS, normalize_name

Shapes = dict[str, object]  # area ref ("area:<i>") → its shapely polygon

MERGE_KM = 25.0
# Endpoint kinds that name a wide stretch: a point within MERGE_KM of one may be the same end
WIDE_ENDPOINT_KINDS = frozenset({"neighbourhoods", "countryside", "region", "besieged",
                                 "governorate", "district"})
MAX_VIAS = 12  # via points one movement keeps
RESTATEMENT_WINDOW = 3000  # characters: a restatement is told near the telling it repeats


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
    km = MERGE_KM if kinds & WIDE_ENDPOINT_KINDS else 1.0
    if haversine_km(a.lat, a.lon, b.lat, b.lon) <= km:
        return True
    return bool(shapes) and (_inside(b, shapes.get(a.ref)) or _inside(a, shapes.get(b.ref)))


def _inside(point: Endpoint, shape: object) -> bool:
    """True when the endpoint's point lies in the (area) polygon (a point outside the
    polygon's bounding box is not: no GEOS call for it)."""
    return shape is not None and near_box(shape, point.lon, point.lat) and \
        bool(intersects_xy(shape, point.lon, point.lat))


_BOUNDS: dict[int, tuple[object, tuple[float, float, float, float]]] = {}


def near_box(shape: object, lon: float, lat: float, margin: float = 0.0) -> bool:
    """Whether (lon, lat) lies in the shape's bounding box widened by `margin` degrees: a
    point outside it is farther than `margin` from the shape. The boxes of the shapes asked
    about last are kept (the same few areas are asked about for every pair of ends)."""
    kept = _BOUNDS.get(id(shape))
    if kept is None or kept[0] is not shape:
        if len(_BOUNDS) > 256:
            _BOUNDS.clear()
        kept = _BOUNDS[id(shape)] = (shape, shape.bounds)
    minx, miny, maxx, maxy = kept[1]
    return minx - margin <= lon <= maxx + margin and miny - margin <= lat <= maxy + margin


@lru_cache(maxsize=50_000)
def _stems(actor: str | None) -> frozenset[str]:
    """Rough stems of an actor phrase: «المسلحين وعائلاتهم» → {مسلح, عائلات} (cached: merging
    compares each movement's actor with its neighbours' again and again)."""
    out = set()
    for w in normalize_name(actor or "").split():
        w = w[1:] if w[:1] in CLITIC_LETTERS and len(w) > 4 else w
        w = w[len(ARTICLE):] if w.startswith(ARTICLE) else w
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
    if len([s for s in _stems(small.actor) & _stems(big.actor) if len(s) >= 3]) >= 2:
        return True  # «أولى قافلة المهجرين», «دفعة المهجرين الأولى»: one group in other words
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
