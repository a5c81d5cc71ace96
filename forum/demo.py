"""The demo forum's accounts: who can sign in, with which password, and who runs the room.

The organisation itself (people, groups, spaces, datasets, grants) is the reference
scenario's, built by the engine's org builder (scenarios/demo_world.py); this module only
adds what a person at a keyboard needs on top of it.
"""

from collections.abc import Iterable

from django.db import transaction

from . import services
from .models import Principal

PASSWORD = "overstep-demo"
ADMIN = "admin"
FACILITATOR = "facilitator"
# username, role, display name: the accounts that run sessions rather than play in them.
STAFF = (
    (ADMIN, "forum administrator", "Forum Admin", True),
    (FACILITATOR, "facilitator", "Tabletop Facilitator", False),
)


def exists(usernames: Iterable[str]) -> bool:
    """True once any demo account or any of the organisation's people is in the database."""
    return Principal.objects.filter(username__in=[*usernames, ADMIN, FACILITATOR]).exists()


def create_staff_accounts() -> dict[str, Principal]:
    return {
        username: services.create_principal(
            username, role=role, display_name=name, password=PASSWORD, is_staff=is_staff)
        for username, role, name, is_staff in STAFF
    }


def enable_logins(usernames: Iterable[str]) -> None:
    """Give the organisation's people the demo password.

    A credential is not forum state: no event describes it and no metric reads it, so
    setting one writes no event (services.create_principal logs none for it either)."""
    with transaction.atomic():
        for principal in Principal.objects.filter(username__in=list(usernames)):
            principal.set_password(PASSWORD)
            principal.save(update_fields=["password"])
