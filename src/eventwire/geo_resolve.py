"""Toponym disambiguation: pick one GeoNames entry per toponym, using the whole document.

Each candidate gets a score ``prior + context``:

- the prior says how likely a name means this entry with no context: countries and continents
  first, then admin-1 regions, then places by population, second-level regions last; a match on
  an alternate name costs a little;
- the context rewards entries in the countries and admin-1 regions that the document talks
  about: other toponyms that are not ambiguous, nationality adjectives, actors' countries,
  and qualifiers right after the name ("Paris, Texas").

Mentions with the same name are resolved together (one sense per discourse), and resolution
runs twice so that the first round's choices become context for the second.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from eventwire.gazetteer import Candidate, Gazetteer, GeoEntry, normalise

#: Prior of each feature class; places use log10(population) instead (0..7.5).
FEATURE_PRIOR: dict[str, float] = {"region": 9.5, "country": 10.0, "admin1": 6.0, "admin2": 2.0}
#: Weight of a place's prominence (log10 of its number of alternate names, less 1).
PROMINENCE = 1.5
#: Cost of matching an alternate (not primary) name ("New Delhi" is also a name of Delhi).
ALTERNATE_COST = 2.5
REGION_ALTERNATE_COST = 0.5
#: Floor of the country context term (log share of the document's country votes): a country
#: the document never mentions costs at most this much, a town there a little less.
COUNTRY_FLOOR = -3.0
PLACE_FLOOR = -1.5
#: Weight of the admin-1 context (places in a region the document mentions).
ADMIN1_WEIGHT = 1.5
#: Weight of the places inside an admin-1 region, for that region ("Atlanta" for Georgia).
INSIDE_WEIGHT = 3.0
#: Cap of the bonus an admin-1 region gets over a country of the same name ("Georgia") when
#: the document talks about other places inside the region's country.
HOMONYM_CAP = 2.2
#: A city this big takes precedence over the admin-1 region of the same name around it.
BIG_CITY = 1_000_000
#: Bonus when the next toponym names the candidate's admin-1 region or country.
QUALIFIER_BONUS = 6.0
#: Vote of each distinct actor's country (weaker than a toponym: people travel).
ACTOR_WEIGHT = 0.5
#: A name is "unambiguous" (and votes in round one) when its best candidate leads every
#: candidate from another country by at least this margin.
CONFIDENT_MARGIN = 2.0
#: How a toponym was found decides which candidates it may have: the smallest town it may
#: be (None: no town at all) and whether alternate names count. LOC entities name mountains,
#: rivers and regions, so a small town of the same name is rarely meant; names found by the
#: gazetteer alone, or in an ORG/PERSON entity, must be well known under their own name.
LABEL_POLICY: dict[str, tuple[int | None, bool]] = {
    "GPE": (0, True), "FAC": (0, True), "LOC": (100_000, True), "NORP": (0, True),
    "ORG": (200_000, False), "PERSON": (None, False), "EMBED": (50_000, False),
    "SCAN": (100_000, False), "PERSON1": (500_000, False),
}  # fmt: skip
#: Labels whose candidates are cities only: a one-word PERSON is a place only when it is a big
#: city ("Kharkiv"); "Georgia", "Jordan" and "Virginia" alone are more often people.
CITY_ONLY_LABELS = frozenset({"PERSON1"})


Votes = dict[str, float]


@dataclass
class Toponym:
    """A toponym span to resolve; ``fixed`` is set for demonyms and other certain matches."""

    text: str
    start: int
    end: int
    fixed: GeoEntry | None = None
    qualifier: str | None = None  # text of a following ", Texas"
    label: str = "GPE"  # the spaCy label, or SCAN for the gazetteer pass
    candidates: list[Candidate] = field(default_factory=list)
    choice: GeoEntry | None = None


@dataclass
class Context:
    """The document's votes: for countries (alpha-2), for places inside each country, and for
    admin-1 keys ("US.TX")."""

    countries: Votes = field(default_factory=dict)
    inside: Votes = field(default_factory=dict)
    admin1: Votes = field(default_factory=dict)

    def add(self, entry: GeoEntry, weight: float = 1.0) -> None:
        if entry.country:
            _bump(self.countries, entry.country, weight)
        if entry.country and entry.feature in ("admin1", "admin2", "city"):
            _bump(self.inside, entry.country, weight)
        if entry.admin1 and entry.feature != "region":
            _bump(self.admin1, entry.admin1, weight)

    def merged(self, other: Context, sign: float = 1.0) -> Context:
        """These votes plus (or, with sign -1, minus) another set's."""
        out = Context(dict(self.countries), dict(self.inside), dict(self.admin1))
        for mine, theirs in ((out.countries, other.countries), (out.inside, other.inside),
                             (out.admin1, other.admin1)):
            for k, v in theirs.items():
                _bump(mine, k, sign * v)
        return out


def _bump(votes: Votes, key: str, weight: float) -> None:
    votes[key] = votes.get(key, 0.0) + weight


def prior(cand: Candidate) -> float:
    """How likely the name means this entry, before context."""
    e = cand.entry
    base = FEATURE_PRIOR.get(e.feature)
    if base is None:
        # Population, and prominence: a place known in many languages is the one writers
        # mean (Geneva, Switzerland has 60 names in GeoNames; Geneva, Illinois has 11).
        base = math.log10(e.population + 1) + PROMINENCE * (math.log10(e.names + 1) - 1.0)
    if cand.primary:
        return base
    # Regions and countries are often known in English by an alternate name ("Bavaria",
    # "Tibet", "Crimea"); a town's alternate names are mostly other languages' spellings.
    return base - (REGION_ALTERNATE_COST if e.feature in ("admin1", "country") else ALTERNATE_COST)


def _positive(votes: Votes) -> float:
    return sum(v for v in votes.values() if v > 0)


def _log_share(votes: Votes, key: str, total: float | None = None) -> float:
    """The log share of ``key`` in the votes (``total``: their positive sum, if known)."""
    total = _positive(votes) if total is None else total
    return math.log((max(votes.get(key, 0.0), 0.0) + 0.5) / (total + 1.0))


def _votes(votes: Votes, key: str) -> float:
    return max(votes.get(key, 0.0), 0.0)


def score(cand: Candidate, ctx: Context, qualifier: Sequence[Candidate] = (),
          homonym: bool = False, countries: float | None = None) -> float:
    """Prior plus document context for one candidate.

    ``homonym`` says the name is also a country's ("Georgia"): then an admin-1 region wins
    when the document is about other places in the region's country. ``countries`` is the
    positive sum of the context's country votes, when the caller scores many candidates.
    """
    e = cand.entry
    s = prior(cand)
    national = e.feature in ("country", "region")
    if e.country:
        floor = COUNTRY_FLOOR if national else PLACE_FLOOR
        s += max(_log_share(ctx.countries, e.country, countries), floor)
    if not national and e.admin1:
        weight = INSIDE_WEIGHT if e.feature == "admin1" else ADMIN1_WEIGHT
        s += weight * math.log1p(_votes(ctx.admin1, e.admin1))
    if homonym and e.feature == "admin1":
        s += min(math.log1p(_votes(ctx.inside, e.country)), HOMONYM_CAP)
    if any(_contains(q.entry, e) for q in qualifier):
        s += QUALIFIER_BONUS
    return s


def _contains(outer: GeoEntry, inner: GeoEntry) -> bool:
    if outer.feature == "country":
        return outer.country == inner.country and inner.feature != "country"
    if outer.feature == "admin1":
        return bool(outer.admin1) and outer.admin1 == inner.admin1 and inner is not outer
    return False


def best(toponym: Toponym, ctx: Context, gaz: Gazetteer) -> GeoEntry | None:
    """The highest-scoring candidate of a toponym in this context."""
    if toponym.fixed is not None:
        return toponym.fixed
    if not toponym.candidates:
        return None
    qual = gaz.candidates(toponym.qualifier) if toponym.qualifier else []
    cands = _city_over_region(toponym.candidates)
    homonym = any(c.entry.feature == "country" for c in cands)
    countries = _positive(ctx.countries)
    return max(cands, key=lambda c: score(c, ctx, qual, homonym, countries)).entry


def _city_over_region(cands: list[Candidate]) -> list[Candidate]:
    """Drop an admin-1 region named after a big city inside it ("New York", "São Paulo"):
    news means the city unless it says "state" (which makes it another name)."""
    cities = {c.entry.admin1 for c in cands
              if c.entry.feature == "city" and c.entry.population >= BIG_CITY}
    return [c for c in cands if not (c.entry.feature == "admin1" and c.entry.admin1 in cities)]


def confident(toponym: Toponym) -> GeoEntry | None:
    """The candidate that wins on prior alone by a clear margin over other countries."""
    if toponym.fixed is not None:
        return toponym.fixed
    ranked = sorted(toponym.candidates, key=prior, reverse=True)
    if not ranked:
        return None
    top = ranked[0]
    rivals = [prior(c) for c in ranked[1:] if c.entry.country != top.entry.country]
    if not rivals or prior(top) - rivals[0] >= CONFIDENT_MARGIN:
        return top.entry
    return None


def candidates_for(toponym: Toponym, gaz: Gazetteer) -> list[Candidate]:
    """The gazetteer's candidates for a toponym, less those its label rules out."""
    min_pop, alternates = LABEL_POLICY.get(toponym.label, (0, True))
    cities_only = toponym.label in CITY_ONLY_LABELS
    return [c for c in _by_feature_word(toponym.text, gaz)
            if (alternates or c.primary or c.entry.population >= BIG_CITY)
            and _big_enough(c.entry, min_pop)
            and (c.entry.feature == "city" or not cities_only)]


def _by_feature_word(text: str, gaz: Gazetteer) -> list[Candidate]:
    """Candidates of a name, restricted by a last word such as "State" or "County"."""
    head, _, last = text.rpartition(" ")
    features = feature_words().get(last.lower()) if head else None
    if features is None:
        return gaz.candidates(text)
    whole = [c for c in gaz.candidates(text) if c.entry.feature in features]
    return whole or [c for c in gaz.candidates(head) if c.entry.feature in features]


@lru_cache(maxsize=1)
def feature_words() -> dict[str, frozenset[str]]:
    """Last words of names that say the feature class ("county" → admin2)."""
    path = resources.files("eventwire").joinpath("resources", "places", "feature_words.tsv")
    rows = [r.split("\t") for r in path.read_text("utf-8").splitlines()
            if r and not r.startswith("#")]
    return {w.lower(): frozenset(f.split()) for w, f in rows[1:]}  # after the header


def _big_enough(e: GeoEntry, min_pop: int | None) -> bool:
    if e.feature == "admin2":
        return min_pop == 0
    if e.feature != "city":
        return True
    return min_pop is not None and e.population >= min_pop


def resolve(toponyms: list[Toponym], gaz: Gazetteer, extra: Iterable[str] = ()) -> None:
    """Set ``choice`` on every toponym; ``extra`` are alpha-2 codes of the actors' countries."""
    groups: dict[str, list[Toponym]] = {}
    for t in toponyms:
        if t.fixed is None:
            t.candidates = candidates_for(t, gaz)
        groups.setdefault(_group_key(t), []).append(t)
    base = Context()
    for code in extra:
        _bump(base.countries, code, ACTOR_WEIGHT)
    votes = {k: _group_votes(g, confident) for k, g in groups.items()}
    for _ in range(2):
        total = _sum(base, votes.values())
        for key, group in groups.items():
            ctx = total.merged(votes[key], -1.0)
            for t in group:
                t.choice = best(t, ctx, gaz)
        votes = {k: _group_votes(g, lambda t: t.choice) for k, g in groups.items()}


def _group_key(t: Toponym) -> str:
    if t.fixed is not None:
        return f"#{t.fixed.geonameid}"
    return normalise(t.text) + ("|" + normalise(t.qualifier) if t.qualifier else "")


def _group_votes(group: list[Toponym], pick: Callable[[Toponym], GeoEntry | None]) -> Context:
    ctx = Context()
    for t in group:
        entry = pick(t)
        if entry is not None:
            ctx.add(entry)
    return ctx


def _sum(base: Context, parts: Iterable[Context]) -> Context:
    total = base
    for p in parts:
        total = total.merged(p)
    return total
