"""Durations in scenarios: "90s", "15m", "2h", "1h30m", or a bare number of minutes.

Every duration is finite and from 0 to MAX_MINUTES (a year), however it is written."""

import re

from .limits import MAX_MINUTES, OutOfRange, check_number

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNIT_MINUTES = {"s": 1 / 60, "m": 1.0, "h": 60.0, "d": 1440.0}
RANGE = f"from 0 to {MAX_MINUTES:g} minutes (365 days)"


def parse_duration(value) -> float:
    """Minutes as a float; raises ValueError with a message a scenario author understands."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration like '15m' or '2h', got {value!r}")
    if isinstance(value, (int, float)):
        return _in_range(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a duration like '15m' or '2h', got {value!r}")
    text = value.strip().lower().replace(" ", "")
    parts = _PART.findall(text)
    if not text or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"expected a duration like '90s', '15m', '2h' or '1h30m', "
                         f"got {_shown(value)}")
    return _in_range(sum(float(n) * _UNIT_MINUTES[u] for n, u in parts))


def _in_range(minutes) -> float:
    if minutes < 0:
        raise ValueError(f"a duration cannot be negative, got {minutes!r}; allowed: {RANGE}")
    try:
        return check_number(minutes, low=0, high=MAX_MINUTES, what="a duration")
    except OutOfRange as error:
        raise ValueError(f"{error} (minutes; {MAX_MINUTES:g} is 365 days)") from None


def _shown(value: str) -> str:
    return repr(value) if len(value) <= 40 else repr(value[:37] + "...")


def format_minutes(minutes: float) -> str:
    whole = int(round(minutes))
    return f"{whole // 60}h{whole % 60:02d}m" if whole >= 60 else f"{whole}m"
