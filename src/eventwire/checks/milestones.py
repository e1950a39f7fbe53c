"""date_conflict for agreements: one milestone of one agreement given two days.

"The truce, which took effect on 24 November" and "since the truce began on 22 November":
both date the truce's start. Milestones and their verbs are in
``resources/checks/milestones.tsv``; different milestones (signed, started) may fall on
different days and are never compared.
"""

from __future__ import annotations

from typing import Any

from eventwire.checks.common import CheckContext, word_list, word_table
from eventwire.checks.gatherings import CALENDAR_VALUE
from eventwire.records import DateExpr, Flag

#: How a verb stands to the agreement noun: it modifies it or has it as subject or object.
NOUN_ROLES = frozenset({"nsubj", "nsubjpass", "dobj"})
VERB_MODIFIERS = frozenset({"acl", "relcl"})


def _milestone(verb: Any) -> str | None:
    """The milestone a verb names ("took effect" → "started")."""
    table = word_table("milestones.tsv")
    for child in verb.children:
        if child.dep_ in ("dobj", "prep"):
            obj = child if child.dep_ == "dobj" else next(
                (c for c in child.children if c.dep_ == "pobj"), None)
            words = [verb.lemma_.lower(), *([child.lower_] if child.dep_ == "prep" else []),
                     *([obj.lemma_.lower()] if obj is not None else [])]
            if " ".join(words) in table:
                return table[" ".join(words)]
    return table.get(verb.lemma_.lower())


def _verbs(tok: Any) -> list[Any]:
    """The verbs that say what happened to the agreement at ``tok``."""
    out = [c for c in tok.children if c.dep_ in VERB_MODIFIERS and c.pos_ == "VERB"]
    doc = tok.doc
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and doc[tok.i + 2].tag_ == "VBN":
        out.append(doc[tok.i + 2])  # "the agreement, signed on …": the parser may hang it higher
    if tok.dep_ in NOUN_ROLES and tok.head.pos_ == "VERB":
        out.append(tok.head)
    return out


def _dates_of(ctx: CheckContext, verb: Any) -> list[DateExpr]:
    """Calendar dates in the "on"/"in" phrases of a verb."""
    found: list[DateExpr] = []
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "in"):
            span = list(prep.subtree)
            found += [d for d in ctx.dates_in(span[0].idx, span[-1].idx + len(span[-1].text))
                      if CALENDAR_VALUE.match(d.value[:10])]
    return found


def _clash(a: str, b: str) -> bool:
    return not (a.startswith(b) or b.startswith(a))


def check(ctx: CheckContext) -> list[Flag]:
    """Agreements whose one milestone is given two days."""
    nouns, mods = word_list("agreements.txt"), word_list("instance_modifiers.txt")
    seen: dict[tuple[str, str], DateExpr] = {}
    flags: list[Flag] = []
    for i, lemma in enumerate(ctx.lemmas):
        if lemma not in nouns:
            continue
        tok = ctx.doc.nlp[i]
        if tok.tag_ not in ("NN", "NNP"):
            continue
        if any(c.lower_ in mods or c.dep_ == "det" and c.lower_ in ("a", "an") for c in
               tok.children):
            continue  # "a deal", "the previous truce": not the article's agreement
        for verb in _verbs(tok):
            milestone = _milestone(verb)
            for d in _dates_of(ctx, verb) if milestone else []:
                key = (tok.lemma_.lower(), str(milestone))
                first = seen.setdefault(key, d)
                if _clash(first.value[:10], d.value[:10]) and not flags:
                    flags.append(Flag("date_conflict",
                                      f"the {key[0]} is {key[1]} on {first.value[:10]} and on "
                                      f"{d.value[:10]}", [(first.start, first.end),
                                                          (d.start, d.end)]))
    return flags
