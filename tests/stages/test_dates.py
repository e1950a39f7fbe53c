"""The dates stage: tense from the parse, datelines, and event dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.records import DateExpr, Document, Event
from eventwire.stages.dates import DatesStage, dateline_date, event_date
from eventwire.stages.nlp import NlpStage

ARTICLE = (
    "Envoys of two rival powers met briefly on the sidelines of a summit in Lisbon.\n\n"
    "The pair had last talked in Vienna in January 2022.\n\n"
    "On Thursday, the northern envoy accused the west of bullying smaller states. "
    "He left the hall soon after.\n\n"
    "The two sides will meet again on Monday, officials said.\n\n"
    "Last Monday, the talks were cancelled."
)
THURSDAY = "2023-03-02"


@pytest.fixture(scope="session")
def nlp_stage() -> NlpStage:
    return NlpStage()


def run(nlp_stage: NlpStage, text: str, pub_date: str | None = THURSDAY) -> Document:
    return DatesStage()(nlp_stage(Document(id="t", text=text, pub_date=pub_date)))


@pytest.fixture(scope="session")
def article(nlp_stage: NlpStage) -> Document:
    return run(nlp_stage, ARTICLE)


def values(doc: Document) -> dict[str, str]:
    return {d.text: d.value for d in doc.dates}


def test_stage_contract() -> None:
    stage = DatesStage()
    assert (stage.name, stage.requires, stage.assigns) == ("dates", ("nlp",), ("dates",))


def test_article_dates(article: Document) -> None:
    found = {d.text: (d.value, d.resolution) for d in article.dates}
    assert found["January 2022"] == ("2022-01", "month")
    assert found["Thursday"] == ("2023-03-02", "day")
    assert found["Last Monday"] == ("2023-02-27", "day")
    assert all(article.text[d.start : d.end] == d.text for d in article.dates)


def test_future_clause_points_a_weekday_forward(article: Document) -> None:
    assert values(article)["Monday"] == "2023-03-06"


def test_past_clause_points_a_weekday_back(nlp_stage: NlpStage) -> None:
    doc = run(nlp_stage, "The ministers met on Monday in Ankara.")
    assert values(doc) == {"Monday": "2023-02-27"}


def test_modal_clause_points_a_weekday_forward(nlp_stage: NlpStage) -> None:
    doc = run(nlp_stage, "The envoy might arrive in Ankara on Monday.")
    assert values(doc) == {"Monday": "2023-03-06"}


def test_infinitive_under_a_plan_is_future(nlp_stage: NlpStage) -> None:
    doc = run(nlp_stage, "The ministers plan to meet on Saturday in Ankara.")
    assert values(doc) == {"Saturday": "2023-03-04"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KYIV, March 2 (Reuters) - Drones struck the port in 2023, officials said.", THURSDAY),
        ("NAIROBI, Kenya, Aug. 7, 1998 (AP) _ Bombs exploded.", "1998-08-07"),
        ("Drones struck the port on March 2, officials said.", None),
        ("Kyiv, Ukraine \u2014 March 2, 2023 \u2014 Drones struck the port.", THURSDAY),
        ("LONDON (Reuters) March 2, 2023 - Talks resumed.", THURSDAY),
        ("NAIROBI, 2 March 2023 - Protesters marched.", THURSDAY),
        ("WASHINGTON (Reuters) - Talks resumed on March 2, 2023.", None),
        ("KYIV, March 2 (Reuters) - No year is given anywhere.", None),
    ],
)
def test_dateline_date(text: str, expected: str | None) -> None:
    assert dateline_date(text) == expected


def test_stage_sets_missing_pub_date_from_dateline(nlp_stage: NlpStage) -> None:
    text = (
        "KYIV, March 2 (Reuters) - Drones struck the port on Thursday. The 2023 attacks "
        "outnumber those of 2022, and 2023 is not over."
    )
    doc = run(nlp_stage, text, pub_date=None)
    assert doc.pub_date == THURSDAY
    assert values(doc)["Thursday"] == THURSDAY


def test_stage_keeps_a_given_pub_date(nlp_stage: NlpStage) -> None:
    doc = run(nlp_stage, "KYIV, March 2 (Reuters) - Drones struck the port in 2021.", "2021-03-03")
    assert doc.pub_date == "2021-03-03"


# --- event dates -----------------------------------------------------------------------------


def make_event(doc: Document, sentence: str, trigger: str, aux: list[str] | None = None) -> Event:
    start = doc.text.index(sentence)
    t = doc.text.index(trigger, start)
    return Event(
        id="e", event="CONSULT", actor=[], recipient=[], event_text=sentence, start=start,
        end=start + len(sentence), sequence=1, trigger=(t, t + len(trigger)), aux=aux or [],
    )  # fmt: skip


def test_event_without_a_date_inherits_the_publication_date(article: Document) -> None:
    sentence = "Envoys of two rival powers met briefly on the sidelines of a summit in Lisbon."
    event = make_event(article, sentence, "met")
    assert event_date(article, event) == (THURSDAY, "day", True)


def test_historical_event_keeps_its_own_month(article: Document) -> None:
    sentence = "The pair had last talked in Vienna in January 2022."
    event = make_event(article, sentence, "talked", aux=["historical"])
    assert event_date(article, event) == ("2022-01", "month", False)


def test_event_takes_its_attached_date(article: Document) -> None:
    sentence = "On Thursday, the northern envoy accused the west of bullying smaller states."
    event = make_event(article, sentence, "accused")
    assert event_date(article, event) == (THURSDAY, "day", False)


def test_event_takes_the_paragraph_date(article: Document) -> None:
    event = make_event(article, "He left the hall soon after.", "left")
    assert event_date(article, event) == (THURSDAY, "day", False)


def test_historical_event_without_date_gets_none(article: Document) -> None:
    sentence = "Envoys of two rival powers met briefly on the sidelines of a summit in Lisbon."
    event = make_event(article, sentence, "met", aux=["historical"])
    assert event_date(article, event) == (None, None, False)


def test_attached_date_beats_a_nearer_one(nlp_stage: NlpStage) -> None:
    text = "Officials said on Friday that the envoys had met on Tuesday."
    doc = run(nlp_stage, text)
    event = make_event(doc, text, "met")
    assert event_date(doc, event) == ("2023-02-28", "day", False)


def test_date_of_another_clause_is_not_the_events(nlp_stage: NlpStage) -> None:
    text = "The envoys spoke in person for the first time since the war began a year ago."
    doc = run(nlp_stage, text)
    assert values(doc) == {"a year ago": "2022"}
    assert event_date(doc, make_event(doc, text, "spoke")) == (THURSDAY, "day", True)
    assert event_date(doc, make_event(doc, text, "began")) == ("2022", "year", False)


def test_background_year_does_not_carry_over(nlp_stage: NlpStage) -> None:
    text = "Russia annexed the peninsula in 2014. It now holds the port."
    doc = run(nlp_stage, text)
    event = make_event(doc, "It now holds the port.", "holds")
    assert event_date(doc, event) == (THURSDAY, "day", True)


def test_historical_event_takes_no_paragraph_date(article: Document) -> None:
    event = make_event(article, "He left the hall soon after.", "left", aux=["historical"])
    assert event_date(article, event) == (None, None, False)


def test_coarse_and_open_values_are_not_event_dates() -> None:
    doc = Document(id="t", text="In the 1990s they met. They meet now.", pub_date=THURSDAY)
    doc.dates = [
        DateExpr("the 1990s", 3, 12, "199", "decade"),
        DateExpr("now", 33, 36, "PRESENT_REF", "ref"),
    ]
    first = make_event(doc, "In the 1990s they met.", "met")
    assert event_date(doc, first) == (THURSDAY, "day", True)


def test_week_dates_become_their_month() -> None:
    doc = Document(id="t", text="Last week they met.", pub_date=THURSDAY)
    doc.dates = [DateExpr("Last week", 0, 9, "2023-W07", "week")]
    event = make_event(doc, "Last week they met.", "met")
    assert event_date(doc, event) == ("2023-02", "month", False)


# --- the TimeML evaluation end to end ------------------------------------------------------

SAMPLE = """<?xml version="1.0" ?>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2023-03-02" functionInDocument="CREATION_TIME">2023-03-02</TIMEX3></DCT>
<TEXT>The envoys met <TIMEX3 tid="t1" type="DATE" value="2023-03-02">Thursday</TIMEX3> after talks in <TIMEX3 tid="t2" type="DATE" value="2022-01">January 2022</TIMEX3> that lasted <TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3>.</TEXT>
</TimeML>
"""  # noqa: E501


def test_evaluate_scores_a_directory(tmp_path: Path) -> None:
    from eventwire.evaluate.timex import evaluate, format_report

    for corpus in ("A", "B"):
        (tmp_path / corpus).mkdir()
        (tmp_path / corpus / "doc.tml").write_text(SAMPLE, encoding="utf-8")
    result = evaluate(tmp_path)
    assert (result["documents"], result["gold"], result["predicted"]) == (2, 4, 4)
    assert result["value"]["f1"] == 1.0 and result["strict_span"]["f1"] == 1.0
    assert sorted(result["by_corpus"]) == ["A", "B"]
    assert result["errors"] == []
    assert "value" in format_report(result)
