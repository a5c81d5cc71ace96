"""Speed-ups change no figure: the metrics of every library scenario, run under each
guardrail switched on in turn, hash to the values pinned before compute_metrics was made
faster (issue 12), key order included, and they do not depend on the order the records
are handed over in.

The scenario's digest is left out: it changes with any edit of the YAML file, which is not
a change of behaviour. A change that alters the logs or the figures on purpose updates the
pins, saying why, in the same commit.
"""

import hashlib
import json
import random

import pytest

from scenarios.engine import run
from scenarios.format import load_scenario
from scenarios.metrics import compute_metrics

from .engine_helpers import engine_db, reference

pytestmark = engine_db

# Each guardrail on alone, and the defaults: seed n runs under the n-th.
SETTINGS = [
    {}, {"acl.alert_delay_minutes": 15.0}, {"acl.grant_expiry_minutes": 60.0},
    {"acl.policy_check": True}, {"acl.review_required": True}, {"agent.acts_as": "invoker"},
    {"agent.approval_required": True}, {"agent.autonomy": "draft"},
    {"agent.autonomy": "analyse"}, {"agent.max_tool_calls": 6}, {"ai.label_shown": True},
    {"content.egress_check": "refuse"}, {"content.egress_check": "review"},
]
PINNED = {
    "agent_amplification":
        "553d497777d07103d1909f034cc823ba0614e69527859064d2e33e58af39038f",
    "coding_agent_acl_change":
        "bd761b0b5ccff35744f8946b6ad43427e54c8c254e5f45e1c5538126d2b083a4",
    "injected_access_request":
        "7128d13ba861c3c1f54eaf456e6f257ab0eee1df193f053ce6698778bdcc1f1b",
    "injected_forum_question":
        "d3f8593f9582aa90ac4808da0fa8c08f4a0ffe03b7a7a253d7ac678e60f6d780",
    "meta_internal_forum":
        "00bb496f3bd97b44cb9ab4181864d7015c6354e67000541ef9bbca1819261e05",
    "meta_internal_forum_stochastic":
        "108f71fd442eccd793295ec11799202722c4920d02fd96778bfbeb0a99a9412e",
}


def metrics_hash(name: str) -> str:
    """One hash over the metrics of seeds 1..len(SETTINGS), the n-th under the n-th
    setting; a run that stops early (no metrics) counts as its failure."""
    loaded = load_scenario(name)
    digest = hashlib.sha256()
    for seed, overrides in enumerate(SETTINGS, start=1):
        result = run(loaded, seed=seed, overrides=overrides)
        metrics = dict(result.metrics or {"failure": result.failure})
        metrics.pop("digest", None)
        digest.update(json.dumps(metrics).encode())   # key order too: exports keep it
    return digest.hexdigest()


@pytest.mark.parametrize("name", sorted(PINNED))
def test_the_metrics_hash_as_before_the_speed_ups(name):
    assert metrics_hash(name) == PINNED[name]


def test_the_metrics_do_not_depend_on_the_order_of_the_records():
    result = reference(**{"acl.grant_expiry_minutes": 60.0})
    shuffled = list(result.records)
    random.Random(12).shuffle(shuffled)
    assert shuffled != result.records
    assert compute_metrics(shuffled) == compute_metrics(result.records) == result.metrics
