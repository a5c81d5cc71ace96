"""Time and peak memory of the reference incident in an organisation of real size: the
meta_internal_forum scenario with its engineers' crowds grown to PRINCIPALS people in all
(crowds of 1,000, the most a crowd holds), replayed once in this process.

    .venv/bin/python bench/large_org.py [--principals 100000] [--scenario meta_internal_forum]

Target (issue 12): 100,000 principals in under 15 s and 1 GB peak RSS. Measured on the
2-core machine (CPU seconds: the wall time there follows whatever else is running):
20.6 s of CPU and 418 MB before; 11.1 s and 413 MB after the organisation is written with
one executemany per table and a curious crowd loads only the members who look.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")

import django  # noqa: E402

django.setup()

from scenarios.engine import run  # noqa: E402
from scenarios.format import load_scenario  # noqa: E402
from scenarios.format.loader import resolve_path  # noqa: E402

CROWD = 1_000


def grown(name: str, principals: int) -> str:
    """The scenario's YAML with crowds of engineers added up to `principals` people."""
    data = yaml.safe_load(resolve_path(name).read_text())
    org = data["org"]
    present = len(org["principals"]) + sum(c["count"] for c in org.get("crowds", []))
    missing, n = principals - present, 0
    while missing > 0:
        n += 1
        org.setdefault("crowds", []).append({"prefix": f"staff{n:03d}",
                                             "count": min(CROWD, missing), "role": "engineer",
                                             "groups": ["all-engineers"]})
        missing -= CROWD
    return yaml.safe_dump(data, sort_keys=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--principals", type=int, default=100_000)
    parser.add_argument("--scenario", default="meta_internal_forum")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="overstep-large-") as tmp:
        path = Path(tmp) / f"{args.scenario}_{args.principals}.yaml"
        path.write_text(grown(args.scenario, args.principals))
        loaded = load_scenario(str(path))
        started, cpu = time.perf_counter(), time.process_time()
        result = run(loaded, seed=1)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.scenario} with {args.principals:,} principals: {seconds:.1f} s "
          f"({cpu:.1f} s of CPU), "
          f"peak RSS {peak_mb:.0f} MB, {len(result.records):,} events, "
          f"outcome {result.metrics.get('outcome', result.failure)}, {windows(result)}")


def windows(result) -> str:
    """How many exposure windows, and in how many groups the reports list them."""
    exposure = result.metrics.get("exposure") or {}
    return (f"{len(exposure.get('windows', [])):,} windows in "
            f"{len(exposure.get('window_groups', [])):,} group(s)")


if __name__ == "__main__":
    main()
