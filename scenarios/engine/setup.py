"""Building a scenario's organisation in the forum, through the service layer."""

from functools import lru_cache

from faker import Faker

from forum import services
from forum.models import Group, Principal, Resource


def build_org(scenario, settings: dict, seed: int) -> None:
    groups = {g.slug: services.create_group(g.slug, g.name) for g in scenario.org.groups}
    for p in scenario.org.principals:
        services.create_principal(p.username, kind=p.kind, role=p.role,
                                  display_name=p.display_name,
                                  groups=[groups[g] for g in p.groups])
    for crowd in scenario.org.crowds:
        for i in range(1, crowd.count + 1):
            services.create_principal(f"{crowd.prefix}-{i:02d}", role=crowd.role,
                                      groups=[groups[g] for g in crowd.groups])
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
