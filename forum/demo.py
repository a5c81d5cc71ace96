"""The demo organisation: a small company whose forum can replay the reference incident.

Built only through forum.services, from synthetic data drawn from one seeded Faker, so the
same seed always gives the same people, records and threads.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from faker import Faker

from . import services
from .models import Principal, Resource, Space

SEED = 2602
PASSWORD = "overstep-demo"
ADMIN = "admin"
USER_RECORDS = 50
USER_RECORD_COUNT = 250_000
FORECAST_RECORDS = 24
# Fixed dates, not "six years ago": the same seed must give the same records on any day.
SIGNUPS_FROM, SIGNUPS_TO = date(2019, 1, 1), date(2025, 12, 31)

# slug, name, size (lead included), role, engineering team?
TEAMS = (
    ("ads-ranking", "Ads Ranking", 12, "ML engineer", True),
    ("data-platform", "Data Platform", 8, "data engineer", True),
    ("infra", "Infrastructure", 7, "infrastructure engineer", True),
    ("security", "Security", 6, "security engineer", True),
    ("finance", "Finance", 7, "financial analyst", False),
)
# The people a demo user logs in as, one per role: username, name, team.
LEADS = {
    "ads-ranking": ("alex", "Alex Moreno"),
    "data-platform": ("dana", "Dana Okafor"),
    "infra": ("ingrid", "Ingrid Sato"),
    "security": ("sasha", "Sasha Ivanova"),
    "finance": ("fran", "Fran Lindqvist"),
}
AGENTS = (("forum-assistant", "Forum Assistant"), ("sql-copilot", "SQL Copilot"))


@dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    role: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class DemoSpec:
    """Everything random about the demo, drawn up front so it can be compared between runs."""

    people: tuple[Person, ...]
    user_records: tuple[dict, ...]
    forecasts: tuple[dict, ...]


def build_spec(seed: int = SEED) -> DemoSpec:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    return DemoSpec(
        people=tuple(_people(fake)),
        user_records=tuple(_user_record(fake, i) for i in range(USER_RECORDS)),
        forecasts=tuple(_forecast(fake, i) for i in range(FORECAST_RECORDS)),
    )


def _people(fake: Faker) -> list[Person]:
    taken = {lead for lead, _ in LEADS.values()} | {ADMIN}
    people = []
    for slug, _name, size, role, engineering in TEAMS:
        groups = (slug, "all-engineers") if engineering else (slug,)
        lead, lead_name = LEADS[slug]
        people.append(Person(lead, lead_name, f"{role} (lead)", groups))
        for _ in range(size - 1):
            first, last = fake.first_name(), fake.last_name()
            username = _unique(_slugify(f"{first}.{last}"), taken)
            people.append(Person(username, f"{first} {last}", role, groups))
    return people


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z.]", "", text.lower())


def _unique(username: str, taken: set) -> str:
    candidate, n = username, 1
    while candidate in taken:
        n += 1
        candidate = f"{username}{n}"
    taken.add(candidate)
    return candidate


def _user_record(fake: Faker, index: int) -> dict:
    return {
        "user_id": 1_000_000 + index,
        "name": fake.name(),
        "email": fake.email(domain="example.test"),
        "country": fake.country_code(),
        "signup_date": fake.date_between_dates(SIGNUPS_FROM, SIGNUPS_TO).isoformat(),
        "sessions_last_30d": fake.random_int(0, 90),
    }


def _forecast(fake: Faker, index: int) -> dict:
    quarter = f"FY{2026 + index // 12} Q{index // 3 % 4 + 1}"
    return {
        "quarter": quarter,
        "region": ("AMER", "EMEA", "APAC")[index % 3],
        "revenue_forecast_musd": round(fake.pyfloat(min_value=80, max_value=400), 1),
        "confidence": fake.random_element(("low", "medium", "high")),
    }


def exists() -> bool:
    return (Space.objects.filter(slug="eng-qa").exists()
            or Principal.objects.filter(username=ADMIN).exists())


def seed(seed: int = SEED) -> dict:
    """Create the demo forum in one transaction. Returns the objects the demo talks about."""
    spec = build_spec(seed)
    with transaction.atomic():
        services.configure_guardrails({})
        groups = {slug: services.create_group(slug, name) for slug, name in _group_names()}
        people = _install_people(spec, groups)
        world = {"groups": groups, "people": people}
        world.update(_install_spaces(groups))
        world.update(_install_resources(spec, groups, people))
        _install_threads(world)
    return world


def _group_names():
    yield "all-engineers", "All engineers"
    yield from ((slug, name) for slug, name, *_ in TEAMS)
    yield "ai-agents", "AI agents"


def _install_people(spec: DemoSpec, groups: dict) -> dict:
    people = {
        person.username: services.create_principal(
            person.username, groups=[groups[g] for g in person.groups], role=person.role,
            display_name=person.display_name, password=PASSWORD)
        for person in spec.people
    }
    for username, name in AGENTS:
        people[username] = services.create_principal(
            username, kind=Principal.Kind.AGENT, groups=[groups["ai-agents"]],
            role="AI assistant", display_name=name)
    people[ADMIN] = services.create_principal(
        ADMIN, role="forum administrator", display_name="Forum Admin", password=PASSWORD,
        is_staff=True)
    return people


def _install_spaces(groups: dict) -> dict:
    engineers, agents = groups["all-engineers"], groups["ai-agents"]
    data, security, finance = groups["data-platform"], groups["security"], groups["finance"]
    return {"spaces": {
        "eng-qa": services.create_space(
            "eng-qa", "Engineering Q&A", readers=[engineers, agents], posters=[engineers, agents],
            description="Ask the engineering org anything. AI agents answer here too."),
        "data-platform": services.create_space(
            "data-platform", "Data Platform", readers=[data, security, agents],
            posters=[data, agents],
            description="Pipelines, datasets and access requests for the data platform team."),
        "finance": services.create_space(
            "finance", "Finance", readers=[finance], posters=[finance],
            description="Forecasts and planning. Finance only."),
    }}


def _install_resources(spec: DemoSpec, groups: dict, people: dict) -> dict:
    user_metrics = services.create_resource(
        "user-metrics", "User engagement records",
        classification=Resource.Classification.RESTRICTED, record_count=USER_RECORD_COUNT,
        intended_groups=[groups["data-platform"]], records=spec.user_records,
        description="Per-user engagement of the consumer app (synthetic). Need to know: "
                    "data platform.")
    forecasts = services.create_resource(
        "finance-forecasts", "Revenue forecasts",
        classification=Resource.Classification.CONFIDENTIAL, record_count=1_200,
        intended_groups=[groups["finance"]], records=spec.forecasts,
        description="Quarterly revenue forecasts by region (synthetic). Need to know: finance.")
    services.seed_grant(user_metrics, group=groups["data-platform"])
    services.seed_grant(user_metrics, principal=people["dana"], permission="admin")
    services.seed_grant(forecasts, group=groups["finance"])
    services.seed_grant(forecasts, principal=people["fran"], permission="admin")
    return {"resources": {"user-metrics": user_metrics, "finance-forecasts": forecasts}}


def _team(slug: str) -> list[Principal]:
    """The team's members other than its lead, in username order."""
    return list(Principal.objects.filter(member_of__slug=slug).exclude(username=LEADS[slug][0]))


def _install_threads(world: dict) -> None:
    people, spaces = world["people"], world["spaces"]
    _incident_thread(world, peer=_team("ads-ranking")[0])
    export = services.post_question(
        people["dana"], spaces["data-platform"], key="t-export-delay",
        title="Nightly user-metrics export finished three hours late",
        body="Did anything change in the scheduler yesterday? Downstream dashboards were stale.")
    services.reply(_team("data-platform")[0], export,
                   body="The backfill job grabbed the big pool. I moved it to the night queue.")
    forecast = services.post_question(
        people["fran"], spaces["finance"], key="t-forecast-refresh",
        title="When is the Q3 forecast refresh?",
        body="Regional leads are asking for the updated numbers before the planning review.")
    services.reply(_team("finance")[0], forecast,
                   body="Thursday; EMEA inputs are still missing.")
    # From here on, agent answers wait for approval and carry the AI label.
    services.configure_guardrails({"agent.approval_required": True, "ai.label_shown": True})
    invoked = services.invoke_agent(people["dana"], people["sql-copilot"], export)
    services.agent_respond(
        people["sql-copilot"], export, invoker=people["dana"], cause=invoked,
        body="The export waited on the `backfill` pool from 01:10 to 04:05. Pinning the export "
             "to its own pool would keep it on time.")


def _incident_thread(world: dict, peer: Principal) -> None:
    """The reference incident up to the moment a reader decides whether to follow the advice."""
    people, groups = world["people"], world["groups"]
    thread = services.post_question(
        people["alex"], world["spaces"]["eng-qa"], key="t-ranking-metrics",
        title="How can the ranking team read user engagement records?",
        body="Our ranking experiment needs per-user session counts. Who can give us access "
             "to user-metrics, and is there a faster way than filing a request?")
    invoked = services.invoke_agent(peer, people["forum-assistant"], thread)
    advice = services.AdviceSpec(
        "grant", world["resources"]["user-metrics"], is_safe=False, group=groups["all-engineers"],
        summary="Grant group all-engineers read access on user-metrics.")
    services.agent_respond(
        people["forum-assistant"], thread, invoker=peer, cause=invoked, advice=advice,
        body="The quickest fix is to open user-metrics to all engineers: an administrator of "
             "the dataset can grant the all-engineers group read access in one step.")
    services.reply(_team("ads-ranking")[1], thread,
                   body="+1, we hit the same wall last quarter.")
