"""role_anachronism: a person given a role they did not hold at the article's date.

Uses the office-holder table of :mod:`eventwire.actorkb` (``offices_of``, ``title``,
``lookup``). Two signals: a title before a name ("German Chancellor Angela Merkel" in 2024),
and a former office holder quoted as the voice of his government (a sentence that also names
that government, e.g. its foreign ministry). People the table does not know are never
flagged; sentences that carry their own earlier date are history, not anachronism.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta
from typing import Any

from eventwire.checks.common import CheckContext, Span
from eventwire.records import Actor, Entity, Flag
from eventwire.timex_values import parse_date as parse_day

FORMER_WORDS = frozenset({"former", "ex", "ex-", "then", "then-", "late", "past", "outgoing"})
#: Days after a term's end in which the title is still news usage, not an anachronism.
TRANSITION_DAYS = 7
#: Words before a name tried as a title ("secretary of state" is three).
MAX_TITLE_WORDS = 4


def _year_of(value: str) -> int | None:
    return int(value[:4]) if value[:4].isdigit() else None


def reference_day(ctx: CheckContext, sent: Span) -> date | None:
    """The article's date, unless the sentence dates itself in an earlier year."""
    pub = ctx.pub_day
    if pub is None:
        return None
    for expr in ctx.dates_in(*sent):
        year = _year_of(expr.value)
        if year is not None and year < pub.year:
            return None
    return pub


def person_name(ctx: CheckContext, ent: Entity, kb: Any, day: date) -> str | None:
    """The canonical name of a person entity, as the actors stage or the KB knows it."""
    actor = ctx.doc.actor_at(ent.start, ent.end) or ent.actor
    if actor is not None and actor.name:
        return actor.name
    res = kb.lookup(ent.text, day)
    return str(res.entry.name) if res is not None and res.entry.kind == "person" else None


def _title_before(ctx: CheckContext, ent: Entity, kb: Any) -> tuple[Any, Span] | None:
    """The title rule and span of the words right before a name, unless marked former."""
    sent = ctx.doc.nlp.char_span(*ctx.sentence_at(ent.start), alignment_mode="expand")
    end = bisect_left(ctx.token_starts, ent.start, sent.start, sent.end)  # tokens before it
    toks = [ctx.doc.nlp[i] for i in range(max(sent.start, end - MAX_TITLE_WORDS - 1), end)]
    words = toks[-(MAX_TITLE_WORDS + 1) :]
    if any(t.lower_.rstrip("-") in FORMER_WORDS or t.lower_ in FORMER_WORDS for t in words):
        return None
    for n in range(min(MAX_TITLE_WORDS, len(toks)), 0, -1):
        phrase = " ".join(t.lower_ for t in toks[-n:])
        rule = kb.title(phrase)
        if rule is not None and rule.office and not rule.former:
            return rule, (toks[-n].idx, ent.start)
    return None


def _held(terms: list[Any], day: date) -> bool:
    """Whether one of ``terms`` covers ``day`` or ended just before it: the day after a coup
    or a resignation, reports still give the office ("soldiers removed President X")."""
    since = day - timedelta(days=TRANSITION_DAYS)
    return any(t.covers(day) or t.covers(since) for t in terms)


def _term_text(terms: list[Any]) -> str:
    return ", ".join(f"{t.start or '?'}..{t.end or 'now'}" for t in terms)


def title_anachronisms(ctx: CheckContext, kb: Any) -> list[Flag]:
    """Titles before names that the person did not hold on the reference date."""
    flags: list[Flag] = []
    for ent in (e for e in ctx.doc.entities if e.label == "PERSON"):
        day = reference_day(ctx, ctx.sentence_at(ent.start))
        found = _title_before(ctx, ent, kb) if day else None
        name = person_name(ctx, ent, kb, day) if found and day else None
        if not found or not name or day is None:
            continue
        rule, span = found
        terms = [t for t in kb.offices_of(name) if t.office == rule.office
                 and (rule.country is None or t.country == rule.country)]
        if terms and not _held(terms, day):
            flags.append(Flag("role_anachronism",
                              f"{name} is called {ctx.doc.text[span[0]:span[1]].strip()} on "
                              f"{day}, but held that office {_term_text(terms)}",
                              [(span[0], ent.end)]))
    return flags


def _government_named(ctx: CheckContext, sent: Span, country: str, kb: Any,
                      day: date) -> bool:
    """Whether the sentence names the government of ``country`` (its ministry, say)."""
    for ent in ctx.doc.entities:
        if not (sent[0] <= ent.start < sent[1]) or ent.label not in ("ORG", "GPE"):
            continue
        actor: Actor | None = ctx.doc.actor_at(ent.start, ent.end) or ent.actor
        if actor is None and (res := kb.lookup(ent.text, day)) is not None:
            actor = res.actor
        if actor is not None and actor.code == country and actor.sector == "GOV":
            return True
    return False


def voice_anachronisms(ctx: CheckContext, kb: Any) -> list[Flag]:
    """Former office holders quoted in a sentence that speaks for their government."""
    flags: list[Flag] = []
    for q in ctx.doc.quotes:
        if q.speaker is None or q.speaker_span is None:
            continue
        sent = ctx.sentence_at(q.speaker_span[0])
        day = reference_day(ctx, sent)
        res = kb.lookup(q.speaker.name, day) if day else None
        if day is None or res is None or res.entry.kind != "person":
            continue
        terms = kb.offices_of(res.entry.name)
        if terms and not _held(terms, day) and _government_named(
            ctx, sent, terms[-1].country, kb, day
        ):
            flags.append(Flag("role_anachronism",
                              f"{res.entry.name} is quoted for the {terms[-1].country} "
                              f"government on {day}, but held office {_term_text(terms)}",
                              [q.speaker_span, (q.start, q.end)]))
    return flags


def _just_left(claimed: str, held: list[str], day: date) -> bool:
    """Whether a term of the claimed office ("NER head_of_state 2021-04-02..2023-07-26")
    ended within :data:`TRANSITION_DAYS` before ``day``."""
    office = " ".join(claimed.split()[:2])
    for term in held:
        end = parse_day(term.rpartition("..")[2]) if term.startswith(office) else None
        if end is not None and end < day <= end + timedelta(days=TRANSITION_DAYS):
            return True
    return False


def reported_mismatches(ctx: CheckContext, found: list[Flag]) -> list[Flag]:
    """Offices the actors stage saw claimed for a person on a day they did not hold them
    (``doc.role_mismatches``), unless already flagged here or dated in the past."""
    flags: list[Flag] = []
    for m in getattr(ctx.doc, "role_mismatches", []):
        taken = _overlaps(Flag("role_anachronism", "", [(m.start, m.end)]), found + flags)
        day = reference_day(ctx, ctx.sentence_at(m.start))
        if taken or day is None or _just_left(m.claimed, m.held, day):
            continue
        held = ", ".join(m.held) or "no such office"
        flags.append(Flag("role_anachronism",
                          f"{m.person} is called {m.claimed} on {ctx.pub_day}, but held {held}",
                          [(m.start, m.end)]))
    return flags


def check(ctx: CheckContext) -> list[Flag]:
    """Role anachronisms, when the office table and a date are available."""
    kb = ctx.actorkb()
    if ctx.pub_day is None:
        return []
    found: list[Flag] = []
    if kb is not None and ctx.doc.nlp is not None:
        found = title_anachronisms(ctx, kb)
        found += [f for f in voice_anachronisms(ctx, kb) if not _overlaps(f, found)]
    return found + reported_mismatches(ctx, found)


def _overlaps(flag: Flag, others: list[Flag]) -> bool:
    """Whether ``flag`` points at a span another flag already covers (one person, once)."""
    return any(a < d and c < b for a, b in flag.spans for f in others for c, d in f.spans)


__all__ = ["check", "parse_day"]
