"""The actor knowledge base and its importers (no spaCy needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.actorkb import ActorKB, build_kb, cameo_code, get_kb, norm, parse_date
from eventwire.actorkb_import import (
    entries_to_rows,
    import_wikidata,
    load_petrarch_actors,
    load_petrarch_agents,
    load_user_entries,
    petrarch_kb,
    split_cameo,
)
from eventwire.errors import UsageError
from eventwire.records import Actor

DATA = Path(__file__).parent / "data" / "actors"


@pytest.fixture(scope="session")
def kb() -> ActorKB:
    return get_kb()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023-03-02", date(2023, 3, 2)), ("20230302", date(2023, 3, 2)),
     ("2023-03", date(2023, 3, 1)), ("2023-03-02T10:00:00Z", date(2023, 3, 2)), (None, None)],
)
def test_parse_date(text: str | None, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_parse_date_rejects_garbage() -> None:
    with pytest.raises(UsageError, match="E501"):
        parse_date("next Tuesday")


def test_norm_folds_case_accents_and_dots() -> None:
    assert norm("U.S.") == "us"
    assert norm("Recep Tayyip Erdoğan") == norm("recep tayyip erdogan")
    assert norm("Sa\u2019ar") == "sa'ar"


def test_former_president_is_elite_with_term_dates(kb: ActorKB) -> None:
    res = kb.lookup("Obama", "2023-03-02")
    assert res is not None
    assert (res.actor.name, res.actor.code, res.actor.sector) == ("Barack Obama", "USA", "ELI")
    assert res.actor.identifier_id == "Q76"
    assert "2009-01-20..2017-01-20" in res.evidence
    terms = kb.offices_of("Barack Obama")
    assert [(t.office, t.start, t.end) for t in terms] == [
        ("head_of_state", date(2009, 1, 20), date(2017, 1, 20))]
    assert kb.offices_of("Obama", "2023-03-02") == []


def test_same_person_in_office_is_government(kb: ActorKB) -> None:
    res = kb.lookup("Barack Obama", "2012-06-01")
    assert res is not None and res.actor.sector == "GOV"
    assert res.actor.office == "head_of_state"


def test_holders_are_date_aware(kb: ActorKB) -> None:
    assert [t.person for t in kb.holders("USA", "foreign_minister", "2014-05-01")] == ["John Kerry"]
    assert [t.person for t in kb.holders("USA", "foreign_minister", "2023-03-02")] == [
        "Antony Blinken"]
    assert [t.person for t in kb.holders("DEU", "head_of_government", "2024-01-01")] == [
        "Olaf Scholz"]


def test_lookup_strips_honorifics_and_spelling_variants(kb: ActorKB) -> None:
    blinken = kb.lookup("Mr. Blinken", "2023-03-02")
    lavrov = kb.lookup("Sergei Lavrov", "2023-03-02")
    assert blinken is not None and blinken.actor.name == "Antony Blinken"
    assert lavrov is not None and (lavrov.actor.name, lavrov.actor.code) == ("Sergey Lavrov", "RUS")


def test_date_bounded_group(kb: ActorKB) -> None:
    before = kb.lookup("Taliban", "2020-02-29")
    after = kb.lookup("Taliban", "2022-03-01")
    assert before is not None and before.actor.sector == "REB"
    assert after is not None and after.actor.sector == "GOV"


def test_acronyms_need_capitals(kb: ActorKB) -> None:
    assert kb.find("us") == []
    assert kb.find("US")[0].terms[0].code == "USA"
    assert kb.find("who") == []
    assert kb.find("WHO")[0].terms[0].code == "UNO"


def test_igos_and_seats(kb: ActorKB) -> None:
    g20 = kb.lookup("G20")
    hrc = kb.lookup("UN Human Rights Council")
    kremlin = kb.lookup("the Kremlin".removeprefix("the "))
    assert g20 is not None and (g20.actor.code, g20.actor.identifier_id) == ("IGO", "Q19771")
    assert hrc is not None and hrc.actor.code == "UNO"
    assert kremlin is not None and (kremlin.actor.code, kremlin.actor.sector) == ("RUS", "GOV")


def test_titles_agents_demonyms(kb: ActorKB) -> None:
    rule = kb.title("Secretary of State")
    assert rule is not None and (rule.office, rule.country) == ("foreign_minister", "USA")
    agent = kb.agent("security forces")
    assert agent is not None and agent.sector == "COP"
    assert kb.demonym("Iranian") == "IRN"
    assert kb.demonym("Russia's") == "RUS"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("USAGOV", ("USA", "GOV")), ("RUSMIL", ("RUS", "MIL")), ("IGOUNO", ("UNO", None)),
     ("IGOEEU", ("EUR", None)), ("IGOAFR", ("IGO", None)), ("---GOV", (None, "GOV")),
     ("DNKMED", ("DNK", "JRN")), ("IMGMUSALQ", ("IMG", "REB")), ("FRO/BIL/SAM", ("FRO", None))],
)
def test_split_cameo(raw: str, expected: tuple[str | None, str | None]) -> None:
    assert split_cameo(raw) == expected


def test_load_petrarch_actors() -> None:
    entries = {e.name: e for e in load_petrarch_actors(DATA / "sample.actors.txt")}
    assert "No Code Name" not in entries  # a name without a code is dropped
    jadis = entries["Jadis"]
    assert "White Witch" in jadis.aliases
    assert jadis.term_at(date(1999, 6, 1)).cameo == "NRNGOV"
    assert jadis.term_at(date(2005, 6, 1)).sector == "ELI"
    rabadash = entries["Rabadash"]
    assert rabadash.term_at(date(1999, 6, 1)).sector == "MIL"
    assert rabadash.term_at(date(2010, 6, 1)).sector == "GOV"
    assert entries["United Nations"].terms[0].code == "UNO"
    assert entries["Archenland"].terms[0].cameo == "ARC/NRN"


def test_petrarch_stems_match_longer_words() -> None:
    kb = petrarch_kb([DATA / "sample.actors.txt"], builtin=False)
    assert kb.find("Narnians")[0].name == "Narnia"  # NARNIA without "_" is a stem
    assert kb.find("Calormenes") == []  # CALORMENE_ is exact
    assert kb.find("Calormene")[0].terms[0].code == "CLM"
    assert kb.find("U.N.")[0].terms[0].code == "UNO"


def test_load_petrarch_agents() -> None:
    rules = {r.phrase: r for r in load_petrarch_agents(DATA / "sample.agents.txt")}
    assert rules["soldiers"].sector == "MIL"  # regular plural generated
    assert "troopss" not in rules and rules["troops"].sector == "MIL"  # {} : no plural
    assert rules["spies"].sector == "SPY"
    assert rules["congresswomen"].sector == "LEG"  # !PERSON! substitution
    assert rules["rights group"].cameo == "NGO~"


def test_cameo_code_of_agents_and_countries() -> None:
    agent = Actor("Narnian troops", "Narnian troops", "NRN", "MIL", evidence="agent;cameo=~MIL")
    ngo = Actor("rights group", "rights group", "NRN", "SOC", evidence="agent;cameo=NGO~")
    plain = Actor("UN", "United Nations", "UNO", None)
    assert cameo_code(agent) == "NRNMIL"
    assert cameo_code(ngo) == "NGONRN"
    assert cameo_code(plain) == "IGOUNO"
    assert cameo_code(Actor("x", "x", "RUS", "GOV")) == "RUSGOV"


def test_user_csv_and_yaml_dictionaries() -> None:
    kb = build_kb([DATA / "users.csv", DATA / "users.yaml"])
    militia = kb.lookup("Harbour Militia")
    quill_then = kb.lookup("Ada Quill", "2021-05-01")
    quill_now = kb.lookup("Quill", "2024-05-01")
    bank = kb.lookup("NCB")
    assert militia is not None and (militia.actor.code, militia.actor.sector) == ("KEN", "REB")
    assert quill_then is not None and quill_then.actor.sector == "GOV"
    assert quill_now is not None and quill_now.actor.sector == "ELI"
    assert bank is not None and (bank.actor.code, bank.actor.sector) == ("NOR", "BUS")
    assert militia.evidence.startswith("user:users.csv")


def test_user_yaml_must_be_a_list(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    with pytest.raises(UsageError, match="E501"):
        load_user_entries(bad)


def test_import_wikidata_fills_qids_and_offices() -> None:
    kb = build_kb()
    assert import_wikidata(kb, DATA / "wikidata.jsonl") == 2
    mira = kb.lookup("Mira Tolland", "2031-06-01")
    watch = kb.lookup("HW")
    assert mira is not None and (mira.actor.identifier_id, mira.actor.code) == ("Q900001", "USA")
    assert mira.actor.office == "foreign_minister"
    assert watch is not None and (watch.actor.identifier_id, watch.actor.sector) == (
        "Q900002", "SOC")
    assert "Mira Tolland" in [t.person for t in kb.holders("USA", "foreign_minister", "2031-06-01")]


def test_entries_to_rows_round_trip(tmp_path: Path) -> None:
    entries = load_petrarch_actors(DATA / "sample.actors.txt")
    rows = list(entries_to_rows(entries))
    out = tmp_path / "out.tsv"
    header = list(rows[0])
    out.write_text("\t".join(header) + "\n" + "\n".join(
        "\t".join(r[h] for h in header) for r in rows) + "\n", encoding="utf-8")
    back = {e.name: e for e in load_user_entries(out)}
    assert back["Jadis"].term_at(date(2005, 1, 1)).sector == "ELI"
    assert back["Narnia"].terms[0].code == "NRN"


# --- the ``eventwire actors`` command, in process ------------------------------------------
def test_cli_lookup_shows_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    from eventwire.cli import main

    assert main(["actors", "lookup", "Obama", "--date", "2023-03-02"]) == 0
    out = capsys.readouterr().out
    assert "Barack Obama" in out and "ELI" in out and "2009-01-20..2017-01-20" in out
    assert main(["actors", "lookup", "Zzyzx Qqq"]) == 1


def test_cli_lookup_with_user_dictionary() -> None:
    from eventwire.commands.actors import lookup

    info = lookup("Quill", "2021-06-01", [DATA / "users.csv"])
    assert (info["canonical"], info["code"], info["sector"]) == ("Ada Quill", "KEN", "GOV")
    assert info["source"] == "user:users.csv"


def test_cli_import_petrarch_writes_a_user_dictionary(tmp_path: Path) -> None:
    from eventwire.cli import main

    out = tmp_path / "sample.tsv"
    assert main(["actors", "import-petrarch", str(DATA / "sample.actors.txt"),
                 "--agents", str(DATA / "sample.agents.txt"), "--out", str(out)]) == 0
    kb = build_kb([out])
    res = kb.lookup("White Witch", "1995-01-01")
    assert res is not None and (res.actor.code, res.actor.sector) == ("NRN", "GOV")
    assert cameo_code(res.actor) == "NRNGOV"


def test_cli_import_wikidata_and_missing_file(tmp_path: Path) -> None:
    from eventwire.cli import main

    offices = tmp_path / "offices.tsv"
    assert main(["actors", "import-wikidata", str(DATA / "wikidata.jsonl"),
                 "--offices-out", str(offices)]) == 0
    assert "Mira Tolland\t\tQ900001\tUSA\tforeign_minister" in offices.read_text("utf-8")
    assert main(["actors", "import-wikidata", str(tmp_path / "missing.jsonl")]) == 2


def test_user_dictionaries_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.actorkb import user_dictionary_paths

    paths = f"{DATA / 'users.csv'}:{DATA / 'users.yaml'}"
    monkeypatch.setenv("EVENTWIRE_ACTOR_DICTIONARIES", paths)
    assert user_dictionary_paths() == [DATA / "users.csv", DATA / "users.yaml"]
    monkeypatch.setenv("EVENTWIRE_ACTOR_DICTIONARIES", "")
    assert user_dictionary_paths() == []


@pytest.mark.parametrize(("legacy", "iso"), [("JAP", "JPN"), ("ITL", "ITA"), ("VTN", "VNM"),
                                             ("USA", "USA"), ("IGO", "IGO")])
def test_legacy_cameo_codes_map_to_iso(legacy: str, iso: str) -> None:
    from eventwire.actorkb import iso_code

    assert iso_code(legacy) == iso


@pytest.mark.parametrize(("word", "code"), [
    ("Kazakstan", "KAZ"), ("Argentinia", "ARG"), ("Afghanstan", "AFG"), ("Ghanians", "GHA"),
    ("Kenyon", None),    # a substitution: a surname, not "Kenyan"
    ("Indiana", None),   # a real place, not "Indian" plus a letter
    ("Russia", None),    # spelt right: the dictionary's business, not a misspelling
    ("Chin", None),      # too short to guess
])
def test_misspelt_countries(kb: ActorKB, word: str, code: str | None) -> None:
    assert kb.misspelt_country(word) == code


@pytest.mark.parametrize(("phrase", "office"), [
    ("minister for the interior", "interior_minister"),
    ("Minister of Interior", "interior_minister"),
    ("minister for foreign affairs", "foreign_minister"),
])
def test_titles_with_the_portfolio_after_them(kb: ActorKB, phrase: str, office: str) -> None:
    rule = kb.title(phrase)
    assert rule is not None and rule.office == office


def test_ngo_agents_keep_a_nationality_the_text_gives(kb: ActorKB) -> None:
    rule = kb.agent("rights group")
    assert rule is not None and rule.code == "NGO" and rule.text_country
    troops = kb.agent("peacekeepers")
    assert troops is not None and troops.code == "UNO" and not troops.text_country


def test_places_in_a_new_state_belonged_to_the_old_one_before(kb: ActorKB) -> None:
    from eventwire.actorkb import country_as_of

    assert country_as_of("SSD", date(2000, 1, 1)) == "SDN"
    assert country_as_of("SSD", date(2012, 1, 1)) == "SSD"
    assert country_as_of("FRA", date(1950, 1, 1)) == "FRA"
    capital = kb.find("Juba", kind="city")[0]
    assert capital.term_at(date(2005, 1, 1)).code == "SDN"
    assert capital.term_at(date(2020, 1, 1)).code == "SSD"


def test_former_state_names(kb: ActorKB) -> None:
    assert kb.demonym("Kampuchean") == "KHM"
    assert kb.find("Zaire", kind="country")[0].terms[0].code == "COD"


def test_key_starts_are_every_prefix_of_every_key() -> None:
    from eventwire.actorkb import key_starts

    assert key_starts(["ab c", "x"]) == {"a", "ab", "ab ", "ab c", "x"}
