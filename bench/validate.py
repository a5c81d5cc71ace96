"""Time `validate_scenario`'s work on generated timelines of growing length.

The seconds per 1,000 entries should stay about the same as the timeline grows (the test
tests/scenarios/test_validate_speed.py checks the same by counting calls). 10,000 entries
is about the largest timeline the 1 MB scenario size limit lets through.

    .venv/bin/python bench/validate.py [--entries 2500 5000 10000]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstep.settings")

import django  # noqa: E402

django.setup()

from scenarios.format import ScenarioError, parse_scenario  # noqa: E402
from tests.scenarios.test_validate_speed import timeline_scenario  # noqa: E402


def seconds_to_validate(text: str) -> float:
    started = time.perf_counter()
    try:
        parse_scenario(text, "timeline.yaml")
    except ScenarioError:
        pass  # half the invocations name an unknown thread: reported problems are timed too
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[2_500, 5_000, 10_000])
    for entries in parser.parse_args().entries:
        text = timeline_scenario(entries)
        seconds = seconds_to_validate(text)
        print(f"{entries:>7,} entries  {len(text):>9,} bytes  {seconds:6.2f} s  "
              f"{seconds / entries * 1000:.3f} s per 1,000 entries")


if __name__ == "__main__":
    main()
