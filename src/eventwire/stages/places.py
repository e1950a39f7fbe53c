"""places stage: find the toponyms of a document and resolve them to GeoNames entries.

Recognition takes spaCy's GPE/LOC/FAC entities, nationality adjectives (NORP entities such as
"Irish", which name a country), and a gazetteer pass over capitalised words that the model left
untagged. It drops names the actors stage found to be a government named by its capital
("Washington said") and names that are really a person's ("Obama" tagged as a place).
Resolution (:mod:`eventwire.geo_resolve`) uses the whole document as context.

:func:`event_location` gives the place of an event (called by the events stage).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from eventwire.gazetteer import Gazetteer, get_gazetteer, normalise
from eventwire.geo_events import event_location
from eventwire.geo_resolve import Toponym, resolve
from eventwire.pipeline import Stage
from eventwire.records import Document, Entity, Place

__all__ = ["PlacesStage", "event_location", "find_toponyms", "to_place"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Places found by the gazetteer pass alone must be at least this populous (if cities).
SCAN_MIN_POPULATION = 100_000
SCAN_FEATURES = frozenset({"country", "admin1", "region"})
_QUALIFIER_GAP = re.compile(r"^,\s*$")


class PlacesStage(Stage):
    """Fill ``doc.places`` with the document's resolved toponyms."""

    name = "places"
    requires = ("entities", "actors")
    assigns = ("places",)

    def __init__(self, gazetteer: Gazetteer | None = None, scan: bool = True) -> None:
        self._gazetteer = gazetteer
        self.scan = scan

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Document) -> Document:
        gaz = self.gazetteer
        toponyms = find_toponyms(doc, gaz, scan=self.scan)
        resolve(toponyms, gaz, extra=_actor_countries(doc, gaz))
        places = [to_place(t, gaz) for t in toponyms if t.choice is not None]
        doc.places = sorted(places, key=lambda p: (p.start, p.end))
        return doc


def to_place(t: Toponym, gaz: Gazetteer) -> Place:
    """The output record of a resolved toponym."""
    e = t.choice
    assert e is not None  # callers filter unresolved toponyms
    return Place(text=t.text, start=t.start, end=t.end, geonameid=e.geonameid, name=e.name,
                 country_code=gaz.to_alpha3(e.country) if e.country else None,
                 lat=e.lat, lon=e.lon, feature=e.feature)


def find_toponyms(doc: Document, gaz: Gazetteer, scan: bool = True) -> list[Toponym]:
    """Every toponym span of the document, with ", Texas"-style qualifiers attached."""
    persons = _person_names(doc.entities)
    found: list[Toponym] = []
    for ent in doc.entities:
        if _is_metonym(doc, ent.start, ent.end):
            continue
        if ent.label in PLACE_LABELS and normalise(ent.text) not in persons:
            found.extend(_split_qualified(ent))
        elif ent.label == "NORP":
            found.extend(_demonym(ent, gaz))
    if scan:
        found.extend(_scan(doc, gaz, found))
    found.sort(key=lambda t: t.start)
    _attach_qualifiers(doc.text, found)
    return found


def _person_names(entities: Iterable[Entity]) -> set[str]:
    # spaCy sometimes tags a surname as a place ("Obama said" → GPE); if the document names a
    # person with that word, it is the person.
    names: set[str] = set()
    for e in entities:
        if e.label == "PERSON":
            names.add(normalise(e.text))
            names.update(normalise(w) for w in e.text.split()[1:])
    return names


def _is_metonym(doc: Document, start: int, end: int) -> bool:
    return any(m.kind == "metonym" and m.start < end and start < m.end for m in doc.mentions)


def _split_qualified(ent: Entity) -> list[Toponym]:
    head, sep, tail = ent.text.partition(",")
    if not sep or not tail.strip():
        return [Toponym(ent.text, ent.start, ent.end, label=ent.label)]
    qual = tail.strip()
    qstart = ent.start + len(head) + 1 + (len(tail) - len(tail.lstrip()))
    return [Toponym(head, ent.start, ent.start + len(head), qualifier=qual, label=ent.label),
            Toponym(qual, qstart, qstart + len(qual), label=ent.label)]


def _demonym(ent: Entity, gaz: Gazetteer) -> list[Toponym]:
    entry = gaz.demonym(ent.text)
    if entry is None:
        return []
    return [Toponym(ent.text, ent.start, ent.end, fixed=entry, label=ent.label)]


def _attach_qualifiers(text: str, toponyms: list[Toponym]) -> None:
    for a, b in zip(toponyms, toponyms[1:], strict=False):
        if a.qualifier is None and a.fixed is None and _QUALIFIER_GAP.match(text[a.end:b.start]):
            a.qualifier = b.text


def _scan(doc: Document, gaz: Gazetteer, known: list[Toponym]) -> list[Toponym]:
    """Gazetteer names in capitalised words outside any entity (names the model missed)."""
    if doc.nlp is None:
        return []
    taken = [(e.start, e.end) for e in doc.entities] + [(t.start, t.end) for t in known]
    out: list[Toponym] = []
    tokens = list(doc.nlp)
    i = 0
    while i < len(tokens):
        hit = _scan_at(doc, gaz, tokens, i, taken)
        if hit is None:
            i += 1
            continue
        out.append(hit[0])
        i = hit[1]
    return out


def _scan_at(doc: Document, gaz: Gazetteer, tokens: list[object], i: int,
             taken: list[tuple[int, int]]) -> tuple[Toponym, int] | None:
    for n in (3, 2, 1):
        span = tokens[i:i + n]
        if len(span) < n or not all(_name_like(t) for t in span):
            continue
        start = span[0].idx  # type: ignore[attr-defined]
        end = span[-1].idx + len(span[-1].text)  # type: ignore[attr-defined]
        if any(s < end and start < e for s, e in taken):
            continue
        text = doc.text[start:end]
        if _scan_accepts(gaz, text, span[0]):
            return Toponym(text, start, end, label="SCAN"), i + n
    return None


def _name_like(token: object) -> bool:
    text: str = token.text  # type: ignore[attr-defined]
    return text[:1].isupper() and text.isalpha() and not token.ent_type_  # type: ignore[attr-defined]


def _scan_accepts(gaz: Gazetteer, text: str, first: object) -> bool:
    # Sentence-initial words are capitalised anyway: too risky ("Nice", "Mobile", "Reading").
    if first.is_sent_start or first.is_stop:  # type: ignore[attr-defined]
        return False
    for cand in gaz.candidates(text):
        e = cand.entry
        if not cand.primary:
            continue
        if e.feature in SCAN_FEATURES or (
            e.feature == "city" and e.population >= SCAN_MIN_POPULATION
        ):
            return True
    return False


def _actor_countries(doc: Document, gaz: Gazetteer) -> list[str]:
    by_alpha3 = {v: k for k, v in gaz.alpha3.items()}
    codes = [e.actor.code for e in doc.entities if e.actor is not None and e.actor.code]
    codes += [m.actor.code for m in doc.mentions if m.kind == "name" and m.actor.code]
    return [by_alpha3[c] for c in codes if c in by_alpha3]

