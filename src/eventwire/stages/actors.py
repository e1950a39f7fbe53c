"""actors stage: who every name, title, pronoun, metonym and agent in the text stands for.

Fills ``doc.mentions`` with one :class:`Mention` per actor-bearing span and sets
``entity.actor`` on the PERSON/ORG/GPE/NORP entities it resolves. Evidence, in order:

1. people: the name with its title or appositive in the text ("Russian Foreign Minister
   Sergei Lavrov", "Lavrov, Russia's foreign minister"), then the office table as of the
   document's date (:mod:`eventwire.actorkb`); later mentions ("Mr. Lavrov", "Lavrov") share
   the first mention's identity;
2. agents: a generic agent with its country ("Russian troops", "police in Tehran");
3. dictionary names: countries used as actors (not "in Russia"), capitals used as actors
   ("Moscow said", kind ``metonym``), seats of power ("the Kremlin"), IGOs, groups;
4. coreference: pronouns and nominals ("he", "the minister", "the two leaders") to earlier
   people. A plural nominal gets one Mention per person over the same span.

A title the office table contradicts ("German Chancellor Angela Merkel" in 2024) is
recorded in ``doc.role_mismatches`` for the checks stage.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from eventwire.actorkb import ActorKB, KBEntry, TitleRule, get_kb, norm, parse_date
from eventwire.errors import EventwireError
from eventwire.pipeline import Stage
from eventwire.records import Actor, Document, Mention, RoleMismatch

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
QUOTES = frozenset({'"', "\u201c", "\u201d", "\u00ab", "\u00bb", "''", "``"})


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """Closed word classes (honorifics, locative prepositions, pronouns, nominals)."""
    path = resources.files("eventwire") / "resources" / "actors" / "words.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {k: (set(v) if isinstance(v, list) else v) for k, v in data.items()}


@dataclass
class Role:
    """What the text around a name says: country, title, and whether it is a past role."""

    country: str | None = None
    title: TitleRule | None = None
    start: int | None = None  # token index where the title/country prefix starts
    past: bool = False


class ActorsStage(Stage):
    """Resolve actors; ``kb`` defaults to the packaged knowledge base (:func:`get_kb`)."""

    name = "actors"
    requires = ("entities",)
    assigns = ("actors",)

    def __init__(self, kb: ActorKB | None = None) -> None:
        self._kb = kb

    @property
    def kb(self) -> ActorKB:
        return self._kb if self._kb is not None else get_kb()

    def __call__(self, doc: Document) -> Document:
        if doc.nlp is None:
            return doc
        resolver = _Resolver(doc, self.kb, _doc_day(doc))
        doc.mentions = resolver.run()
        doc.role_mismatches = resolver.mismatches
        _attach_entities(doc, self.kb)
        return doc


def _doc_day(doc: Document) -> date | None:
    try:
        return parse_date(doc.pub_date)
    except EventwireError:  # a malformed date is the input stage's concern; resolve undated
        return None


class _Resolver:
    """One document's resolution state: token claims, people seen, mentions made."""

    def __init__(self, doc: Document, kb: ActorKB, day: date | None) -> None:
        self.doc, self.kb, self.day, self.sp = doc, kb, day, doc.nlp
        self.taken = [False] * len(self.sp)
        self.mentions: list[Mention] = []
        self.people: dict[str, Actor] = {}
        self.person_names: set[str] = set()
        self.mismatches: list[RoleMismatch] = []
        self._matches: list[tuple[int, int, KBEntry]] = []
        self.gpe_names = {norm(e.text) for e in doc.entities if e.label == "GPE"}
        self.w = words()

    def run(self) -> list[Mention]:
        matches = self._dictionary_matches()
        self._matches = matches
        self._persons(matches)
        self._agents(matches)
        self._names(matches)
        self._cities()
        self._demonyms()
        self._coref()
        return sorted(self.mentions, key=lambda m: (m.start, -m.end))

    # --- helpers --------------------------------------------------------------------------
    def _text(self, i: int, j: int) -> str:
        """Text of tokens [i, j)."""
        return self.doc.text[self.sp[i].idx: self.sp[j - 1].idx + len(self.sp[j - 1])]

    def _add(self, i: int, j: int, actor: Actor, kind: str) -> None:
        start, end = self.sp[i].idx, self.sp[j - 1].idx + len(self.sp[j - 1])
        self.mentions.append(Mention(start, end, actor, kind))
        for k in range(i, j):
            self.taken[k] = True

    def _free(self, i: int, j: int) -> bool:
        return not any(self.taken[i:j])

    # --- dictionary scan --------------------------------------------------------------------
    def _dictionary_matches(self) -> list[tuple[int, int, KBEntry]]:
        """Longest KB alias matches over the tokens, left to right, without overlaps."""
        out: list[tuple[int, int, KBEntry]] = []
        i, n = 0, len(self.sp)
        while i < n:
            found = self._match_at(i)
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out

    def _edges_ok(self, i: int, j: int) -> bool:
        """A span neither starts nor ends on punctuation or white space."""
        first, last = self.sp[i], self.sp[j - 1]
        return not (first.is_punct or first.is_space or last.is_punct or last.is_space)

    def _match_at(self, i: int) -> tuple[int, int, KBEntry] | None:
        first = self.sp[i].text
        if not (first[:1].isupper() or first[:1].isdigit() or first == "the"):
            return None  # names start with a capital (or "the": "the Shire" in a dictionary)
        for j in range(min(len(self.sp), i + self.kb.max_alias_words), i, -1):
            if not self._edges_ok(i, j) or first == "the" and j - i == 1:
                continue
            text = self._text(i, j)
            entries = self.kb.find(text, exact_case=text)
            if entries:
                return i, j, entries[0]
        return None

    # --- people -----------------------------------------------------------------------------
    def _persons(self, matches: list[tuple[int, int, KBEntry]]) -> None:
        spans = [(e.start, e.end) for e in self.doc.entities if e.label == "PERSON"]
        spans += [(self.sp[i].idx, self.sp[j - 1].idx + len(self.sp[j - 1]))
                  for i, j, e in matches if e.kind == "person" or self._titled(i, e)]
        spans += self._honorific_names()
        # Longest first at each start: a dictionary name beats a truncated NER span.
        for i, j in sorted(set(self._token_span(s, e) for s, e in spans),
                           key=lambda s: (s[0], -s[1])):
            if i < j and self._free(i, j) and not self._is_non_person_name(i, j) \
                    and not self._wraps_a_name(i, j, matches):
                self._person(i, j)
        self._repeated_names()

    def _repeated_names(self) -> None:
        """Later bare mentions of people already named ("Lavrov" after "Sergei Lavrov")."""
        for tok in self.sp:
            if not self.taken[tok.i] and tok.pos_ == "PROPN" and tok.text[:1].isupper():
                actor = self.people.get(norm(tok.text))
                if actor is not None and len(norm(tok.text)) > 2:
                    start = self._honorific_start(tok.i)
                    self._add(start, tok.i + 1, replace(actor, entity_text=tok.text), "name")

    def _titled(self, i: int, entry: KBEntry) -> bool:
        """A dictionary name after a title is a person ("Bree Prime Minister Romendacil")."""
        return entry.kind not in _NOT_PEOPLE and self._role_before(i).title is not None

    def _token_span(self, start: int, end: int) -> tuple[int, int]:
        span = self.sp.char_span(start, end, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, 0)

    def _honorific_names(self) -> list[tuple[int, int]]:
        """Names after "Mr."/"Mrs."/"Dr." that the NER missed."""
        out = []
        for tok in self.sp[:-1]:
            nxt = self.sp[tok.i + 1]
            if norm(tok.text) in self.w["honorifics"] and nxt.pos_ == "PROPN":
                end = nxt.i + 1
                while end < len(self.sp) and self.sp[end].pos_ == "PROPN":
                    end += 1
                out.append((nxt.idx, self.sp[end - 1].idx + len(self.sp[end - 1])))
        return out

    def _wraps_a_name(self, i: int, j: int, matches: list[tuple[int, int, KBEntry]]) -> bool:
        """A PERSON span that is a known non-person name plus common words ("Evil Mordor",
        "Lorien almost"); "Jordan Peterson" keeps its proper-noun remainder and stays a person."""
        if self.kb.find(self._text(i, j), kind="person"):
            return False
        for a, b, entry in matches:
            if i <= a and b <= j and (a, b) != (i, j) and entry.kind != "person":
                rest = [t for t in self.sp[i:j] if not a <= t.i < b]
                return not any(t.pos_ == "PROPN" for t in rest)
        return False

    def _is_non_person_name(self, i: int, j: int) -> bool:
        """A PERSON span that is really a known country, IGO or group ("Hamas")."""
        found = self.kb.find(self._text(i, j))
        return bool(found) and found[0].kind in _NOT_PEOPLE

    def _person(self, i: int, j: int) -> None:
        while j > i and (self.sp[j - 1].is_space or self.sp[j - 1].is_punct):
            j -= 1
        i = self._skip_leading_titles(i, j)
        if i >= j:
            return
        name = self._text(i, j)
        role = self._role_before(i)
        after = self._role_after(j)
        role = _merge(role, after)
        before = len(self.mismatches)
        actor = self._identify(name, role)
        start = role.start if role.start is not None else self._honorific_start(i)
        for mismatch in self.mismatches[before:]:
            mismatch.start, mismatch.end = self.sp[start].idx, self.sp[j - 1].idx + len(
                self.sp[j - 1])
        self._add(start, j, replace(actor, entity_text=name), "name")

    def _skip_leading_titles(self, i: int, j: int) -> int:
        """Move past titles and honorifics the NER put inside the name ("President Putin")."""
        while i < j - 1:
            step = self._title_len(i, j - 1) or (1 if norm(self.sp[i].text) in
                                                   self.w["honorifics"] else 0)
            if not step:
                break
            i += step
        return i

    def _title_len(self, i: int, limit: int) -> int:
        """Length of the longest title starting at token i and ending before ``limit``."""
        for k in range(min(5, limit - i), 0, -1):
            if self.kb.title(self._text(i, i + k)):
                return k
        return 0

    def _honorific_start(self, i: int) -> int:
        if i > 0 and norm(self.sp[i - 1].text) in self.w["honorifics"]:
            return i - 1
        return i

    def _role_before(self, i: int) -> Role:
        """Title and country written before a name: "U.S. Secretary of State Antony Blinken"."""
        i = self._honorific_start(i)
        sent_start = self.sp[i].sent.start if i < len(self.sp) else 0
        for k in range(min(5, i - sent_start), 0, -1):
            rule = self.kb.title(self._text(i - k, i))
            if rule:
                country, cstart = self._country_before(i - k, sent_start)
                past = self._past_before(cstart if cstart is not None else i - k)
                start = cstart if cstart is not None else i - k
                return Role(country or rule.country, rule, start, past or rule.former)
        return Role()

    def _country_before(self, i: int, floor: int) -> tuple[str | None, int | None]:
        found = self._country_ending_at(i, floor)
        if found[0] is not None:
            return found
        # "Serbian Labour Minister", "Ithilen's awful and evil minister": words may stand
        # between the country and the title.
        steps = 0
        while i - 1 > floor and steps < 3 and self.sp[i - 1].pos_ in (
                "ADJ", "CCONJ", "PROPN", "NOUN") and self._country_of(self.sp[i - 1].text) is None:
            i, steps = i - 1, steps + 1
        return self._country_ending_at(i, floor)

    def _country_ending_at(self, i: int, floor: int) -> tuple[str | None, int | None]:
        for k in range(min(3, i - floor), 0, -1):
            words_ = self._text(i - k, i)
            code = self._country_of(words_)
            if code:
                return code, i - k
        return None, None

    def _country_of(self, text: str) -> str | None:
        """Country code of a demonym, country name, or known org ("Russian", "Russia's")."""
        text = text.strip()
        if not text or not text[0].isupper() and " " not in text and "-" not in text:
            return None
        bare = text.removesuffix("'s").removesuffix("\u2019s")
        found = self.kb.find(bare, exact_case=text)
        if found and found[0].kind == "person":  # "the Bush administration"
            return self.kb.resolve(found[0], bare, self.day).actor.code
        if found:
            return found[0].term_at(self.day).code
        code = self.kb.demonym(text)
        if code is None and norm(bare) in self.gpe_names:  # "Minneapolis police"
            code = self.kb.city_country(bare)
        if code is None and " " not in bare and bare[:1].isupper():  # "the Bush administration"
            known = self.people.get(norm(bare))
            code = known.code if known else None
        return code

    def _past_before(self, i: int) -> bool:
        prev = [norm(t.text) for t in self.sp[max(0, i - 2): i]]
        return any(p in self.w["then_words"] for p in prev)

    def _role_after(self, j: int) -> Role:
        """An appositive after a name: ", Russia's foreign minister," / ", an American"."""
        if j >= len(self.sp) - 1 or self.sp[j].text != ",":
            return Role()
        end = j + 1
        while end < len(self.sp) and end < j + 12 and not self.sp[end].is_punct \
                and self.sp[end].sent == self.sp[j].sent:
            end += 1
        return self._parse_role(j + 1, end)

    def _parse_role(self, i: int, j: int) -> Role:
        role = Role()
        k = i
        while k < j:
            title_len = self._title_len(k, j)
            if title_len and role.title is None:
                role.title = self.kb.title(self._text(k, k + title_len))
                k += title_len
                continue
            code = self._country_of(self.sp[k].text) if self.sp[k].pos_ in ("PROPN", "ADJ") \
                else None
            if code and role.country is None:
                role.country = code
            if norm(self.sp[k].text) in self.w["then_words"]:
                role.past = True
            k += 1
        if role.title is None and not self._demonym_noun(i, j):
            return Role()
        if role.title and role.title.former:
            role.past = True
        return role

    def _demonym_noun(self, i: int, j: int) -> bool:
        """ "an American", "a Russian citizen": a nationality given without a title."""
        return j > i and norm(self.sp[i].text) in ("a", "an") and self.kb.demonym(
            self.sp[min(i + 1, j - 1)].text) is not None

    def _identify(self, name: str, role: Role) -> Actor:
        """The actor a person name stands for, as of the document date."""
        key = norm(name)
        known = self.people.get(key) or (self.people.get(key.split()[-1]) if key else None)
        if known is not None and (role.country is None or role.country == known.code):
            return known
        entry = self._kb_person(name, role)
        actor = self._person_actor(name, entry, role)
        keys = {key, key.split()[-1], norm(actor.name), norm(actor.name).split()[-1]}
        if actor.code in self.w["surname_first_countries"]:
            keys |= {key.split()[0], norm(actor.name).split()[0]}
        for k in keys:
            self.people.setdefault(k, actor)
        self.person_names.add(actor.name)
        return actor

    def _kb_person(self, name: str, role: Role) -> KBEntry | None:
        entries = self.kb.find(name, kind="person") or [
            e for e in self.kb.find(name) if e.kind not in _NOT_PEOPLE]
        if not entries and " " not in norm(name):
            entries = self.kb.by_surname(name, self.day)
        for entry in entries:
            code = self.kb.resolve(entry, name, self.day).actor.code
            if role.country is None or code == role.country or self.kb.offices_of(
                    entry.name) and any(t.country == role.country
                                        for t in self.kb.offices_of(entry.name)):
                return entry
        return None

    def _person_actor(self, name: str, entry: KBEntry | None, role: Role) -> Actor:
        base = (self.kb.resolve(entry, name, self.day).actor if entry
                else Actor(name, _strip_honorific(name, self.w["honorifics"])))
        if role.title is None:
            if role.country and base.code is None:
                return replace(base, code=role.country, sector=base.sector or "CVL",
                               evidence="appositive:nationality")
            return base
        title = role.title
        if role.country is None and base.code is None and title.sector in ("GOV", "MIL", "LEG"):
            role = replace(role, country=self._context_country(name))
        sector = "ELI" if role.past and title.sector == "GOV" else title.sector or base.sector
        # The title overrides a dictionary code, so its raw CAMEO code no longer applies.
        kept = [p for p in (base.evidence or "").split(";") if p and not p.startswith("cameo=")]
        actor = replace(base, code=role.country or base.code, sector=sector,
                        office=title.office or base.office,
                        evidence=";".join([f"title:{title.title}", *kept]))
        if entry is not None and not role.past:
            self._check_office(entry, actor, title)
        return actor

    def _context_country(self, name: str) -> str | None:
        """The one country a sentence names (a place, a demonym, a capital) for an official
        whose title gives none ("Rebels in the Ivory Coast blocked ... President Gbagbo")."""
        at = self.doc.text.find(name)
        span = self.sp.char_span(at, at + len(name), alignment_mode="expand") if at >= 0 \
            else None
        if span is None:
            return None
        sent = span.sent
        codes = {self._country_of(t.text) for t in sent if t.text[:1].isupper()
                 and not span.start <= t.i < span.end}
        codes |= {e.term_at(self.day).code for a, _b, e in self._matches
                  if sent.start <= a < sent.end and e.kind in ("country", "city")}
        codes.discard(None)
        return codes.pop() if len(codes) == 1 else None

    def _check_office(self, entry: KBEntry, actor: Actor, title: TitleRule) -> None:
        """Record a title the person did not hold on the document date."""
        terms = self.kb.offices_of(entry.name)
        if not terms or self.day is None or title.office is None:
            return
        held_now = [t for t in terms if t.covers(self.day)
                    and (actor.code is None or t.country == actor.code)]
        # Only offices the table covers for that country can be contradicted by it.
        covered = actor.code is not None and self.kb.holders(actor.code, title.office)
        if held_now or not covered:
            return
        self.mismatches.append(RoleMismatch(
            0, 0, entry.name, f"{actor.code} {title.office} ({title.title})",
            [f"{t.country} {t.office} {t.start}..{t.end or ''}" for t in terms]))

    # --- agents -----------------------------------------------------------------------------
    def _agents(self, matches: list[tuple[int, int, KBEntry]]) -> None:
        named = [False] * len(self.sp)
        for a, b, _entry in matches:
            named[a:b] = [True] * (b - a)
        i = 0
        while i < len(self.sp):
            j = self._agent_end(i)
            if j and self._free(i, j) and not any(named[i:j]) and not self._in_name(i, j) \
                    and self._nominal_head(j - 1):
                self._agent(i, j, matches)
                i = j
            else:
                i += 1

    def _in_name(self, i: int, j: int) -> bool:
        """Part of a longer proper name ("European Union", "Rapid Support Forces"), unless the
        rest of the name is a country ("Russian Foreign Ministry")."""
        for ent in self.sp.ents:
            if ent.start < j and i < ent.end and ent.label_ != "NORP":
                rest = [t for t in ent if not i <= t.i < j and t.text[:1].isupper()]
                if any(self._country_of(t.text) is None for t in rest):
                    return True
        return False

    def _nominal_head(self, k: int) -> bool:
        """The agent word heads its phrase: not "artillery" in "artillery shells"."""
        tok = self.sp[k]
        nxt = self.sp[k + 1] if k + 1 < len(self.sp) else None
        if tok.dep_ == "compound" or nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
            return False
        if tok.pos_ in ("NOUN", "PROPN"):
            return True
        # A mis-tagged adjective that acts ("the military seized power") still heads.
        return tok.pos_ == "ADJ" and (tok.dep_ != "amod" or nxt is not None
                                      and nxt.pos_ in ("VERB", "AUX"))

    def _agent_end(self, i: int) -> int:
        for k in range(5, 0, -1):
            if i + k <= len(self.sp) and self._edges_ok(i, i + k) \
                    and self.kb.agent(self._text(i, i + k)):
                return i + k
        return 0

    def _agent(self, i: int, j: int, matches: list[tuple[int, int, KBEntry]]) -> None:
        rule = self.kb.agent(self._text(i, j))
        assert rule is not None  # _agent_end found it
        if any(self._nominal_at(k) and (self._nominal_at(k) or (0, ""))[0] >= j
               for k in range(max(0, i - 3), i)):
            return  # "ministers" in "the two ministers" is coreference, not a new agent
        code, start, end, how = self._agent_country(i, j)
        if code is None and rule.code is None and self._definite(i):
            return  # "the minister", "the official": left to coreference
        if code is None and rule.code is None and rule.sector not in self.w["no_context_country"]:
            code, how = self._sentence_actor_country(i), "context:sentence-actors"
            if code is None:
                code, how = self._sentence_country(i, matches), "context:sentence-place"
        title = self.kb.title(self._text(i, j))
        holder = self._office_holder(code, title) if code and title else None
        if holder is not None and self._free(start, end):
            self._add(start, end, replace(holder, entity_text=self._text(start, end)), "nominal")
            return
        sector = "ELI" if self._past_before(i) or self._past_before(start) else rule.sector
        actor = Actor(self._text(start, end), self._text(start, end), rule.code or code,
                      sector, None, title.office if title else None,
                      f"agent:{rule.phrase};{how}" + (f";cameo={rule.cameo}" if rule.cameo
                                                      else ""))
        if self._free(start, end):
            self._add(start, end, actor, "agent")

    def _definite(self, i: int) -> bool:
        return i > 0 and norm(self.sp[i - 1].text) in ("the", "this", "that")

    def _agent_country(self, i: int, j: int) -> tuple[str | None, int, int, str]:
        """Country of an agent from a modifier before it or "of/from/in X" after it."""
        floor = self.sp[i].sent.start
        owner = self._possessor(i)
        if owner is not None:
            return owner[0], owner[1], j, "possessive"
        k = i - 1
        while k >= floor and k >= i - 4 and self.sp[k].pos_ in ("ADJ", "PROPN", "NOUN", "PART",
                                                                "NUM", "PUNCT"):
            if self.sp[k].text in (",", "(", ")") or self._pro_anti(k):
                break
            for width in (3, 2, 1):
                if k - width + 1 >= floor:
                    code = self._country_of(self._text(k - width + 1, k + 1))
                    if code and self._free(k - width + 1, k + 1):
                        return code, k - width + 1, j, "modifier"
            k -= 1
        return self._agent_pp(i, j)

    def _possessor(self, i: int) -> tuple[str, int] | None:
        """ "its troops", "their police": the code of the latest named actor before it."""
        k = i - 1
        while k >= 0 and self.sp[k].pos_ == "ADJ" and k > i - 3:
            k -= 1
        if k < 0 or norm(self.sp[k].text) not in ("its", "their"):
            return None
        floor = self._previous_sentence_start(self.sp[k])
        for m in sorted(self.mentions, key=lambda m: -m.start):
            if floor <= m.start < self.sp[k].idx and m.actor.code \
                    and m.actor.name not in self.person_names:
                return m.actor.code, k
        for a, _b, entry in reversed(self._matches):
            if floor <= self.sp[a].idx < self.sp[k].idx and entry.kind != "person" \
                    and entry.term_at(self.day).code:
                return entry.term_at(self.day).code or "", k
        return None

    def _pro_anti(self, k: int) -> bool:
        """ "pro-Russian separatists": the demonym names whom they back, not who they are."""
        return k >= 2 and self.sp[k - 1].text == "-" and norm(self.sp[k - 2].text) in (
            "pro", "anti")

    def _agent_pp(self, i: int, j: int) -> tuple[str | None, int, int, str]:
        if j + 1 < len(self.sp) and norm(self.sp[j].text) in ("of", "from", "in"):
            for width in (4, 3, 2, 1):
                if j + 1 + width <= len(self.sp):
                    code = self._country_of(self._text(j + 1, j + 1 + width))
                    if code:
                        return code, i, j + 1 + width, "prepositional"
        return None, i, j, "none"

    def _sentence_actor_country(self, i: int) -> str | None:
        """The one country of the actors before it in the sentence ("Maliki asked parliament")."""
        sent = self.sp[i].sent
        codes = {m.actor.code for m in self.mentions
                 if sent.start_char <= m.start < self.sp[i].idx and m.actor.code}
        return codes.pop() if len(codes) == 1 else None

    def _sentence_country(self, i: int, matches: list[tuple[int, int, KBEntry]]) -> str | None:
        """The country of a place the sentence sets the agent in ("police fired ... in Tehran")."""
        sent = self.sp[i].sent
        for a, b, entry in matches:
            if sent.start <= a < sent.end and entry.kind in ("country", "city") \
                    and not self._acts(a, b, entry.kind):
                return entry.term_at(self.day).code
        return None

    def _office_holder(self, code: str, title: TitleRule) -> Actor | None:
        """ "the Russian foreign minister" -> the one person who held it on the date."""
        if title.office not in _TABLE_OFFICES or self.day is None:
            return None
        holders = self.kb.holders(code, title.office, self.day)
        if len({h.person for h in holders}) != 1:
            return None
        return self._identify(holders[0].person, Role(code, title))

    # --- names from the dictionary ---------------------------------------------------------
    def _names(self, matches: list[tuple[int, int, KBEntry]]) -> None:
        for i, j, entry in matches:
            if not self._free(i, j) or entry.kind == "person":
                continue
            kind = {"seat": "metonym", "city": "metonym"}.get(entry.kind, "name")
            if entry.kind in ("country", "city") and self._inside_other_name(i, j):
                continue
            res = self.kb.resolve(entry, self._text(i, j), self.day)
            actor = res.actor
            if entry.kind in ("country", "city") and not self._acts(i, j, entry.kind):
                # A place, not an actor ("held in Russia"): its country, no sector.
                self._add(i, j, replace(actor, sector=None, evidence=f"place;{actor.evidence}"),
                          "place")
                continue
            if entry.kind == "country" and actor.sector is None:
                # PLOVER codes a country acting as its government; CAMEO keeps it bare.
                cameo = "" if "cameo=" in (actor.evidence or "") else f";cameo={actor.code}"
                actor = replace(actor, sector="GOV", evidence=f"{actor.evidence}{cameo}")
            self._add(i, j, actor, kind)

    def _cities(self) -> None:
        """Other cities named in the text are places of a known country: GPE entities, and
        proper nouns the NER missed after a locative preposition ("the port of Odesa")."""
        spans = [self.sp.char_span(e.start, e.end, alignment_mode="expand")
                 for e in self.doc.entities if e.label == "GPE"]
        named = {t.i for ent in self.sp.ents for t in ent}
        spans += [self.sp[t.i: t.i + 1] for t in self.sp[1:]
                  if t.pos_ == "PROPN" and t.i not in named and norm(self.sp[t.i - 1].text)
                  in self.w["locative_preps"] | {"of", "near"}]
        for span in spans:
            if span is None or not self._free(span.start, span.end):
                continue
            code = self.kb.city_country(span.text)
            if code is not None:
                actor = Actor(span.text, span.text, code, None, None, None, "place;city")
                self._add(span.start, span.end, actor, "place")

    def _dateline(self, i: int, j: int) -> bool:
        """ "MANILA, 8 July 2024 - ...": a place name opening a paragraph, then a comma."""
        opens = i == 0 or "\n" in self.sp[i - 1].text or "\n" in self.sp[i - 1].whitespace_
        return opens and j < len(self.sp) and self.sp[j].text in (",", "-", "(", "\u2014")

    def _inside_other_name(self, i: int, j: int) -> bool:
        """ "China" in "the South China Sea", "Washington" in "the Washington Post"."""
        for ent in self.sp.ents:
            if ent.start <= i and j <= ent.end and (ent.start, ent.end) != (i, j) \
                    and ent.label_ not in ("NORP", "PERSON") and not self.kb.find(ent.text):
                rest = [t for t in ent if not i <= t.i < j and t.pos_ in ("PROPN", "NOUN", "ADJ")]
                # "South Lebanon", "Northern Ireland" are still parts of that country.
                if any(self._country_of(t.text) is None and norm(t.text) not in
                       self.w["region_words"] for t in rest):
                    return True
        return False

    def _demonyms(self) -> None:
        """Nationalities left over: "Palestinians" (people), "Iraqi youths", "Danish Web
        sites" (the country with the noun's sector when the noun is an agent)."""
        for tok in self.sp:
            if self.taken[tok.i] or not tok.text[:1].isupper():
                continue
            code = self.kb.demonym(tok.text)
            if code is None or self.kb.find(tok.text, kind="country"):
                continue
            end = self._modified_noun_end(tok)
            if end > tok.i + 1 and self._free(tok.i, end):
                rule = self.kb.agent(self._text(tok.i + 1, end)) or self.kb.agent(
                    self.sp[end - 1].text)
                sector = rule.sector if rule else None
            else:
                end = tok.i + 1
                sector = "CVL" if tok.pos_ in ("PROPN", "NOUN") and tok.text.endswith("s") \
                    and tok.dep_ not in ("amod", "compound") else None
            text = self._text(tok.i, end)
            self._add(tok.i, end, Actor(text, text, code, sector, None, None, "demonym"), "agent")

    def _modified_noun_end(self, tok: Any) -> int:
        """End of the noun a demonym modifies, if the words between are modifiers."""
        here, head = int(tok.i), int(tok.head.i)
        if tok.dep_ not in ("amod", "compound", "nmod") or head <= here or head > here + 4:
            return here + 1
        between = self.sp[here + 1: head]
        if any(t.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT") for t in between):
            return here + 1
        return head + 1

    def _acts(self, i: int, j: int, kind: str) -> bool:
        """Whether a country or capital is used as an actor, not as a place."""
        if self._dateline(i, j):
            return False
        tok = self.sp[j - 1]
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj":
            prep = norm(tok.head.text)
            if prep in self.w["locative_preps"]:
                return False
            if prep in self.w["motion_preps"] and tok.head.head.lemma_ in self.w["motion_lemmas"]:
                return False
        if kind == "city":
            return tok.dep_ not in ("compound", "nmod", "amod", "npadvmod", "ROOT")
        return True

    # --- coreference ------------------------------------------------------------------------
    def _coref(self) -> None:
        names = sorted(self.mentions, key=lambda m: m.start)
        for tok in self.sp:
            if self.taken[tok.i]:
                continue
            nominal = self._nominal_at(tok.i)
            if nominal:
                j, refers = nominal
                self._resolve_nominal(tok.i, j, refers, names)
            elif norm(tok.text) in self.w["person_pronouns"]:
                actor = self._antecedent(tok, names)
                if actor is not None:
                    self._add(tok.i, tok.i + 1, actor, "pronoun")
            elif norm(tok.text) in self.w["group_pronouns"]:
                actor = self._group_antecedent(tok)
                if actor is not None:
                    self._add(tok.i, tok.i + 1, actor, "pronoun")

    def _nominal_at(self, i: int) -> tuple[int, str] | None:
        for k in range(5, 1, -1):
            if i + k <= len(self.sp):
                refers = self.w["nominals"].get(norm(self._text(i, i + k)))
                if refers and self._edges_ok(i, i + k) and self._free(i, i + k) \
                        and not self._named_after(i + k):
                    return i + k, refers
        return None

    def _named_after(self, j: int) -> bool:
        """ "the minister Sergei Lavrov" / "the president of Russia" are not coreference."""
        return j < len(self.sp) and (self.sp[j].pos_ == "PROPN" or norm(self.sp[j].text) == "of")

    def _resolve_nominal(self, i: int, j: int, refers: str, names: list[Mention]) -> None:
        before = [m for m in names if m.end <= self.sp[i].idx]
        if refers == "pair":
            sector = self._pair_sector(j - 1)
            people = _distinct([m.actor for m in reversed(before)
                                if m.actor.name in self.person_names
                                and sector in (None, m.actor.sector)])[:2]
            for actor in people if len(people) == 2 else []:
                self._add_shared(i, j, actor, "nominal")
            return
        wanted = self._nominal_title(i, j)
        for m in reversed(before):
            if self._compatible(m, refers, wanted):
                self._add(i, j, m.actor, "nominal")
                return

    def _pair_sector(self, k: int) -> str | None:
        """ "the two ministers" are government people; "the two" and "both men" anyone."""
        word = norm(self.sp[k].text)
        rule = self.kb.title(word.removesuffix("s")) or self.kb.agent(word)
        return rule.sector if rule and word not in ("two", "men", "women", "pair") else None

    def _nominal_title(self, i: int, j: int) -> TitleRule | None:
        return self.kb.title(self._text(i + 1, j)) if j > i + 1 else None

    def _compatible(self, m: Mention, refers: str, wanted: TitleRule | None) -> bool:
        if refers == "anonymous":  # "the official", "the person": an unnamed source
            return m.kind == "agent" and m.actor.sector == "GOV"
        if m.actor.name not in self.person_names:
            return False
        if wanted is None or wanted.office in (None, m.actor.office):
            return True
        # "the minister" fits a foreign minister; "the foreign minister" only fits one.
        return wanted.office not in _TABLE_OFFICES and wanted.sector == m.actor.sector

    def _add_shared(self, i: int, j: int, actor: Actor, kind: str) -> None:
        start, end = self.sp[i].idx, self.sp[j - 1].idx + len(self.sp[j - 1])
        self.mentions.append(Mention(start, end, actor, kind))
        for k in range(i, j):
            self.taken[k] = True

    def _antecedent(self, tok: Any, names: list[Mention]) -> Actor | None:
        """The person a pronoun refers to: same sentence first (unless a quote or another
        subject stands between), else the latest subject of the nearest earlier sentence."""
        people = [m for m in names if m.actor.name in self.person_names and m.end <= tok.idx]
        same = [m for m in people if m.start >= tok.sent.start_char]
        if same and not any(self._blocked(tok, m) for m in same
                            if m.actor.name == same[-1].actor.name):
            return same[-1].actor
        earlier = [m for m in people if m.start < tok.sent.start_char]
        if not earlier:
            return None
        last_sent = self.sp.char_span(earlier[-1].start, earlier[-1].end,
                                      alignment_mode="expand")
        in_sent = [m for m in earlier if m.start >= last_sent.sent.start_char] if last_sent \
            else earlier[-1:]
        subjects = [m for m in in_sent if self._is_subject(m)]
        return (subjects or in_sent)[-1].actor

    def _group_antecedent(self, tok: Any) -> Actor | None:
        """The country or organisation "it"/"its"/"they" refers to. A subject pronoun needs
        a governing subject ("Moscow said it would respond"); a possessive takes the latest
        organisation or country of this or the previous sentence ("withdrew its troops")."""
        cands = [m for m in sorted(self.mentions, key=lambda m: m.start)
                 if m.end <= tok.idx and m.kind != "pronoun"
                 and m.actor.name not in self.person_names and m.actor.code]
        for m in reversed([m for m in cands if m.start >= tok.sent.start_char]):
            span = self.sp.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJECT_DEPS \
                    and span.root.head in list(tok.ancestors):
                return m.actor
        if norm(tok.text) in ("its", "their"):
            floor = self._previous_sentence_start(tok)
            recent = [m for m in cands if m.start >= floor]
            return recent[-1].actor if recent else None
        return None

    def _previous_sentence_start(self, tok: Any) -> int:
        start = tok.sent.start
        return self.sp[start - 1].sent.start_char if start > 0 else 0

    def _blocked(self, tok: Any, cand: Mention) -> bool:
        """A subject pronoun does not refer to a subject of another clause in its sentence
        (Putin, "has shown no interest," he continued) unless that clause reports it
        ("Cameron said he would resign")."""
        if tok.dep_ not in SUBJECT_DEPS:
            return False
        if any(q in self.doc.text[cand.end: tok.idx] for q in QUOTES):
            return True
        span = self.sp.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None or span.root.dep_ not in SUBJECT_DEPS:
            return False
        return span.root.head not in list(tok.ancestors)

    def _is_subject(self, m: Mention) -> bool:
        span = self.sp.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and span.root.dep_ in SUBJECT_DEPS


_NOT_PEOPLE = frozenset({"country", "city", "igo", "seat", "org", "group", "party"})
_TABLE_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister",
                            "defence_minister", "vice_president"})


def _merge(before: Role, after: Role) -> Role:
    if before.title is not None or after.title is None and after.country is None:
        return before if before.country or before.title else after
    return Role(after.country or before.country, after.title, before.start, after.past)


def _strip_honorific(name: str, honorifics: set[str]) -> str:
    parts = name.split()
    while len(parts) > 1 and norm(parts[0]) in honorifics:
        parts = parts[1:]
    return " ".join(parts)


def _distinct(actors: list[Actor]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for a in actors:
        seen.setdefault(a.name, a)
    return list(seen.values())


def _attach_entities(doc: Document, kb: ActorKB) -> None:
    """Set ``entity.actor`` from the mention that covers it, else from the dictionary."""
    day = _doc_day(doc)
    for ent in doc.entities:
        if ent.label not in ACTOR_LABELS:
            continue
        actor = _covering(doc, ent.start, ent.end)
        if ent.label in ("GPE", "NORP") and not _exact(doc, ent.start, ent.end):
            actor = None  # "Russian" inside "Russian troops" is the country, not the troops
        if actor is None:
            actor = _country_actor(kb, ent.text, day)
        if actor is not None:
            ent.actor = replace(actor, entity_text=ent.text)


def _exact(doc: Document, start: int, end: int) -> bool:
    return any(m.start == start and m.end == end for m in doc.mentions)


def _covering(doc: Document, start: int, end: int) -> Actor | None:
    for m in doc.mentions:
        # A mention much longer than the entity is about someone else ("Russian" in a title).
        if m.start <= start and end <= m.end and m.kind in ("name", "metonym", "agent") \
                and m.end - m.start <= 2 * (end - start) + 40:
            return m.actor
    return None


def _country_actor(kb: ActorKB, text: str, day: date | None) -> Actor | None:
    """A country or demonym entity that is not an actor in context ("in Russia")."""
    code = kb.demonym(text)
    if code is None:
        return None
    found = kb.find(text, kind="country")
    name = found[0].name if found else text
    return Actor(text, name, code, None, found[0].qid if found else None, None, "country")
