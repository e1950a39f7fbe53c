"""Toponym recognition: which spans of a document name places.

- spaCy's GPE, LOC and FAC entities, split at a comma ("Paris, Texas" → "Paris" qualified by
  "Texas");
- nationality adjectives (NORP entities and untagged words such as "Salvadoran"), which name
  a country;
- entities the model tagged ORG or PERSON whose whole text is a well-known place ("Tamil Nadu"
  tagged PERSON, "Harare" tagged ORG);
- toponyms inside organisation names ("Toronto Police Services Board", "Air Zimbabwe");
- a gazetteer pass over capitalised words the model left untagged.

It drops names that the actors stage found to be a government named by its capital
("Washington said") and place-tagged words that are a person's name in the same document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from eventwire.gazetteer import Gazetteer, normalise
from eventwire.geo_resolve import Toponym, candidates_for
from eventwire.records import Document, Entity

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels whose names may contain toponyms ("University of Texas").
CONTAINER_LABELS = frozenset({"ORG", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
MAX_NGRAM = 3
#: What may stand between a toponym and the region that qualifies it ("Paris, Texas",
#: "Lewiston in Maine").
_QUALIFIER_GAP = re.compile(r"^(,\s*|\s+in\s+)$")
_QUALIFIED = re.compile(r"^,\s*[A-Z]")


def find_toponyms(doc: Document, gaz: Gazetteer, scan: bool = True) -> list[Toponym]:
    """Every toponym span of the document, with ", Texas"-style qualifiers attached."""
    persons = _person_names(doc.entities)
    found: list[Toponym] = []
    for ent in doc.entities:
        if not _acts_as_government(doc, ent):
            found.extend(_from_entity(doc, ent, gaz, persons))
    if scan:
        found.extend(_scan(doc, gaz, found))
    found.sort(key=lambda t: t.start)
    _attach_qualifiers(doc.text, found)
    return found


def _from_entity(doc: Document, ent: Entity, gaz: Gazetteer, persons: set[str]) -> list[Toponym]:
    if ent.label in PLACE_LABELS:
        key = normalise(ent.text)
        if key in persons or "=" + key in persons or _landmark_part(doc, ent.end):
            return []
        return _split_qualified(ent)
    if ent.label == "NORP":
        # Not a nationality: maybe a mis-tagged well-known place ("a visit to Tunis").
        demonym = _demonym(ent.text, ent.start, ent.end, ent.label, gaz)
        whole = Toponym(ent.text, ent.start, ent.end, label="ORG")
        return demonym or ([whole] if candidates_for(whole, gaz) else [])
    one_word_person = ent.label == "PERSON" and " " not in ent.text
    if ent.label == "ORG" or (ent.label == "PERSON" and not (
            one_word_person and normalise(ent.text) in persons)):
        # A one-word PERSON is a place only if it is a big city (policy "PERSON1") and no
        # longer name in the document has it ("Lincoln" after "Abraham Lincoln").
        label = "PERSON1" if one_word_person else ent.label
        whole = Toponym(ent.text, ent.start, ent.end, label=label)
        if candidates_for(whole, gaz):
            return [whole]
    if ent.label in CONTAINER_LABELS:
        return list(_inside(doc, ent, gaz))
    return []


def _person_names(entities: Iterable[Entity]) -> set[str]:
    # spaCy sometimes tags a surname as a place ("Obama said" → GPE); if the document names a
    # person with that word, it is the person.
    # Surnames of longer names come first in the set's use: a one-word PERSON that is one
    # of them is that person, whatever else it may name.
    names: set[str] = set()
    for e in entities:
        if e.label == "PERSON":
            names.add(normalise(e.text) if " " in e.text else "=" + normalise(e.text))
            names.update(normalise(w) for w in e.text.split()[1:])
    return names


def _is_metonym(doc: Document, start: int, end: int) -> bool:
    return any(m.kind == "metonym" and m.start < end and start < m.end for m in doc.mentions)


def _acts_as_government(doc: Document, ent: Entity) -> bool:
    """A capital the actors stage marked as a metonym, used as an agent: "Moscow said",
    "a request by Washington", "Beijing's response". "Flights to London", "north west
    London" and "Paris, Texas" stay places."""
    if not _is_metonym(doc, ent.start, ent.end):
        return False
    if _QUALIFIED.match(doc.text[ent.end:ent.end + 3]) or doc.nlp is None:
        return _QUALIFIED.match(doc.text[ent.end:ent.end + 3]) is None
    span = doc.nlp.char_span(ent.start, ent.end, alignment_mode="expand")
    if span is None:
        return True
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass", "conj"):
        return root.dep_ != "conj" or root.head.dep_ in ("nsubj", "nsubjpass")
    if root.dep_ == "pobj":
        return str(root.head.lower_) == "by"
    if root.dep_ in ("dobj", "dative"):
        return str(root.head.lemma_).lower() not in _word_list("place_verbs.txt")
    return bool(root.dep_ == "poss" and root.head.pos_ == "NOUN")


def _split_qualified(ent: Entity) -> list[Toponym]:
    head, sep, tail = ent.text.partition(",")
    if not sep or not tail.strip():
        return [Toponym(ent.text, ent.start, ent.end, label=ent.label)]
    qual = tail.strip()
    qstart = ent.start + len(head) + 1 + (len(tail) - len(tail.lstrip()))
    return [Toponym(head, ent.start, ent.start + len(head), qualifier=qual, label=ent.label),
            Toponym(qual, qstart, qstart + len(qual), label=ent.label)]


def _demonym(text: str, start: int, end: int, label: str, gaz: Gazetteer) -> list[Toponym]:
    # "anti-Russian" names Russia too: the demonym is the last hyphenated part.
    head, _, last = text.rpartition("-")
    entry = gaz.demonym(text) or (gaz.demonym(last) if head else None)
    if entry is None:
        return []
    if gaz.demonym(text) is None:
        start = end - len(last)
        text = last
    return [Toponym(text, start, end, fixed=entry, label=label)]


def _attach_qualifiers(text: str, toponyms: list[Toponym]) -> None:
    for a, b in zip(toponyms, toponyms[1:], strict=False):
        if a.qualifier is None and a.fixed is None and _QUALIFIER_GAP.match(text[a.end:b.start]):
            a.qualifier = b.text


# --- gazetteer passes -------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _word_list(name: str) -> frozenset[str]:
    text = resources.files("eventwire").joinpath("resources", "places", name)
    lines = (line.strip() for line in text.read_text("utf-8").splitlines())
    return frozenset(w.lower() for w in lines if w and not w.startswith("#"))


def landmark_words() -> frozenset[str]:
    """Head words of landmark names ("Castle", "University"), lower-cased."""
    return _word_list("landmark_words.txt")


def _inside(doc: Document, ent: Entity, gaz: Gazetteer) -> Iterator[Toponym]:
    """Toponyms embedded in an organisation's (or event's, law's) name, unless the name is a
    landmark's ("University of California"), which is a place of its own."""
    if doc.nlp is None:
        return
    span = doc.nlp.char_span(ent.start, ent.end, alignment_mode="expand")
    if span is not None and not any(t.lower_ in landmark_words() for t in span):
        yield from _matches(doc, gaz, list(span), "EMBED", [])


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Place names that are also ordinary words ("Union", "Mobile"), normalised."""
    return frozenset(normalise(w) for w in _word_list("common_words.txt"))


def _landmark_part(doc: Document, end: int) -> bool:
    """True when the name at ``end`` goes on with a landmark word ("Windsor| Castle")."""
    nxt = doc.text[end:end + 20].split(maxsplit=1)
    return bool(nxt) and nxt[0][:1].isupper() and nxt[0].lower() in landmark_words()


def _scan(doc: Document, gaz: Gazetteer, known: list[Toponym]) -> list[Toponym]:
    """Gazetteer names in capitalised words outside any entity (names the model missed)."""
    if doc.nlp is None:
        return []
    taken = [(e.start, e.end) for e in doc.entities] + [(t.start, t.end) for t in known]
    return list(_matches(doc, gaz, list(doc.nlp), "SCAN", taken))


class _Words(NamedTuple):
    """The tokens a gazetteer pass reads, as their offsets, texts and whether each looks like
    a name (read once: every n-gram tried asks again)."""

    starts: list[int]
    texts: list[str]
    names: list[bool]


def _matches(doc: Document, gaz: Gazetteer, tokens: list[Any], label: str,
             taken: list[tuple[int, int]]) -> Iterator[Toponym]:
    texts = [t.text for t in tokens]
    words = _Words([t.idx for t in tokens], texts, [_name_like(w) for w in texts])
    i = 0
    while i < len(tokens):
        hit = _match_at(doc, gaz, tokens, words, i, label, taken)
        if hit is None:
            i += 1
            continue
        yield hit
        i += len(doc.text[hit.start:hit.end].split()) or 1


def _match_at(doc: Document, gaz: Gazetteer, tokens: list[Any], words: _Words, i: int,
              label: str, taken: list[tuple[int, int]]) -> Toponym | None:
    if not words.names[i] or not _may_start(tokens[i], label):
        return None
    for n in range(MAX_NGRAM, 0, -1):
        if i + n > len(tokens) or not all(words.names[i:i + n]):
            continue
        start, end = words.starts[i], words.starts[i + n - 1] + len(words.texts[i + n - 1])
        if any(s < end and start < e for s, e in taken):
            continue
        text = doc.text[start:end]
        if _landmark_part(doc, end):
            return None
        demonym = _demonym(text, start, end, label, gaz) if n <= 2 else []
        if demonym:
            return demonym[0]
        top = Toponym(text, start, end, label=label)
        if normalise(text) not in common_words() and candidates_for(top, gaz):
            return top
    return None


def _name_like(text: str) -> bool:
    return text[:1].isupper() and text.replace("-", "").isalpha()


def _may_start(token: Any, label: str) -> bool:
    if not _name_like(token.text):
        return False
    if label == "EMBED":
        return True
    # A capitalised word at the start of a sentence may be any word ("Nice", "Reading"); an
    # all-capitals one there is a dateline ("ALBUQUERQUE —").
    caps = token.text.isupper() and len(token.text) > 1
    if token.is_sent_start and not (caps and len(token.text) > 3):
        return False
    return caps or not token.is_stop
