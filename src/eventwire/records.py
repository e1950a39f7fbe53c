"""The one record type that travels between stages: :class:`Document`.

A document starts as raw input (``raw_text`` or ``raw_html``), and each stage of the
pipeline fills in more of it: the clean ``text``, then entities, actors, places, dates,
events, quotes and flags. Every ``start``/``end`` in the record indexes ``text``.

``to_dict()`` gives the output contract (see ``schema/document.schema.json``);
``from_dict()`` reads it back. Working state that is not part of the contract (the spaCy
parse, coreference mentions, raw input) lives in fields that are not serialised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

PLOVER_EVENTS: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
AUX_MODES: tuple[str, ...] = ("historical", "future", "hypothetical", "negation")
DATE_RESOLUTIONS: tuple[str, ...] = (
    "time", "day", "week", "month", "quarter", "season", "half", "year", "decade", "century",
    "ref",
)  # fmt: skip


@dataclass
class Actor:
    """Who an entity is: the contract's ENTITY object.

    ``code`` is ISO 3166-1 alpha-3 for countries or a PLOVER non-state code (IGO, UNO, ...);
    ``sector`` a PLOVER sector (GOV, MIL, ...); ``identifier_id`` a Wikidata QID or None.
    ``office`` and ``evidence`` explain the resolution and are kept out of the contract.
    """

    entity_text: str
    name: str
    code: str | None = None
    sector: str | None = None
    identifier_id: str | None = None
    office: str | None = field(default=None, compare=False)
    evidence: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_text": self.entity_text,
            "name": self.name,
            "code": self.code,
            "sector": self.sector,
            "identifier_id": self.identifier_id,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Actor | None:
        if d is None:
            return None
        return cls(
            entity_text=d["entity_text"],
            name=d["name"],
            code=d.get("code"),
            sector=d.get("sector"),
            identifier_id=d.get("identifier_id"),
        )


@dataclass
class Entity:
    """A named-entity span in ``text`` (spaCy label) and, once resolved, its actor."""

    text: str
    label: str
    start: int
    end: int
    actor: Actor | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "actor": self.actor.to_dict() if self.actor else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(d["text"], d["label"], d["start"], d["end"], Actor.from_dict(d.get("actor")))


@dataclass
class Mention:
    """A span that refers to an actor: a name, "Mr. Blinken", "he", "the minister", "Moscow".

    Produced by the actors stage (coreference included) and read by events and quotes.
    Not part of the output contract.
    """

    start: int
    end: int
    actor: Actor
    kind: str = "name"  # name | pronoun | nominal | metonym | agent | place


@dataclass
class RoleMismatch:
    """A mention giving a person an office they did not hold on the document's date
    ("German Chancellor Angela Merkel" in 2024). Found by the actors stage from its office
    table; reported by the checks stage as ``role_anachronism``. Not serialised."""

    start: int
    end: int
    person: str
    claimed: str  # e.g. "DEU head_of_government (Chancellor)"
    held: list[str] = field(default_factory=list)  # "DEU head_of_government 2005-11-22..2021-12-08"


@dataclass
class Place:
    """A toponym in ``text`` resolved to a GeoNames entry."""

    text: str
    start: int
    end: int
    geonameid: int | None = None
    name: str | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-3
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # country | admin1 | city | region | landmark ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "geonameid": self.geonameid,
            "name": self.name,
            "country_code": self.country_code,
            "lat": self.lat,
            "lon": self.lon,
            "feature": self.feature,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        return cls(
            d["text"], d["start"], d["end"], d.get("geonameid"), d.get("name"),
            d.get("country_code"), d.get("lat"), d.get("lon"), d.get("feature"),
        )


@dataclass
class DateExpr:
    """A time expression with its TIMEX3 value and resolution.

    ``timex_type`` is DATE, TIME, DURATION or SET; only DATE/TIME serve as event dates.
    """

    text: str
    start: int
    end: int
    value: str
    resolution: str
    timex_type: str = field(default="DATE", compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "resolution": self.resolution,
            "timex_type": self.timex_type,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DateExpr:
        return cls(
            d["text"], d["start"], d["end"], d["value"], d["resolution"],
            d.get("timex_type", "DATE"),
        )


@dataclass
class Quote:
    """A direct quote or reported speech with its speaker and introducing verb."""

    text: str
    start: int
    end: int
    speaker: Actor | None = None
    verb: str | None = None
    speaker_span: tuple[int, int] | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "verb": self.verb,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        speaker = Actor.from_dict(d.get("speaker"))
        return cls(d["text"], d["start"], d["end"], speaker, d.get("verb"))


@dataclass
class Amount:
    """A number with what it counts: "300 drones", "$1.85 billion in military aid".

    ``kind`` is count | money | percent | fraction, or a PLOVER size (dead | injured |
    arrested) for casualty and arrest counts; ``unit`` a currency code, "%" or None.
    """

    text: str
    start: int
    end: int
    value: float
    kind: str = "count"
    unit: str | None = None
    object: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "kind": self.kind,
            "unit": self.unit,
            "object": self.object,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Amount:
        return cls(
            d["text"], d["start"], d["end"], float(d["value"]), d.get("kind", "count"),
            d.get("unit"), d.get("object"),
        )


@dataclass
class Tone:
    """Lexicon tone in GDELT's manner: percentages of words that are positive/negative.

    ``tone`` = positive - negative; ``polarity`` = positive + negative (emotional charge).
    """

    tone: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    polarity: float = 0.0
    word_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tone": round(self.tone, 3),
            "positive": round(self.positive, 3),
            "negative": round(self.negative, 3),
            "polarity": round(self.polarity, 3),
            "word_count": self.word_count,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Tone | None:
        if d is None:
            return None
        return cls(
            float(d.get("tone", 0.0)), float(d.get("positive", 0.0)),
            float(d.get("negative", 0.0)), float(d.get("polarity", 0.0)),
            int(d.get("word_count", 0)),
        )


@dataclass
class EventPlace:
    """Where an event happened: the contract's PLACE object."""

    extracted_place: str
    resolved_place: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country_code: str | None
    resolution: str  # country | admin1 | city

    def to_dict(self) -> dict[str, Any]:
        return {
            "extracted_place": self.extracted_place,
            "resolved_place": self.resolved_place,
            "geonameid": self.geonameid,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code,
            "resolution": self.resolution,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> EventPlace | None:
        if d is None:
            return None
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})  # type: ignore[arg-type]

    @classmethod
    def from_place(cls, place: Place) -> EventPlace:
        """Turn a resolved toponym into an event location, with honest resolution."""
        feature = place.feature or "city"
        resolution = feature if feature in ("country", "admin1") else "city"
        return cls(
            extracted_place=place.text,
            resolved_place=place.name,
            geonameid=place.geonameid,
            lat=place.lat,
            lon=place.lon,
            country_code=place.country_code,
            resolution=resolution,
        )


@dataclass
class Event:
    """One coded PLOVER event."""

    id: str
    event: str
    actor: list[Actor]
    recipient: list[Actor]
    event_text: str
    start: int
    end: int
    sequence: int
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    date: str | None = None
    date_resolution: str | None = None
    date_inherited: bool = False
    event_loc: EventPlace | None = None
    aux: list[str] = field(default_factory=list)
    quad_code: int | None = None
    cameo: str | None = None
    confidence: float = 0.0
    trigger: tuple[int, int] | None = field(default=None, compare=False)
    tone: Tone | None = None
    size: dict[str, int] = field(default_factory=dict)  # PLOVER size: dead, injured, arrested

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event": self.event,
            "mode": list(self.mode),
            "context": list(self.context),
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [a.to_dict() for a in self.recipient],
            "date": self.date,
            "date_resolution": self.date_resolution,
            "date_inherited": self.date_inherited,
            "event_loc": self.event_loc.to_dict() if self.event_loc else None,
            "event_text": self.event_text,
            "text_info": {"start": self.start, "end": self.end, "sequence": self.sequence},
            "aux": list(self.aux),
            "quad_code": self.quad_code,
            "cameo": self.cameo,
            "confidence": round(self.confidence, 3),
            "tone": self.tone.to_dict() if self.tone else None,
            "size": dict(self.size),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        ti = d["text_info"]
        return cls(
            id=d["id"],
            event=d["event"],
            actor=[a for a in (Actor.from_dict(x) for x in d["actor"]) if a],
            recipient=[a for a in (Actor.from_dict(x) for x in d["recipient"]) if a],
            event_text=d["event_text"],
            start=ti["start"],
            end=ti["end"],
            sequence=ti["sequence"],
            mode=list(d.get("mode", [])),
            context=list(d.get("context", [])),
            date=d.get("date"),
            date_resolution=d.get("date_resolution"),
            date_inherited=bool(d.get("date_inherited", False)),
            event_loc=EventPlace.from_dict(d.get("event_loc")),
            aux=list(d.get("aux", [])),
            quad_code=d.get("quad_code"),
            cameo=d.get("cameo"),
            confidence=float(d.get("confidence", 0.0)),
            tone=Tone.from_dict(d.get("tone")),
            size={k: int(v) for k, v in (d.get("size") or {}).items()},
        )


@dataclass
class Flag:
    """A self-contradiction or defect found in the article."""

    kind: str
    message: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "spans": [list(s) for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Flag:
        return cls(d["kind"], d["message"], [(int(a), int(b)) for a, b in d["spans"]])


@dataclass
class Rejected:
    """A document the pipeline could not process: data, not a crash."""

    id: str
    source: str
    stage: str
    code: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "stage": self.stage,
            "code": self.code,
            "reason": self.reason,
        }


@dataclass
class Document:
    """An article and everything eventwire found in it."""

    id: str = ""
    title: str | None = None
    url: str | None = None
    pub_date: str | None = None
    text: str = ""
    source: str = ""
    author: str | None = None
    site: str | None = None
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    tone: Tone | None = None
    contexts: list[str] = field(default_factory=list)  # PLOVER contexts of the whole article
    # --- working state, not serialised -------------------------------------------------
    raw_text: str | None = field(default=None, repr=False, compare=False)
    raw_html: str | None = field(default=None, repr=False, compare=False)
    removed: list[str] = field(default_factory=list, repr=False, compare=False)
    mentions: list[Mention] = field(default_factory=list, repr=False, compare=False)
    role_mismatches: list[RoleMismatch] = field(default_factory=list, repr=False, compare=False)
    nlp: Any = field(default=None, repr=False, compare=False)  # spaCy Doc over ``text``
    done: set[str] = field(default_factory=set, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "pub_date": self.pub_date,
            "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "places": [p.to_dict() for p in self.places],
            "dates": [d.to_dict() for d in self.dates],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "flags": [f.to_dict() for f in self.flags],
            "amounts": [a.to_dict() for a in self.amounts],
            "tone": self.tone.to_dict() if self.tone else None,
            "contexts": list(self.contexts),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            id=d["id"],
            title=d.get("title"),
            url=d.get("url"),
            pub_date=d.get("pub_date"),
            text=d["text"],
            entities=[Entity.from_dict(x) for x in d.get("entities", [])],
            places=[Place.from_dict(x) for x in d.get("places", [])],
            dates=[DateExpr.from_dict(x) for x in d.get("dates", [])],
            quotes=[Quote.from_dict(x) for x in d.get("quotes", [])],
            events=[Event.from_dict(x) for x in d.get("events", [])],
            flags=[Flag.from_dict(x) for x in d.get("flags", [])],
            amounts=[Amount.from_dict(x) for x in d.get("amounts", [])],
            tone=Tone.from_dict(d.get("tone")),
            contexts=list(d.get("contexts", [])),
        )

    # --- helpers for stages ----------------------------------------------------------------
    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor of the mention that best covers the span [start, end), if any."""
        best: Mention | None = None
        for m in self.mentions:
            if m.start < end and start < m.end and (
                best is None or (m.end - m.start) > (best.end - best.start)
            ):
                best = m
        return best.actor if best else None
