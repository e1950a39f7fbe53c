"""People for the actors stage: names with their titles, appositives and office terms.

A person's country, sector and office come from the text first ("Russian Foreign Minister
Sergei Lavrov", "Lavrov, Russia's foreign minister", "former President X"), then from the
office table as of the document's date; later mentions ("Mr. Lavrov", "Lavrov") share the
first mention's identity. Titles the table contradicts become :class:`RoleMismatch`.
"""

from __future__ import annotations

from dataclasses import replace

from eventwire.actorkb import KBEntry, TitleRule, norm
from eventwire.actorkb_coref import Coreference
from eventwire.actorkb_text import Role
from eventwire.records import Actor, RoleMismatch

#: Entry kinds that never name a person.
NOT_PEOPLE = frozenset({"country", "city", "igo", "seat", "org", "group", "party"})


class People(Coreference):
    """The people pass and the text evidence it reads (also used by the agents pass)."""

    def _persons(self, matches: list[tuple[int, int, KBEntry]]) -> None:
        spans = [(e.start, e.end) for e in self.doc.entities if e.label == "PERSON"]
        spans += [(self._starts[i], self._ends[j - 1])
                  for i, j, e in matches if e.kind == "person" or self._titled(i, e)]
        spans += self._honorific_names() + self._titled_org_names()
        # Longest first at each start: a dictionary name beats a truncated NER span.
        for i, j in sorted(set(self._token_span(s, e) for s, e in spans),
                           key=lambda s: (s[0], -s[1])):
            if i < j and self._free(i, j) and not self._is_non_person_name(i, j) \
                    and not self._wraps_a_name(i, j, matches):
                self._person(i, j)
        self._repeated_names()

    def _repeated_names(self) -> None:
        """Later bare mentions of people already named ("Lavrov" after "Sergei Lavrov")."""
        for i, text in enumerate(self._words):
            if not self.taken[i] and self._pos[i] == "PROPN" and text[:1].isupper():
                actor = self.people.get(self._norm[i])
                if actor is not None and len(self._norm[i]) > 2:
                    start = self._honorific_start(i)
                    self._add(start, i + 1, replace(actor, entity_text=text), "name")

    def _titled(self, i: int, entry: KBEntry) -> bool:
        """A dictionary name after a title is a person ("Bree Prime Minister Romendacil")."""
        return entry.kind not in NOT_PEOPLE and self._role_before(i).title is not None

    def _token_span(self, start: int, end: int) -> tuple[int, int]:
        return self._token_range(start, end) or (0, 0)

    def _titled_org_names(self) -> list[tuple[int, int]]:
        """Names the NER called an ORG right after a personal title ("Vice-President Moody
        Awori"): two to four proper nouns the dictionary does not know."""
        out = []
        for ent in self._ents:
            last = norm(ent[-1].text)  # "Obama Administration", "Putin Foundation": no names
            if ent.label_ == "ORG" and 2 <= len(ent) <= 4 and not self.kb.find(ent.text) \
                    and all(t.pos_ == "PROPN" for t in ent) and not self.kb.agent(last) \
                    and last not in self.w["org_head_sectors"] \
                    and self._role_before(ent.start).title is not None:
                out.append((ent.start_char, ent.end_char))
        return out

    def _honorific_names(self) -> list[tuple[int, int]]:
        """Names after "Mr."/"Mrs."/"Dr." that the NER missed."""
        out = []
        for i in range(len(self._pos) - 1):
            if self._norm[i] in self.w["honorifics"] and self._pos[i + 1] == "PROPN":
                end = i + 2
                while end < len(self._pos) and self._pos[end] == "PROPN":
                    end += 1
                out.append((self._starts[i + 1], self._ends[end - 1]))
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
        """A PERSON span that is really a known country, IGO or group ("Hamas"), or a
        nationality the NER took for a name ("Ugandan" in "Ugandan opposition candidates")."""
        text = self._text(i, j)
        found = self.kb.find(text)
        if found:
            return found[0].kind in NOT_PEOPLE
        if j == i + 1 and self._misspelt(i):
            return True  # "Kazakstan"
        return all(self.kb.demonym(self._words[k]) is not None for k in range(i, j))

    def _person(self, i: int, j: int) -> None:
        while j > i and self._edge[j - 1]:
            j -= 1
        i = self._skip_leading_titles(i, j)
        if i >= j:
            return
        name = self._text(i, j)
        role = self._comma_role(i, name, self._role_before(i))
        after = self._role_after(j)
        role = _merge(role, after)
        before = len(self.mismatches)
        actor = self._identify(name, role)
        start = role.start if role.start is not None else self._honorific_start(i)
        for mismatch in self.mismatches[before:]:
            mismatch.start, mismatch.end = self._starts[start], self._ends[j - 1]
        self._add(start, j, replace(actor, entity_text=name), "name")

    def _comma_role(self, i: int, name: str, role: Role) -> Role:
        """A title and country in an appositive before the name ("Qatar's emir, Sheikh X";
        "the Russian foreign minister, X") for a name the dictionary does not know."""
        start = role.start if role.start is not None else self._honorific_start(i)
        comma = start - 1
        if role.country is not None or comma < 1 or self._words[comma] != "," \
                or self.kb.find(name, kind="person"):
            return role
        lead = self._role_before(comma)
        if lead.country is None or lead.start is None:
            return role
        opens = lead.start == self._sent_starts[comma] or self._pos[lead.start - 1] == "DET"
        if not opens:
            return role
        return Role(lead.country, role.title or lead.title, role.start, lead.past)

    def _skip_leading_titles(self, i: int, j: int) -> int:
        """Move past titles and honorifics the NER put inside the name ("President Putin")."""
        while i < j - 1:
            step = self._title_len(i, j - 1) or (1 if self._norm[i] in
                                                   self.w["honorifics"] else 0)
            if not step:
                break
            i += step
        return i

    def _title_len(self, i: int, limit: int) -> int:
        """Length of the longest title starting at token i and ending before ``limit``."""
        for k in range(min(5, limit - i), 0, -1):
            if self._edges_ok(i, i + k) and self.kb.title(self._text(i, i + k)):
                return k
        return 0

    def _honorific_start(self, i: int) -> int:
        if i > 0 and self._norm[i - 1] in self.w["honorifics"]:
            return i - 1
        return i

    def _role_before(self, i: int) -> Role:
        """Title and country written before a name: "U.S. Secretary of State Antony Blinken"."""
        i = self._honorific_start(i)
        sent_start = self._sent_starts[i] if i < len(self.sp) else 0
        for k in range(min(5, i - sent_start), 0, -1):
            rule = self.kb.title(self._text(i - k, i)) if self._edges_ok(i - k, i) else None
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
        while i - 1 > floor and steps < 3 and self._pos[i - 1] in (
                "ADJ", "CCONJ", "PROPN", "NOUN") and self._country_of(self._words[i - 1]) is None:
            i, steps = i - 1, steps + 1
        return self._country_ending_at(i, floor)

    def _country_ending_at(self, i: int, floor: int) -> tuple[str | None, int | None]:
        for k in range(min(3, i - floor), 0, -1):
            if not self._edges_ok(i - k, i):
                continue
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
        if code is None and " " not in bare and norm(bare) not in self.person_words:
            code = self.kb.misspelt_country(bare)  # "Chenchen refugees"
        return code

    def _past_before(self, i: int) -> bool:
        return any(p in self.w["then_words"] for p in self._norm[max(0, i - 2): i])

    def _role_after(self, j: int) -> Role:
        """An appositive after a name: ", Russia's foreign minister," / ", an American";
        or the country a name is "of" ("King Hassan of Morocco")."""
        if j < len(self.sp) - 1 and self._norm[j] == "of":
            return Role(self._country_named_at(j + 1))
        if j >= len(self.sp) - 1 or self._words[j] != ",":
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
            code = self._country_of(self._words[k]) if self._pos[k] in ("PROPN", "ADJ") \
                else None
            if code and role.country is None:
                role.country = code
            if self._norm[k] in self.w["then_words"]:
                role.past = True
            k += 1
        if role.title is None and not self._demonym_noun(i, j):
            return Role()
        if role.title and role.title.former:
            role.past = True
        return role

    def _country_named_at(self, i: int) -> str | None:
        """The code of a country (or capital) named at token i, if the name starts there."""
        i += self._norm[i] == "the"
        for a, _b, entry in self._matches:
            if a == i and entry.kind in ("country", "city"):
                return entry.term_at(self.day).code
        return None

    def _demonym_noun(self, i: int, j: int) -> bool:
        """ "an American", "a Russian citizen": a nationality given without a title."""
        return j > i and self._norm[i] in ("a", "an") and self.kb.demonym(
            self._words[min(i + 1, j - 1)]) is not None

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
            e for e in self.kb.find(name) if e.kind not in NOT_PEOPLE]
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
        if role.country is None and base.code is None \
                and title.sector in self.w["domestic_sectors"]:
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
        if not codes:  # a domestic office in an article datelined in one country
            return self._dateline_country()
        return codes.pop() if len(codes) == 1 else None

    def _dateline_country(self) -> str | None:
        """The country of the city or country that opens the article as its dateline."""
        if not hasattr(self, "_dateline_code"):
            self._dateline_code: str | None = None
            for ent in self._ents[:3]:
                if self._dateline(ent.start, ent.end):  # the NER may call "LUSAKA" an ORG
                    self._dateline_code = self._country_of(ent.text) or \
                        self.kb.city_country(ent.text)
                    break
        return self._dateline_code

    def _dateline(self, i: int, j: int) -> bool:
        """ "MANILA, 8 July 2024 - ...": a place name opening a paragraph, then a comma."""
        opens = i == 0 or "\n" in self._words[i - 1] or "\n" in self.sp[i - 1].whitespace_
        return opens and j < len(self.sp) and self._words[j] in (",", "-", "(", "\u2014")

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


def _merge(before: Role, after: Role) -> Role:
    if before.title is not None and before.country is None and after.country is not None:
        return replace(before, country=after.country)  # "King Hassan of Morocco"
    if before.title is not None or after.title is None and after.country is None:
        return before if before.country or before.title else after
    return Role(after.country or before.country, after.title, before.start, after.past)


def _strip_honorific(name: str, honorifics: set[str]) -> str:
    parts = name.split()
    while len(parts) > 1 and norm(parts[0]) in honorifics:
        parts = parts[1:]
    return " ".join(parts)
