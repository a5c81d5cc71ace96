"""One SHA-256 per run, to show that a speed-up changed no log: run it before and after and
diff the files. Runs every library scenario under its own settings for a few seeds, then
many seeds of the stochastic reference scenario, all in one process (as a sweep worker
does, so whatever a process keeps between runs is exercised too).

    .venv/bin/python bench/run_hashes.py [--seeds 3] [--stochastic-seeds 500] > hashes.txt

Each line: `sha256  scenario  seed`. tests/scenarios/test_log_hashes_stable.py pins a few.
"""

import argparse
import copy
import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")

import django  # noqa: E402

django.setup()

from scenarios.engine import run  # noqa: E402
from scenarios.format import load_scenario  # noqa: E402
from scenarios.format.loader import LIBRARY  # noqa: E402

STOCHASTIC = "meta_internal_forum_stochastic"


def log_hash(records: list[dict]) -> str:
    """The log's hash without the scenario's digest in `run.started`: the digest follows
    any edit of the YAML file (a comment, a `source:` note), which is not a change of
    behaviour (as in tests/scenarios/test_log_hashes_stable.py)."""
    records = copy.deepcopy(records)
    records[0]["payload"].pop("digest")
    return hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()


def hashes(name: str, seeds) -> list[str]:
    loaded = load_scenario(name)
    return [f"{log_hash(run(loaded, seed=seed).records)}  {name}  {seed}" for seed in seeds]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="per library scenario")
    parser.add_argument("--stochastic-seeds", type=int, default=500)
    args = parser.parse_args()
    for name in sorted(p.stem for p in LIBRARY.glob("*.yaml")):
        print("\n".join(hashes(name, range(1, args.seeds + 1))), flush=True)
    print("\n".join(hashes(STOCHASTIC, range(1, args.stochastic_seeds + 1))))


if __name__ == "__main__":
    main()
