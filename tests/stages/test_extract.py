"""extract stage: body, title, boilerplate, metadata, ids and rejections."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import EventwireError
from eventwire.evaluate.extraction import format_report, page_counts, scores, shingles
from eventwire.inputs import read_inputs
from eventwire.pipeline import Pipeline
from eventwire.records import Document, Rejected
from eventwire.stages import extract
from eventwire.stages.extract import (
    ExtractStage,
    clean_boilerplate,
    document_id,
    normalise,
    split_title,
)

DATA = Path(__file__).parent.parent / "data" / "inputs"

BODY = (
    "Ministers from Chile and Peru met in Lima on Monday to settle a fishing dispute, "
    "their governments said in a joint statement issued after the talks.\n\n"
    "The agreement sets new quotas for anchovy catches in the waters off both coasts and "
    "creates a commission to settle future disagreements over the shared stocks."
)


@pytest.fixture(scope="module")
def stage() -> ExtractStage:
    return ExtractStage()


def _text(stage: ExtractStage, raw: str, **fields: str) -> Document:
    return stage(Document(raw_text=raw, **fields))  # type: ignore[arg-type]


def _file(stage: ExtractStage, name: str) -> Document:
    [doc] = list(read_inputs([str(DATA / name)]))
    assert isinstance(doc, Document)
    return stage(doc)


# --- normalisation ---------------------------------------------------------------------------


def test_normalise_whitespace_newlines_and_invisible_characters() -> None:
    raw = "  Talks\u00a0in  Lima\u200b ended.\r\n\r\n\r\n\r\nA second\tparagraph.\rThird line. "
    assert normalise(raw) == "Talks in Lima ended.\n\nA second paragraph.\nThird line."


def test_normalise_composes_unicode() -> None:
    assert normalise("Me\u0301xico") == "M\u00e9xico"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "\n\n\n" not in once and "  " not in once and once == once.strip()


# --- plain text: boilerplate and title -------------------------------------------------------


def test_pasted_web_text_is_cleaned(stage: ExtractStage) -> None:
    doc = _file(stage, "article.txt")
    must = [
        "HELSINKI — The prime ministers of Finland and Estonia agreed on Tuesday",
        "“a shield for our energy independence”.",
        "Critics in the Finnish parliament said",
    ]
    must_not = [
        "Share this", "We use cookies", "Sign up for our morning newsletter", "Related articles",
        "Baltic states finish grid switch", "Leave a Reply", "Required fields are marked",
        "Finland and Estonia agree to link power grids",
    ]  # fmt: skip
    for piece in must:
        assert piece in doc.text
    for piece in must_not:
        assert piece not in doc.text
    assert doc.text.endswith("seabed infrastructure.")


def test_removed_pieces_are_kept_for_the_checks_stage(stage: ExtractStage) -> None:
    doc = _file(stage, "article.txt")
    joined = "\n".join(doc.removed)
    for piece in (
        "Share this:",
        "We use cookies",
        "newsletter",
        "Related articles",
        "Leave a Reply",
    ):
        assert piece in joined
    assert "Finnish parliament" not in joined


def test_comment_form_footer_is_removed(stage: ExtractStage) -> None:
    footer = (
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *"
    )
    doc = _text(stage, BODY + "\n\n" + footer)
    assert doc.text == BODY
    assert doc.removed == [footer]


def test_comment_form_under_a_very_short_article_is_removed(stage: ExtractStage) -> None:
    footer = "Leave a comment\n\nComment *\n\nName *\n\nEmail *\n\nPost Comment"
    doc = _text(stage, "Talks in Lima ended without a deal.\n\n" + footer)
    assert doc.text == "Talks in Lima ended without a deal."
    assert doc.removed == [footer]


def test_footer_heading_early_in_the_article_is_kept() -> None:
    text = "Related\n\n" + BODY + "\n\n" + BODY
    body, removed = clean_boilerplate(text)
    assert body == text and removed == []


def test_long_paragraphs_that_mention_boilerplate_words_are_kept() -> None:
    paragraph = (
        "The regulator said that when a website uses cookies to follow readers across "
        "other sites it must ask first, and it fined three publishers who had not done so "
        "during the inquiry, which began after complaints from consumer groups in Brussels "
        "and Vienna last year."
    )
    for text in (paragraph, "Share this information, please?", "Copyright holders sued the firm."):
        assert clean_boilerplate(text) == (text, [])


@pytest.mark.parametrize(
    "line",
    [
        "Share this:",
        "Share on Facebook",
        "Facebook Twitter LinkedIn Email",
        "Tweet | Share | Email",
        "Sign up for our daily newsletter",
        "We use cookies to give you the best experience.",
        "Advertisement",
        "© 2024 Example Media Ltd. All rights reserved.",
        "Read more: Parliament approves budget",
        "Like this story? Share it with a friend!",
        "Skip to main content",
        "Home > World > Americas",
        "Image source, Getty Images",
        "Our site uses cookies. By continuing you agree.",
        "Get our free Evening Briefing newsletter",
    ],
)
def test_boilerplate_lines_are_removed(line: str) -> None:
    body, removed = clean_boilerplate(BODY + "\n\n" + line + "\n\n" + BODY)
    assert body == BODY + "\n\n" + BODY
    assert removed == [line]


def test_headline_first_line_becomes_the_title(stage: ExtractStage) -> None:
    doc = _text(stage, "Chile and Peru settle fishing dispute\n\n" + BODY)
    assert doc.title == "Chile and Peru settle fishing dispute"
    assert doc.text == BODY


@pytest.mark.parametrize(
    "first",
    [
        "Ministers met in Lima on Monday.",  # a sentence
        "By Maria Lopez",  # a byline
        "Talks",  # one word
    ],
)
def test_first_lines_that_are_not_headlines_stay(first: str) -> None:
    title, body = split_title(first + "\n\n" + BODY)
    assert title is None and body.startswith(first)


def test_single_line_is_body_not_title(stage: ExtractStage) -> None:
    doc = _text(stage, "Chile and Peru settle fishing dispute")
    assert doc.title is None and doc.text == "Chile and Peru settle fishing dispute"


def test_known_title_repeated_as_first_line_is_removed(stage: ExtractStage) -> None:
    doc = _text(stage, "Chile, Peru settle dispute\n" + BODY, title="Chile, Peru Settle Dispute")
    assert doc.title == "Chile, Peru Settle Dispute" and doc.text == BODY
    other = _text(stage, "Ministers met.\n" + BODY, title="Chile, Peru Settle Dispute")
    assert other.text.startswith("Ministers met.")


# --- HTML ------------------------------------------------------------------------------------


def test_html_body_and_metadata(stage: ExtractStage) -> None:
    doc = _file(stage, "page.html")
    assert doc.title == "Kenya and Tanzania sign border trade accord"
    assert doc.pub_date == "2024-05-14"
    assert doc.author == "Amina Odhiambo"
    assert doc.site == "The Lakeside Herald"
    assert doc.url == "https://herald.example.org/news/kenya-tanzania-accord"
    assert doc.text.startswith("The presidents of Kenya and Tanzania signed an agreement in Arusha")
    assert doc.text.endswith("review the arrangement after twelve months.")
    for noise in ("Home", "cookies", "Most read", "Floods close roads", "All rights reserved",
                  "Privacy", "Kenya and Tanzania sign border trade accord"):  # fmt: skip
        assert noise not in doc.text
    assert "\n\nUnder the accord" in doc.text  # paragraphs stay paragraphs


def test_given_pub_date_wins_over_page_date(stage: ExtractStage) -> None:
    [doc] = list(read_inputs([str(DATA / "page.html")], "2024-06-01"))
    assert isinstance(doc, Document)
    assert stage(doc).pub_date == "2024-06-01"


def test_html_without_main_text_is_e201(stage: ExtractStage) -> None:
    with pytest.raises(EventwireError) as info:
        stage(Document(raw_html="<html><body><script>var x = 1;</script></body></html>"))
    assert info.value.code == "E201"


# --- rejections and ids ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "code"),
    [
        (Document(raw_text=" \n\u200b\n "), "E101"),
        (Document(), "E101"),
        (Document(raw_text="Share this:\n\nAdvertisement\n\nSign up for our newsletter"), "E202"),
    ],
)
def test_rejections(stage: ExtractStage, doc: Document, code: str) -> None:
    result = Pipeline([stage]).run(doc)
    assert isinstance(result, Rejected)
    assert (result.code, result.stage) == (code, "extract")


def test_too_long_body_is_e107(stage: ExtractStage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "get_settings", lambda: SimpleNamespace(max_doc_chars=100))
    with pytest.raises(EventwireError) as info:
        _text(stage, BODY)
    assert info.value.code == "E107"


def test_given_text_without_raw_input_is_kept_exactly(stage: ExtractStage) -> None:
    text = "Share this:\n\n  Talks  in Lima ended.  "  # offsets of callers' annotations index it
    doc = stage(Document(text=text))
    assert doc.text == text and doc.removed == []
    assert doc.id == document_id(text)


def test_id_is_a_stable_hash_of_the_clean_text(stage: ExtractStage) -> None:
    a = _text(stage, BODY + "\n\nShare this:")
    b = _text(stage, "  " + BODY.replace(" ", "  ") + "\r\n")
    assert a.id == b.id == hashlib.sha1(BODY.encode()).hexdigest()[:16] == document_id(BODY)
    assert _text(stage, BODY + " More.").id != a.id
    assert _text(stage, BODY, id="given-7").id == "given-7"


def test_clean_text_extracts_to_itself(stage: ExtractStage) -> None:
    """Re-ingesting eventwire's own output gives the same text, title and id."""
    first = _file(stage, "article.txt")
    again = _text(stage, first.text, title=first.title or "")
    assert (again.text, again.title, again.id) == (first.text, first.title, first.id)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.booleans())
def test_any_text_gives_a_document_or_a_coded_rejection(raw: str, html: bool) -> None:
    doc = Document(raw_html=raw) if html else Document(raw_text=raw)
    result = Pipeline([ExtractStage()]).run(doc)
    if isinstance(result, Rejected):
        assert result.code in ("E101", "E107", "E201", "E202")
    else:
        assert result.text and result.text == normalise(result.text)
        assert result.id == document_id(result.text)


# --- scoring of the extraction evaluation ----------------------------------------------------


def test_shingles_are_four_word_multisets() -> None:
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b") == {("a", "b"): 1}
    assert shingles("") == {}


def test_page_counts_and_scores_follow_the_benchmark() -> None:
    true = "one two three four five six"
    assert page_counts(true, true) == (1.0, 0.0, 0.0)
    tp, fp, fn = page_counts(true, "one two three four five seven")
    assert (tp, fp, fn) == pytest.approx((2 / 4, 1 / 4, 1 / 4))
    result = scores([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])
    assert result["precision"] == pytest.approx(0.75) and result["recall"] == pytest.approx(1.0)
    assert result["f1"] == pytest.approx(2 * 0.75 / 1.75)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv"]),
)
def test_any_file_read_and_extracted_never_raises(
    tmp_path: Path, content: bytes, suffix: str
) -> None:
    path = tmp_path / ("input" + suffix)
    path.write_bytes(content)
    pipeline = Pipeline([ExtractStage()])
    for item in read_inputs([str(path)]):
        result = pipeline.run(item) if isinstance(item, Document) else item
        if isinstance(result, Rejected):
            assert result.code != "E301", result.reason  # a coded rejection, not a crash
        else:
            assert result.text.strip() and result.id


def test_report_shows_every_system_and_the_gate() -> None:
    system = {"f1": 0.9, "precision": 0.8, "recall": 1.0}
    result = {"pages": 2, "systems": {"eventwire": system}, "floor": 0.95, "passed": False}
    report = format_report(result)
    assert "eventwire" in report and "0.900" in report and "FAILED" in report


def test_share_heading_at_the_end_takes_the_network_names_below_it() -> None:
    from eventwire.stages.extract import clean_boilerplate

    body = (
        "Ministers met in Accra on Monday to discuss the port dispute.\n\n"
        "They agreed to meet again next month.\n\nShare this:\nFacebook\nTwitter\nWhatsApp"
    )
    text, removed = clean_boilerplate(body)
    assert "Facebook" not in text and "WhatsApp" not in text
    assert "agreed to meet again" in text
    assert any("Share this" in r for r in removed)
