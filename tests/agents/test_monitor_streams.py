"""A monitor's draws are keyed by the grant they are about, not by when it happened, so two
settings compared on one seed see the same detection (common random numbers)."""

from scenarios.engine import run
from scenarios.format import parse_scenario
from scenarios.format.loader import LIBRARY
from tests.scenarios.engine_helpers import engine_db

pytestmark = engine_db

SEEDS = range(1, 16)


def long_stochastic():
    """The stochastic reference incident over three days, so that every detection the
    monitor draws lands inside the run however late the grant comes."""
    text = (LIBRARY / "meta_internal_forum_stochastic.yaml").read_text()
    return parse_scenario(text.replace("duration: 8h", "duration: 72h"), "long.yaml")


def detections(loaded, seed: int, overrides: dict) -> dict:
    """{(grant identity, n-th such grant): (its minute, minutes until the monitor's alert
    about it, or None)}."""
    records = run(loaded, seed=seed, overrides=overrides).records
    found = {}
    for grant in (r for r in records if r["verb"] == "grant.created" and r["actor"]):
        identity = (grant["target"], grant["payload"]["grantee"], grant["payload"]["permission"])
        nth = sum(key[0] == identity for key in found) + 1
        alert = next((r for r in records
                      if r["verb"] == "alert.raised" and r["cause"] == grant["seq"]), None)
        found[(identity, nth)] = (grant["t"], round(alert["t"] - grant["t"], 3) if alert else None)
    return found


def test_a_setting_that_only_delays_the_grant_keeps_the_monitors_draw():
    loaded = long_stochastic()
    compared = moved = 0
    for seed in SEEDS:
        direct = detections(loaded, seed, {})
        approved_first = detections(loaded, seed, {"agent.approval_required": True})
        for identity in sorted(direct.keys() & approved_first.keys()):
            (t_direct, detect_direct) = direct[identity]
            (t_later, detect_later) = approved_first[identity]
            assert detect_direct == detect_later, (seed, identity)
            compared += 1
            moved += t_direct != t_later
    assert compared >= 5 and moved == compared
