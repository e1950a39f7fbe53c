"""Toponym resolution on GeoWebNews (``eventwire evaluate geo GeoWebNews.xml``).

Over the gold toponyms that carry a GeoNames id: the share found (a predicted place overlaps
the gold span), and among those found the exact-id accuracy, the accuracy within 161 km
(100 miles, the usual geoparsing threshold) and the country accuracy. The gold country is the
gazetteer's country of the gold id (none for a continent), or that of the nearest populated
place to the gold point when the gazetteer lacks the id. The report also scores a baseline on
the same parses: spaCy's GPE/LOC/FAC entities resolved to the most populous match.

The pipeline runs nlp → entities → actors → places on the article texts as given (no
extraction step, so that the gold offsets index the same text).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EvaluationError
from eventwire.gazetteer import Gazetteer, GeoEntry, distance_km, get_gazetteer
from eventwire.records import Document, Place

WITHIN_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    """A gold toponym with a GeoNames id."""

    text: str
    start: int
    end: int
    geonameid: int
    lat: float
    lon: float
    kind: str  # GeoWebNews type: Literal, Metonymic, Non_Literal_Modifier ...


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def load_gold(path: Path) -> list[GoldArticle]:
    """Read GeoWebNews articles and their toponyms that have a GeoNames id."""
    if not path.is_file():
        raise EvaluationError(f"GeoWebNews file not found: {path}", code="E601")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvaluationError(f"cannot parse {path}: {exc}", code="E602") from exc
    return [_article(a) for a in root.iter("article")]


def _article(node: ET.Element) -> GoldArticle:
    tops = []
    for t in node.iter("toponym"):
        f = {child.tag: (child.text or "") for child in t}
        if f.get("geonamesID"):
            tops.append(GoldToponym(f["extractedName"], int(f["start"]), int(f["end"]),
                                    int(f["geonamesID"]), float(f["latitude"]),
                                    float(f["longitude"]), f.get("type", "")))
    return GoldArticle(node.get("file", ""), node.findtext("text") or "", tuple(tops))


def predict(articles: list[GoldArticle]) -> list[Document]:
    """Run the stages up to places on every article text."""
    from eventwire.stages import actors, entities, nlp, places

    docs = [Document(id=a.id, text=a.text) for a in articles]
    stages = [entities.EntitiesStage(), actors.ActorsStage(), places.PlacesStage()]
    out: list[Document] = []
    for doc in nlp.NlpStage().pipe(docs):
        for stage in stages:
            doc = stage(doc)
        out.append(doc)
    return out


def baseline(doc: Document, gaz: Gazetteer) -> list[Place]:
    """The reference baseline: spaCy's GPE/LOC/FAC entities, each resolved to the most
    populous country or place of that name, with no context."""
    out = []
    for ent in doc.entities:
        cands = [c.entry for c in gaz.candidates(ent.text)
                 if ent.label in ("GPE", "LOC", "FAC") and c.entry.feature in ("country", "city")]
        if cands:
            e = max(cands, key=lambda e: e.population)
            out.append(Place(ent.text, ent.start, ent.end, e.geonameid, e.name,
                             gaz.to_alpha3(e.country), e.lat, e.lon, e.feature))
    return out


class _Countries:
    """Country of a gold toponym: from its id, else the nearest populated place."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.grid: dict[tuple[int, int], list[GeoEntry]] = {}
        for e in gaz.entries:
            if e.feature == "city" and e.lat is not None and e.lon is not None:
                self.grid.setdefault((math.floor(e.lat), math.floor(e.lon)), []).append(e)

    def of(self, gold: GoldToponym) -> str | None:
        entry = self.gaz.get(gold.geonameid)
        if entry is not None:  # a continent has no country
            return self.gaz.to_alpha3(entry.country) if entry.country else None
        near = self._nearest(gold.lat, gold.lon)
        return self.gaz.to_alpha3(near.country) if near is not None else None

    def _nearest(self, lat: float, lon: float) -> GeoEntry | None:
        cells = [(math.floor(lat) + i, math.floor(lon) + j) for i in (-1, 0, 1) for j in (-1, 0, 1)]
        near = [e for c in cells for e in self.grid.get(c, [])]
        if not near:
            return None
        return min(near, key=lambda e: distance_km(lat, lon, e.lat or 0.0, e.lon or 0.0))


def _match(gold: GoldToponym, places: list[Place]) -> Place | None:
    hits = [p for p in places if p.start < gold.end and gold.start < p.end]
    if not hits:
        return None
    return max(hits, key=lambda p: min(p.end, gold.end) - max(p.start, gold.start))


def score(articles: list[GoldArticle], predicted: list[list[Place]],
          gaz: Gazetteer | None = None) -> dict[str, Any]:
    """The figures for predicted places against the gold toponyms."""
    countries = _Countries(gaz or get_gazetteer())
    n = found = exact = near = country = 0
    by_kind: dict[str, Counter[str]] = {}
    errors: list[dict[str, Any]] = []
    for art, places in zip(articles, predicted, strict=True):
        for g in art.toponyms:
            n += 1
            kind = by_kind.setdefault(g.kind, Counter())
            kind["gold"] += 1
            p = _match(g, places)
            if p is None:
                continue
            found += 1
            kind["found"] += 1
            ok = p.geonameid == g.geonameid
            exact += ok
            kind["exact"] += ok
            near += ok or _km(p, g) <= WITHIN_KM
            country += p.country_code == countries.of(g)
            if not ok:
                errors.append({"article": art.id, "text": g.text, "gold": g.geonameid,
                               "predicted": p.geonameid, "name": p.name,
                               "country": p.country_code})
    return {
        "gold_toponyms": n, "found": found, "found_share": _ratio(found, n),
        "exact_among_found": _ratio(exact, found), "within_161km": _ratio(near, found),
        "country_accuracy": _ratio(country, found),
        "by_type": {k: dict(v) for k, v in sorted(by_kind.items())},
        "errors": errors,
    }


def _km(p: Place, g: GoldToponym) -> float:
    if p.lat is None or p.lon is None:
        return math.inf
    return distance_km(p.lat, p.lon, g.lat, g.lon)


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def evaluate(path: Path) -> dict[str, Any]:
    """Score the places stage on GeoWebNews, and the baseline on the same parses."""
    articles = load_gold(path)
    docs = predict(articles)
    gaz = get_gazetteer()
    result = score(articles, [d.places for d in docs], gaz)
    base = score(articles, [baseline(d, gaz) for d in docs], gaz)
    result["baseline"] = {k: v for k, v in base.items() if k not in ("errors", "by_type")}
    return result


def format_report(result: dict[str, Any]) -> str:
    """The figures as a short text table."""
    lines = [
        f"GeoWebNews toponyms with a GeoNames id: {result['gold_toponyms']}",
        f"  found (span overlap)      {result['found_share']:.3f}  ({result['found']})",
        f"  exact id among found      {result['exact_among_found']:.3f}",
        f"  within 161 km among found {result['within_161km']:.3f}",
        f"  country among found       {result['country_accuracy']:.3f}",
    ]
    if "baseline" in result:
        b = result["baseline"]
        lines.append(f"  baseline (spaCy GPE/LOC/FAC + most populous match): found "
                     f"{b['found_share']:.3f}, exact {b['exact_among_found']:.3f}, "
                     f"161 km {b['within_161km']:.3f}, country {b['country_accuracy']:.3f}")
    lines.append("  by gold type (found/gold, exact/found):")
    for kind, c in result["by_type"].items():
        lines.append(f"    {kind:<22} {c.get('found', 0):>4}/{c['gold']:<4} "
                     f"{c.get('exact', 0):>4}/{c.get('found', 0)}")
    return "\n".join(lines)
