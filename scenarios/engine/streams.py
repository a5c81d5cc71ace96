"""One seeded random stream per actor and purpose.

A stream's seed depends only on (run seed, actor id, purpose), never on what else happens,
so switching a guardrail does not shift any other actor's draws (common random numbers).
"""

import hashlib
import math
import random

from scenarios.format import schema


def stream(seed: int, actor: str, purpose: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}/{actor}/{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def sample(delay, rng: random.Random) -> float:
    """Minutes drawn from a delay distribution (or a plain number of minutes); always
    exactly one draw, for alignment."""
    u = rng.random()
    if isinstance(delay, (int, float)):
        return float(delay)
    if isinstance(delay, schema.Fixed):
        return delay.value
    if isinstance(delay, schema.Uniform):
        return delay.min + (delay.max - delay.min) * u
    if isinstance(delay, schema.Exponential):
        return -delay.mean * math.log(1.0 - u)
    if isinstance(delay, schema.LogNormal):
        return delay.median * math.exp(delay.sigma * _normal_quantile(u))
    if isinstance(delay, schema.Triangular):
        return _triangular(delay.min, delay.mode, delay.max, u)
    raise TypeError(f"unknown delay {delay!r}")


def _triangular(low, mode, high, u):
    if high == low:
        return low
    cut = (mode - low) / (high - low)
    if u < cut:
        return low + math.sqrt(u * (high - low) * (mode - low))
    return high - math.sqrt((1 - u) * (high - low) * (high - mode))


def _normal_quantile(u: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(min(max(u, 1e-12), 1 - 1e-12))
