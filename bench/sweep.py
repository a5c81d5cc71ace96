"""Time a 1,000-run sweep of the stochastic reference scenario on each backend.

    .venv/bin/python bench/sweep.py [--seeds 250] [--scenario meta_internal_forum_stochastic]

4 settings (agent.approval_required × acl.grant_expiry_minutes) × 250 seeds = 1,000 runs,
on: the local backend with 1 and 2 processes (and 2 spawned ones, to compare start
methods), then Celery with 1 and 2 workers on a Redis it starts itself. Every sweep writes
to its own throw-away SQLite file, never var/overstep.sqlite3, in one throw-away var/
directory. One run before the sweeps leaves the migrated sandbox schema there
(forum/sandbox_schema.py), as any earlier command does on a machine in use, so no sweep
is timed migrating it. Prints runs/s and peak resident memory of the sweep process and of
its largest worker process.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import servers  # noqa: E402

GRID = ["--grid", "agent.approval_required=false,true", "--grid", "acl.grant_expiry_minutes=off,60"]
# Runs manage.py and reports its own peak RSS and its largest child's, in KiB, on stderr.
MEASURED = ("import resource, runpy, sys, atexit, json\n"
            "atexit.register(lambda: print('RUSAGE ' + json.dumps([resource.getrusage(w)"
            ".ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]), "
            "file=sys.stderr))\n"
            "sys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')\n")


def sweep(args, env: dict, *options: str) -> tuple[float, int, int, str]:
    command = [str(servers.PYTHON), "-c", MEASURED, str(servers.REPO / "manage.py"), "sweep",
               args.scenario, *GRID, "--seeds", str(args.seeds), *options]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=servers.REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"sweep failed:\n{done.stderr[-3000:]}")
    parent, children = json.loads(re.search(r"RUSAGE (\[.*\])", done.stderr).group(1))
    runs_seconds = float(re.search(r"; ([0-9.]+) s on ", done.stdout).group(1))
    return seconds, runs_seconds, parent, children


def fresh_env(tmp: Path, name: str, broker: str | None = None, **extra) -> dict:
    env = servers.django_env(f"sqlite:///{tmp / name}.sqlite3", broker, visibility_timeout=300,
                             OVERSTEP_VAR_DIR=str(tmp / "var"), **extra)
    servers.migrate(env)
    return env


def keep_sandbox_schema(args, tmp: Path) -> None:
    """One run, so the sandbox's migrated schema is kept in the bench's var/."""
    servers.manage("run_scenario", args.scenario, env=fresh_env(tmp, "warm-up"))


def worker_peak_kib(workers) -> int:
    """The largest VmHWM among the workers and their pool processes, read before they stop."""
    pids = {w.process.pid for w in workers}
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if int(fields["Pid"]) in pids or int(fields["PPid"]) in pids:
            peak = max(peak, int(fields.get("VmHWM", "0 kB").split()[0]))
    return peak


def bench_local(args, tmp: Path) -> list[tuple]:
    rows = []
    for processes, method in ((1, "fork"), (2, "fork"), (2, "spawn")):
        env = fresh_env(tmp, f"local-{processes}-{method}", OVERSTEP_SWEEP_START_METHOD=method)
        timing = sweep(args, env, "--workers", str(processes),
                       "--out", str(tmp / f"out-local-{processes}"))
        label = "local" if method == "fork" else "local (spawn)"
        rows.append((label, processes, *timing))
    return rows


def bench_celery(args, tmp: Path) -> list[tuple]:
    rows = []
    with servers.redis_server() as redis:
        for count in (1, 2):
            env = fresh_env(tmp, f"celery-{count}", f"{redis}/{count}")
            with servers.celery_workers(count, env) as workers:
                seconds, runs_seconds, parent, _ = sweep(
                    args, env, "--backend", "celery", "--out", str(tmp / f"out-celery-{count}"))
                rows.append(("celery", count, seconds, runs_seconds, parent,
                             worker_peak_kib(workers)))
    return rows


def report(rows: list[tuple], runs: int) -> None:
    """`seconds`: the whole command (start-up, runs, results.csv and report.html);
    `runs s`: the runs alone (the command's own figure), which runs/s is computed from."""
    print(f"{'backend':<14} {'procs':>5} {'runs':>6} {'seconds':>8} {'runs s':>7} "
          f"{'runs/s':>7} {'parent MB':>9} {'worker MB':>9}")
    for label, procs, seconds, runs_seconds, parent, child in rows:
        print(f"{label:<14} {procs:>5} {runs:>6} {seconds:>8.1f} {runs_seconds:>7.1f} "
              f"{runs / runs_seconds:>7.1f} {parent / 1024:>9.0f} {child / 1024:>9.0f}")
    time_of = {(label, procs): seconds for label, procs, seconds, *_ in rows}
    runs_time_of = {(label, procs): runs_s for label, procs, _, runs_s, *_ in rows}
    local1, local2 = time_of[("local", 1)], time_of[("local", 2)]
    print(f"\nlocal, 2 processes: {local2:.1f} s for {runs} runs (target < 60 s); "
          f"{runs / runs_time_of[('local', 2)]:.0f} runs/s (target >= 150)")
    print(f"speed-up over 1 process (target >= 1.7x): the runs "
          f"{runs_time_of[('local', 1)] / runs_time_of[('local', 2)]:.2f}x, the whole command "
          f"{local1 / local2:.2f}x (start-up and the report, about 3 s, take the same time "
          "with any number of processes)")
    if ("celery", 2) in time_of:
        ratio = time_of[("celery", 2)] / local2
        print(f"celery, 2 workers: {ratio:.2f}x the local time (target <= 1.25x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="meta_internal_forum_stochastic")
    parser.add_argument("--seeds", type=int, default=250, help="per setting (4 settings)")
    parser.add_argument("--skip-celery", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="overstep-bench-") as tmp:
        keep_sandbox_schema(args, Path(tmp))
        rows = bench_local(args, Path(tmp))
        if not args.skip_celery:
            rows += bench_celery(args, Path(tmp))
    report(rows, 4 * args.seeds)


if __name__ == "__main__":
    main()
