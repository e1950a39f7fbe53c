"""The span scan's pre-check: a position is skipped only when no alias, stem or agent phrase
can begin with its word, and the check follows entries added after the KB was built."""

from __future__ import annotations

from eventwire.actorkb import ActorKB, AgentRule, KBEntry, Term, norm, word_heads


def _kb() -> ActorKB:
    kb = ActorKB()
    kb.add(KBEntry("Rapid Support Forces", "group", [Term(None, "REB")], ["RSF"]))
    kb.add(KBEntry("Argentina", "country", [Term("ARG", None)], ["Argentin*"]))
    return kb


def test_word_heads_are_prefixes_of_first_words() -> None:
    assert word_heads(["riot police", "troops"]) == {
        "r", "ri", "rio", "riot", "t", "tr", "tro", "troo", "troop", "troops"}


def test_names_start_only_where_an_alias_or_stem_can() -> None:
    kb = _kb()
    assert kb.may_start_name(norm("Rapid")) and kb.may_start_name(norm("RSF"))
    assert kb.may_start_name(norm("Argentine"))  # the TABARI stem "Argentin*"
    assert kb.may_start_name(norm("Arg"))
    assert not kb.may_start_name(norm("Tuesday"))
    kb.add(KBEntry("Tuesday Group", "group", [Term(None, "CVL")]))
    assert kb.may_start_name(norm("Tuesday"))


def test_agents_added_directly_are_seen() -> None:
    kb = _kb()
    assert not kb.may_start_agent("militiamen")
    kb.agents["militiamen"] = AgentRule("militiamen", "REB")
    assert kb.may_start_agent("militiamen") and kb.may_start_agent("mili")
    assert kb.may_start_agent("")  # a token with no letters is never skipped
