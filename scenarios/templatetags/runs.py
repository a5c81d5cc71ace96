"""Simulated time and settings, written the way the reports write them."""

from django import template

from forum.guardrails import format_value
from scenarios.reports.numbers import count_words, minutes_words
from scenarios.reports.wording import clock

register = template.Library()


@register.filter
def tplus(minutes):
    """`30.0` → `T+00:30`."""
    return clock(minutes)


@register.filter
def tminute(minutes):
    """`49.17` → `T+00:49`: to the minute, for lists."""
    return clock(None if minutes is None else round(minutes))


@register.filter
def minutes(value):
    """A length of simulated time, to the minute: `75.011` → `75 min`, `75` → `1 h 15 min`."""
    return minutes_words(value)


@register.filter
def count(value):
    """A count with thousands separators: `250000` → `250,000`."""
    return count_words(value)


@register.filter
def setting(value):
    """A setting as on the command line: true, off, 15, draft."""
    return format_value(value)


@register.filter
def percent(value):
    return "–" if value is None else f"{value * 100:.0f}%"


@register.filter
def words(value):
    """`exposure_with_access` → `exposure with access`."""
    return str(value).replace("_", " ")


@register.filter
def num(value, places=2):
    return "–" if value is None else f"{value:,.{int(places)}f}"


@register.filter
def signed(value, places=2):
    return "–" if value is None else f"{value:+,.{int(places)}f}"


@register.filter
def interval(bounds, places=2):
    """`[0.1, 0.4]` → `[0.10, 0.40]`; nothing when there is no interval."""
    if not bounds or bounds[0] is None:
        return ""
    return f"[{bounds[0]:,.{int(places)}f}, {bounds[1]:,.{int(places)}f}]"


@register.filter
def get_setting(settings: dict, key: str):
    """Settings keys have dots, which template lookups cannot spell."""
    return (settings or {}).get(key)
