"""Mentions of one gathering ("the G20 meeting in Mumbai", "the Delhi meeting") with the
place and date the text gives each mention; the location and date checks compare them.

A mention is skipped when it plainly names another instance ("a meeting", "the previous
summit", "the 2022 summit"): those are different gatherings, not contradictions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from eventwire.checks.common import (
    CheckContext,
    Span,
    different_places,
    word_list,
    word_table,
)
from eventwire.records import DateExpr, Place
from eventwire.timex_values import parse_date as parse_day

#: Verbs whose date is the gathering's own date ("the summit was held on Monday").
HOLD_VERBS = frozenset({"hold", "take", "meet", "convene", "be", "happen", "occur", "gather",
                        "attend", "host", "stage", "carry", "hit", "strike"})
ORG_LABELS = frozenset({"ORG", "NORP", "EVENT"})
#: "for (a round of) talks", "at the summit": prepositions that tie a gathering to the verb.
PURPOSE_PREPS = frozenset({"for", "of", "at", "to"})
MAX_PREP_HOPS = 3
CALENDAR_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class GatheringMention:
    """One mention of a gathering and what the text says of its place and date."""

    key: str
    org: str | None
    head: Span
    place: Place | None = None
    dates: list[DateExpr] = field(default_factory=list)
    when: set[str] = field(default_factory=set)  # calendar dates anywhere in its sentence


def calendar_values(dates: list[DateExpr]) -> set[str]:
    """The TIMEX3 values that are calendar dates ("2023-03", "2023-03-02")."""
    return {d.value for d in dates if CALENDAR_VALUE.match(d.value)}


def _compatible(a: str, b: str, days: int = 1) -> bool:
    """Whether two calendar values may date one gathering lasting up to ``days`` days."""
    if a.startswith(b) or b.startswith(a):
        return True
    da, db = parse_day(a), parse_day(b)
    return da is not None and db is not None and abs((da - db).days) < days


def gathering_days(key: str) -> int:
    """How many days a gathering named by ``key`` ("G20 summit") may last."""
    table = word_table("gathering_days.tsv")
    return int(table.get(key.split()[-1], "1"))


def dated_apart(a: GatheringMention, b: GatheringMention) -> bool:
    """Whether two mentions' sentences carry only dates too far apart for one gathering."""
    days = gathering_days(a.key)
    return bool(a.when and b.when) and not any(
        _compatible(x, y, days) for x in a.when for y in b.when)


def placed_apart(a: GatheringMention, b: GatheringMention) -> bool:
    """Whether two mentions are placed in different places (see common.different_places)."""
    return a.place is not None and b.place is not None and different_places(a.place, b.place)


def _is_other_instance(tok: Any) -> bool:
    mods = word_list("instance_modifiers.txt")
    for child in tok.children:
        if child.dep_ == "det" and child.lower_ in ("a", "an", "another", "each", "every"):
            return True
        if child.lower_ in mods or child.dep_ == "nummod":
            return True
        if child.ent_type_ == "DATE" and not _is_length(child):
            return True
    return False


def _is_length(tok: Any) -> bool:
    """Whether a date modifier gives a length ("three-day"), not an instance ("2022")."""
    return tok.lemma_.lower() in word_list("length_units.txt") and any(
        c.dep_ == "nummod" for c in tok.children)


def _entity_place(ctx: CheckContext, tok: Any, named: bool = False) -> Place | None:
    """The place at a token: the places stage's, or a bare name when it found none.

    With ``named`` (the object of "in"/"at"), a proper noun the tagger took for a person
    counts too: "the attack in Mykolaiv" names a place whatever the entity label says.
    """
    span = (tok.idx, tok.idx + len(tok.text))
    place = ctx.place_at(*span)
    labels = PLACE_LABELS | ({"PERSON", ""} if named and tok.pos_ == "PROPN" else set())
    if place is None and tok.ent_type_ in labels:
        own = tok.doc[tok.i : tok.i + 1]
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), own)
        place = Place(ent.text, ent.start_char, ent.end_char, name=ent.text)
    return place


def _prep_place(ctx: CheckContext, tok: Any) -> Place | None:
    """The place of "<gathering> in/at X" (also "held in X")."""
    heads = [tok, *[c for c in tok.children if c.dep_ == "acl"]]
    preps = [p for h in heads for p in h.children]
    after = tok.right_edge.i + 1
    if after < len(tok.doc) and tok.doc[after].head.i == tok.head.i:
        # "told the conference in Berlin": the parser hangs "in Berlin" on the verb, but
        # right after the noun it is the noun's place.
        preps.append(tok.doc[after])
    for prep in preps:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and (place := _entity_place(ctx, obj, named=True)):
                    return place
    return None


def _compound_place(ctx: CheckContext, tok: Any) -> Place | None:
    """The place of "the Delhi meeting"."""
    for child in tok.lefts:
        if child.dep_ in ("compound", "nmod", "amod") and (place := _entity_place(ctx, child)):
            return place
    return None


def _org(ctx: CheckContext, tok: Any) -> str | None:
    """The organisation that names the gathering ("G20", "NATO"); a place is none of them
    even when the tagger says so ("the Abu Dhabi summit")."""
    for child in tok.lefts:
        if child.dep_ in ("compound", "nmod", "poss") and child.ent_type_ in ORG_LABELS and (
            ctx.place_at(child.idx, child.idx + len(child.text)) is None
        ):
            return str(child.text)
    return None


def _holder(tok: Any) -> tuple[Any, str]:
    """The verb whose date is the gathering's and the gathering's role under it; "met on
    Monday for a new round of talks" climbs from "talks" to "met" (taken as its object)."""
    node = tok
    for _ in range(MAX_PREP_HOPS):
        prep = node.head
        if node.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in PURPOSE_PREPS:
            break
        node = prep.head
        if node.pos_ == "VERB":
            return node, "dobj"
    return node.head, node.dep_


def own_dates(ctx: CheckContext, tok: Any) -> list[DateExpr]:
    """Dates in the gathering's phrase, or on the verb that holds it."""
    sub = list(tok.subtree)
    found = ctx.dates_in(sub[0].idx, sub[-1].idx + len(sub[-1].text))
    verb, role = _holder(tok)
    if not found and verb.lemma_ in HOLD_VERBS and role in ("nsubj", "nsubjpass", "dobj"):
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "in"):
                span = list(prep.subtree)
                found += ctx.dates_in(span[0].idx, span[-1].idx + len(span[-1].text))
    return found


def mentions(ctx: CheckContext) -> list[GatheringMention]:
    """Every definite mention of a gathering in the document."""
    nouns = word_list("gatherings.txt")
    out: list[GatheringMention] = []
    for i, lemma in enumerate(ctx.lemmas):
        if lemma not in nouns:
            continue
        tok = ctx.doc.nlp[i]
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.tag_ in ("NNS", "NNPS") and tok.lower_ not in ("talks", "negotiations"):
            continue  # "the strikes" may be many events in many places
        if _is_other_instance(tok):
            continue
        place = _prep_place(ctx, tok) or _compound_place(ctx, tok)
        head = (tok.idx, tok.idx + len(tok.text))
        mention = GatheringMention(tok.lemma_.lower(), _org(ctx, tok), head, place)
        mention.dates = own_dates(ctx, tok)
        mention.when = calendar_values(ctx.dates_in(*ctx.sentence_at(tok.idx)))
        out.append(mention)
    return out


def grouped(ctx: CheckContext) -> dict[str, list[GatheringMention]]:
    """Mentions by gathering; an unnamed "the meeting" joins the article's one named one.
    Read once per document: the location and the date checks both ask."""
    if ctx.gatherings is None:
        ctx.gatherings = _grouped(ctx)
    return ctx.gatherings


def _grouped(ctx: CheckContext) -> dict[str, list[GatheringMention]]:
    found = mentions(ctx)
    orgs: dict[str, set[str]] = defaultdict(set)
    for m in found:
        if m.org:
            orgs[m.key].add(m.org)
    groups: dict[str, list[GatheringMention]] = defaultdict(list)
    for m in found:
        org = m.org or (next(iter(orgs[m.key])) if len(orgs[m.key]) == 1 else None)
        groups[f"{org} {m.key}" if org else m.key].append(m)
    return dict(groups)
