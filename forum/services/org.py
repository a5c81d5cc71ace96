"""Setting up an organisation: groups, principals, spaces, resources, initial grants, guardrails;
and changing it during a run: who is in which group, a guardrail's value.

These are administrative acts (actor None = the system), still logged, so an event log
describes the whole world a run happened in and metrics need nothing else.
"""

import secrets
from collections.abc import Iterable

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password

from ..errors import InvalidAction
from ..guardrails import (GuardrailSettings, change_in_force, coerce_settings, coerce_values,
                          in_force)
from ..models import Group, GuardrailSetting, Permission, Principal, Record, Resource, Space
from .. import vocabulary
from ..vocabulary import Verb
from .acl import create_grant
from . import rows
from .events import atomic, record, record_each, refuse, target_of


def create_group(slug: str, name: str = "") -> Group:
    with atomic():
        group = Group.objects.create(slug=slug, name=name or slug)
        record(Verb.GROUP_CREATED, target_of(group), payload={"name": group.name})
    return group


def create_principal(
    username: str,
    *,
    kind: str = Principal.Kind.EMPLOYEE,
    groups: Iterable[Group] = (),
    role: str = "",
    display_name: str = "",
    password: str | None = None,
    is_staff: bool = False,
) -> Principal:
    [pk] = create_principals([dict(username=username, kind=kind, groups=groups, role=role,
                                   display_name=display_name, password=password,
                                   is_staff=is_staff)])
    return Principal.objects.get(pk=pk)


def create_principals(people: Iterable[dict]) -> list[int]:
    """create_principal(**person) for each of `people`, in order: the same rows, ids and
    `principal.created` events, in a few queries however many they are. Returns their ids
    (an organisation's crowds need no model instances)."""
    made = [_new_principal(**person) for person in people]
    Membership = Principal.member_of.through
    with atomic():
        ids = _insert_principals([person for person, _ in made])
        rows.insert(Membership, ["principal_id", "group_id"],
                    [(pk, group.pk) for pk, (_, groups) in zip(ids, made) for group in groups])
        record_each(Verb.PRINCIPAL_CREATED, [
            (vocabulary.target(vocabulary.PRINCIPAL, person["username"]),
             {"kind": person["kind"], "role": person["role"], "groups": [g.slug for g in groups]})
            for person, groups in made])
    return ids


_PERSON = ("username", "kind", "role", "display_name", "password", "is_staff")


def _new_principal(username: str, *, kind: str = Principal.Kind.EMPLOYEE,
                   groups: Iterable[Group] = (), role: str = "", display_name: str = "",
                   password: str | None = None, is_staff: bool = False):
    """A principal's own fields (_PERSON) and its groups, in slug order."""
    # an unusable password is what set_unusable_password() stores, from one call to the
    # OS's random source instead of forty (a fifth of building 100,000 principals)
    password = (make_password(password) if password
                else UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30))
    return (dict(username=username, kind=str(kind), role=role, display_name=display_name,
                 password=password, is_staff=is_staff),
            sorted(groups, key=lambda g: g.slug))


def _insert_principals(people: list[dict]) -> list[int]:
    """Insert `people` (_PERSON's fields; the others' defaults); their ids."""
    same = {name: rows.preparer(Principal, name)(value)
            for name, value in rows.defaults(Principal, leaving_out=_PERSON).items()}
    before = rows.last_id(Principal)
    rows.insert(Principal, [*_PERSON, *same],
                [(*(person[name] for name in _PERSON), *same.values()) for person in people])
    return rows.ids_after(Principal, before, "username", [person["username"] for person in people])


def create_space(
    slug: str, name: str, *, readers: Iterable[Group], posters: Iterable[Group], description=""
) -> Space:
    readers = sorted(readers, key=lambda g: g.slug)
    posters = sorted(posters, key=lambda g: g.slug)
    with atomic():
        space = Space.objects.create(slug=slug, name=name, description=description)
        space.readers.set(readers)
        space.posters.set(posters)
        record(
            Verb.SPACE_CREATED,
            target_of(space),
            payload={"readers": [g.slug for g in readers], "posters": [g.slug for g in posters]},
        )
    return space


def create_resource(
    slug: str,
    name: str,
    *,
    classification: str,
    record_count: int,
    intended_groups: Iterable[Group] = (),
    intended_principals: Iterable[Principal] = (),
    records: Iterable[dict] = (),
    description: str = "",
) -> Resource:
    intended_groups = sorted(intended_groups, key=lambda g: g.slug)
    intended_principals = sorted(intended_principals, key=lambda p: p.username)
    with atomic():
        resource = Resource.objects.create(
            slug=slug,
            name=name,
            classification=classification,
            record_count=record_count,
            description=description,
        )
        resource.intended_groups.set(intended_groups)
        resource.intended_principals.set(intended_principals)
        Record.objects.bulk_create(
            Record(resource=resource, index=i, data=data) for i, data in enumerate(records)
        )
        record(
            Verb.RESOURCE_CREATED,
            target_of(resource),
            payload={
                "classification": classification,
                "record_count": record_count,
                "intended": {
                    "groups": [g.slug for g in intended_groups],
                    "principals": [p.username for p in intended_principals],
                },
            },
        )
    return resource


def seed_grant(resource: Resource, *, group=None, principal=None, permission=Permission.READ):
    """An initial grant, part of the organisation as it stands before anything happens."""
    with atomic():
        return create_grant(resource, group=group, principal=principal, permission=permission)


def configure_guardrails(values: dict) -> GuardrailSettings:
    """Set the guardrails in force. Settings a run resolved are stored as they are; any
    other values (an administrator's) are coerced here: unknown keys or bad values raise
    ValueError."""
    settings = values if isinstance(values, GuardrailSettings) else coerce_settings(values)
    with atomic():
        for key, value in settings.items():
            GuardrailSetting.objects.update_or_create(key=key, defaults={"value": value})
        record(Verb.GUARDRAILS_CONFIGURED, "forum", payload={"settings": settings})
    return settings


def join_group(principal: Principal, group: Group, *, cause=None) -> Principal:
    """`principal` becomes a member of `group` from now: they reach at once whatever the
    group may read (the ACL is asked of the database on every check)."""
    if principal.member_of.filter(pk=group.pk).exists():
        _refuse_membership(f"{principal} is already a member of {group.slug}", principal, group,
                           cause)
    with atomic():
        principal.member_of.add(group)
        record(Verb.GROUP_MEMBER_ADDED, target_of(group), cause=cause,
               payload={"principal": principal.username})
    return principal


def leave_group(principal: Principal, group: Group, *, cause=None) -> Principal:
    """`principal` stops being a member of `group` from now."""
    if not principal.member_of.filter(pk=group.pk).exists():
        _refuse_membership(f"{principal} is not a member of {group.slug}", principal, group,
                           cause)
    with atomic():
        principal.member_of.remove(group)
        record(Verb.GROUP_MEMBER_REMOVED, target_of(group), cause=cause,
               payload={"principal": principal.username})
    return principal


def _refuse_membership(message: str, principal: Principal, group: Group, cause) -> None:
    refuse(InvalidAction(message, target=target_of(group)), Verb.GROUP_MEMBERSHIP_REFUSED,
           actor=None, cause=cause, payload={"principal": principal.username})


def set_guardrail(key: str, raw_value) -> dict:
    """One guardrail takes a new value from now, the others keep theirs: in a run, the
    settings in force change for the rest of it; outside one, the stored setting changes.
    The value is checked by the guardrail registry: an unknown key or a bad value raises
    ValueError naming the key (nothing is logged, as for configure_guardrails)."""
    try:
        value = coerce_values({key: raw_value})[key]
    except KeyError as error:
        raise ValueError(error.args[0]) from None
    old = in_force()[key]
    with atomic():
        GuardrailSetting.objects.update_or_create(key=key, defaults={"value": value})
        change_in_force(key, value)
        record(Verb.GUARDRAIL_CHANGED, "forum",
               payload={"guardrail": key, "old": old, "new": value})
    return {"guardrail": key, "old": old, "new": value}
