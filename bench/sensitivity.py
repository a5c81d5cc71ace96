"""Time a Morris sensitivity analysis of the stochastic reference scenario: 6 parameters,
100 trajectories (700 design points), K seeds each, on the local backend.

    .venv/bin/python bench/sensitivity.py [--trajectories 100] [--seeds 10] [--workers 2]

Writes to a throw-away SQLite file (never var/overstep.sqlite3) and a temporary output
directory; prints the wall time, the runs computed and runs/s, and the ranking table. The
issue's target: under 5 minutes on the project's 2-core machine.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import servers  # noqa: E402

SCENARIO = "meta_internal_forum_stochastic"
PARAMS = [
    "actors.helper.accuracy=0.1:0.6",
    "actors.priya.persona.trust.ai_unlabelled=0.3:0.95",
    "actors.priya.persona.verify_rate=0:0.8",
    "actors.tomas.persona.trust.ai_unlabelled=0.1:0.8",
    "actors.sam.detect.median=30:240",
    "actors.engineers.curiosity=0:0.1",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="overstep-bench-sensitivity-") as tmp:
        env = servers.django_env(f"sqlite:///{tmp}/bench.sqlite3", None,
                                 OVERSTEP_VAR_DIR=f"{tmp}/var")
        servers.migrate(env)
        command = [str(servers.PYTHON), str(servers.REPO / "manage.py"), "sensitivity",
                   SCENARIO, *(a for p in PARAMS for a in ("--param", p)),
                   "--samples", str(args.trajectories), "--seeds", str(args.seeds),
                   "--workers", str(args.workers), "--out", f"{tmp}/out"]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=servers.REPO, capture_output=True,
                              text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"sensitivity failed:\n{done.stderr[-3000:]}")
        points = args.trajectories * (len(PARAMS) + 1)
        print(f"Morris, {len(PARAMS)} parameters, {args.trajectories} trajectories = {points} "
              f"design points × {args.seeds} seeds, {args.workers} worker processes: "
              f"{seconds:.1f} s wall ({seconds / 60:.1f} min)")
        print(done.stdout)


if __name__ == "__main__":
    main()
