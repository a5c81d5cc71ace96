"""Where a run's time goes: N runs of a scenario in one process (as a sweep worker does),
their runs/s, SQL queries per run on the sandbox connection, and the top functions by
cumulative time under cProfile.

    .venv/bin/python bench/profile_runs.py [--runs 50] [--scenario NAME] [--top 30]
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402

from forum.sandbox import SANDBOX  # noqa: E402
from scenarios.engine import run  # noqa: E402
from scenarios.format import load_scenario  # noqa: E402


def runs(loaded, seeds) -> None:
    for seed in seeds:
        run(loaded, seed=seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="meta_internal_forum_stochastic")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    loaded = load_scenario(args.scenario)
    runs(loaded, [0])  # warm up: migrations, imports, whatever a process keeps between runs
    seeds = range(1, args.runs + 1)

    started, cpu = time.perf_counter(), time.process_time()
    runs(loaded, seeds)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    queries = []
    with connections[SANDBOX].execute_wrapper(lambda execute, sql, *rest: (
            queries.append(sql), execute(sql, *rest))[1]):
        runs(loaded, seeds)
    print(f"{args.runs} runs of {args.scenario}: {seconds:.2f} s, "
          f"{args.runs / seconds:.1f} runs/s in one process "
          f"({args.runs / cpu:.1f} per CPU second), "
          f"{len(queries) / args.runs:.0f} sandbox queries per run\n")

    profile = cProfile.Profile()
    profile.runcall(runs, loaded, seeds)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
