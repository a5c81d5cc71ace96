"""Many principals at once (an organisation's crowds): the same rows and events, in the same
order, as creating them one by one."""

import pytest

from forum import services
from forum.models import Event, Principal

pytestmark = pytest.mark.django_db


def people(prefix, engineers, data):
    return [dict(username=f"{prefix}ana", role="engineer", groups=[engineers]),
            dict(username=f"{prefix}bot", kind=Principal.Kind.AGENT, display_name="Bot"),
            dict(username=f"{prefix}cy", role="data engineer", groups=[data, engineers])]


def written(create, prefix, groups):
    """What `create` wrote for `people(prefix)`, with the prefix taken out of the names."""
    last = Event.objects.order_by("id").last()
    create(people(prefix, *groups))
    mine = Principal.objects.filter(username__startswith=prefix).order_by("pk")
    principals = [(p.username.removeprefix(prefix), p.kind, p.role, p.display_name,
                   p.has_usable_password(), sorted(p.member_of.values_list("slug", flat=True)))
                  for p in mine]
    events = [(verb, target.replace(prefix, ""), payload, actor) for verb, target, payload, actor
              in Event.objects.filter(pk__gt=last.pk if last else 0).order_by("id")
              .values_list("verb", "target", "payload", "actor")]
    return principals, events, [p.pk for p in mine]


def one_by_one(each):
    for person in each:
        services.create_principal(person.pop("username"), **person)


def test_many_at_once_write_what_one_at_a_time_writes():
    groups = services.create_group("eng"), services.create_group("data")
    *at_once, ids = written(services.create_principals, "x-", groups)
    *singly, _ = written(one_by_one, "y-", groups)
    assert at_once == singly
    assert ids == list(range(ids[0], ids[0] + 3))
    principals, events = at_once
    assert principals[2] == ("cy", "employee", "data engineer", "", False, ["data", "eng"])
    assert events == [
        ("principal.created", "principal:ana",
         {"kind": "employee", "role": "engineer", "groups": ["eng"]}, None),
        ("principal.created", "principal:bot", {"kind": "agent", "role": "", "groups": []}, None),
        ("principal.created", "principal:cy",
         {"kind": "employee", "role": "data engineer", "groups": ["data", "eng"]}, None),
    ]


def test_the_ids_returned_are_the_rows_written_in_order():
    ids = services.create_principals([dict(username="ana", password="a long pass phrase"),
                                      dict(username="bo", is_staff=True)])
    ana, bo = (Principal.objects.get(pk=pk) for pk in ids)
    assert (ana.username, bo.username) == ("ana", "bo")
    assert ana.check_password("a long pass phrase") and ana.is_active and not ana.is_staff
    assert not bo.has_usable_password() and bo.is_staff and bo.date_joined is not None
