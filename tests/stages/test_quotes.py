"""Quotes stage: quote marks, attribution, reported speech, and speaker accuracy on a set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline import Pipeline
from eventwire.records import Document, Quote
from eventwire.stages.actors import ActorsStage
from eventwire.stages.entities import EntitiesStage
from eventwire.stages.extract import ExtractStage
from eventwire.stages.nlp import NlpStage
from eventwire.stages.quotes import QuotesStage, paragraphs, quote_spans

DATA = Path(__file__).resolve().parents[1] / "data" / "quotes"
#: speakers.jsonl (development set): 55/55 when written. heldout.jsonl, written after the
#: rules: 18/20 at first run, 20/20 after two general fixes. The floor leaves room for drift.
SPEAKER_ACCURACY_FLOOR = 0.95


@pytest.fixture(scope="session")
def quotes_pipeline() -> Pipeline:
    return Pipeline(
        [ExtractStage(), NlpStage(), EntitiesStage(), ActorsStage(), QuotesStage()]
    )


def run(pipeline: Pipeline, text: str) -> Document:
    out = pipeline.run(Document(id="t", raw_text=text, pub_date="2024-01-10"))
    assert isinstance(out, Document), out
    return out


def quote_with(doc: Document, snippet: str) -> Quote | None:
    a = doc.text.find(snippet)
    b = a + len(snippet)
    return next((q for q in doc.quotes if a >= 0 and q.start < b and a < q.end), None)


def speaker_of(doc: Document, snippet: str) -> str:
    q = quote_with(doc, snippet)
    if q is None or q.speaker is None:
        return ""
    return f"{q.speaker.name} | {q.speaker.entity_text}"


def speaker_accuracy(pipeline: Pipeline, path: Path) -> dict[str, Any]:
    """Share of gold quotes found with the gold speaker (a name part of the speaker's name)."""
    ok = total = 0
    misses: list[str] = []
    for i, line in enumerate(path.read_text("utf-8").splitlines()):
        item = json.loads(line)
        doc = run(pipeline, item["text"])
        for snippet, gold in item["quotes"]:
            total += 1
            got = speaker_of(doc, snippet)
            if gold.lower() in got.lower():
                ok += 1
            else:
                misses.append(f"{i}: {snippet!r} gold={gold!r} got={got!r}")
    return {"quotes": total, "correct": ok, "accuracy": ok / total, "misses": misses}


# --- quote marks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said \u201cwe will win\u201d today.", ["we will win"]),
        ('He said "we will win" today.', ["we will win"]),
        ("Il a dit \u00ab nous gagnerons \u00bb hier.", ["nous gagnerons"]),
        ("She said 'the country's future is bright' at noon.", ["the country's future is bright"]),
        ("She said \u2018Russia\u2019s war must end\u2019 loudly.", ["Russia\u2019s war must end"]),
        ("Er sagte \u201eWir schaffen das\u201c gestern.", ["Wir schaffen das"]),
        ("The ministers' meeting ended. Nobody's happy.", []),
    ],
)
def test_quote_marks_of_every_style(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in quote_spans(text)] == expected


def test_unterminated_quote_runs_to_paragraph_end_only() -> None:
    text = "He declared, \u201cThe talks are over. We leave now.\n\nThe next day was calm."
    spans = quote_spans(text)
    assert [text[a:b] for a, b in spans] == ["The talks are over. We leave now."]


def test_multi_sentence_quote_is_one_quote() -> None:
    text = "\u201cWe came. We talked. We left,\u201d she said."
    assert [text[a:b] for a, b in quote_spans(text)] == ["We came. We talked. We left"]


# --- attribution ---------------------------------------------------------------------------


def test_split_quote_gives_both_halves_the_speaker(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "\u201cWe will hold,\u201d said Defence Minister Anna Berg, "
              "\u201cand we will not retreat.\u201d")
    for part in ("We will hold", "we will not retreat"):
        assert "Berg" in speaker_of(doc, part)
        q = quote_with(doc, part)
        assert q is not None and q.verb == "say"


def test_reported_speech_and_according_to(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "Senator Maria Lopez told reporters that the bill would pass. "
              "According to Governor Tom Reed, the budget is balanced.")
    q = quote_with(doc, "the bill would pass")
    assert q is not None and q.verb == "tell" and "Lopez" in speaker_of(doc, "the bill")
    q2 = quote_with(doc, "the budget is balanced")
    assert q2 is not None and q2.verb == "according to" and "Reed" in speaker_of(doc, "budget")


def test_pronoun_continuation_keeps_previous_speaker(quotes_pipeline: Pipeline) -> None:
    text = ("Prime Minister Lena Holm spoke after the vote. \u201cWe won,\u201d Holm said.\n\n"
            "Opposition leader Karl Dahl, her rival, was absent. \u201cThe fight goes on,\u201d "
            "she added.")
    doc = run(quotes_pipeline, text)
    assert "Holm" in speaker_of(doc, "The fight goes on")


def test_passive_agent_is_the_speaker(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "General Omar Said was urged to \u201cpull back the troops\u201d "
              "by Foreign Minister Ida Brun.")
    assert "Brun" in speaker_of(doc, "pull back the troops")


def test_speaker_span_indexes_text(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "\u201cNo deal,\u201d President Ana Vik said on Monday.")
    q = quote_with(doc, "No deal")
    assert q is not None and q.speaker_span is not None
    a, b = q.speaker_span
    assert "Vik" in doc.text[a:b]
    assert all(doc.text[x.start : x.end] == x.text for x in doc.quotes)


def test_scare_quote_without_speaker_is_dropped(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "The so-called \u201cpeace plan\u201d was published on Monday.")
    assert doc.quotes == []


@pytest.mark.parametrize(("name", "at_least"), [("speakers.jsonl", 50), ("heldout.jsonl", 20)])
def test_speaker_accuracy_floor(quotes_pipeline: Pipeline, name: str, at_least: int) -> None:
    result = speaker_accuracy(quotes_pipeline, DATA / name)
    print(f"{name}: quote speaker accuracy {result['correct']}/{result['quotes']} "
          f"= {result['accuracy']:.3f}")
    assert result["quotes"] >= at_least
    assert result["accuracy"] >= SPEAKER_ACCURACY_FLOOR, result["misses"]


def test_colon_attribution(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "Prime Minister Ada Nyberg: \u201cWe will not be blackmailed.\u201d")
    assert "Nyberg" in speaker_of(doc, "We will not be blackmailed")


def test_that_clause_of_a_statement(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "President Ola Berg said in a statement that the border would "
              "reopen.")
    q = quote_with(doc, "the border would reopen")
    assert q is not None and q.verb == "say" and "Berg" in speaker_of(doc, "the border")


def test_quote_paragraph_after_its_speaker_is_introduced(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "Prime Minister Tove Lind addressed parliament on Tuesday.\n\n"
              "\u201cWe do not want war. But we will defend our borders.\n\nThe debate went on.")
    assert "Lind" in speaker_of(doc, "We do not want war")


@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb")),
               max_size=60))
def test_quote_spans_index_the_text(text: str) -> None:
    lines = paragraphs(text)
    for a, b in quote_spans(text):
        assert 0 <= a < b <= len(text)
        assert any(pa <= a and b <= pb for pa, pb in lines)  # never across paragraphs
        assert text[a:b] == text[a:b].strip()


def test_dash_signature(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "Critics praised the novel, Anna Berg told reporters.\n\n"
              "\u201cIt is the best book of the decade.\u201d \u2014 Maria Lund")
    assert "Lund" in speaker_of(doc, "the best book of the decade")


def test_data_and_reports_are_no_speakers(quotes_pipeline: Pipeline) -> None:
    doc = run(quotes_pipeline, "The data we collected suggests that the reform is working. "
              "According to reports, the minister resigned.")
    assert doc.quotes == []
