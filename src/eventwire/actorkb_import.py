"""Importers into the actor knowledge base: PETRARCH/TABARI dictionaries, user
dictionaries (CSV/TSV/YAML) and Wikidata JSON lines.

PETRARCH actor dictionaries (``*.actors.txt``)::

    RUSSIA  [RUS]                 a name and its code
    +RUSSIAN                      synonyms of the name above
    SAM_GAMGEE [HOB]              date-bounded codes on indented lines:
        [HOBCIV <20080120]        before, [X >YYMMDD] after, [X YYYYMMDD-YYYYMMDD] between

``_`` joins words; a name not ending in ``_`` is a TABARI stem ("ARGENTIN" matches
"Argentina"). ``#`` starts a comment, ``<!-- -->`` brackets comment blocks.

PETRARCH agent dictionaries (``*.agents.txt``): ``TROOPS {} [~MIL]`` -- ``~XXX`` is
appended to the country code, ``XXX~`` put before it; ``{...}`` lists plurals (regular
plurals are generated otherwise); ``!PERSON! = MAN, MEN`` defines substitutions.

Use them in the actors stage::

    kb = petrarch_kb([actors_path], [agents_path])
    stage = ActorsStage(kb=kb)

A PETRARCH code maps to a PLOVER code and sector with :func:`split_cameo` ("USAGOV" ->
USA, GOV; "IGOUNO" -> UNO; "IGOAFR" -> IGO); the raw code stays available through
:func:`eventwire.actorkb.cameo_code`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.actorkb import (
    ActorKB,
    AgentRule,
    KBEntry,
    OfficeTerm,
    Term,
    build_kb,
    entries_from_rows,
    parse_date,
    read_tsv,
)
from eventwire.errors import UsageError

#: CAMEO agent codes -> PLOVER sectors (MED was media in CAMEO, HLH medical).
CAMEO_SECTORS: dict[str, str] = {
    "GOV": "GOV", "MIL": "MIL", "COP": "COP", "JUD": "JUD", "LEG": "LEG", "REB": "REB",
    "INS": "REB", "SEP": "REB", "UAF": "UAF", "OPP": "OPP", "MED": "JRN", "HLH": "MED",
    "EDU": "EDU", "BUS": "BUS", "LAB": "LAB", "AGR": "AGR", "CVL": "CVL", "CIV": "CVL",
    "REF": "REF", "ELI": "ELI", "SPY": "SPY", "PTY": "PTY", "REL": "REL", "MUS": "REL",
    "CHR": "REL", "JEW": "REL", "BUD": "REL", "HIN": "REL", "HRI": "SOC", "NGO": "SOC",
    "MOP": "OPP", "MOD": "", "RAD": "", "PRM": "PRM", "CRM": "CRM", "UNK": "UNK",
}  # fmt: skip
#: Leading CAMEO codes that are PLOVER non-state "countries".
NONSTATE_PREFIX: dict[str, str] = {"NGO": "NGO", "NGM": "NGO", "IMG": "IMG", "MNC": "MNC",
                                   "ISM": "ISM"}
IGO_CODES: dict[str, str] = {"UNO": "UNO", "EEU": "EUR", "EUR": "EUR"}


def split_cameo(raw: str) -> tuple[str | None, str | None]:
    """(code, sector) of a CAMEO/PETRARCH code: "RUSMIL" -> (RUS, MIL), "---GOV" -> (None, GOV)."""
    raw = raw.split("/")[0].upper().strip()
    chunks = [raw[i:i + 3] for i in range(0, len(raw), 3)]
    if not chunks or chunks[0] in ("---", "###", "+++", ""):
        return None, _sector(chunks[1:])
    head, rest = chunks[0], chunks[1:]
    if head == "IGO":
        return (IGO_CODES.get(rest[0], "IGO") if rest else "IGO"), _sector(rest[1:])
    code, sector = NONSTATE_PREFIX.get(head, head), _sector(rest)
    if code == "IMG" and sector in (None, "REL"):  # "IMGMUSALQ": religion qualifies a group
        sector = "REB"
    return code, sector


def _sector(chunks: list[str]) -> str | None:
    for chunk in chunks:
        sector = CAMEO_SECTORS.get(chunk)
        if sector:
            return sector
    return None


# --- PETRARCH actors ---------------------------------------------------------------------
_CODE = re.compile(r"\[([^\]]*)\]")


def _strip_comments(text: str) -> Iterator[str]:
    text = re.sub(r"<!.*?-->", "", text, flags=re.S)
    for line in text.splitlines():
        yield line.split("#", 1)[0].rstrip()


def _tabari_date(token: str) -> date | None:
    digits = token.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        return None
    if len(digits) == 6:  # TABARI's two-digit years
        century = "20" if int(digits[:2]) < 40 else "19"
        digits = century + digits
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def parse_code_block(block: str) -> Term | None:
    """A Term from the inside of ``[...]``: "HOBGOV 19950601 - 19990815", "HOB < 950601"."""
    m = re.match(r"\s*([^\s<>]*)\s*(.*)$", block)
    if not m or not m.group(1) or not re.fullmatch(r"[A-Za-z/\-#+~]+", m.group(1)):
        return None
    raw, rest = m.group(1).upper(), m.group(2).replace(" ", "")
    start = end = None
    if rest.startswith("<"):
        end = _tabari_date(rest[1:])
        end = end - timedelta(days=1) if end else None
    elif rest.startswith(">"):
        start = _tabari_date(rest[1:])
    elif "-" in rest:
        a, b = rest.split("-", 1)
        start, end = _tabari_date(a), _tabari_date(b)
        if start is None or end is None:  # a malformed range: keep the code undated
            start = end = None
    code, sector = split_cameo(raw)
    return Term(code, sector, start, end, cameo=raw)


def _phrase(name: str) -> str:
    """The name as words; a one-word TABARI stem (no trailing underscore) ends in "*"."""
    name = name.strip()
    # Acronyms ("UN", "U.S.") keep their capitals so they do not match "un"/"us".
    words = " ".join(w if len(w) <= 3 or "." in w else w.title()
                     for w in name.replace("_", " ").split())
    stem = not name.endswith("_") and " " not in words
    return words + "*" if stem else words


class _ActorReader:
    """Turns the lines of a PETRARCH actor file into entries."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[KBEntry] = []
        self.names: list[str] = []
        self.terms: list[Term] = []

    def line(self, line: str) -> None:
        body = line.strip()
        if not body:
            return self.flush(blank=True)
        codes = [t for t in (parse_code_block(b) for b in _CODE.findall(body)) if t]
        name = _CODE.sub("", body).strip()
        if name.startswith("+"):
            self.names.append(_phrase(name[1:]))
        elif name:
            self.flush()
            self.names = [_phrase(name)]
        self.terms.extend(codes)
        return None

    def flush(self, blank: bool = False) -> None:
        if self.names and self.terms:
            first = self.names[0]
            entry = KBEntry(first.rstrip("*"), "petrarch", list(self.terms), self.names,
                            source=self.source)
            self.entries.append(entry)
            self.names, self.terms = [], []
        elif blank or self.terms:
            self.names, self.terms = ([], []) if blank else (self.names, [])
        else:  # a new name before any code: the block had no code; drop it
            self.names = []


def load_petrarch_actors(path: Path | str) -> list[KBEntry]:
    """Entries of a TABARI/PETRARCH actor dictionary, with date-bounded codes."""
    path = Path(path)
    reader = _ActorReader(source=f"petrarch:{path.name}")
    for line in _strip_comments(_read(path)):
        reader.line(line)
    reader.flush()
    return reader.entries


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read dictionary {path}: {exc}", code="E501") from exc


# --- PETRARCH agents ---------------------------------------------------------------------
def _plural(word: str) -> str:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def _agent_phrases(name: str, plurals: str | None, macros: dict[str, list[str]]) -> list[str]:
    forms = [name] + ([p for p in plurals.split(",") if p.strip()] if plurals is not None
                      else [_plural(name)])
    out: list[str] = []
    for form in forms:
        out.extend(_expand(form.strip(), macros))
    return [f.replace("_", " ").strip().lower() for f in out if f.strip()]


def _expand(form: str, macros: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!(\w+)!", form)
    if not m or m.group(1) not in macros:
        return [form]
    return [x for v in macros[m.group(1)] for x in _expand(form.replace(m.group(0), v, 1), macros)]


def load_petrarch_agents(path: Path | str) -> list[AgentRule]:
    """Agent rules of a PETRARCH agents dictionary ("TROOPS {} [~MIL]" -> troops: MIL)."""
    macros: dict[str, list[str]] = {}
    rules: list[AgentRule] = []
    for line in _strip_comments(_read(Path(path))):
        m = re.match(r"\s*!(\w+)!\s*=\s*(.+)$", line)
        if m:
            macros[m.group(1)] = [v.strip() for v in m.group(2).split(",")]
            continue
        m = re.match(r"\s*([^\s{\[]+)\s*(?:\{([^}]*)\})?\s*\[\s*([^\]]*)\]", line)
        if m:
            cameo = m.group(3).replace(" ", "").upper()
            sector = _sector([cameo.strip("~")[i:i + 3] for i in range(0, 9, 3)])
            for phrase in _agent_phrases(m.group(1), m.group(2), macros):
                rules.append(AgentRule(phrase, sector or "", cameo))
    return rules


def petrarch_kb(actors: Iterable[Path | str], agents: Iterable[Path | str] = (),
                builtin: bool = True) -> ActorKB:
    """A knowledge base with PETRARCH dictionaries loaded over the packaged data (or alone)."""
    kb = build_kb() if builtin else _rules_only_kb()
    for path in actors:
        kb.extend(load_petrarch_actors(path))
    for path in agents:
        for rule in load_petrarch_agents(path):
            kb.agents[rule.phrase] = rule
    return kb


def _rules_only_kb() -> ActorKB:
    from eventwire.actorkb import load_rules

    kb = ActorKB()
    load_rules(kb)
    return kb


# --- user dictionaries and Wikidata --------------------------------------------------------
def load_user_entries(path: Path | str) -> list[KBEntry]:
    """Entries of a user dictionary: CSV/TSV with the columns of ``entities.tsv``
    (name, aliases, code, sector, qid, start, end, kind) or YAML (a list of such maps)."""
    path = Path(path)
    if path.suffix in (".yaml", ".yml"):
        import yaml

        try:
            rows = yaml.safe_load(_read(path)) or []
        except yaml.YAMLError as exc:
            raise UsageError(f"cannot parse {path}: {exc}", code="E501") from exc
        return entries_from_rows(_yaml_rows(rows), source=f"user:{path.name}")
    return entries_from_rows(read_tsv(path), source=f"user:{path.name}")


def _yaml_rows(rows: Any) -> Iterator[dict[str, str]]:
    if not isinstance(rows, list):
        raise UsageError("a YAML actor dictionary must be a list of entries", code="E501")
    for row in rows:
        aliases = row.get("aliases") or []
        flat = {k: "" if v is None else str(v) for k, v in row.items() if k != "aliases"}
        flat["aliases"] = "|".join(aliases) if isinstance(aliases, list) else str(aliases)
        yield flat


def load_wikidata(path: Path | str, kb: ActorKB | None = None
                  ) -> tuple[list[KBEntry], list[OfficeTerm]]:
    """Entries (and office terms) from a JSON-lines Wikidata extract, one entity a line.

    Each line has ``id`` (QID), ``label``, optional ``aliases`` (list), ``country`` (ISO
    alpha-3, or a country QID known to the KB), ``sector``, ``kind`` and ``positions``
    (list of {office, country, start, end}). Wikidata's own entity JSON (``labels.en``,
    ``aliases.en``) is read too.
    """
    entries: list[KBEntry] = []
    offices: list[OfficeTerm] = []
    countries = _country_qids(kb)
    for n, line in enumerate(_read(Path(path)).splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{n}: not JSON: {exc}", code="E501") from exc
        entry, terms = _wikidata_item(item, countries)
        entries.append(entry)
        offices.extend(terms)
    return entries, offices


def _country_qids(kb: ActorKB | None) -> dict[str, str]:
    kb = kb or build_kb()
    return {e.qid: e.terms[0].code or "" for e in kb.entries if e.kind == "country" and e.qid}


def _text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("en", value.get("value", ""))
        return _text(value)
    return str(value or "")


def _wikidata_item(item: dict[str, Any], countries: dict[str, str]
                   ) -> tuple[KBEntry, list[OfficeTerm]]:
    qid = str(item.get("id") or item.get("qid") or "") or None
    name = _text(item.get("label") or item.get("labels") or item.get("name"))
    if not name:
        raise UsageError(f"Wikidata item {qid} has no label", code="E501")
    raw_aliases = item.get("aliases") or []
    if isinstance(raw_aliases, dict):
        raw_aliases = raw_aliases.get("en", [])
    aliases = [_text(a) for a in raw_aliases]
    raw_country = str(item.get("country") or "")
    country = countries.get(raw_country, raw_country) or None
    positions = [_position(p, name, qid, country, countries) for p in item.get("positions", [])]
    kind = str(item.get("kind") or ("person" if positions else "org"))
    term = Term(country, item.get("sector") or ("GOV" if positions else None))
    return KBEntry(name, kind, [term], aliases, qid, source="wikidata"), positions


def _position(p: dict[str, Any], name: str, qid: str | None, country: str | None,
              countries: dict[str, str]) -> OfficeTerm:
    where = str(p.get("country") or country or "")
    return OfficeTerm(name, countries.get(where, where), str(p["office"]),
                      parse_date(p.get("start")), parse_date(p.get("end")), qid, "wikidata")


def import_wikidata(kb: ActorKB, path: Path | str) -> int:
    """Load a Wikidata extract into ``kb``; returns the number of entries."""
    entries, offices = load_wikidata(path, kb)
    kb.extend(entries)
    for term in offices:
        kb.offices.append(term)
    return len(entries)


def entries_to_rows(entries: Iterable[KBEntry]) -> Iterator[dict[str, str]]:
    """Rows in the ``entities.tsv`` layout, one per term (for ``import-petrarch --out``)."""
    for e in entries:
        for t in e.terms:
            yield {"name": e.name, "aliases": "|".join(e.aliases), "code": t.code or "",
                   "sector": t.sector or "", "qid": e.qid or "",
                   "start": t.start.isoformat() if t.start else "",
                   "end": t.end.isoformat() if t.end else "", "kind": e.kind,
                   "cameo": t.cameo or ""}
