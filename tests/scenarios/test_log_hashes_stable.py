"""Speed-ups change no log: the event logs of every library scenario (seeds 1-3) and of 20
seeds of the stochastic reference scenario hash to the values pinned before the engine was
made faster (issue 12). The runs happen one after another in one process, as in a sweep
worker, so whatever the engine keeps between runs is exercised too.

The scenario's digest is left out of `run.started`: it changes with any edit of the YAML
file (a comment, a `source:` note), which is not a change of behaviour. A change that does
alter behaviour on purpose updates the pins, saying why, in the same commit.
"""

import copy
import hashlib
import json

import pytest

from scenarios.engine import run
from scenarios.format import load_scenario

from .engine_helpers import engine_db

pytestmark = engine_db

PINNED = {
    ("agent_amplification", 3):
        "529e33fc219477d87b15187ad068747242e0ce5b3c374c1d06e01fefcce6d8f6",
    ("coding_agent_acl_change", 3):
        "16efe79b2c6c6c24671039a39c86fa1a9e83841255bdbf78b6af5659f3809b2e",
    ("injected_access_request", 3):
        "d5588e6d79dcf6b7a2ab14162df457e9cfb0b43a5e5346abeb763c2b7b5f154e",
    ("injected_forum_question", 3):
        "b20bbc1cd6e87c3c8bd0fe9a71ed962519cbdcb7131ec8c95cc86cb7366376eb",
    ("meta_internal_forum", 3):
        "64687ce29994ffb7ad34d816d15b1b803a949c41377d8f2880953ea7b2cb0255",
    ("meta_internal_forum_stochastic", 20):
        "417f3a7f13d9c0adc8915268dac7db05d11935cc2e6247739d632329325fa642",
}
# Settings taking turns, seed after seed: whatever the engine keeps between runs must be
# kept per setting (a grant expiry, an approval step and a review change the organisation's
# log: `guardrails.configured`).
TAKING_TURNS = [{}, {"agent.approval_required": True}, {"acl.grant_expiry_minutes": 60},
                {"acl.review_required": True, "ai.label_shown": True}]
TAKING_TURNS_PINNED = (
    "2d5a3c1ba412f9a46845e5df48ded81fd4df6d28f93201846a7e0748e2f8ecbd")


def logs_hash(name: str, seeds: int, settings: list[dict] = ({},)) -> str:
    """One hash over the logs of seeds 1..`seeds`, the n-th under the n-th of `settings`
    (taking turns)."""
    loaded = load_scenario(name)
    digest = hashlib.sha256()
    for seed in range(1, seeds + 1):
        overrides = settings[(seed - 1) % len(settings)]
        records = copy.deepcopy(run(loaded, seed=seed, overrides=overrides).records)
        assert records[0]["verb"] == "run.started"
        records[0]["payload"].pop("digest")
        digest.update(json.dumps(records, sort_keys=True).encode())
    return digest.hexdigest()


@pytest.mark.parametrize(("name", "seeds"), sorted(PINNED))
def test_the_event_logs_hash_as_before_the_speed_ups(name, seeds):
    assert logs_hash(name, seeds) == PINNED[(name, seeds)]


def test_settings_taking_turns_each_give_their_own_log():
    assert logs_hash("meta_internal_forum_stochastic", 12, TAKING_TURNS) == TAKING_TURNS_PINNED
