"""`sources:` notes: every behavioural number of a scenario says where it comes from (a
published figure, or `assumption`). A note must name a stochastic parameter written in the
file, by the key path `sensitivity --param` takes, and give a non-empty source; a published
source gives its figure. Every library scenario annotates all of its parameters."""

import copy

import pytest
from django.core.management import call_command

from scenarios.format import load_scenario, parse_scenario
from scenarios.format.loader import LIBRARY
from scenarios.format.parameters import parameters_of, source_notes, unsourced
from scenarios.overrides import load_with_overrides

from .test_validate_scenario import BASE, FILE, dump, issues_of

LIBRARY_FILES = sorted(LIBRARY.glob("*.yaml"))


def with_sources(sources: dict, edit=None) -> str:
    data = copy.deepcopy(BASE)
    data["sources"] = sources
    if edit:
        edit(data)
    return dump(data)


def names(text: str) -> dict:
    return {p.name: p.value for p in parameters_of(parse_scenario(text, FILE))}


def test_the_parameters_are_the_behavioural_numbers_written_in_the_file():
    assert names(dump(BASE)) == {
        "actors.analyst.think": 1.0, "actors.analyst.accuracy": 0.0,
        "actors.caller-role.reaction": 5.0,
        "actors.keeper-role.reaction.median": 10.0, "actors.keeper-role.reaction.sigma": 0.5,
        "actors.sec.detect": 30.0, "actors.crowd.curiosity": 0.1, "actors.crowd.delay": 20.0}


def test_a_value_left_to_its_default_is_not_the_authors_parameter_until_written():
    data = copy.deepcopy(BASE)
    data["actors"]["keeper-role"]["persona"] = {"trust": {"ai_unlabelled": 0.7},
                                                "verify_time": {"dist": "fixed", "value": "4m"}}
    found = names(dump(data))
    assert found["actors.keeper-role.persona.trust.ai_unlabelled"] == 0.7
    assert found["actors.keeper-role.persona.verify_time.value"] == 4.0
    assert "actors.keeper-role.persona.trust.human" not in found
    assert "actors.keeper-role.persona.verify_rate" not in found


def test_a_reader_agents_susceptibility_is_a_parameter_and_a_models_temperature_is_not():
    data = copy.deepcopy(BASE)
    data["actors"]["analyst"]["policy"] = {"kind": "reader",
                                           "susceptibility": {"code_block": 0.4}}
    assert names(dump(data))["actors.analyst.policy.susceptibility.code_block"] == 0.4
    data["actors"]["analyst"]["policy"] = {"kind": "model", "model": "m", "temperature": 0.5}
    assert not any("temperature" in name for name in names(dump(data)))


def test_notes_are_found_by_the_key_path_sensitivity_uses():
    text = with_sources({
        "actors.analyst.accuracy": {"source": "A study", "figure": "48% of answers right"},
        "actors.keeper-role.reaction.median": "assumption",
        "actors.crowd.curiosity": {"source": "assumption", "note": "a guess"}})
    loaded = parse_scenario(text, FILE)
    notes = source_notes(loaded.scenario)
    assert notes[("actors", "analyst", "accuracy")].figure == "48% of answers right"
    assert not notes[("actors", "analyst", "accuracy")].is_assumption
    assert notes[("actors", "keeper-role", "reaction", "median")].is_assumption
    assert "actors.sec.detect" in unsourced(loaded)
    assert "actors.analyst.accuracy" not in unsourced(loaded)


@pytest.mark.parametrize("sources, path, fragment", [
    ({"actors.analyst.acuracy": "assumption"}, "sources.actors.analyst.acuracy",
     "not a stochastic parameter written in this scenario"),
    ({"actors.nobody.reaction": "assumption"}, "sources.actors.nobody.reaction",
     "its parameters: actors.analyst.think, actors.analyst.accuracy"),
    ({"actors.keeper-role.reaction": "assumption"}, "sources.actors.keeper-role.reaction",
     "not a stochastic parameter"),  # a distribution: its median and sigma are
    ({"actors.keeper-role.persona.verify_rate": "assumption"},
     "sources.actors.keeper-role.persona.verify_rate", "not a stochastic parameter"),
    ({"actors..think": "assumption"}, "sources.actors..think", "an empty part in the key path"),
    ({"actors.crowd.curiosity": {"source": "  "}}, "sources.actors.crowd.curiosity.source",
     "expected a reference (authors, year, title, venue) or 'assumption', got an empty text"),
    ({"actors.crowd.curiosity": {"figure": "3%"}}, "sources.actors.crowd.curiosity.source",
     "this key is required but missing"),
    ({"actors.crowd.curiosity": {"source": "Smith 2020"}}, "sources.actors.crowd.curiosity",
     "a published source needs its 'figure'"),
    ({"actors.crowd.curiosity": "a hunch"}, "sources.actors.crowd.curiosity",
     "a published source needs its 'figure'"),
    ({"actors.crowd.curiosity": {"source": "assumption", "page": 3}},
     "sources.actors.crowd.curiosity.page", "unknown key 'page'"),
])
def test_a_bad_note_is_one_line_naming_its_key_path(sources, path, fragment):
    issues = issues_of(with_sources(sources))
    assert len(issues) == 1, issues
    assert f": {path}: " in issues[0] and fragment in issues[0]
    assert issues[0].startswith(f"{FILE}:") and issues[0].split(":")[1].isdigit()


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: p.stem)
def test_every_stochastic_parameter_of_the_library_carries_a_source(path):
    loaded = load_scenario(str(path))
    assert parameters_of(loaded), "a library scenario without behavioural numbers?"
    assert unsourced(loaded) == []


def test_the_stochastic_reference_scenario_rests_on_assumptions_it_says_are_assumptions():
    notes = source_notes(load_scenario("meta_internal_forum_stochastic").scenario)
    accuracy = notes[("actors", "helper", "accuracy")]
    assert accuracy.is_assumption and "Kabir et al. (CHI 2024)" in accuracy.note


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: p.stem)
def test_annotated_library_scenarios_still_validate(path, capsys):
    call_command("validate_scenario", str(path))
    assert ": OK — " in capsys.readouterr().out


def test_putting_another_policy_in_an_agents_seat_drops_the_notes_of_the_old_one():
    original = load_scenario("injected_forum_question")
    replaced, _ = load_with_overrides("injected_forum_question", [], ["helper=scripted"])
    gone = ("actors", "helper", "policy", "susceptibility", "quoted_log")
    assert gone in source_notes(original.scenario) and gone not in source_notes(
        replaced.scenario)
    assert set(source_notes(replaced.scenario)) == set(source_notes(original.scenario)) - {gone}
    assert unsourced(replaced) == []
