"""A grantee label (`group:<slug>`, `principal:<username>`) as the objects services take."""

from .models import Group, Principal
from .vocabulary import GROUP, parse_grantee


def resolve(label: str) -> dict:
    """{"group": Group} or {"principal": Principal}, ready to pass as keyword arguments;
    raises ValueError for a malformed label and DoesNotExist for an unknown name."""
    kind, name = parse_grantee(label)
    if kind == GROUP:
        return {"group": Group.objects.get(slug=name)}
    return {"principal": Principal.objects.get(username=name)}
