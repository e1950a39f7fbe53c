"""quotes stage: direct quotes and reported speech, each with its speaker and verb.

Direct quotes are found by their marks (straight, curly, guillemets, single, low-9), may
span several sentences, and a quote left unterminated runs to the end of its paragraph (a
common defect of pasted text). Each quote is attributed to the nearest speech verb outside
quotes in its sentence ("…," he said, "…" gives both halves the same speaker); a paragraph
that is only a quote continues the previous speaker. Reported speech is a speech verb with
a clausal complement ("X said that …", "X told reporters …") or "according to X".

Speakers come from the actors stage's mentions (``doc.actor_at``) with small fallbacks for
documents it could not resolve: the entity's own actor, the previous speaker for pronouns.
The lexicons live in ``resources/quotes/``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from eventwire.pipeline import Stage
from eventwire.records import Actor, Document, Quote

Span = tuple[int, int]

NAME_DEPS = frozenset({"compound", "flat", "amod", "det", "nmod"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
#: A dateline opening a wire story ("KYIV, 5 August 2023 - "): not part of what was said.
DATELINE = re.compile(r"[A-Z][A-Z .'-]+,[^\n\u2013\u2014-]{0,40}\s[-\u2013\u2014]+\s*")
#: What joins a quote to a signature: closing punctuation and mark, then a dash.
DASH_SIGNATURE = re.compile("[,.!?]?[\"'\u201d\u2019\u00bb]?[ \t]*[\u2014\u2013-]{1,2}[ \t]*")
#: Shortest direct quote kept when no speaker is found (shorter ones are scare quotes).
MIN_UNATTRIBUTED_WORDS = 4


@dataclass(frozen=True)
class Lexicon:
    """The quote marks and word lists of ``resources/quotes``."""

    marks: dict[str, str]
    verbs: frozenset[str]
    continuation: frozenset[str]
    nouns: frozenset[str]
    nonspeakers: frozenset[str]


def _lines(name: str) -> frozenset[str]:
    text = resources.files("eventwire").joinpath("resources", "quotes", name).read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and ln[0] != "#")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The quote lexicon, loaded once per process."""
    raw = resources.files("eventwire").joinpath("resources", "quotes", "marks.json")
    marks = {k: v for k, v in json.loads(raw.read_text("utf-8")).items() if k != "_note"}
    return Lexicon(
        marks, _lines("speech_verbs.txt"), _lines("continuation_verbs.txt"),
        _lines("speech_nouns.txt"), _lines("nonspeakers.txt"),
    )


# --- direct quotes by their marks ------------------------------------------------------


def paragraphs(text: str) -> list[Span]:
    """The (start, end) of each non-empty line of ``text``."""
    out: list[Span] = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _is_opener(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if text[i] in "\u00ab\u00bb\u2039":  # guillemets may be spaced: « Nous … »
        return True
    # A mark glued to a word before it is an apostrophe or a closer, not an opener.
    return not prev.isalnum() and not nxt.isspace()


def _find_closer(text: str, j: int, end: int, closer: str) -> int | None:
    k = j
    while (k := text.find(closer, k, end)) >= 0:
        nxt = text[k + 1] if k + 1 < len(text) else " "
        if closer in "'\u2019" and nxt.isalpha():  # Russia's, don't: an apostrophe
            k += 1
            continue
        return k
    return None


def _trim(text: str, a: int, b: int) -> Span:
    while a < b and (text[a].isspace() or text[a] in ",;:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return a, b


def quote_spans(text: str, marks: dict[str, str] | None = None) -> list[Span]:
    """Spans of quoted material (marks excluded); an unclosed quote ends its paragraph."""
    marks = marks if marks is not None else lexicon().marks
    found = _marks_pattern("".join(sorted(m for m in marks if len(m) == 1)))
    spans: list[Span] = []
    for pstart, pend in paragraphs(text):
        i = pstart
        while found is not None and (mark := found.search(text, i, pend)) is not None:
            i = mark.start()
            if _is_opener(text, i):
                k = _find_closer(text, i + 1, pend, marks[text[i]])
                a, b = _trim(text, i + 1, pend if k is None else k)
                if b > a:
                    spans.append((a, b))
                i = pend if k is None else k + 1
            else:
                i += 1
    return spans


@lru_cache(maxsize=4)
def _marks_pattern(marks: str) -> re.Pattern[str] | None:
    """Any one of these quote marks (a search skips the text between marks at C speed)."""
    return re.compile("[" + "".join(re.escape(m) for m in marks) + "]") if marks else None


# --- speech cues in the parse ------------------------------------------------------------


def _inside(i: int, spans: list[Span]) -> bool:
    return any(a <= i < b for a, b in spans)


def _is_cue(tok: Any, lex: Lexicon) -> bool:
    if tok.lower_ == "according":
        return bool(tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to")
    return bool(tok.lemma_.lower() in lex.verbs and tok.pos_ in ("VERB", "AUX"))


def cue_lemma(tok: Any) -> str:
    """The introducing verb's lemma ("say"), or "according to"."""
    return "according to" if tok.lower_ == "according" else str(tok.lemma_.lower())


def speaker_token(cue: Any) -> Any | None:
    """The head token of who speaks through the cue: subject, passive agent, "to X"."""
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children):
        return _passive_agent(cue)
    subjects = [c for c in cue.children
                if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which")]
    if subjects:
        # The parser may give a verb two subjects ("Addressing supporters, Odinga declared"):
        # the one nearest the verb is the speaker.
        return _appositive_name(min(subjects, key=lambda c: abs(c.i - cue.i)))
    if cue.dep_ in ("conj", "xcomp", "advcl") and cue.head.i != cue.i:
        return speaker_token(cue.head)  # "He paused and added"
    return None


def _appositive_name(tok: Any) -> Any:
    """"a spokesman for the army, Nabil Abdallah," speaks as Nabil Abdallah."""
    if tok.pos_ == "PROPN":
        return tok
    return next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"), tok)


def _passive_agent(cue: Any) -> Any | None:
    """The "by X" of a passive cue, which the parser may hang lower ("urged to … by X")."""
    for tok in cue.subtree:
        if tok.lower_ == "by" and tok.dep_ in ("agent", "prep"):
            return next((c for c in tok.children if c.dep_ == "pobj"), None)
    return None


def head_span(tok: Any) -> Span:
    """Characters of the name or noun at ``tok`` with its compounds ("Mr. Blinken")."""
    first = tok
    while left := [c for c in first.lefts if c.dep_ in NAME_DEPS]:
        first = left[0]  # chains of compounds: "von" → "der" → "Leyen"
    return first.idx, tok.idx + len(tok.text)


# --- speakers ----------------------------------------------------------------------------


SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
ARTICLES = ("the ", "a ", "an ", "The ", "A ", "An ")


def _entity_at(doc: Document, span: Span) -> Any | None:
    return next(
        (e for e in doc.entities
         if e.start < span[1] and span[0] < e.end and e.label in SPEAKER_LABELS),
        None,
    )


def _named(doc: Document, span: Span, evidence: str) -> Actor:
    """An actor named by the text itself, for speakers the actors stage left unresolved."""
    text = doc.text[span[0] : span[1]]
    for art in ARTICLES:
        text = text.removeprefix(art)
    return Actor(text, text, evidence=evidence)


def _last_person(doc: Document, before: int) -> Actor | None:
    """The most recent person named before ``before``: a pronoun's fallback antecedent."""
    people = [e for e in doc.entities if e.label == "PERSON" and e.end <= before]
    if not people:
        return None
    ent = people[-1]
    return doc.actor_at(ent.start, ent.end) or ent.actor or Actor(ent.text, ent.text)


def resolve_speaker(doc: Document, tok: Any, lemma: str, prev: Actor | None) -> Actor | None:
    """The actor speaking as ``tok`` (a subject or source token)."""
    span = head_span(tok)
    if tok.lower_ in PRONOUNS:
        if lemma in lexicon().continuation and prev is not None:
            return prev  # "he added": journalism's convention for the same speaker
        return doc.actor_at(*span) or prev or _last_person(doc, span[0])
    own = (tok.idx, tok.idx + len(tok.text))
    ent = _entity_at(doc, own)
    actor = doc.actor_at(*own) or (ent.actor if ent is not None else None)
    if actor is not None:
        return actor
    wide = doc.actor_at(*span)  # e.g. a title the actors stage read: "Finnish President"
    if ent is not None:
        actor = _named(doc, (ent.start, ent.end), "quotes:entity")
        if wide is not None:  # the name from the text, country and sector from the title
            actor.code, actor.sector, actor.office = wide.code, wide.sector, wide.office
        return actor
    if wide is None and tok.pos_ in ("NOUN", "PROPN"):
        wide = _named(doc, span, "quotes:nominal")
    return wide


# --- attribution -------------------------------------------------------------------------


@dataclass
class _State:
    doc: Document
    quotes: list[Span]
    paras: list[Span]
    #: the parse's sentences, read once: ``Doc.sents`` walks every token on each read
    sents: list[Any]
    prev: Actor | None = None
    used: set[int] = field(default_factory=set)  # cue tokens that introduced direct quotes

    @cached_property
    def token_starts(self) -> list[int]:
        """The character offset of each token, to find a quote's tokens without a walk over
        the whole parse for each cue weighed."""
        return [t.idx for t in self.doc.nlp]


def _para_of(paras: list[Span], i: int) -> Span:
    return next((p for p in paras if p[0] <= i <= p[1]), (i, i))


def _frame(st: _State, q: Span) -> list[Any]:
    """Tokens of the sentences around quote ``q`` within its paragraph, quotes excluded."""
    pa, pb = _para_of(st.paras, q[0])
    sents = [s for s in st.sents if s.start_char < q[1] + 3 and q[0] - 1 < s.end_char]
    nxt = [s for s in st.sents if q[1] <= s.start_char <= q[1] + 3 and len(s) < 12]
    toks = [t for s in sents + nxt for t in s]
    return [t for t in toks if pa <= t.idx < pb and not _inside(t.idx, st.quotes)]


def _distance(tok: Any, q: Span) -> int:
    return int(min(abs(tok.idx - q[1]), abs(q[0] - tok.idx - len(tok.text))))


def _governs(st: _State, cue: Any, q: Span) -> bool:
    """Whether the quote's words hang in the cue's clause (its complement or object)."""
    return any(cue.is_ancestor(t) for t in _first_words(st, q, 3))


def _first_words(st: _State, q: Span, n: int) -> list[Any]:
    """The first ``n`` tokens of span ``q`` that are not punctuation."""
    starts = st.token_starts
    out: list[Any] = []
    for k in range(bisect_left(starts, q[0]), len(starts)):
        if starts[k] >= q[1] or len(out) == n:
            break
        if (tok := st.doc.nlp[k]).dep_ != "punct":
            out.append(tok)
    return out


def _follows_quote(st: _State, q: Span) -> bool:
    """Whether an earlier quote sits in the same paragraph as ``q``."""
    para = _para_of(st.paras, q[0])
    return any(para[0] <= a and b <= q[0] for a, b in st.quotes)


def _starts_paragraph(st: _State, q: Span) -> bool:
    pa, _ = _para_of(st.paras, q[0])
    return not st.doc.text[pa : q[0]].strip(" \t\"'\u201c\u2018\u00ab\u201e")


def _reports_clause(st: _State, cue: Any) -> bool:
    """Whether a cue introduces its own unquoted clause ("He added that …")."""
    pa, pb = _para_of(st.paras, cue.idx)
    for comp in cue.children:
        # A "clause" in another paragraph is the parser running across the break.
        if comp.dep_ == "ccomp" and pa <= comp.idx < pb:
            sub = list(comp.subtree)
            a, b = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            if not any(x < b and a < y for x, y in st.quotes):
                return True
    return False


def direct_quote(st: _State, q: Span) -> Quote:
    """The quote at span ``q`` with the speaker of its nearest speech cue."""
    doc, lex = st.doc, lexicon()
    cues = [t for t in _frame(st, q) if _is_cue(t, lex) and not _reports_clause(st, t)]
    quote = Quote(doc.text[q[0] : q[1]], q[0], q[1])
    signed = _dash_speaker(st, q)
    if signed is not None:  # "“…” — Neil Gaiman": a signature beats any verb nearby
        quote.speaker, quote.speaker_span = signed
        return quote
    if not cues:
        if st.prev is not None and (_starts_paragraph(st, q) or _follows_quote(st, q)):
            quote.speaker = st.prev  # a quote standing alone continues the last speaker
        else:
            quote.speaker = _colon_speaker(st, q) or (
                _lead_in_speaker(st, q) if _starts_paragraph(st, q) else None)
        return quote
    cue = min(cues, key=lambda t: (not _governs(st, t, q), _distance(t, q)))
    st.used.add(cue.i)
    quote.verb = cue_lemma(cue)
    tok = speaker_token(cue)
    if tok is not None:
        quote.speaker = resolve_speaker(doc, tok, quote.verb, st.prev)
        quote.speaker_span = head_span(tok)
    return quote


def _dash_speaker(st: _State, q: Span) -> tuple[Actor, Span] | None:
    """The name signed after a quote with a dash ("\u201c…\u201d \u2014 Neil Gaiman")."""
    m = DASH_SIGNATURE.match(st.doc.text, q[1])
    if m is None:
        return None
    ent = next((e for e in st.doc.entities if e.start == m.end()), None)
    if ent is None or ent.label not in SPEAKER_LABELS:
        return None
    actor = st.doc.actor_at(ent.start, ent.end) or ent.actor
    return actor or _named(st.doc, (ent.start, ent.end), "quotes:entity"), (ent.start, ent.end)


def _colon_speaker(st: _State, q: Span) -> Actor | None:
    """The name right before a colon that opens the quote ("Starmer: \u201c…\u201d")."""
    pa, _ = _para_of(st.paras, q[0])
    head = st.doc.text[pa : q[0]].rstrip(" \t\"'\u201c\u2018\u00ab\u201e")
    if not head.endswith(":"):
        return None
    end = pa + len(head) - 1
    for ent in st.doc.entities:
        if ent.end <= end and not st.doc.text[ent.end : end].strip() and ent.label in (
            SPEAKER_LABELS
        ):
            return st.doc.actor_at(ent.start, ent.end) or ent.actor or _named(
                st.doc, (ent.start, ent.end), "quotes:entity")
    return None


def _lead_in_speaker(st: _State, q: Span) -> Actor | None:
    """The person the sentence before a quote-only paragraph is about.

    News style introduces a speaker ("The prime minister addressed parliament.") and
    gives the quote its own paragraph; the subject of that sentence is the speaker.
    """
    before = [s for s in st.sents if s.end_char <= q[0]]
    if not before:
        return None
    subj = next((c for c in before[-1].root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.ent_type_ != "PERSON":
        return None
    return resolve_speaker(st.doc, subj, "", None)


def _clause_text(doc: Document, comp: Any) -> Span | None:
    toks = [t for t in comp.subtree if not (t.i == comp.left_edge.i and t.lower_ == "that")]
    if not toks:
        return None
    a, b = _trim(doc.text, toks[0].idx, toks[-1].idx + len(toks[-1].text))
    dateline = DATELINE.match(doc.text, a, b)
    return (dateline.end(), b) if dateline else (a, b)


def _complement(cue: Any, lex: Lexicon) -> Any | None:
    """What the cue reports: its clause, or the "that" clause of its speech noun
    ("said in a statement that …")."""
    comp = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    if comp is not None:
        return comp
    for tok in cue.subtree:
        if (tok.dep_ in ("relcl", "acl", "ccomp") and tok.head.lemma_.lower() in lex.nouns
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)):
            return tok
    return None


def _according_text(doc: Document, cue: Any, sent: Any) -> Span | None:
    src = speaker_token(cue)
    if src is None:
        return None
    phrase_end = max(t.idx + len(t.text) for t in src.subtree)
    if cue.i == sent.start:
        a, b = phrase_end, sent.end_char
    elif not doc.text[phrase_end : sent.end_char].strip(" .!?\"'\u201d"):
        a, b = sent.start_char, cue.idx  # "…, according to X." ends the sentence
    else:
        a, b = sent.start_char, sent.end_char  # a source in mid-sentence: the whole claim
    a, b = _trim(doc.text, a, b)
    while b > a and doc.text[b - 1] in ".!?":
        b -= 1
    return (a, b) if b > a else None


def reported_speech(st: _State, sent: Any) -> Quote | None:
    """Reported speech in ``sent``: a speech verb with a clause, or "according to X"."""
    lex = lexicon()
    for cue in sent:
        if not _is_cue(cue, lex) or cue.i in st.used or _inside(cue.idx, st.quotes):
            continue
        if cue.lower_ == "according":
            span = _according_text(st.doc, cue, sent)
        else:
            comp = _complement(cue, lex)
            span = _clause_text(st.doc, comp) if comp is not None else None
        tok = speaker_token(cue)
        if span is None or tok is None or {tok.lemma_.lower(), tok.lower_} & lex.nonspeakers:
            continue
        if any(a < span[1] and span[0] < b for a, b in st.quotes):
            continue  # the clause is a direct quote, attributed already
        lemma = cue_lemma(cue)
        speaker = resolve_speaker(st.doc, tok, lemma, st.prev)
        if speaker is not None:
            text = st.doc.text[span[0] : span[1]]
            return Quote(text, span[0], span[1], speaker, lemma, head_span(tok))
    return None


def find_quotes(doc: Document) -> list[Quote]:
    """Direct quotes and reported speech of ``doc``, in text order."""
    st = _State(doc, quote_spans(doc.text), paragraphs(doc.text), list(doc.nlp.sents))
    pending = sorted(st.quotes)
    out: list[Quote] = []
    for sent in st.sents:
        mine = [q for q in pending if q[0] < sent.end_char]
        pending = pending[len(mine) :]
        found = [direct_quote(st, q) for q in mine]
        rep = reported_speech(st, sent)
        for quote in sorted(found + ([rep] if rep else []), key=lambda x: x.start):
            st.prev = quote.speaker or st.prev
            if quote.speaker or len(quote.text.split()) >= MIN_UNATTRIBUTED_WORDS:
                out.append(quote)
    return out


class QuotesStage(Stage):
    """Fill ``doc.quotes`` with direct quotes and reported speech and their speakers."""

    name = "quotes"
    requires = ("actors",)
    assigns = ("quotes",)

    def __call__(self, doc: Document) -> Document:
        doc.quotes = find_quotes(doc) if doc.nlp is not None else []
        return doc
