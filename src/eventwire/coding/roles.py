"""Actor and recipient of a trigger, read from the dependency parse.

Subjects act and objects receive; passives swap them ("was attacked by X"); coordination
gives lists ("X and Y agreed"); "talks between X and Y" makes both actors; a controlled or
coordinated verb inherits its governor's subject; noun triggers take their actor from a
possessive, a "by" phrase or a nationality modifier ("Russia's attack", "Israeli strikes")
and from the light verb that governs them ("held talks with Y"). Tokens become actors only
through the actors stage's mentions (:meth:`Document.actor_at`).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from eventwire.actorkb_text import words
from eventwire.coding.lexicon import Lexicon
from eventwire.records import Actor, Document

Token = Any

#: prepositions that point at a recipient, most direct first ("with Y" before "at Y")
DIRECTED_PREPS = frozenset({"with", "to", "against", "on", "toward", "towards", "upon",
                            "between", "among"})  # fmt: skip
RECIPIENT_PREPS = DIRECTED_PREPS | {"at", "into", "over", "from", "for", "of"}
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: links through which a verb without a subject takes its governor's ("is about to restore")
CONTROLLED = frozenset({"xcomp", "conj", "advcl", "ccomp", "pcomp", "acomp", "prep"})
SUBJECTS = frozenset({"nsubj", "csubj"})
OBJECTS = frozenset({"dobj", "dative", "obj", "iobj"})
#: possessives that make an object the actor's own
OWN = frozenset({"its", "their", "his", "her", "our"})
# The word sets below are built once here, not at every call.
POBJ = frozenset({"pobj"})
#: prepositions whose objects may hold a recipient's phrase ("the leaders of X")
INNER_PREPS = RECIPIENT_PREPS | {"in", "of"}
UNDIRECTED_PREPS = RECIPIENT_PREPS - DIRECTED_PREPS
CLAIMED = SUBJECTS | {"nsubjpass"}


@dataclass
class Roles:
    """Who acts and who receives, as tokens, with the anchoring verb (if any)."""

    anchor: Token | None
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    #: recipient candidates by preference: objects, directed phrases, other phrases
    tiers: list[list[Token]] = field(default_factory=list)
    #: subjects of a clause the act is about ("X charged that the West was ...")
    claimed: list[Token] = field(default_factory=list)
    symmetric: bool = False  # "talks between X and Y": all are actors


def with_conjuncts(token: Token) -> list[Token]:
    """A head noun and the nouns coordinated with it (lists may run through appositions)."""
    out = [token]
    for child in token.children:
        if child.dep_ in ("conj", "appos"):
            out.extend(with_conjuncts(child))
    return out


def _children(token: Token, deps: frozenset[str]) -> list[Token]:
    return [t for c in token.children if c.dep_ in deps for t in with_conjuncts(c)]


def _pobjs(token: Token, preps: frozenset[str]) -> list[Token]:
    out: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            out.extend(_children(prep, POBJ))
    return out


def _deep_pobjs(token: Token, preps: frozenset[str], depth: int = 2) -> list[Token]:
    """Objects of these prepositions on the token or on the objects of its prepositions."""
    out = _pobjs(token, preps)
    if depth > 1:
        inner = _pobjs(token, INNER_PREPS)
        out += [t for o in inner for t in _deep_pobjs(o, preps, depth - 1) if t not in out]
    return out


def _agent(verb: Token) -> list[Token]:
    """The "by" phrase of a passive, wherever the parser attached it in the clause."""
    for tok in verb.subtree:
        if tok.lower_ == "by" and tok.dep_ in ("agent", "prep") and tok.head.dep_ not in (
            "relcl", "advcl"
        ):
            return _children(tok, POBJ)
    return []


def anchor_of(lexicon: Lexicon, token: Token) -> Token | None:
    """The verb whose subject acts: the trigger itself, or the light verb over a noun."""
    if token.pos_ in ("VERB", "AUX"):
        return token
    if token.dep_ == "nsubjpass" and _is_light(lexicon, token.head):
        return token.head  # "no threats had been made against X"
    node = token
    while node.dep_ in ("dobj", "pobj", "prep", "attr", "conj", "compound", "xcomp"):
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            # only a light verb, a verb taking the noun as object, or one done "in" the act
            # ("staged a strike in protest") shares its subject
            manner = token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.head is node
            shares = _is_light(lexicon, node) or token.dep_ == "dobj" or manner
            return node if shares else None
    if token.dep_ in ("acomp",) or token.pos_ == "ADJ":
        return token.head
    return None


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def _is_light(lexicon: Lexicon, verb: Token) -> bool:
    return _lemma(verb) in lexicon.cue("light")


def _subject(verb: Token) -> tuple[list[Token], list[Token]]:
    """(actors, recipients) from the subject side of a verb, climbing to its controller."""
    node = verb
    for _ in range(4):
        subj = _children(node, SUBJECTS)
        passive = _children(node, frozenset({"nsubjpass"}))
        if subj or passive:
            return subj + (_agent(node) if passive else []), passive
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN"):
            head = node.head
            if head.pos_ == "NOUN" and not head.ent_type_ and head.dep_ == "dobj":
                node = head.head  # "issued a declaration demanding ...": the issuer acts
                continue
            return with_conjuncts(head), []  # "rebels, who attacked"; "groups donated"
        if node.dep_ not in CONTROLLED or node.head is node:
            break
        # "X urged Y to act": Y acts; "X used tear gas to disperse": an instrument does not
        instrument = _lemma(node.head) in words()["instrument_verbs"]
        controller = _children(node.head, OBJECTS) if node.dep_ == "xcomp" \
            and not instrument else []
        if controller:
            return controller, []
        node = node.head
    return _pobjs(verb, frozenset({"by"})), []


def _noun_roles(noun: Token) -> tuple[list[Token], list[Token], bool]:
    between = _pobjs(noun, frozenset({"between", "among"}))
    if between:
        return between, [], True
    actors = _children(noun, frozenset({"poss"})) + _pobjs(noun, frozenset({"by", "from"}))
    actors += [c for c in noun.children if c.dep_ in ("amod", "compound") and c.ent_type_]
    return actors, _pobjs(noun, RECIPIENT_PREPS - {"from"}), False


def dateline_end(sent: Any) -> int:
    """Token index after a dateline ("KYIV, 5 August 2023 -") opening the sentence, if any."""
    head = [sent.doc[i] for i in range(sent.start, min(sent.start + 10, sent.end))]
    if not head or not head[0].text.isupper() or len(head[0].text) < 2:
        return sent.start  # type: ignore[no-any-return]
    dashes = [t.i for t in head if t.text in ("-", "\u2013", "\u2014", "--")]
    return dashes[0] + 1 if dashes else sent.start  # type: ignore[no-any-return]


def find_roles(lexicon: Lexicon, trigger: Token, sent: Any) -> Roles:
    """Actor and recipient tokens of one trigger of the sentence ``sent`` (a dateline names
    no party)."""
    roles = _find_roles(lexicon, trigger)
    start = dateline_end(sent)
    if start > sent.start:
        roles.actors = [t for t in roles.actors if t.i >= start]
        roles.tiers = [[t for t in tier if t.i >= start] for tier in roles.tiers]
        roles.recipients = [t for t in roles.recipients if t.i >= start]
    return roles


def _find_roles(lexicon: Lexicon, trigger: Token) -> Roles:
    anchor = anchor_of(lexicon, trigger)
    roles = Roles(anchor)
    if trigger.pos_ != "VERB":
        roles.actors, roles.recipients, roles.symmetric = _noun_roles(trigger)
    if roles.symmetric and anchor is not None:
        # "X undertook a mediation mission between Y and Z": X acts, Y and Z receive
        third = [t for t in _subject(anchor)[0] if t not in roles.actors and t.i != trigger.i]
        if third:
            roles.actors, roles.recipients, roles.symmetric = third, roles.actors, False
            roles.tiers = [roles.recipients]
            return roles
    if anchor is not None and not roles.symmetric:
        actors, passive = _subject(anchor)
        if not actors and _lemma(anchor) in lexicon.cue("passive_actor"):
            actors, passive = passive, []  # "forces were engaged in ethnic cleansing"
        roles.actors = roles.actors or actors
        all_objects = _children(anchor, OBJECTS)
        objects = [o for o in all_objects if o.i != trigger.i]
        passive = [p for p in passive if p.i != trigger.i]
        # the actor's own ("withdrew its troops from Lebanon") receive only if no one else does
        own = [o for o in objects if any(c.dep_ == "poss" and c.lower_ in OWN for c in o.children)]
        roles.tiers = [passive + [o for o in objects if o not in own] + roles.recipients]
        roles.claimed = [s for c in anchor.children if c.dep_ == "ccomp"
                         for s in _children(c, CLAIMED)]  # fmt: skip
        for preps in (DIRECTED_PREPS, UNDIRECTED_PREPS):
            tier = _deep_pobjs(anchor, preps)
            for obj in all_objects:
                tier += _deep_pobjs(obj, preps)
            roles.tiers.append(tier)
        roles.tiers.append(own)
        roles.recipients = [t for tier in roles.tiers for t in tier]
    else:
        roles.tiers = [roles.recipients]
    return roles


Span = tuple[int, int, Actor]


Spans = tuple[list[Span], list[Span], list[Span]]
#: the spans of the document being coded (built once per document, not per token)
_CURRENT: ContextVar[tuple[Document, Spans] | None] = ContextVar("_CURRENT", default=None)


def index_document(doc: Document) -> None:
    """Index a document's actor spans before coding it (resolution then reads the index)."""
    _CURRENT.set((doc, _build_spans(doc)))


def _spans(doc: Document) -> Spans:
    current = _CURRENT.get()
    if current is not None and current[0] is doc:
        return current[1]
    return _build_spans(doc)


def _build_spans(doc: Document) -> Spans:
    """Actor spans from mentions; then resolved places ("the port of Odesa" is Ukraine's,
    as PLOVER codes a city to its country); then named entities left unresolved."""
    mentions = [(m.start, m.end, m.actor) for m in doc.mentions]
    places = [(p.start, p.end, Actor(entity_text=p.text, name=p.name or p.text,
                                     code=p.country_code, sector="CVL"))
              for p in doc.places if p.country_code]  # fmt: skip
    entities = [(e.start, e.end, e.actor or Actor(entity_text=e.text, name=e.text))
                for e in doc.entities if e.label in ACTOR_LABELS]  # fmt: skip
    return mentions, places, entities


def _resolve_in(spans: list[Span], token: Token, start: int, end: int, left: Token) -> list[Actor]:
    """Actors of the spans over the token (chars [start, end)) or inside its phrase, which
    begins at ``left``."""
    covering = [s for s in spans if s[0] < end and start < s[1]]
    # the words by index: slicing the Doc would build a Span (a dozen token reads' worth)
    doc = token.doc
    if covering and not any(doc[k].dep_ == "cc" for k in range(left.i, token.i)):
        longest = max(s[1] - s[0] for s in covering)
        return [s[2] for s in covering if s[1] - s[0] == longest]
    # "Hungarian and Romanian officials", "Fornost and the evil Gondor" (parsed as one phrase)
    inside = sorted((s for s in spans if s[0] >= left.idx and s[1] <= end), key=lambda s: s[0])
    return [s[2] for s in inside] or [s[2] for s in covering]


def resolve(doc: Document, token: Token) -> list[Actor]:
    """The actors a head noun refers to, through mentions (or, failing them, entities)."""
    start, end, left = token.idx, token.idx + len(token.text), token.left_edge
    for spans in _spans(doc):
        found = _resolve_in(spans, token, start, end, left)
        if found:
            return [_with_country(doc, token, a) for a in found]
    if token.pos_ not in ("NOUN", "NUM"):
        return []
    # "the government of Gondor", "an attack by Osgiliath soldiers", "thousands of Nigerians"
    return [a for o in _pobjs(token, frozenset({"of", "by"})) for a in resolve(doc, o)]


def _with_country(doc: Document, token: Token, actor: Actor) -> Actor:
    """An uncoded actor takes the code its phrase gives it: "King Hassan of Morocco",
    "the Bush administration" (a coded modifier or "of" phrase)."""
    if actor.code:
        return actor
    left = token.left_edge.idx
    inside = [m.actor for m in doc.mentions
              if m.start >= left and m.end <= token.idx and m.actor.code]  # fmt: skip
    of = [a for o in _pobjs(token, frozenset({"of"})) for a in resolve(doc, o) if a.code]
    donors = inside or of
    return replace(actor, code=donors[0].code) if donors else actor


def _unresolved(doc: Document, token: Token) -> list[Actor]:
    # A described party without a known code ("Senior officials", "rebels") is still a party.
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("DATE", "TIME", "CARDINAL"):
        return []
    text = doc.text[token.left_edge.idx : token.idx + len(token.text)]  # the parsed text
    unknown_hands = _lemma(token) in words()["unknown_hands"]
    code = _place_country(doc, token.sent) if unknown_hands else None
    return [Actor(entity_text=text, name=text, code=code)]


def _place_country(doc: Document, sent: Any) -> str | None:
    """The one country the sentence's places lie in: CAMEO codes an act of unknown hands
    ("a roadside bombing near Samarra killed ...") with the country where it happened."""
    lo, hi = sent.start_char, sent.end_char
    codes = {m.actor.code for m in doc.mentions if m.kind == "place" and lo <= m.start < hi}
    parties = [m for m in doc.mentions if m.kind != "place"]
    # a place inside a party's phrase is that party's nationality ("US servicemen")
    codes |= {p.country_code for p in doc.places if lo <= p.start < hi
              and not any(m.start <= p.start and p.end <= m.end for m in parties)}
    codes.discard(None)
    return codes.pop() if len(codes) == 1 else None


def first_party_after(doc: Document, token: Token, exclude: list[Actor]) -> list[Actor]:
    """The first party named after the trigger in its own phrase (a fallback recipient)."""
    from eventwire.coding.triggers import phrase_after

    for tok in phrase_after(token):
        if tok.pos_ in ("PROPN", "NOUN") and tok.dep_ not in ("compound", "amod", "poss"):
            found = [a for a in resolve(doc, tok) if a not in exclude]
            if found:
                return [replace(a) for a in found]
    return []


def actors_of(doc: Document, tokens: list[Token], described: bool = False) -> list[Actor]:
    """Distinct actors of a list of tokens, in order, copied for the event.

    With ``described``, a noun that resolves to no actor still counts as an uncoded party
    (used for the acting side: "senior officials agreed").
    """
    out: list[Actor] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    found = [resolve(doc, t) for t in tokens]
    if described and not any(found):
        found = [_unresolved(doc, t) for t in tokens]
    for actors in found:
        for actor in actors:
            key = (actor.code, actor.sector, None if actor.code else actor.name)
            if key not in seen:
                seen.add(key)
                out.append(replace(actor))
    return out
