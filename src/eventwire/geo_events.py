"""Where an event happened: :func:`event_location`, called by the events stage for each event.

The place is, in order of preference:

1. the place attached to the event in the syntax ("met in Geneva", "talks at the summit in
   New Delhi"): a toponym reached from the trigger through prepositions, objects and noun
   modifiers, within the trigger's own clause;
2. else the nearest place used as a location ("in Geneva", "the Delhi talks") in the event's
   sentence, then in its paragraph (a country named as an actor, "Russia withdrew", is not
   the place of anything);
3. else the dateline's place, else the document's dominant place (the most mentioned, finest
   first).

When the article puts the same thing in two places ("the G20 meeting in Mumbai" once, "the
meeting in Delhi" twice), the better-supported place wins; the checks stage reports the
conflict. Nationality adjectives, continents and toponyms inside organisation names are never
event locations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from eventwire.records import Document, Event, EventPlace, Place

#: Feature → the honest resolution of an event location.
RESOLUTION = {"country": "country", "admin1": "admin1", "admin2": "admin1", "city": "city",
              "landmark": "city", "region": "admin1"}
#: Dependency relations followed from the trigger (not into other clauses).
FOLLOW_DEPS = frozenset({
    "prep", "pobj", "dobj", "nsubj", "nsubjpass", "compound", "amod", "npadvmod", "nmod",
    "appos", "pcomp", "agent", "attr", "acl", "advmod", "poss", "dative", "oprd",
})  # fmt: skip
MAX_DEPTH = 6
_DATELINE = re.compile(r"^\s*([^\n]{2,80}?)\s+[\u2014\u2013-]{1,2}\s")


@lru_cache(maxsize=4)
def _words(name: str) -> frozenset[str]:
    text = resources.files("eventwire").joinpath("resources", "places", name)
    lines = (line.strip() for line in text.read_text("utf-8").splitlines())
    return frozenset(w for w in lines if w and not w.startswith("#"))


def locative_prepositions() -> frozenset[str]:
    """Prepositions that introduce where something happens ("in", "at", "outside" ...)."""
    return _words("locative.txt")


class _PerDocument:
    """What event_location computes once per document, not once per event."""

    def __init__(self, doc: Document) -> None:
        self.doc, self.places_list, self.count = doc, doc.places, len(doc.places)
        self.places = eligible_places(doc)
        self.lemmas = {id(p): anchor_lemma(doc, p) for p in self.places}
        self._locative: dict[int, bool] = {}
        self._object: dict[int, bool] = {}

    def locative(self, place: Place) -> bool:
        """:func:`is_locative`, read once per place (every event asks it of the same ones)."""
        if id(place) not in self._locative:
            self._locative[id(place)] = is_locative(self.doc, place)
        return self._locative[id(place)]

    def object_place(self, place: Place) -> bool:
        """:func:`_object_place`, read once per place."""
        if id(place) not in self._object:
            self._object[id(place)] = _object_place(self.doc, place)
        return self._object[id(place)]

    def fresh(self, doc: Document) -> bool:
        return self.doc is doc and self.places_list is doc.places and self.count == len(
            doc.places)


_last: list[_PerDocument] = []


def _per_document(doc: Document) -> _PerDocument:
    # The events stage asks for every event of one document in turn: keep the last one.
    if not _last or not _last[0].fresh(doc):
        _last[:] = [_PerDocument(doc)]
    return _last[0]


def event_location(doc: Document, event: Event) -> EventPlace | None:
    """The place of an event, or None when the document names no usable place."""
    cache = _per_document(doc)
    places = cache.places
    if not places:
        return None
    anchor = event.trigger[0] if event.trigger else event.start
    # A sentence never runs past its paragraph (the parser may join two across a blank line).
    para_lo, para_hi = _paragraph(doc.text, anchor, anchor)
    place = (
        _attached(cache, event)
        or _nearest(cache, max(event.start, para_lo), min(event.end, para_hi), anchor)
        or _nearest(cache, para_lo, para_hi, anchor)
        or _dateline(doc.text, places)
        or dominant_place(p for p in places if not is_actor(doc, p))
    )
    if place is None:
        return None
    return to_event_place(better_supported(doc, place, places, cache.lemmas))


def to_event_place(place: Place) -> EventPlace:
    """The contract's PLACE object, with a resolution no finer than the toponym's."""
    ep = EventPlace.from_place(place)
    ep.resolution = RESOLUTION.get(place.feature or "city", "city")
    return ep


def eligible_places(doc: Document) -> list[Place]:
    """Places that can locate an event: not demonyms, continents or parts of other names."""
    # A place inside a longer ORG/PERSON name is part of that name ("Toronto Police"); one
    # that is the whole entity was a mis-tagged place ("Kharkiv" tagged PERSON).
    blocked = [(e.start, e.end, e.label == "NORP") for e in doc.entities
               if e.label in ("NORP", "ORG", "PERSON")]
    return [
        p for p in doc.places
        if p.feature is not None and p.country_code  # not a continent
        and not any(s <= p.start and p.end <= e and (norp or e - s > p.end - p.start)
                    for s, e, norp in blocked)
    ]


# --- syntax -----------------------------------------------------------------------------------


def _token_at(doc: Document, start: int, end: int) -> Any:
    if doc.nlp is None:
        return None
    span = doc.nlp.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _attached(cache: _PerDocument, event: Event) -> Place | None:
    if event.trigger is None:
        return None
    trigger = _token_at(cache.doc, *event.trigger)
    if trigger is None:
        return None
    frontier, seen = [trigger], {trigger.i}
    for _ in range(MAX_DEPTH):
        frontier = [c for t in frontier for c in t.children
                    if c.dep_ in FOLLOW_DEPS and c.i not in seen]
        if not frontier:  # the trigger's phrase is exhausted before MAX_DEPTH
            return None
        seen.update(c.i for c in frontier)
        starts = [c.idx for c in frontier]
        hits = [p for p in cache.places if any(p.start <= i < p.end for i in starts)
                and (cache.locative(p) or cache.object_place(p))]
        if hits:
            return hits[0]
    return None


def is_actor(doc: Document, place: Place) -> bool:
    """True when the actors stage made the toponym an actor ("criticised Russia"), not a
    place ("held in Russia", its kind "place")."""
    return any(m.start < place.end and place.start < m.end and m.kind != "place"
               and m.actor.code is not None for m in doc.mentions)


def is_locative(doc: Document, place: Place) -> bool:
    """True when the toponym is used as a location: "in Geneva", "the Delhi meeting"."""
    root = _token_at(doc, place.start, place.end)
    if root is None:
        return not is_actor(doc, place)
    if root.dep_ == "pobj" and root.head.lower_ in locative_prepositions():
        return True
    # "the Delhi meeting" locates the meeting; "US support" names who supports.
    return bool(root.dep_ in ("compound", "nmod", "amod") and root.head.pos_ == "NOUN"
                and not is_actor(doc, place))


def _object_place(doc: Document, place: Place) -> bool:
    # "shelled Kharkiv", "strikes on Gaza": the object of the trigger is where it happened,
    # even when it is also the recipient; a country that is an actor is the recipient only
    # ("criticised Russia", "sanctions on Russia").
    root = _token_at(doc, place.start, place.end)
    if root is None or (is_actor(doc, place) and place.feature == "country"):
        return False
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        # "attacked the port of Odesa": a town of the object's; "the president of France"
        # is no place of the event.
        return place.feature != "country" and root.head.head.pos_ == "NOUN"
    return bool(root.dep_ == "dobj" or (
        root.dep_ == "pobj" and root.head.lower_ in _words("target_prepositions.txt")))


def anchor_lemma(doc: Document, place: Place) -> str | None:
    """The common noun a toponym locates ("meeting" in "the meeting in Delhi", "Delhi meeting")."""
    root = _token_at(doc, place.start, place.end)
    if root is None:
        return None
    head = root.head.head if root.dep_ == "pobj" else root.head
    if root.dep_ in ("pobj", "compound", "nmod") and head.pos_ == "NOUN":
        return str(head.lemma_).lower()
    return None


# --- fallbacks --------------------------------------------------------------------------------


def _nearest(cache: _PerDocument, lo: int, hi: int, anchor: int) -> Place | None:
    inside = [p for p in cache.places if lo <= p.start and p.end <= hi and cache.locative(p)]
    if not inside:
        return None
    return min(inside, key=lambda p: abs(p.start - anchor))


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def _dateline(text: str, places: list[Place]) -> Place | None:
    m = _DATELINE.match(text)
    if m is None or len(m.group(1).split()) > 8:
        return None
    inside = [p for p in places if p.end <= m.end(1)]
    return inside[0] if inside else None


def dominant_place(places: Iterable[Place]) -> Place | None:
    """The most mentioned place, preferring cities to regions to countries."""
    ranked: dict[int | str | None, list[Place]] = {}
    for p in places:
        ranked.setdefault(_key(p), []).append(p)
    if not ranked:
        return None
    order = {"city": 0, "landmark": 0, "admin2": 1, "admin1": 1, "region": 1, "country": 2}
    best = min(ranked.values(), key=lambda ps: (order.get(ps[0].feature or "", 3), -len(ps)))
    return best[0]


def better_supported(doc: Document, place: Place, places: list[Place],
                     lemmas: dict[int, str | None] | None = None) -> Place:
    """If the article locates the same kind of thing elsewhere more often, that place.

    ``lemmas`` maps ``id(place)`` to its :func:`anchor_lemma`, when already computed.
    """
    lemmas = lemmas if lemmas is not None else {id(p): anchor_lemma(doc, p) for p in places}
    lemma = lemmas[id(place)] if id(place) in lemmas else anchor_lemma(doc, place)
    if lemma is None:
        return place
    same = [p for p in places if lemmas.get(id(p)) == lemma]
    counts = Counter(_key(p) for p in same)
    if not counts:
        return place
    top, n = counts.most_common(1)[0]
    if top == _key(place) or n <= counts[_key(place)]:
        return place
    return next(p for p in same if _key(p) == top)


def _key(place: Place) -> int | str | None:
    # Regions the project adds have no GeoNames id: tell them apart by name.
    return place.geonameid if place.geonameid is not None else place.name
