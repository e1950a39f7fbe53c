"""speaker_conflict: a quote attributed to someone other than the one the text says gave it.

Two signals: a speech the sentence gives an owner ("a version of his speech", "Blinken's
remarks") introduced as said by someone else ("Obama stated"), and one quote attributed to
two different speakers in the same article.
"""

from __future__ import annotations

import re
from typing import Any

from eventwire.checks.common import CheckContext, Span, same_actor, word_list
from eventwire.records import Actor, Flag, Quote
from eventwire.stages.quotes import lexicon

POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their"})
PEOPLE = frozenset({"PERSON", "ORG"})
#: A possessor's name may be mislabelled ("Scholz" as a place): any name label will do.
NAMES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})
#: Quotes shorter than this many words are too common to tie two speakers together.
MIN_SHARED_WORDS = 6


def _entity_actor(ctx: CheckContext, start: int, end: int, labels: frozenset[str] = PEOPLE
                  ) -> Actor | None:
    actor = ctx.doc.actor_at(start, end)
    if actor is not None:
        return actor
    for ent in ctx.doc.entities:
        if ent.start < end and start < ent.end and ent.label in labels:
            return ent.actor or Actor(ent.text, ent.text)
    return None


def antecedent(ctx: CheckContext, before: int) -> Actor | None:
    """The last person named before ``before``: who a possessive pronoun points back to."""
    people = [e for e in ctx.doc.entities if e.label == "PERSON" and e.end <= before]
    if not people:
        return None
    last = people[-1]
    return _entity_actor(ctx, last.start, last.end)


def _mentioned_before(ctx: CheckContext, actor: Actor, before: int) -> bool:
    spans = [(e.start, e.end) for e in ctx.doc.entities if e.label == "PERSON" and e.end <= before]
    return any(same_actor(actor, _entity_actor(ctx, a, b)) for a, b in spans
               if _entity_actor(ctx, a, b) is not None)


def _subjects(verb: Any) -> list[Any]:
    """The subject of ``verb`` and the names joined to it ("Biden and Harris")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return [] if subj is None else [subj, *[c for c in subj.subtree if c.dep_ == "conj"]]


def _giver(tok: Any) -> list[Any]:
    """Who gives the speech at an earlier ``tok``: "X addressed …", "X delivered a speech"."""
    if tok.pos_ in ("VERB", "AUX"):
        return _subjects(tok)
    head = tok
    while head.dep_ not in ("ROOT", "relcl", "acl") and head.head.i != head.i:
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return _subjects(head)
    return []


def _is_definite(tok: Any) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)


def _earlier_speech(ctx: CheckContext, tok: Any, before: int) -> tuple[Any, list[Actor]] | None:
    """The token and givers of the speech that a definite "the speech" refers back to.

    "Tinubu addressed the nation in a broadcast. … X said in the broadcast": the broadcast is
    Tinubu's. Only people count: an office's statement read by its spokesman is no conflict.
    """
    if not _is_definite(tok):
        return None
    lemma = tok.lemma_.lower()
    earlier = [t for t in ctx.doc.nlp if t.idx < before and t.lemma_.lower() == lemma]
    for ante in reversed(earlier):
        poss = next((c for c in ante.children if c.dep_ == "poss"), None)
        # "The letter called for …" has no giver: look further back.
        givers = [poss] if poss is not None else [g for g in _giver(ante) if g.i != ante.i]
        if givers:
            actors = [_giver_actor(ctx, g) for g in givers]
            return (ante, [a for a in actors if a is not None]) if all(actors) else None
    return None


def _giver_actor(ctx: CheckContext, tok: Any) -> Actor | None:
    if tok.lower_ in POSSESSIVE_PRONOUNS or tok.pos_ == "PRON":
        return ctx.doc.actor_at(tok.idx, tok.idx + len(tok.text)) or antecedent(ctx, tok.idx)
    if tok.ent_type_ != "PERSON":
        return None
    return _entity_actor(ctx, tok.idx, tok.idx + len(tok.text), frozenset({"PERSON"}))


def _record_owner(ctx: CheckContext, tok: Any, before: int) -> list[Actor]:
    """Who gave the speech that a definite record ("the transcript") with no "of" is of: the
    subject of the last speech verb in the sentences before."""
    if tok.lemma_.lower() not in word_list("speech_records.txt") or not _is_definite(tok):
        return []
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return []
    acts = word_list("speech_acts.txt")
    verbs = [t for t in ctx.doc.nlp if t.idx < before and t.lemma_.lower() in acts
             and t.pos_ in ("VERB", "AUX") and _subjects(t)]
    if not verbs:
        return []
    actors = [_giver_actor(ctx, g) for g in _subjects(verbs[-1])]
    return [a for a in actors if a is not None] if all(actors) else []


def _referred_owner(ctx: CheckContext, sent: Span, quote: Quote) -> tuple[Any, Actor] | None:
    """The speech a definite speech noun of the quote's sentence refers back to, when none
    of the people who gave it is the quote's speaker."""
    nouns = lexicon().nouns
    for tok in ctx.doc.nlp.char_span(*sent, alignment_mode="expand") or []:
        if quote.start <= tok.idx < quote.end:
            continue
        found = _earlier_speech(ctx, tok, sent[0]) if tok.lemma_.lower() in nouns else None
        givers = found[1] if found else _record_owner(ctx, tok, sent[0])
        if givers and not any(same_actor(a, quote.speaker) for a in givers):
            return tok, givers[0]
    return None


def _speech_owner(ctx: CheckContext, sent: Span, quote: Quote) -> tuple[Any, Actor] | None:
    """The possessor token and actor of a speech noun in the quote's sentence."""
    nouns = lexicon().nouns
    for tok in ctx.doc.nlp.char_span(*sent, alignment_mode="expand") or []:
        if quote.start <= tok.idx < quote.end or tok.lemma_.lower() not in nouns:
            continue
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is None:
            continue
        if poss.lower_ in POSSESSIVE_PRONOUNS:
            actor = ctx.doc.actor_at(poss.idx, poss.idx + len(poss.text)) or antecedent(
                ctx, sent[0])
        else:
            actor = _entity_actor(ctx, poss.idx, poss.idx + len(poss.text), NAMES)
            if actor is None and poss.pos_ == "PROPN":
                actor = Actor(poss.text, poss.text, evidence="checks:possessor")
        if actor is not None:
            return poss, actor
    return None


def ownership_conflicts(ctx: CheckContext) -> list[Flag]:
    """Quotes whose sentence names the speech's owner as someone other than the speaker."""
    flags: list[Flag] = []
    for q in ctx.doc.quotes:
        if q.speaker is None or q.speaker_span is None:
            continue
        sent = ctx.sentence_at(q.speaker_span[0])
        found = _speech_owner(ctx, sent, q) or _referred_owner(ctx, sent, q)
        if found is None or same_actor(found[1], q.speaker):
            continue
        poss, owner = found
        # A pronoun may point forward to the speaker ("In his speech, Rutte said"): only a
        # speaker the article has not named before contradicts it.
        if poss.lower_ in POSSESSIVE_PRONOUNS and _mentioned_before(ctx, q.speaker, sent[0]):
            continue
        flags.append(Flag(
            "speaker_conflict",
            f"a speech the text gives to {owner.name} is introduced as said by {q.speaker.name}",
            [(poss.idx, poss.idx + len(poss.text)), q.speaker_span, (q.start, q.end)],
        ))
    return flags


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def duplicate_conflicts(ctx: CheckContext) -> list[Flag]:
    """One quote given to two different speakers."""
    flags: list[Flag] = []
    # Only quotes introduced by a verb: a pull quote repeated without one takes its speaker
    # from the paragraph around it, which is a guess, not the article's claim.
    quotes = [q for q in ctx.doc.quotes
              if q.speaker and q.verb and len(q.text.split()) >= MIN_SHARED_WORDS]
    for i, a in enumerate(quotes):
        for b in quotes[i + 1 :]:
            wa, wb = _words(a.text), _words(b.text)
            if (wa in wb or wb in wa) and not same_actor(a.speaker, b.speaker):
                assert a.speaker and b.speaker
                flags.append(Flag(
                    "speaker_conflict",
                    f"the same words are attributed to {a.speaker.name} and to {b.speaker.name}",
                    [(a.start, a.end), (b.start, b.end)],
                ))
    return flags


def check(ctx: CheckContext) -> list[Flag]:
    """Speaker conflicts of both kinds."""
    if ctx.doc.nlp is None:
        return duplicate_conflicts(ctx)
    return ownership_conflicts(ctx) + duplicate_conflicts(ctx)
