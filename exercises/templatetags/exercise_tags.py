from django import template

from scenarios.reports.wording import clock as sim_clock

register = template.Library()


@register.filter
def words(value) -> str:
    """`follow_advice` → `follow advice`."""
    return str(value).replace("_", " ")


@register.filter
def clock(minutes) -> str:
    """Simulated minutes as T+hh:mm."""
    return sim_clock(minutes)
