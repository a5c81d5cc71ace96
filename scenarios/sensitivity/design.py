"""The design and the indices, from SALib: Morris elementary effects (screening: mu*,
sigma) or Sobol variance decomposition (S1, ST, S2), each with confidence intervals.

SALib's own random streams take `seed` (the design seed, fixed by default), so the same
command line always gives the same design points, and the same bootstrap intervals."""

import numpy as np
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

METHODS = ("morris", "sobol")
MORRIS_LEVELS = 4
CONFIDENCE = 0.95
RESAMPLES = 1000


def problem(factors: list) -> dict:
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [[f.low, f.high] for f in factors]}


def points_per_sample(method: str, factors: int) -> int:
    """Design points per trajectory (Morris: k + 1) or per base sample (Sobol: 2k + 2, or
    k + 2 without S2 when there is a single factor)."""
    if method == "morris":
        return factors + 1
    return 2 * factors + 2 if factors > 1 else factors + 2


def sample(method: str, factors: list, samples: int, seed: int) -> np.ndarray:
    if method == "morris":
        return morris_sample.sample(problem(factors), samples, num_levels=MORRIS_LEVELS,
                                    seed=seed)
    return sobol_sample.sample(problem(factors), samples, calc_second_order=len(factors) > 1,
                               scramble=True, seed=seed)


def analyse(method: str, factors: list, matrix: np.ndarray, outputs, seed: int) -> dict:
    """{factor: {index: value, index_conf: half-width}} (+ "S2" pairs for Sobol)."""
    y = np.asarray(outputs, dtype=float)
    names = [f.name for f in factors]
    if np.ptp(y) == 0:  # no variation at all: every index is 0 (SALib would divide by 0)
        return _flat(method, names)
    if method == "morris":
        result = morris_analysis.analyze(problem(factors), matrix, y, num_levels=MORRIS_LEVELS,
                                         num_resamples=RESAMPLES, conf_level=CONFIDENCE,
                                         seed=seed)
        keys = ("mu_star", "mu_star_conf", "sigma", "mu")
        return {"factors": {n: {k: _plain(result[k][i]) for k in keys}
                            for i, n in enumerate(names)}}
    second = len(factors) > 1
    result = sobol_analysis.analyze(problem(factors), y, calc_second_order=second,
                                    num_resamples=RESAMPLES, conf_level=CONFIDENCE, seed=seed)
    keys = ("S1", "S1_conf", "ST", "ST_conf")
    indices = {"factors": {n: {k: _plain(result[k][i]) for k in keys}
                           for i, n in enumerate(names)}}
    indices["S2"] = [{"a": names[i], "b": names[j], "S2": _plain(result["S2"][i][j]),
                      "S2_conf": _plain(result["S2_conf"][i][j])}
                     for i in range(len(names)) for j in range(i + 1, len(names))] if second \
        else []
    return indices


def ranking_key(method: str) -> str:
    return "mu_star" if method == "morris" else "ST"


def rank(method: str, indices: dict) -> list[str]:
    """Factor names, the most influential first (mu* for Morris, ST for Sobol)."""
    key = ranking_key(method)
    return sorted(indices["factors"], key=lambda n: -(indices["factors"][n][key] or 0.0))


def _flat(method: str, names: list[str]) -> dict:
    keys = ("mu_star", "mu_star_conf", "sigma", "mu") if method == "morris" else \
        ("S1", "S1_conf", "ST", "ST_conf")
    flat = {"factors": {n: dict.fromkeys(keys, 0.0) for n in names}}
    if method == "sobol":
        flat["S2"] = [{"a": a, "b": b, "S2": 0.0, "S2_conf": 0.0}
                      for i, a in enumerate(names) for b in names[i + 1:]]
    return flat


def _plain(value) -> float | None:
    """A JSON-ready float; NaN (SALib's answer when a bootstrap has nothing to vary) → None."""
    number = float(value)
    return number if np.isfinite(number) else None
