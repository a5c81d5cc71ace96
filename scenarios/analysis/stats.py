"""Interval estimates for sweep results. Pure functions: numbers in, plain dicts out.

- Proportions: the Wilson score interval (good coverage at small n and at 0 or n
  successes, where the Wald interval collapses to a point).
- Mean, median, p95: bootstrap percentile intervals from a seeded numpy Generator, so the
  same rows always give the same report.
- Two settings on the same seeds (common random numbers): paired differences. For a
  figure, a bootstrap of the mean per-seed difference; for a yes/no outcome, Newcombe's
  hybrid score interval for the difference of paired proportions (method 10, Newcombe
  1998), which, unlike a bootstrap, does not shrink to a point when every pair agrees.
"""

import math

import numpy as np

CONFIDENCE = 0.95
RESAMPLES = 2000
BOOTSTRAP_SEED = 20260318

STATISTICS = {
    "mean": lambda a, axis=None: np.mean(a, axis=axis),
    "median": lambda a, axis=None: np.median(a, axis=axis),
    "p95": lambda a, axis=None: np.percentile(a, 95, axis=axis),
}


def z_value(confidence: float = CONFIDENCE) -> float:
    """The two-sided normal quantile: 1.96 for 95%."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> tuple:
    """(low, high) of the Wilson score interval for successes/n; (None, None) when n is 0."""
    if n == 0:
        return None, None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n, got {successes}/{n}")
    z = z_value(confidence)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion(successes: int, n: int, confidence: float = CONFIDENCE) -> dict:
    low, high = wilson_interval(successes, n, confidence)
    return {"k": successes, "n": n, "estimate": successes / n if n else None,
            "ci": [_r(low), _r(high)] if n else None}


def bootstrap_interval(values, statistic: str = "mean", *, confidence: float = CONFIDENCE,
                       resamples: int = RESAMPLES, seed: int = BOOTSTRAP_SEED) -> dict:
    """Point estimate and percentile bootstrap interval of `statistic` over `values`."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return {"estimate": None, "ci": None}
    return _interval(data, _resampled(data, resamples, seed), statistic, confidence)


def _resampled(data, resamples: int, seed: int):
    """`resamples` rows, each `data` drawn again with replacement by a seeded Generator."""
    rng = np.random.default_rng(seed)
    return data[rng.integers(0, data.size, size=(resamples, data.size))]


def _interval(data, resampled, statistic: str, confidence: float) -> dict:
    stat = STATISTICS[statistic]
    estimates = stat(resampled, axis=1)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(estimates, [tail, 100 - tail])
    return {"estimate": _r(stat(data)), "ci": [_r(low), _r(high)]}


def describe(values, *, seed: int = BOOTSTRAP_SEED) -> dict:
    """n, min, max, and mean/median/p95 each with a bootstrap interval. The three share one
    set of resamples: the same draws bootstrap_interval() makes for each with this seed."""
    data = np.asarray([float(v) for v in values], dtype=float)
    summary = {"n": int(data.size), "min": _r(data.min()) if data.size else None,
               "max": _r(data.max()) if data.size else None}
    resampled = _resampled(data, RESAMPLES, seed) if data.size else None
    for name in STATISTICS:
        interval = (_interval(data, resampled, name, CONFIDENCE) if data.size
                    else {"estimate": None, "ci": None})
        summary[name] = interval["estimate"]
        summary[f"{name}_ci"] = interval["ci"]
    return summary


def paired(baseline: dict, other: dict) -> list[tuple]:
    """(seed, baseline value, other value) for seeds present in both with non-null values,
    in seed order."""
    seeds = sorted(s for s in baseline.keys() & other.keys()
                   if baseline[s] is not None and other[s] is not None)
    return [(s, baseline[s], other[s]) for s in seeds]


def paired_mean_difference(baseline: dict, other: dict, *,
                           seed: int = BOOTSTRAP_SEED) -> dict:
    """Mean of (other − baseline) over shared seeds, with a bootstrap interval.
    `baseline` and `other` map seed → value."""
    pairs = paired(baseline, other)
    differences = [float(b) - float(a) for _, a, b in pairs]
    interval = bootstrap_interval(differences, "mean", seed=seed)
    return {"pairs": len(pairs), "difference": interval["estimate"], "ci": interval["ci"]}


def paired_proportion_difference(baseline: dict, other: dict,
                                 confidence: float = CONFIDENCE) -> dict:
    """P(other) − P(baseline) for yes/no values on shared seeds, with Newcombe's hybrid
    score interval for paired proportions."""
    pairs = paired(baseline, other)
    n = len(pairs)
    if n == 0:
        return {"pairs": 0, "difference": None, "ci": None, "table": None}
    both = sum(1 for _, a, b in pairs if a and b)
    only_other = sum(1 for _, a, b in pairs if b and not a)
    only_baseline = sum(1 for _, a, b in pairs if a and not b)
    neither = n - both - only_other - only_baseline
    low, high = newcombe_paired_interval(both, only_other, only_baseline, neither, confidence)
    return {"pairs": n, "difference": _r((only_other - only_baseline) / n),
            "ci": [_r(low), _r(high)],
            "table": {"both": both, "only_other": only_other,
                      "only_baseline": only_baseline, "neither": neither}}


def newcombe_paired_interval(a: int, b: int, c: int, d: int,
                             confidence: float = CONFIDENCE) -> tuple:
    """Interval for p1 − p2 with p1 = (a+b)/n, p2 = (a+c)/n from a paired 2×2 table
    (a: yes/yes, b: yes/no, c: no/yes, d: no/no), Newcombe (1998) method 10."""
    n = a + b + c + d
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson_interval(a + b, n, confidence)
    l2, u2 = wilson_interval(a + c, n, confidence)
    phi = _paired_correlation(a, b, c, d)
    theta = p1 - p2
    low = theta - math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2)
                                + (u2 - p2) ** 2))
    high = theta + math.sqrt(max(0.0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1)
                                 + (u1 - p1) ** 2))
    return max(-1.0, low), min(1.0, high)


def _paired_correlation(a: int, b: int, c: int, d: int) -> float:
    """Newcombe's estimate of the correlation between the two proportions: the phi
    coefficient, with AD − BC shrunk towards 0 by n/2 when positive; 0 if a margin is empty."""
    n = a + b + c + d
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    if margins == 0:
        return 0.0
    cross = a * d - b * c
    if cross > n / 2:
        cross -= n / 2
    elif cross >= 0:
        cross = 0
    return cross / math.sqrt(margins)


def _r(value) -> float | None:
    return None if value is None else round(float(value), 4)
