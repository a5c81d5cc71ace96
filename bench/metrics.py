"""What compute_metrics costs, and proof that a change to it changed no figure.

Runs the stochastic reference scenario for N seeds and every library scenario under each
guardrail switched on alone (plus the defaults) for a few seeds, keeps their logs, then
times compute_metrics over them (median ms per call, per scenario). `--dump FILE` writes
json.dumps(compute_metrics(records), sort_keys=True), one line per run: take it before and
after a change to scenarios/metrics; the two files must be byte-identical.

    .venv/bin/python bench/metrics.py [--seeds 300] [--library-seeds 3] [--dump FILE]
                                      [--profile] [--top 25]
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")

import django  # noqa: E402

django.setup()

from scenarios.engine import run  # noqa: E402
from scenarios.format import load_scenario  # noqa: E402
from scenarios.format.loader import LIBRARY  # noqa: E402
from scenarios.metrics import compute_metrics  # noqa: E402

REFERENCE = "meta_internal_forum_stochastic"


def guardrail_variants() -> list[dict]:
    from forum.guardrails import all_guardrails

    variants = [{}]
    for guardrail in all_guardrails():
        variants += [{guardrail.key: value} for value in guardrail.on_variants]
    return variants


def logs(seeds: int, library_seeds: int) -> list[tuple[str, list[dict]]]:
    """(label, records) of every finished run: the reference scenario's first, labelled
    "reference"; the others by scenario and overrides."""
    found = []
    reference = load_scenario(REFERENCE)
    for seed in range(1, seeds + 1):
        found.append((f"reference {seed}", run(reference, seed=seed).records))
    variants = guardrail_variants()
    for name in sorted(p.stem for p in LIBRARY.glob("*.yaml")):
        loaded = load_scenario(name)
        for overrides in variants:
            for seed in range(1, library_seeds + 1):
                result = run(loaded, seed=seed, overrides=overrides)
                if result.metrics is not None:
                    found.append((f"{name} {json.dumps(overrides)}", result.records))
    return found


def timings(found: list[tuple[str, list[dict]]]) -> dict[str, list[float]]:
    """A label's first word (scenario, or "reference") → ms of each compute_metrics call:
    CPU time, the better of two passes over all the logs (one call per log and pass, as a
    run makes)."""
    best = [float("inf")] * len(found)
    for _ in range(2):
        for index, (_, records) in enumerate(found):
            started = time.process_time()
            compute_metrics(records)
            best[index] = min(best[index], time.process_time() - started)
    ms: dict[str, list[float]] = {}
    for (label, _), seconds in zip(found, best):
        ms.setdefault(label.split()[0], []).append(seconds * 1000)
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=300, help="of the reference scenario")
    parser.add_argument("--library-seeds", type=int, default=3)
    parser.add_argument("--dump", type=Path, help="write each run's metrics here")
    parser.add_argument("--profile", action="store_true", help="cProfile, by tottime")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    found = logs(args.seeds, args.library_seeds)
    if args.dump:
        with args.dump.open("w") as out:
            for label, records in found:
                out.write(f"{label}\t{json.dumps(compute_metrics(records), sort_keys=True)}\n")
    for name, ms in timings(found).items():
        print(f"{name}: {len(ms)} logs, median {statistics.median(ms):.3f} ms, "
              f"max {max(ms):.3f} ms of CPU per compute_metrics call")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [compute_metrics(records) for _, records in found])
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
