"""number_conflict: one count given incompatible values without an update cue.

Counts are the same count when they count the same thing: a casualty or arrest count of the
same kind of people ("12 people were killed" / "20 people were killed"), or a count of the
same object by the same verb ("launched 300 drones" / "launched 250 drones"). Two values
conflict when their ranges ("at least 12", "about 20", "up to 30") cannot overlap and neither
sentence announces a change ("rose to", "revised", "another").
"""

from __future__ import annotations

import math
import re
from typing import Any

from eventwire.amounts import SIZE_KINDS
from eventwire.checks.common import CheckContext, Span, event_dates, token_at, word_list
from eventwire.records import Amount, Flag

LOWER_BOUND = ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than")
UPPER_BOUND = ("up to", "fewer than", "less than", "under", "at most", "no more than")
NEAR = ("about", "around", "some", "roughly", "approximately", "an estimated", "nearly",
        "almost", "close to", "estimated")
#: Relative width of an approximate count ("about 20" covers 16..24).
NEAR_WIDTH = 0.2
SAME_OBJECT = {"people": "people", "person": "people", "persons": "people"}


def value_range(ctx: CheckContext, a: Amount) -> tuple[float, float]:
    """The values an amount allows, from its qualifier ("at least", "about", ...)."""
    before = ctx.doc.text[max(a.start - 16, 0) : a.start].lower()
    head = f"{before} {a.text.lower()}"  # spaCy often keeps "at least" inside the entity
    if any(q in head for q in LOWER_BOUND):
        return a.value, math.inf
    if any(q in head for q in UPPER_BOUND):
        return 0.0, a.value
    if any(re.search(rf"\b{q}\b", head) for q in NEAR):
        return a.value * (1 - NEAR_WIDTH), a.value * (1 + NEAR_WIDTH)
    return a.value, a.value


def _object_key(obj: str | None) -> str:
    word = (obj or "people").lower().split()[-1]
    return SAME_OBJECT.get(word, word.rstrip("s"))


#: The subject of a count whose verb names no one ("55 drones were launched").
ANYONE = "?"


def _who(ctx: CheckContext, verb: Any) -> str | None:
    """Who does ``verb``: its subject, a passive's "by" agent, else :data:`ANYONE`."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        if not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return None
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if subj is None:
            return ANYONE
    if subj.pos_ == "PRON":
        return None
    actor = ctx.doc.actor_at(subj.idx, subj.idx + len(subj.text))
    # "Fighting" lemmatises to "fight" as a subject but not after "the": keep gerunds whole.
    word = subj.lower_ if subj.lower_.endswith("ing") else subj.lemma_.lower()
    return actor.name if actor is not None else word


def _count_verb(ctx: CheckContext, a: Amount) -> str | None:
    """ "<subject>|<verb>" of a count ("Russia|launch" for "Russia launched 40 drones";
    "?|release" for "the 17 hostages released on Friday")."""
    span = ctx.doc.nlp.char_span(a.start, a.end, alignment_mode="expand")
    if span is None or span.end < len(ctx.doc.nlp) and ctx.doc.nlp[span.end].lower_ == "of":
        return None  # "ten of the 18 staffers" is a part, not the count
    tok = span.root.head if span.root.dep_ == "nummod" else span.root
    participle = next((c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
    if participle is not None:
        return f"{ANYONE}|{participle.lemma_}"
    verb = tok.head
    who = _who(ctx, verb) if verb.pos_ == "VERB" else None
    # who counted matters: "X stopped 27 shots", "Y stopped 22 shots"
    return f"{who}|{verb.lemma_}" if who is not None else None


def count_key(ctx: CheckContext, a: Amount) -> str | None:
    """What an amount counts, or None when it cannot be compared with another."""
    if a.kind in SIZE_KINDS:
        return f"{a.kind}:{_object_key(a.object)}"
    if a.kind == "count" and a.object and ctx.doc.nlp is not None:
        verb = _count_verb(ctx, a)
        return f"count:{_object_key(a.object)}:{verb}" if verb else None
    return None


def same_count(k1: str | None, k2: str | None) -> bool:
    """Whether two count keys count the same thing; an unnamed subject matches any."""
    if not k1 or not k2 or "|" not in k1 or "|" not in k2:
        return bool(k1) and k1 == k2
    (head1, verb1), (head2, verb2) = k1.split("|", 1), k2.split("|", 1)
    (what1, who1), (what2, who2) = head1.rsplit(":", 1), head2.rsplit(":", 1)
    return what1 == what2 and verb1 == verb2 and (who1 == who2 or ANYONE in (who1, who2))


def _has_update_cue(ctx: CheckContext, sent: Span) -> bool:
    text = ctx.doc.text[sent[0] : sent[1]].lower()
    return any(re.search(rf"\b{re.escape(c)}\b", text) for c in word_list("update_cues.txt"))


def _setting_places(ctx: CheckContext, sent: Span) -> set[str]:
    """Places named in a sentence; a nationality ("five Indians") places nothing."""
    nlp = ctx.doc.nlp
    return {p.name or p.text for p in ctx.doc.places if sent[0] <= p.start < sent[1]
            and not (nlp is not None and token_at(nlp, p.start).ent_type_ == "NORP")}


def _different_setting(ctx: CheckContext, s1: Span, s2: Span) -> bool:
    """Sentences naming different places or dates report different events."""
    p1, p2 = _setting_places(ctx, s1), _setting_places(ctx, s2)
    d1, d2 = {d.value for d in event_dates(ctx, s1)}, {d.value for d in event_dates(ctx, s2)}
    return bool((p1 and p2 and not p1 & p2) or (d1 and d2 and not d1 & d2))


def _conflict(ctx: CheckContext, a: Amount, b: Amount) -> bool:
    (lo1, hi1), (lo2, hi2) = value_range(ctx, a), value_range(ctx, b)
    if hi1 >= lo2 and hi2 >= lo1:
        return False
    s1, s2 = ctx.sentence_at(a.start), ctx.sentence_at(b.start)
    if s1 == s2 or _has_update_cue(ctx, s1) or _has_update_cue(ctx, s2):
        return False
    return not _different_setting(ctx, s1, s2)


def check(ctx: CheckContext) -> list[Flag]:
    """Pairs of amounts counting the same thing with values that cannot both be right."""
    keyed = [(count_key(ctx, a), a) for a in ctx.doc.amounts]
    flags: list[Flag] = []
    flagged: set[str] = set()
    for i, (k1, a) in enumerate(keyed):
        if not k1 or k1 in flagged:
            continue  # one flag per count is enough for a reader
        clash = next((b for k2, b in keyed[i + 1 :]
                      if same_count(k1, k2) and _conflict(ctx, a, b)), None)
        if clash is not None:
            flagged.add(k1)
            what = k1.split(":")[1] if k1 else "count"
            flags.append(Flag("number_conflict",
                              f"{a.kind} {what}: {a.text!r} and later {clash.text!r} without "
                              f"an update", [(a.start, a.end), (clash.start, clash.end)]))
    return flags
