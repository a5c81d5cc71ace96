"""A grantee label (`group:<slug>`, `principal:<username>`) as the objects services take."""

from . import lookups
from .vocabulary import GROUP, parse_grantee


def resolve(label: str) -> dict:
    """{"group": Group} or {"principal": Principal}, ready to pass as keyword arguments;
    raises ValueError for a malformed label and DoesNotExist for an unknown name."""
    kind, name = parse_grantee(label)
    if kind == GROUP:
        return {"group": lookups.group(name)}
    return {"principal": lookups.principal(name)}
