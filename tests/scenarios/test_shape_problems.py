"""A file with thousands of shape problems gets the first hundred, then a count: a list
that long helps nobody, and each unknown key's did-you-mean costs a fuzzy match."""

import pytest
import yaml

from scenarios.format import ScenarioError, parse_scenario
from scenarios.format.loader import LIBRARY
from scenarios.format.shape import MAX_PROBLEMS


def test_thousands_of_unknown_keys_are_listed_a_hundred_at_a_time():
    data = yaml.safe_load((LIBRARY / "meta_internal_forum.yaml").read_text())
    data.update({f"stray_{n}": n for n in range(5_000)})
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(yaml.safe_dump(data), "many.yaml")
    messages = [issue.message for issue in refused.value.issues]
    assert len(messages) == MAX_PROBLEMS + 1
    assert messages[0].startswith("unknown key 'stray_")
    assert messages[-1] == ("and 4,900 more problems of shape, not listed; fix these first")


def test_a_megabyte_key_is_not_echoed_whole():
    data = yaml.safe_load((LIBRARY / "meta_internal_forum.yaml").read_text())
    data["x" * 500_000] = 1
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(yaml.safe_dump(data, width=10**7), "long.yaml")
    assert len(str(refused.value)) < 2_000
