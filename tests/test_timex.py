"""The temporal tagger (eventwire.timex) and the TimeML evaluation, without the spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import EvaluationError
from eventwire.evaluate.timex import format_report, read_timeml, score_document
from eventwire.records import DateExpr
from eventwire.timex import tag
from eventwire.timex_values import easter, resolution_of, weekday_near

THURSDAY = "2023-03-02"  # a Thursday


def only(text: str, pub_date: str | None = THURSDAY, tense: str | None = None) -> DateExpr:
    """The single expression the tagger finds in ``text``."""
    found = tag(text, pub_date, (lambda _offset: tense) if tense else None)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "resolution"),
    [
        ("They met on 2 March 2023.", "2 March 2023", "2023-03-02", "day"),
        ("They met on March 2, 2023.", "March 2, 2023", "2023-03-02", "day"),
        ("The two last spoke in Geneva in January 2022.", "January 2022", "2022-01", "month"),
        ("The treaty was signed in 2019.", "2019", "2019", "year"),
        ("It began in the 1990s.", "the 1990s", "199", "decade"),
        ("It dates from the 20th century.", "the 20th century", "19", "century"),
        ("Growth slowed in mid-2023.", "mid-2023", "2023", "year"),
        ("Profits rose in the first quarter.", "the first quarter", "2023-Q1", "quarter"),
        ("Talks stalled last summer.", "last summer", "2022-SU", "season"),
        ("Prices rose last week.", "last week", "2023-W08", "week"),
        ("Prices rose earlier this month.", "earlier this month", "2023-03", "month"),
        ("The war began a year ago.", "a year ago", "2022", "year"),
        ("They met yesterday.", "yesterday", "2023-03-01", "day"),
        ("Shelling continued overnight.", "overnight", "2023-03-02TNI", "day"),
        ("They will meet next Tuesday.", "next Tuesday", "2023-03-07", "day"),
        ("The vote is due tomorrow.", "tomorrow", "2023-03-03", "day"),
        ("It opens at 9 a.m. Friday.", "9 a.m. Friday", "2023-02-24T09:00", "time"),
        ("He spoke this morning.", "this morning", "2023-03-02TMO", "day"),
        ("The army is now in control.", "now", "PRESENT_REF", "ref"),
        ("Ties have recently improved.", "recently", "PAST_REF", "ref"),
        ("Polls close on Christmas Day.", "Christmas Day", "2022-12-25", "day"),
        ("Results come in the second half of 2024.", "the second half of 2024", "2024-H2", "half"),
        ("Shelling stopped at 1230 GMT.", "1230 GMT", "2023-03-02T12:30", "time"),
        ("The treaty lapsed a decade ago.", "a decade ago", "2013", "year"),
        ("Talks failed in the spring of 2021.", "the spring of 2021", "2021-SP", "season"),
        ("Elections are due in mid-April.", "mid-April", "2023-04", "month"),
        ("Russia invaded on Feb. 24, 2022.", "Feb. 24, 2022", "2022-02-24", "day"),
        ("Earlier in the day, he spoke.", "Earlier in the day", "2023-03-02", "day"),
        ("Later in the week, they met.", "Later in the week", "2023-W09", "week"),
        ("Prices fell at the end of last year.", "the end of last year", "2022", "year"),
        ("It fell in January nineteen ninety-seven.", "January nineteen ninety-seven", "1997-01",
         "month"),
        ("It was built in nineteen hundred.", "nineteen hundred", "1900", "year"),
        ("The army moved on the 24th of February.", "the 24th of February", "2023-02-24", "day"),
    ],
)
def test_values_anchored_on_publication_date(
    text: str, span: str, value: str, resolution: str
) -> None:
    expr = only(text)
    assert (expr.text, expr.value, expr.resolution) == (span, value, resolution)
    assert text[expr.start : expr.end] == span


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        # Published on a Thursday: "Thursday" is that very day, whatever the tense.
        ("On Thursday, the minister spoke.", "past", "2023-03-02"),
        ("On Thursday, the minister will speak.", "future", "2023-03-02"),
        # Other weekdays: the last one in past reporting, the next one in future reporting.
        ("On Monday, the minister spoke.", "past", "2023-02-27"),
        ("On Monday, the minister will speak.", "future", "2023-03-06"),
        ("On Monday, the minister spoke.", None, "2023-02-27"),
        # A modal clause or a deadline looks ahead, unless the clause is past.
        ("The envoy might arrive as early as Monday.", "modal", "2023-03-06"),
        ("The talks run until Monday.", "present", "2023-03-06"),
        ("Until Monday, they had not met.", "past", "2023-02-27"),
    ],
)
def test_weekdays_follow_tense(text: str, tense: str | None, value: str) -> None:
    assert only(text, tense=tense).value == value


def test_bare_month_takes_the_year_the_tense_points_to() -> None:
    assert only("The deal was signed in December.", "2023-03-02", "past").value == "2022-12"
    assert only("The deal will be signed in December.", "2023-03-02", "future").value == "2023-12"
    assert only("Elections are held in April.", "2023-03-02").value == "2023-04"


def test_since_a_month_looks_back() -> None:
    assert only("Prices have risen since April.").value == "2022-04"


def test_month_names_of_people_are_not_months() -> None:
    assert tag("June Almeida and August Wilson spoke.", THURSDAY) == []
    assert [d.text for d in tag("In June Parliament votes.", THURSDAY)] == ["June"]


def test_month_verbs_are_not_months() -> None:
    assert tag("He may march on the capital.", THURSDAY) == []
    assert tag("Protesters march through the city, as they may do in May.", THURSDAY)[0].value == (
        "2023-05"
    )


def test_numbers_are_not_years() -> None:
    assert tag("Some 1,990 troops and $2000 in cash; 1998 percent.", THURSDAY) == []


def test_durations_and_sets_are_recognised_but_not_dates() -> None:
    found = tag("The siege lasted three years; talks are held every week.", THURSDAY)
    assert [(d.text, d.value, d.timex_type) for d in found] == [
        ("three years", "P3Y", "DURATION"),
        ("every week", "P1W", "SET"),
    ]


def test_quarters_follow_the_quarter_under_discussion() -> None:
    text = "Net income in the third quarter rose 5%. A year ago, the quarter was weaker."
    values = [d.value for d in tag(text, "1989-10-30")]
    assert values == ["1989-Q3", "1988-Q3", "1989-Q3"]


def test_anaphoric_days_count_from_the_last_date() -> None:
    text = "The talks opened on May 4, 2021. Two days later they collapsed; that day was grim."
    assert [d.value for d in tag(text, THURSDAY)] == ["2021-05-04", "2021-05-06", "2021-05-06"]


def test_without_publication_date_relative_values_stay_open() -> None:
    values = {d.text: d.value for d in tag("On Friday, on March 3 and in 2021.", None)}
    assert values == {"Friday": "XXXX-WXX-5", "March 3": "XXXX-03-03", "2021": "2021"}


def test_calendar_helpers() -> None:
    from datetime import date

    assert easter(2023) == date(2023, 4, 9)
    assert weekday_near(date(2023, 3, 2), 4, "same") == date(2023, 3, 2)
    assert weekday_near(date(2023, 3, 2), 4, "before") == date(2023, 2, 23)
    assert [resolution_of(v) for v in ("2023-W09", "2023-Q1", "199", "2023-03-02T09:00")] == [
        "week", "quarter", "decade", "time",
    ]  # fmt: skip


WORDS = st.sampled_from(
    ["on", "Friday", "March", "3,", "2021", "last", "week", "the", "1990s", "a", "year", "ago",
     "may", "said", "now", "quarter", "third", "x", "12", "p.m.", "-", "\n", "yesterday"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join))
def test_spans_index_the_text_and_do_not_overlap(text: str) -> None:
    found = tag(text, THURSDAY)
    ends = 0
    for expr in found:
        assert text[expr.start : expr.end] == expr.text
        assert expr.start >= ends
        assert expr.resolution in {
            "time", "day", "week", "month", "quarter", "season", "half", "year", "decade",
            "century", "ref",
        }  # fmt: skip
        ends = expr.end
    assert tag(text, THURSDAY) == found  # deterministic


# --- the TimeML evaluation -----------------------------------------------------------------

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-03-02" functionInDocument="CREATION_TIME">2023-03-02</TIMEX3></DCT>
<TEXT>
Ministers <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2023-03-02">Thursday</TIMEX3> &amp; <TIMEX3 tid="t2" type="DATE" value="2022-06">last June</TIMEX3> for <TIMEX3 tid="t3" type="DURATION" value="PT1H">an hour</TIMEX3>.
</TEXT>
</TimeML>
"""  # noqa: E501


@pytest.fixture()
def timeml_file(tmp_path: Path) -> Path:
    path = tmp_path / "t1.tml"
    path.write_text(TIMEML, encoding="utf-8")
    return path


def test_read_timeml_strips_tags_and_keeps_offsets(timeml_file: Path) -> None:
    doc = read_timeml(timeml_file)
    assert doc.dct == "2023-03-02"
    assert "Ministers met Thursday & last June" in doc.text
    assert [(g.text, g.value, g.type) for g in doc.gold] == [
        ("Thursday", "2023-03-02", "DATE"),
        ("last June", "2022-06", "DATE"),
        ("an hour", "PT1H", "DURATION"),
    ]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)


def test_score_counts_strict_relaxed_and_value(timeml_file: Path) -> None:
    doc = read_timeml(timeml_file)
    start = doc.text.index("June")
    pred = [
        DateExpr("Thursday", doc.gold[0].start, doc.gold[0].end, "2023-03-02", "day"),
        DateExpr("June", start, start + 4, "2023-06", "month"),  # overlaps, wrong value
        DateExpr("an hour", doc.gold[2].start, doc.gold[2].end, "PT1H", "time", "DURATION"),
    ]
    counts = score_document(doc.gold, pred)
    assert (counts["gold"], counts["pred"]) == (2, 2)  # durations are not scored
    assert (counts["strict"], counts["relaxed"], counts["value"]) == (1, 2, 1)


def test_tagger_on_the_sample(timeml_file: Path) -> None:
    doc = read_timeml(timeml_file)
    counts = score_document(doc.gold, tag(doc.text, doc.dct))
    assert counts["value"] == 2


def test_missing_reference_data_is_an_evaluation_error(tmp_path: Path) -> None:
    from eventwire.evaluate.timex import evaluate

    with pytest.raises(EvaluationError) as err:
        evaluate(tmp_path / "nowhere")
    assert err.value.code == "E601"
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>", encoding="utf-8")
    with pytest.raises(EvaluationError) as err:
        read_timeml(tmp_path / "bad.tml")
    assert err.value.code == "E602"


def test_format_report_prints_the_figures() -> None:
    def line(f: float) -> dict[str, float]:
        return {
            "precision": f, "recall": f, "f1": f,
        }  # fmt: skip
    result = {"documents": 2, "gold": 10, "predicted": 9, "strict_span": line(0.5),
              "relaxed_span": line(0.9), "value": line(0.8)}  # fmt: skip
    report = format_report(result)
    assert "relaxed_span" in report and "0.900" in report and "0.800" in report
