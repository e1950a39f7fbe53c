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
4. places and nationalities: countries, capitals and cities used as places ("held in
   Russia", a dateline) get kind ``place`` mentions (country code, no sector), so that a
   recipient "in Lebanon" still has a code; leftover nationalities ("Palestinians", "Iraqi
   youths") get kind ``agent``;
5. coreference: pronouns and nominals ("he", "the minister", "the two leaders", "it") to
   earlier actors. A plural nominal gets one Mention per person over the same span.

Mention kinds: name | pronoun | nominal | metonym | agent | place. The passes live in
:mod:`eventwire.actorkb_people` (people), :mod:`eventwire.actorkb_coref` (coreference) and
:mod:`eventwire.actorkb_text` (shared state); agents, names and places are here.

A title the office table contradicts ("German Chancellor Angela Merkel" in 2024) is
recorded in ``doc.role_mismatches`` for the checks stage.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from eventwire.actorkb import (
    NONSTATE_CODES,
    ActorKB,
    KBEntry,
    TitleRule,
    country_as_of,
    get_kb,
    norm,
    parse_date,
)
from eventwire.actorkb_coref import TABLE_OFFICES
from eventwire.actorkb_people import People
from eventwire.actorkb_text import Role
from eventwire.errors import EventwireError
from eventwire.pipeline import Stage
from eventwire.records import Actor, Document, Mention

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


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


class _Resolver(People):
    """All passes over one document, in order."""

    def run(self) -> list[Mention]:
        matches = self._dictionary_matches()
        self._matches = matches
        self._persons(matches)
        self._agents(matches)
        self._names(matches)
        self._cities()
        self._organisations()
        self._demonyms()
        self._residence()
        self._coref()
        self._deferred_agents()
        self._one_country_agents()
        return sorted(self.mentions, key=lambda m: (m.start, -m.end))

    # --- organisations the dictionary does not know -----------------------------------------
    def _organisations(self) -> None:
        """Unknown ORG names: the country their name gives ("Serbian Workers' Union",
        "Montenegro Municipality Association"), or NGO for a civil-society name ("Association
        of African Jurists"); others stay uncoded entities (no guess from the sentence)."""
        for ent in self._ents:
            if ent.label_ != "ORG" or not self._free(ent.start, ent.end) \
                    or self.kb.find(ent.text):
                continue
            code = self._name_country(ent)
            heads = {norm(t.text) for t in ent}
            if code is None and heads & self.w["ngo_heads"]:
                code = "NGO"
            if code is None:
                continue  # nothing known: the entity stays an uncoded party
            sector = next((self.w["org_head_sectors"][h] for h in heads
                           if h in self.w["org_head_sectors"]), None)
            actor = Actor(ent.text, ent.text, code, sector, None, None, "organisation:name")
            self._add(ent.start, ent.end, actor, "agent")

    def _name_country(self, ent: Any) -> str | None:
        """The country a country name or demonym inside an organisation's name gives."""
        for tok in ent:
            code = self._country_of(tok.text) if tok.pos_ in ("PROPN", "ADJ") else None
            if code and code not in NONSTATE_CODES:
                return code
        return None

    def _one_country_agents(self) -> None:
        """Generic agents still without a code take the one country their sentence names
        ("Islamic fundamentalists ... demand the resignation of Algerian President X")."""
        for k, m in enumerate(self.mentions):
            if m.actor.code is not None or m.kind != "agent" \
                    or not (m.actor.evidence or "").startswith("agent:"):
                continue
            code = self._only_country(m)
            if code is not None:
                evidence = f"{m.actor.evidence};context:one-country"
                self.mentions[k] = replace(m, actor=replace(m.actor, code=code,
                                                            evidence=evidence))

    def _only_country(self, mention: Mention) -> str | None:
        span = self.sp.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return None
        sent = span.sent
        codes = {m.actor.code for m in self.mentions if m.actor.code
                 and sent.start_char <= m.start < sent.end_char
                 and m.actor.code not in NONSTATE_CODES}
        return codes.pop() if len(codes) == 1 else None

    # --- agents -----------------------------------------------------------------------------
    def _agents(self, matches: list[tuple[int, int, KBEntry]]) -> None:
        named = [False] * len(self.sp)
        for a, b, _entry in matches:
            named[a:b] = [True] * (b - a)
        # Only the tokens an agent phrase may begin with (a few in a hundred) are tried.
        starts = [i for i, word in enumerate(self._norm) if self.kb.may_start_agent(word)]
        after = 0  # the end of the last agent: phrases do not overlap
        for i in starts:
            if i < after:
                continue
            j = self._agent_end(i)
            if j and self._free(i, j) and not any(named[i:j]) and not self._in_name(i, j) \
                    and self._nominal_head(j - 1):
                self._agent(i, j, matches)
                after = j

    def _in_name(self, i: int, j: int) -> bool:
        """Part of a longer proper name ("European Union", "Rapid Support Forces"), unless the
        rest of the name is a country ("Russian Foreign Ministry")."""
        for ent in self._ents:
            if ent.start < j and i < ent.end and ent.label_ != "NORP":
                rest = [self._words[k] for k in range(ent.start, ent.end)
                        if not i <= k < j and self._words[k][:1].isupper()]
                if any(self._country_of(word) is None for word in rest):
                    return True
        return False

    def _nominal_head(self, k: int) -> bool:
        """The agent word heads its phrase: not "artillery" in "artillery shells"."""
        dep = self.sp[k].dep_
        nxt = self._pos[k + 1] if k + 1 < len(self._pos) else None
        if dep == "compound" or nxt in ("NOUN", "PROPN"):
            return False
        if self._pos[k] in ("NOUN", "PROPN"):
            return True
        # A mis-tagged adjective that acts ("the military seized power") still heads.
        return self._pos[k] == "ADJ" and (dep != "amod" or nxt in ("VERB", "AUX"))

    def _agent_end(self, i: int) -> int:
        """The end of the agent phrase at token i (one it may begin), or 0."""
        end = 0  # the longest agent phrase of up to five tokens, found shortest first
        for j in range(i + 1, min(i + 5, len(self.sp)) + 1):
            text = self._text(i, j)
            if self._edges_ok(i, j) and self.kb.agent(text):
                end = j
            if text.isascii() and not self.kb.may_begin_agent(norm(text)):
                break  # no longer phrase either (see ``TextBase._match_at``)
        return end

    def _agent(self, i: int, j: int, matches: list[tuple[int, int, KBEntry]]) -> None:
        rule = self.kb.agent(self._text(i, j))
        assert rule is not None  # _agent_end found it
        if any(self._nominal_at(k) and (self._nominal_at(k) or (0, ""))[0] >= j
               for k in range(max(0, i - 3), i)):
            return  # "ministers" in "the two ministers" is coreference, not a new agent
        code, start, end, how = self._agent_country(i, j)
        if code is None and rule.code is None and self._definite(i):
            self.deferred.append((i, j))  # "the minister", "the junta": coreference first
            return
        if code is None and rule.code is None and rule.sector not in self.w["no_context_country"]:
            code, how = self._sentence_actor_country(i), "context:sentence-actors"
            if code is None:
                code, how = self._sentence_country(i, matches), "context:sentence-place"
            if code is None:  # "Police arrested ..." under "NAIROBI, 20 June -": local agents
                code, how = self._dateline_country(), "context:dateline"
        title = self.kb.title(self._text(i, j))
        holder = self._office_holder(code, title) if code and title else None
        if holder is not None and self._free(start, end):
            self._add(start, end, replace(holder, entity_text=self._text(start, end)), "nominal")
            return
        sector = "ELI" if self._past_before(i) or self._past_before(start) else rule.sector
        if rule.code and not (rule.text_country and code):
            code = rule.code
        actor = Actor(self._text(start, end), self._text(start, end), code,
                      sector, None, title.office if title else None,
                      f"agent:{rule.phrase};{how}" + (f";cameo={rule.cameo}" if rule.cameo
                                                      else ""))
        if self._free(start, end):
            self._add(start, end, actor, "agent")

    def _definite(self, i: int) -> bool:
        """ "the minister", "the military junta": a definite phrase without a country."""
        k = i - 1
        while k > 0 and k > i - 3 and self._pos[k] in ("ADJ", "NOUN") \
                and self._country_of(self._words[k]) is None:
            k -= 1
        return k >= 0 and self._norm[k] in ("the", "this", "that")

    def _deferred_agents(self) -> None:
        """Definite agents coreference did not claim take the country of the latest actor
        named before them ("sanctions on Niger ... demanded that the military junta")."""
        for i, j in self.deferred:
            if not self._free(i, j):
                continue
            rule = self.kb.agent(self._text(i, j))
            code = self._recent_country(i)
            if rule is not None:
                text = self._text(i, j)
                self._add(i, j, Actor(text, text, code, rule.sector, None, None,
                                      f"agent:{rule.phrase};context:recent-actor"), "agent")

    def _recent_country(self, i: int) -> str | None:
        """The state code of the latest actor (not a place, not an IGO) in this or the
        previous sentence."""
        floor = self._previous_sentence_start(self.sp[i])
        for m in sorted(self.mentions, key=lambda m: -m.start):
            if floor <= m.start < self._starts[i] and m.kind != "place" and m.actor.code \
                    and m.actor.code not in NONSTATE_CODES:
                return m.actor.code
        return None

    def _agent_country(self, i: int, j: int) -> tuple[str | None, int, int, str]:
        """Country of an agent from a modifier before it or "of/from/in X" after it."""
        floor = self._sent_starts[i]
        owner = self._possessor(i)
        if owner is not None:
            return owner[0], owner[1], j, "possessive"
        if i - 3 >= floor and self._words[i - 2] == "-" and self.sp[i - 1].lemma_ == "lead":
            leader = self._country_of(self._words[i - 3])  # "US-led forces"
            if leader:
                return leader, i - 3, j, "led"
        k = i - 1
        while k >= floor and k >= i - 4 and self._pos[k] in ("ADJ", "PROPN", "NOUN", "PART",
                                                                "NUM", "PUNCT"):
            if self._words[k] in (",", "(", ")") or self._pro_anti(k):
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
        while k >= 0 and self._pos[k] == "ADJ" and k > i - 3:
            k -= 1
        if k < 0 or self._norm[k] not in ("its", "their"):
            return None
        floor = self._previous_sentence_start(self.sp[k])
        for m in sorted(self.mentions, key=lambda m: -m.start):
            if floor <= m.start < self._starts[k] and m.actor.code \
                    and m.actor.name not in self.person_names:
                return m.actor.code, k
        for a, _b, entry in reversed(self._matches):
            if floor <= self._starts[a] < self._starts[k] and entry.kind != "person" \
                    and entry.term_at(self.day).code:
                return entry.term_at(self.day).code or "", k
        return None

    def _pro_anti(self, k: int) -> bool:
        """ "pro-Russian separatists": the demonym names whom they back, not who they are."""
        return k >= 2 and self._words[k - 1] == "-" and self._norm[k - 2] in (
            "pro", "anti")

    def _agent_pp(self, i: int, j: int) -> tuple[str | None, int, int, str]:
        based = j + 2 < len(self.sp) and self._norm[j] in self.w["based_words"] \
            and self._norm[j + 1] == "in"
        j += based  # "a group based in Trinidad"
        if j + 1 < len(self.sp) and self._norm[j] in ("of", "from", "in"):
            for width in (4, 3, 2, 1):
                if j + 1 + width <= len(self.sp):
                    code = self._country_of(self._text(j + 1, j + 1 + width))
                    if code:
                        return code, i, j + 1 + width, "prepositional"
        return None, i, j - based, "none"

    def _sentence_actor_country(self, i: int) -> str | None:
        """The one country of the actors before it in the sentence ("Maliki asked parliament")."""
        sent = self.sp[i].sent
        codes = {m.actor.code for m in self.mentions
                 if sent.start_char <= m.start < self._starts[i] and m.actor.code}
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
        if title.office not in TABLE_OFFICES or self.day is None:
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
        found = [self._token_range(e.start, e.end) for e in self.doc.entities if e.label == "GPE"]
        spans = [(i, j, self._text(i, j) if i < j else "") for i, j in filter(None, found)]
        # NER sometimes calls a town a nationality ("the town of Samarra"): not a demonym
        named = {k for ent in self._ents for k in range(ent.start, ent.end)
                 if ent.label_ != "NORP" or self.kb.demonym(self._words[k]) is not None}
        before = self.w["locative_preps"] | {"of", "near"}
        spans += [(k, k + 1, self._words[k]) for k in range(1, len(self._pos))
                  if self._pos[k] == "PROPN" and k not in named and self._norm[k - 1] in before]
        for start, end, text in spans:
            if not self._free(start, end):
                continue
            code = self.kb.city_country(text)
            if code is not None:
                code = country_as_of(code, self.day)
                actor = Actor(text, text, code, None, None, None, "place;city")
                self._add(start, end, actor, "place")

    def _inside_other_name(self, i: int, j: int) -> bool:
        """ "China" in "the South China Sea", "Washington" in "the Washington Post"."""
        for ent in self._ents:
            if ent.start <= i and j <= ent.end and (ent.start, ent.end) != (i, j) \
                    and ent.label_ not in ("NORP", "PERSON") and not self.kb.find(ent.text):
                rest = [k for k in range(ent.start, ent.end)
                        if not i <= k < j and self._pos[k] in ("PROPN", "NOUN", "ADJ")]
                # "South Lebanon", "Northern Ireland" are still parts of that country.
                if any(self._country_of(self._words[k]) is None and self._norm[k] not in
                       self.w["region_words"] for k in rest):
                    return True
        return False

    def _demonyms(self) -> None:
        """Nationalities left over: "Palestinians" (people), "Iraqi youths", "Danish Web
        sites" (the country with the noun's sector when the noun is an agent)."""
        for i, word in enumerate(self._words):
            if self.taken[i] or not word[:1].isupper():
                continue
            code = self.kb.demonym(word)
            if code is None or self.kb.find(word, kind="country"):
                continue
            tok = self.sp[i]
            end = self._modified_noun_end(tok)
            if end > tok.i + 1 and self._free(tok.i, end):
                rule = self.kb.agent(self._text(tok.i + 1, end)) or self.kb.agent(
                    self._words[end - 1])
                sector = rule.sector if rule else None
            else:
                end = tok.i + 1
                sector = "CVL" if tok.pos_ in ("PROPN", "NOUN") and tok.text.endswith("s") \
                    and tok.dep_ not in ("amod", "compound") else None
            text = self._text(tok.i, end)
            self._add(tok.i, end, Actor(text, text, code, sector, None, None, "demonym"), "agent")

    def _residence(self) -> None:
        """Ethnic groups are coded by the country they live in (the CAMEO convention):
        "Albanians of southern Serbia" and "ethnic Albanians in Serbia" -> SRB; "ethnic Turks"
        take the first other country their sentence names after them."""
        for k, m in enumerate(self.mentions):
            if m.kind != "agent" or m.actor.code is None:
                continue
            span = self.sp.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or self.kb.demonym(span[0].text) is None:
                continue
            code = self._place_after(span.end, m.actor.code, adjacent=True)
            if len(span) > 1:  # "Albanian rebels in Macedonia" are Albanian rebels
                code = None
            if code is None and span.start > 0 and self._norm[span.start - 1] == "ethnic":
                code = self._place_after(span.end, m.actor.code, adjacent=False)
            if code is not None:
                actor = replace(m.actor, code=code, evidence=f"{m.actor.evidence};residence")
                self.mentions[k] = replace(m, actor=actor)

    def _place_after(self, j: int, own: str, adjacent: bool) -> str | None:
        """The first country other than ``own`` named after token j in its sentence; with
        ``adjacent``, only one right after "in"/"of" (and region words: "of southern Serbia")."""
        if adjacent:
            if j >= len(self.sp) or self._norm[j] not in ("in", "of"):
                return None
            j += 1
            while j < len(self.sp) and self._norm[j] in self.w["region_words"] | {"the"}:
                j += 1
        end = self.sp[j - 1].sent.end if j > 0 else len(self.sp)
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.start >= (self._starts[j] if j < len(self.sp) else len(self.doc.text)) \
                    and m.start < self._starts[end - 1] + 1 and m.actor.code not in (None, own) \
                    and m.actor.code not in NONSTATE_CODES \
                    and m.kind in ("place", "name", "metonym"):
                return m.actor.code if not adjacent or m.start == self._starts[j] else None
        return None

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
