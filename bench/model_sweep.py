"""Time a sweep with a language model in the agent's seat at concurrency 1, 8 and 32.

    .venv/bin/python bench/model_sweep.py [--runs 200] [--latency 0.5] [--baseline-runs N]

Starts tests/llm_server.FakeLLM in this process with `--latency` seconds before every
answer and a scripted model (read_thread -> post_reply with the wrong advice -> done: 3
calls a run), then runs `manage.py sweep meta_internal_forum --agent helper=model:bench`
over 4 settings (agent.approval_required x ai.label_shown) x runs/4 seeds on the local
backend with ONE worker process (`--workers 1`), its threads keeping N runs in flight.
Every sweep writes to its own throw-away SQLite file, never var/overstep.sqlite3.

Prints, per concurrency: the command's wall time, the sweep's own time for its runs (what
runs/s and the speed-up are computed from), runs/s and the speed-up over concurrency 1;
checks that every sweep stored the same outcome for every (setting, seed) and that the
model was called 3 times a run. Exits non-zero if the speed-up at 32 is below 20x.

Concurrency 1 takes about runs x (3 x latency + the engine's own time), ~6 min for 200
runs. `--baseline-runs N` measures it on N runs instead and extrapolates to --runs,
labelled as such in the output.
"""

import argparse
import csv
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import servers  # noqa: E402
from tests.llm.scripts import WRONG_ANSWER  # noqa: E402
from tests.llm_server import FakeLLM  # noqa: E402

GRID = ["--grid", "agent.approval_required=false,true", "--grid", "ai.label_shown=false,true"]
SETTINGS = 4
CONCURRENCIES = (1, 8, 32)
TARGET = 20.0  # speed-up at concurrency 32
CALLS_PER_RUN = len(WRONG_ANSWER)


def sweep(llm: FakeLLM, tmp: Path, concurrency: int, runs: int) -> dict:
    name = f"c{concurrency}-{runs}"
    env = servers.django_env(f"sqlite:///{tmp / name}.sqlite3", OVERSTEP_VAR_DIR=str(tmp / "var"),
                             OVERSTEP_LLM_BASE_URL=llm.url, OVERSTEP_LLM_API_KEY="sk-bench",
                             OVERSTEP_LLM_RETRIES="0")
    servers.migrate(env)
    calls_before = llm.count
    command = ["sweep", "meta_internal_forum", "--agent", "helper=model:bench", *GRID,
               "--seeds", str(runs // SETTINGS), "--workers", "1",
               "--concurrency", str(concurrency), "--out", str(tmp / name)]
    started = time.perf_counter()
    done = servers.manage(*command, env=env, check=False, timeout=3600)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"sweep at concurrency {concurrency} failed:\n{done.stdout[-2000:]}\n"
                         f"{done.stderr[-3000:]}")
    calls = llm.count - calls_before
    if calls != CALLS_PER_RUN * runs:
        raise SystemExit(f"expected {CALLS_PER_RUN * runs} model calls, the server had {calls}")
    return {"concurrency": concurrency, "runs": runs, "wall": wall,
            "seconds": float(re.search(r"; ([0-9.]+) s on ", done.stdout).group(1)),
            "outcomes": outcomes(tmp / name / "results.csv"), "line": done.stdout.strip()}


def outcomes(path: Path) -> dict:
    with path.open() as handle:
        return {(row["agent.approval_required"], row["ai.label_shown"], row["seed"]):
                row["outcome"] for row in csv.DictReader(handle)}


def check_same_outcomes(results: list[dict]) -> None:
    """Common random numbers: each (setting, seed) ends the same at every concurrency."""
    reference = results[-1]["outcomes"]
    for result in results:
        shared = result["outcomes"].keys() & reference.keys()
        differing = [key for key in shared if result["outcomes"][key] != reference[key]]
        if differing or not shared:
            raise SystemExit(f"concurrency {result['concurrency']} changed outcomes: "
                             f"{differing[:5]}")


def report(results: list[dict], runs: int, latency: float) -> float:
    base = results[0]
    base_seconds = base["seconds"] * runs / base["runs"]
    extrapolated = base["runs"] != runs
    print(f"meta_internal_forum, helper=model:bench (FakeLLM, {latency:g} s per call, "
          f"{CALLS_PER_RUN} calls a run), {runs} runs, local backend, 1 worker process\n")
    print(f"{'concurrency':>11} {'runs':>5} {'wall s':>8} {'runs s':>8} {'runs/s':>7} "
          f"{'speed-up':>9}")
    speed_ups = {}
    for result in results:
        seconds = result["seconds"]
        speed_ups[result["concurrency"]] = base_seconds / (seconds * runs / result["runs"])
        print(f"{result['concurrency']:>11} {result['runs']:>5} {result['wall']:>8.1f} "
              f"{seconds:>8.1f} {result['runs'] / seconds:>7.2f} "
              f"{speed_ups[result['concurrency']]:>8.1f}x")
    print("\nwall s: the whole command (Django start-up, runs, results.csv, report.html); "
          "runs s: the sweep's own time for its runs, which runs/s and speed-up use.")
    if extrapolated:
        print(f"EXTRAPOLATED: concurrency 1 was measured on {base['runs']} runs; its time for "
              f"{runs} runs is taken as {base_seconds:.1f} s ({base['seconds']:.1f} s x "
              f"{runs}/{base['runs']}).")
    return speed_ups[CONCURRENCIES[-1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per sweep (multiple of 4)")
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per model call")
    parser.add_argument("--baseline-runs", type=int, default=None, metavar="N",
                        help="measure concurrency 1 on N runs only and extrapolate (labelled)")
    args = parser.parse_args()
    if args.runs < SETTINGS or args.runs % SETTINGS:
        parser.error(f"--runs must be a positive multiple of {SETTINGS}")
    baseline_runs = args.baseline_runs or args.runs
    if baseline_runs % SETTINGS or not SETTINGS <= baseline_runs <= args.runs:
        parser.error(f"--baseline-runs must be a multiple of {SETTINGS}, at most --runs")
    with FakeLLM(WRONG_ANSWER, latency=args.latency) as llm, \
            tempfile.TemporaryDirectory(prefix="overstep-bench-model-") as tmp:
        results = [sweep(llm, Path(tmp), c, baseline_runs if c == 1 else args.runs)
                   for c in CONCURRENCIES]
        if llm.errors:
            raise SystemExit(f"the fake model's script failed: {llm.errors[0]!r}")
    check_same_outcomes(results)
    speed_up = report(results, args.runs, args.latency)
    verdict = "meets" if speed_up >= TARGET else "MISSES"
    print(f"\nspeed-up at concurrency {CONCURRENCIES[-1]}: {speed_up:.1f}x ({verdict} the "
          f"target of {TARGET:.0f}x)")
    sys.exit(0 if speed_up >= TARGET else 1)


if __name__ == "__main__":
    main()
