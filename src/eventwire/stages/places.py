"""places stage: find the toponyms of a document and resolve them to GeoNames entries.

Recognition (:mod:`eventwire.geo_recognise`) takes spaCy's GPE/LOC/FAC entities, nationality
adjectives, toponyms inside organisation names and a gazetteer pass over words the model left
untagged; it drops governments named by their capital ("Washington said"), which the actors
stage marks. Resolution (:mod:`eventwire.geo_resolve`) uses the whole document as context.

:func:`event_location` gives the place of an event (called by the events stage).
"""

from __future__ import annotations

from eventwire.gazetteer import Gazetteer, get_gazetteer
from eventwire.geo_events import event_location
from eventwire.geo_recognise import find_toponyms
from eventwire.geo_resolve import Toponym, resolve
from eventwire.pipeline import Stage
from eventwire.records import Document, Place

__all__ = ["PlacesStage", "event_location", "find_toponyms", "to_place"]


class PlacesStage(Stage):
    """Fill ``doc.places`` with the document's resolved toponyms."""

    name = "places"
    requires = ("entities", "actors")
    assigns = ("places",)

    def __init__(self, gazetteer: Gazetteer | None = None, scan: bool = True) -> None:
        self._gazetteer = gazetteer
        self.scan = scan

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Document) -> Document:
        gaz = self.gazetteer
        toponyms = find_toponyms(doc, gaz, scan=self.scan)
        resolve(toponyms, gaz, extra=_actor_countries(doc, gaz))
        places = [to_place(t, gaz) for t in toponyms if t.choice is not None]
        doc.places = sorted(places, key=lambda p: (p.start, p.end))
        return doc


def to_place(t: Toponym, gaz: Gazetteer) -> Place:
    """The output record of a resolved toponym."""
    e = t.choice
    assert e is not None  # callers filter unresolved toponyms
    # Regions the project adds have no GeoNames id (negative inside the gazetteer).
    geonameid = e.geonameid if e.geonameid > 0 else None
    return Place(text=t.text, start=t.start, end=t.end, geonameid=geonameid, name=e.name,
                 country_code=gaz.to_alpha3(e.country) if e.country else None,
                 lat=e.lat, lon=e.lon, feature=e.feature)


def _actor_countries(doc: Document, gaz: Gazetteer) -> list[str]:
    """Alpha-2 countries of the document's distinct actors (each actor counts once)."""
    by_alpha3 = gaz.alpha2_of
    actors = [e.actor for e in doc.entities if e.actor is not None]
    actors += [m.actor for m in doc.mentions if m.kind == "name"]
    distinct = {(a.name, a.code) for a in actors if a.code in by_alpha3}
    return [by_alpha3[code] for _, code in sorted(distinct) if code]

