"""Durations in scenarios: "90s", "15m", "2h", "1h30m", or a bare number of minutes."""

import math
import re

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNIT_MINUTES = {"s": 1 / 60, "m": 1.0, "h": 60.0, "d": 1440.0}


def parse_duration(value) -> float:
    """Minutes as a float; raises ValueError with a message a scenario author understands."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration like '15m' or '2h', got {value!r}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"a duration must be a finite number, got {value!r}")
        if value < 0:
            raise ValueError(f"a duration cannot be negative, got {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a duration like '15m' or '2h', got {value!r}")
    text = value.strip().lower().replace(" ", "")
    parts = _PART.findall(text)
    if not text or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"expected a duration like '90s', '15m', '2h' or '1h30m', got {value!r}")
    return sum(float(n) * _UNIT_MINUTES[u] for n, u in parts)


def format_minutes(minutes: float) -> str:
    whole = int(round(minutes))
    return f"{whole // 60}h{whole % 60:02d}m" if whole >= 60 else f"{whole}m"
