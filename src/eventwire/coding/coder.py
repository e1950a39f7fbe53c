"""Code the acts of a parsed document: trigger → CAMEO code → PLOVER type, roles, aux modes.

:func:`code_document` returns :class:`Coded` acts, one per act (not per trigger or per
sentence). The events stage turns them into :class:`eventwire.records.Event` records; the
PETRARCH evaluation scores their CAMEO codes directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventwire.coding.auxmodes import aux_modes
from eventwire.coding.lexicon import Lexicon, Pattern
from eventwire.coding.roles import (
    Roles,
    actors_of,
    find_roles,
    first_party_after,
    index_document,
    with_conjuncts,
)
from eventwire.coding.triggers import Match, acts, find_matches
from eventwire.records import Actor, Document

Token = Any
#: PLOVER types that need two parties: a meeting with one known side is not coded
NEEDS_TWO = frozenset({"CONSULT"})


@dataclass
class Coded:
    """One coded act before it becomes an Event record."""

    cameo: str
    event: str | None
    mode: list[str]
    context: list[str]
    actors: list[Actor]
    recipients: list[Actor]
    aux: list[str]
    trigger: Token
    sentence: Any
    sequence: int
    confidence: float
    pattern: Pattern
    absorbed: list[Match] = field(default_factory=list)
    conditional: bool = False

    def codes(self, role: str) -> set[str]:
        """Actor codes of "actors" or "recipients"."""
        return {a.code for a in getattr(self, role) if a.code}


#: verbal acts whose target is the subject of the clause they introduce ("charged that X ...")
CLAIM_ROOTS = ("11", "12", "13", "09", "10", "02")


def _recipients(doc: Document, roles: Roles, actors: list[Actor], pattern: Pattern) -> list[Actor]:
    """The first tier of recipient candidates that names anyone other than the actors."""
    if roles.symmetric:
        return []
    for tier in roles.tiers[:1]:
        found = [r for r in actors_of(doc, tier) if r not in actors]
        if found:
            return found
    if roles.claimed and pattern.cameo.startswith(CLAIM_ROOTS):
        found = [r for r in actors_of(doc, roles.claimed, described=True) if r not in actors]
        if found:
            return found
    for tier in roles.tiers[1:]:
        found = [r for r in actors_of(doc, tier) if r not in actors]
        if found:
            return found
    return []


def _meaning(lexicon: Lexicon, pattern: Pattern) -> tuple[str | None, list[str], list[str]]:
    cross = lexicon.describe(pattern.cameo)
    event = pattern.event or (cross.event if cross else None)
    mode = pattern.mode or (cross.mode if cross else None)
    context = list(pattern.context or (cross.context if cross else ()))
    return event, [mode] if mode else [], context


def _speakers(doc: Document, speech: Token) -> list[Actor]:
    subjects = [c for c in speech.children if c.dep_ in ("nsubj", "nsubjpass")]
    return actors_of(doc, subjects)


def _speaker_codes(doc: Document, speech: Token) -> set[str]:
    return {a.code for a in _speakers(doc, speech) if a.code}


def _pronoun_actors(doc: Document, roles: Roles, speech: Token | None) -> list[Actor]:
    """"X said it would ...": an unresolved pronoun subject of a report is its speaker."""
    if speech is None or not roles.actors or roles.actors[0].pos_ != "PRON":
        return []
    return _speakers(doc, speech)


def _clause_weight(token: Token) -> float:
    """Acts of the main clause outrank those of subordinate and relative clauses."""
    deps = {t.dep_ for t in [token, *token.ancestors]}
    if deps & {"advcl", "relcl", "acl"}:
        return -0.1
    return 0.05 if token.dep_ == "ROOT" or token.head.dep_ == "ROOT" else 0.0


def _confidence(pattern: Pattern, actors: list[Actor], recipients: list[Actor],
                aux: list[str], token: Token) -> float:  # fmt: skip
    score = 0.45 + 0.1 * min(pattern.specificity, 2) + _clause_weight(token)
    score += 0.2 if actors else -0.15
    score += 0.1 if recipients else 0.0
    score *= 0.7 if "hypothetical" in aux else 1.0
    return max(0.05, min(0.99, score))


def _retype(lexicon: Lexicon, coded: Coded) -> None:
    conditions: list[str] = [m for m in ("future", "negation", "hypothetical") if m in coded.aux]
    if coded.conditional and {"future", "hypothetical"} & set(coded.aux):
        conditions.insert(0, "ultimatum")
    civil = lexicon.cue("civil_sector")
    sectors = [a.sector for a in coded.actors]
    lemma = str(coded.trigger.lemma_).lower()
    if lemma in lexicon.cue("diplomatic_protest"):
        if sectors and all(sectors) and not any(s in civil for s in sectors):
            conditions.append("state_actor")
        if any(c.dep_ == "ccomp" for c in coded.trigger.children):
            conditions.append("statement")  # "..., a rights group protested": words, not a march
    if len(coded.codes("actors")) > 1:
        conditions.append("joint")
    for when in conditions:
        rule = lexicon.retype.get((coded.event or "", when))
        if rule:
            coded.event, coded.cameo = rule
            cross = lexicon.describe(coded.cameo)
            coded.mode = [cross.mode] if cross and cross.mode else []


def code_match(lexicon: Lexicon, doc: Document, match: Match, sent: Any,
               seq: int, signalled: list[str]) -> Coded | None:  # fmt: skip
    """Code one top-level trigger match, or None when it is no event of its actor;
    ``signalled`` are the contexts the sentence's words signal (:func:`_signalled`)."""
    roles = find_roles(lexicon, match.token, sent)
    aux = aux_modes(lexicon, doc, match.token, roles.anchor)
    actors = actors_of(
        doc, roles.actors + (roles.recipients if roles.symmetric else []), described=True
    ) or _pronoun_actors(doc, roles, aux.speech)
    recipients = _recipients(doc, roles, actors, match.pattern)
    event, mode, context = _meaning(lexicon, match.pattern)
    meeting = event == "CONSULT" and len(actors) > 1  # "the two met": no one else is needed
    if not recipients and not roles.symmetric and not meeting:
        recipients = first_party_after(doc, roles.anchor or match.token, actors)
    speculated = aux.speech is not None and "hypothetical" in aux.modes
    if speculated and not {a.code for a in actors} & _speaker_codes(doc, aux.speech):
        return None  # speculation by a third party ("officials said X could ...") is not X's act
    confidence = _confidence(match.pattern, actors, recipients, aux.modes, match.token)
    coded = Coded(
        cameo=match.pattern.cameo, event=event, mode=mode, context=context, actors=actors,
        recipients=recipients, aux=aux.modes, trigger=match.token, sentence=sent,
        sequence=seq, confidence=confidence, pattern=match.pattern, conditional=aux.conditional,
    )  # fmt: skip
    _retype(lexicon, coded)
    coded.context = [*coded.context, *(c for c in signalled if c not in coded.context)]
    return coded


def _signalled(lexicon: Lexicon, lemmas: list[str]) -> list[str]:
    """The contexts a sentence's words (their lemmas) signal, once each, in text order (and,
    for one word, in manual order); an act's crosswalk contexts come before them."""
    found = [ctx for lemma in lemmas for ctx in lexicon.context_words.get(lemma, ())]
    return list(dict.fromkeys(found))


def _keep(coded: Coded, kept: list[Coded]) -> bool:
    parties = len(coded.actors) + len(coded.recipients)
    if parties == 0:
        return False
    if coded.event in NEEDS_TWO and parties < 2:
        return False
    for k in kept:
        if _same_act(coded, k):
            # "criticised the pact and accused Tokyo": one act, and now we know its target
            k.recipients = k.recipients or coded.recipients
            return False
    return True


def _same_act(a: Coded, b: Coded) -> bool:
    # the same parties, or the same actors with the recipient left implicit in one mention
    ra, rb = a.codes("recipients"), b.codes("recipients")
    same_parties = a.codes("actors") == b.codes("actors") and (ra == rb or not ra or not rb)
    near = a.sequence == b.sequence or (a.event == "CONSULT" and a.aux == b.aux)
    return a.event == b.event and same_parties and near


OBLIGATION = "rule:obligation"


def _obliged(lexicon: Lexicon, speech: Token) -> Token | None:
    """The reported clause of ``speech`` that states an obligation ("Y must ..."), if any."""
    for clause in speech.children:
        modals = {c.lower_ for c in clause.children if c.dep_ == "aux"}
        if clause.dep_ == "ccomp" and modals & lexicon.cue("obligation"):
            return clause
    return None


def obligations(lexicon: Lexicon, doc: Document, sent: Any, seq: int,
                lemmas: list[str]) -> list[Coded]:  # fmt: skip
    """"X said Y must ...": a demand (REQUEST) by the speaker on Y (``lemmas``: of the
    sentence's tokens)."""
    out = []
    speech = lexicon.cue("speech")
    for k, lemma in enumerate(lemmas):
        if lemma not in speech:
            continue  # the token is not even read: ``sent[k]`` builds a new Token object
        tok = sent[k]
        clause = _obliged(lexicon, tok)
        if clause is None:
            continue
        speakers = _speakers(doc, tok)
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        targets = [a for a in actors_of(doc, [t for s in subjects for t in with_conjuncts(s)])
                   if a not in speakers]  # fmt: skip
        if speakers and targets:
            pattern = Pattern(trigger=lemma, pos="V", cameo="100", source=OBLIGATION)
            event, mode, context = _meaning(lexicon, pattern)
            confidence = _confidence(pattern, speakers, targets, [], tok)
            out.append(Coded("100", event, mode, context, speakers, targets, [], tok, sent, seq,
                             confidence, pattern))  # fmt: skip
    return out


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def _reports_an_act(lexicon: Lexicon, coded: Coded, sentence: list[Coded]) -> bool:
    """Whether a speech act's clause holds another coded act (then only that act counts)."""
    if _lemma(coded.trigger) not in lexicon.cue("speech") or coded.pattern.source == OBLIGATION:
        return False
    inside = {t.i for t in coded.trigger.subtree}
    return any(o is not coded and o.trigger.i in inside for o in sentence)


def code_document(lexicon: Lexicon, doc: Document, keep_all: bool = False) -> list[Coded]:
    """All acts of a document, in text order, one per act."""
    out: list[Coded] = []
    index_document(doc)
    for seq, sent in enumerate(doc.nlp.sents):
        tokens = list(sent)  # read once: each read of a Span's tokens builds new Token objects
        lemmas = [_lemma(t) for t in tokens]
        coded_sent = obligations(lexicon, doc, sent, seq, lemmas)
        found = list(acts(find_matches(lexicon, sent, lemmas, tokens)))
        signalled = _signalled(lexicon, lemmas) if found else []
        for match, absorbed in found:
            coded = code_match(lexicon, doc, match, sent, seq, signalled)
            if coded is not None:
                coded.absorbed = absorbed
                coded_sent.append(coded)
        for coded in coded_sent:
            if _reports_an_act(lexicon, coded, coded_sent):
                continue
            if keep_all or _keep(coded, out):
                out.append(coded)
    return out
