"""The documented ranges of everything a user can hand Overstep, in one place.

Every number, duration, seed, file and run is checked against these before it is used, so a
hostile or careless value gets a clear error naming the allowed range instead of a traceback
deep in the engine, a hang, or all the memory. docs/scenarios.md ("Limits") lists them.
"""

import math

# Scenario files: refused before YAML builds anything (scenarios.format.document).
MAX_SCENARIO_BYTES = 1_000_000
MAX_YAML_DEPTH = 32
MAX_YAML_ALIASES = 100
MAX_YAML_NODES = 200_000
MAX_YAML_NUMBER_CHARS = 100  # one number's text: a base-60 `1:2:3:...` costs its length squared

# Files read from a path given on the command line (scenarios, logs, recordings).
MAX_PATH_CHARS = 1024
MAX_LOG_BYTES = 512_000_000

# Numbers. Minutes cover any plausible incident; a year is far past the longest.
MAX_MINUTES = 525_600.0           # 365 days
MAX_SEED = 2**63 - 1              # seeds are stored in a signed 64-bit column
MAX_COUNT = 1_000_000             # a crowd's size, a record count, a budget
MAX_RECORDS = 1_000_000_000       # a resource's record count: a number, never materialised
MAX_YEAR = 9999
MAX_MESSAGE_CHARS = 500           # a message to a person (timeline `send_message`)
# A scenario's start leaves room for the longest run and the longest grant expiry (each
# MAX_MINUTES) before the calendar ends with MAX_YEAR.
MAX_START_YEAR = MAX_YEAR - 2

# Runs: a run that reaches one of these stops, and is stored as failed with the reason.
MAX_PRINCIPALS = 200_000          # across all groups' members and crowds
MAX_EVENTS = 2_000_000            # events written by one run
# Zero-delay loops (scenarios/engine/caps.py). A chain of events each caused by the one
# before, all at one instant, is actors answering each other: legitimate chains are a
# handful long, however many people act at once.
MAX_CHAIN_AT_ONE_INSTANT = 500
MAX_EVENTS_AT_ONE_INSTANT = 10_000  # plus 10 per principal: loops that leave no cause
MAX_STEPS_AT_ONE_INSTANT = 2_000_000  # SimPy steps: a zero-delay loop that writes nothing

# Sweeps: settings combinations × seeds, checked before the first run starts.
MAX_SWEEP_RUNS = 100_000
MAX_LOCAL_WORKERS = 256           # `sweep --workers`: local worker processes


class OutOfRange(ValueError):
    """A value outside its documented range; the message names the range."""


def check_number(value, *, low: float, high: float, what: str = "a number") -> float:
    """`value` as a finite float in [low, high], or OutOfRange saying what is allowed."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise OutOfRange(f"{what} must be a number, got {value!r}")
    if isinstance(value, int) and not low <= value <= high:
        raise OutOfRange(f"{what} must be between {_plain(low)} and {_plain(high)}, "
                         f"got {_short(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise OutOfRange(f"{what} must be a finite number between {_plain(low)} and "
                         f"{_plain(high)}, got {value!r}")
    if not low <= number <= high:
        raise OutOfRange(f"{what} must be between {_plain(low)} and {_plain(high)}, "
                         f"got {_short(value)}")
    return number


def check_seed(value) -> int:
    """A seed: a whole number in [0, MAX_SEED]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise OutOfRange(f"a seed must be a whole number, got {value!r}")
    if not 0 <= value <= MAX_SEED:
        raise OutOfRange(f"a seed must be between 0 and {MAX_SEED} (2**63 - 1), "
                         f"got {_short(value)}")
    return value


def _plain(number: float) -> str:
    return f"{int(number)}" if float(number).is_integer() else f"{number:g}"


def _short(value) -> str:
    """A huge number shown without printing all of its digits."""
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:10]}…({len(text)} digits)"
