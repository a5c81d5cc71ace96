"""Numbers for people: minutes to the minute (`45 min`, `1 h 15 min`) and counts with
thousands separators (`250,000`). The run and sweep pages use them through one template
filter each (`minutes`, `count`); exact values stay in the JSON report."""

NOTHING = "—"


def minutes_words(minutes: float | None) -> str:
    """`45.4` → `45 min`; `75.011` → `1 h 15 min`; `120` → `2 h 00 min` (as the reports
    write it); `0.2` → `under 1 min`."""
    if minutes is None:
        return NOTHING
    whole = round(minutes)
    if whole == 0 and minutes > 0:
        return "under 1 min"
    hours, rest = divmod(whole, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours:,} h {rest:02d} min"


def count_words(value: float | None) -> str:
    """`250000` → `250,000`; `3120.004` → `3,120`; `2.5` → `2.5` (a decimal only below 10)."""
    if value is None:
        return NOTHING
    if float(value).is_integer() or abs(value) >= 10:
        return f"{round(value):,}"
    return f"{value:,.1f}"
