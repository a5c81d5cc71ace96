from django import template

from scenarios.reports.wording import clock as sim_clock

from exercises import choices
from exercises.training import title_of as training_title

register = template.Library()


@register.filter
def words(value) -> str:
    """`follow_advice` → `follow advice`."""
    return str(value).replace("_", " ")


@register.filter
def clock(minutes) -> str:
    """Simulated minutes as T+hh:mm."""
    return sim_clock(minutes)


@register.filter
def option_label(option, kind="follow_advice") -> str:
    """An option in plain words: `follow` → `Carry out the advice`."""
    return choices.option_label(kind, option)


@register.filter
def kind_label(kind) -> str:
    """A decision point in plain words: `follow_advice` → `An answer on the forum recommends
    a change`."""
    return choices.kind_label(kind)


@register.filter
def exercise_title(slug) -> str:
    return training_title(slug)
