"""The offline gazetteer: names, aliases, demonyms, abbreviations, coordinates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.gazetteer import Gazetteer, distance_km, get_gazetteer, normalise


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return get_gazetteer()


def ids(gaz: Gazetteer, name: str) -> set[int]:
    return {c.entry.geonameid for c in gaz.candidates(name)}


def test_normalise_folds_case_accents_dots_and_articles() -> None:
    assert normalise("São Paulo") == "sao paulo"
    assert normalise("the U.S.") == "us"
    assert normalise("St. Louis") == "saint louis"
    assert normalise("  New   York ") == "new york"


@given(st.text(max_size=40))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_country_and_state_homonyms_are_both_candidates(gaz: Gazetteer) -> None:
    assert {614540, 4197000} <= ids(gaz, "Georgia")  # the country and the US state


def test_short_country_names(gaz: Gazetteer) -> None:
    assert 6252001 in ids(gaz, "U.S.")
    assert 2635167 in ids(gaz, "Britain")
    assert 1873107 in ids(gaz, "DPRK")


def test_cities_admin1_admin2_and_continents(gaz: Gazetteer) -> None:
    assert 1261481 in ids(gaz, "New Delhi")
    assert 2951839 in ids(gaz, "Bavaria")  # admin-1 by its English alternate name
    assert 6255148 in ids(gaz, "Europe")
    delhi = gaz.get(1273294)
    assert delhi is not None and delhi.feature == "city" and delhi.country == "IN"


def test_ap_state_abbreviations(gaz: Gazetteer) -> None:
    assert 5332921 in ids(gaz, "Calif.")
    assert 4138106 in ids(gaz, "D.C.")


def test_demonyms(gaz: Gazetteer) -> None:
    irish = gaz.demonym("Irish")
    assert irish is not None and irish.geonameid == 2963597
    scottish = gaz.demonym("Scottish")
    assert scottish is not None and scottish.feature == "admin1" and scottish.country == "GB"
    european = gaz.demonym("European")
    assert european is not None and european.feature == "region"
    assert gaz.demonym("Mr") is None


def test_words_that_name_no_single_place(gaz: Gazetteer) -> None:
    assert gaz.candidates("Middle East") == []
    assert gaz.candidates("West") == []


def test_alpha3_and_coordinates(gaz: Gazetteer) -> None:
    assert gaz.to_alpha3("IN") == "IND"
    france = gaz.country("FR")
    assert france is not None and france.lat is not None and 42 < france.lat < 51
    texas = next(c.entry for c in gaz.candidates("Texas") if c.entry.feature == "admin1")
    assert texas.lat is not None and texas.lon is not None
    assert 25 < texas.lat < 37 and -107 < texas.lon < -93


def test_distance_km() -> None:
    assert distance_km(48.8534, 2.3488, 51.5085, -0.1257) == pytest.approx(344, abs=5)
    assert distance_km(10.0, 10.0, 10.0, 10.0) == 0.0
