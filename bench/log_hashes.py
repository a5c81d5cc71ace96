"""Fingerprint the engine's event logs, to show that a refactor changed no run.

Runs every library scenario under each guardrail switched on alone (plus the defaults)
for a range of seeds, and prints one SHA-256 per scenario over the canonical logs. Run it
before and after a change that should not alter behaviour; the lines must be identical.

    .venv/bin/python bench/log_hashes.py [--seeds N]
"""

import argparse
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


def guardrail_variants() -> list[dict]:
    from forum.guardrails import all_guardrails

    variants = [{}]
    for guardrail in all_guardrails():
        variants += [{guardrail.key: value} for value in guardrail.on_variants]
    return variants


def fingerprint(name: str, seeds: int, variants: list[dict]) -> str:
    loaded = load_scenario(name)
    digest = hashlib.sha256()
    for overrides in variants:
        for seed in range(1, seeds + 1):
            records = run(loaded, seed=seed, overrides=overrides).records
            digest.update(json.dumps(records, sort_keys=True).encode())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--scenario", action="append", help="default: the whole library")
    args = parser.parse_args()
    names = args.scenario or sorted(p.stem for p in LIBRARY.glob("*.yaml"))
    variants = guardrail_variants()
    for name in names:
        print(f"{fingerprint(name, args.seeds, variants)}  {name}")


if __name__ == "__main__":
    main()
