"""Building a scenario's organisation in the forum, through the service layer: once per
process for a scenario and settings, then restored for each run (a sweep's runs differ in
their seed, never in their organisation)."""

import hashlib
import json
import threading
from collections import OrderedDict
from functools import lru_cache

from faker import Faker

from forum import sandbox, services
from forum.models import Group, Principal, Resource

from . import caps

KEPT_ORGANISATIONS = 8  # per process, the most recently used
KEPT_PRINCIPALS = 20_000  # larger organisations are built for each run, not held in memory

_kept: OrderedDict[str, sandbox.Snapshot] = OrderedDict()
_kept_lock = threading.Lock()  # a sweep process runs several threads, each in its sandbox


def set_up_org(scenario, settings: dict, seed: int, *, after_event: int) -> None:
    """The organisation of `scenario` under `settings` in the run's sandbox, its events
    following `after_event` (the run's `run.started`): built through the services the
    first time, restored row for row (ids included, so the log is the same byte for byte)
    after that."""
    key = org_key(scenario, settings)
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
    if kept is not None and kept.after_event == after_event:
        sandbox.restore_snapshot(kept)
        return
    build_org(scenario, settings, seed)
    if caps.principal_count(scenario) > KEPT_PRINCIPALS:
        return
    taken = sandbox.take_snapshot(after_event)
    with _kept_lock:
        _kept[key] = taken
        while len(_kept) > KEPT_ORGANISATIONS:
            _kept.popitem(last=False)


def org_key(scenario, settings: dict) -> str:
    """What the organisation is made of: the scenario's org, spaces, resources, grants and
    start (the events' time), and the guardrail settings (logged when configured)."""
    parts = scenario.model_dump(mode="json", include={"start", "org", "spaces", "resources",
                                                      "grants"})
    text = json.dumps([parts, dict(settings)], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def build_org(scenario, settings: dict, seed: int) -> None:
    groups = {g.slug: services.create_group(g.slug, g.name) for g in scenario.org.groups}
    services.create_principals([
        *(dict(username=p.username, kind=p.kind, role=p.role, display_name=p.display_name,
               groups=[groups[g] for g in p.groups]) for p in scenario.org.principals),
        *(dict(username=f"{crowd.prefix}-{i:02d}", role=crowd.role,
               groups=[groups[g] for g in crowd.groups])
          for crowd in scenario.org.crowds for i in range(1, crowd.count + 1)),
    ])
    for s in scenario.spaces:
        services.create_space(s.slug, s.name, description=s.description,
                              readers=[groups[g] for g in s.readers],
                              posters=[groups[g] for g in s.posters])
    for r in scenario.resources:
        services.create_resource(
            r.slug, r.name, classification=r.classification, record_count=r.records,
            description=r.description,
            intended_groups=[groups[g] for g in r.intended.groups],
            intended_principals=Principal.objects.filter(username__in=r.intended.principals),
            records=synthetic_records(r.slug, r.sample_records),
        )
    for grant in scenario.grants:
        services.seed_grant(
            Resource.objects.get(slug=grant.resource),
            group=Group.objects.get(slug=grant.group) if grant.group else None,
            principal=Principal.objects.get(username=grant.principal) if grant.principal else None,
            permission=grant.permission,
        )
    services.configure_guardrails(settings)


@lru_cache(maxsize=64)
def synthetic_records(slug: str, count: int) -> tuple[dict, ...]:
    """Made-up user rows; the same for a given resource whatever the run seed, so made once
    per process (a sweep runs the same scenario many times). Read-only: never mutate them."""
    fake = Faker()
    fake.seed_instance(slug)
    return tuple(
        {"user_id": fake.unique.random_int(100000, 999999), "name": fake.name(),
         "email": fake.email(domain="example.test"), "country": fake.country_code(),
         "sessions_last_30d": fake.random_int(0, 90)}
        for _ in range(count)
    )
