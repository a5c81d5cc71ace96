"""A process builds a scenario's organisation once for a scenario and settings, and
restores it for the runs after: the same forum, without building it again."""

from django.db import connections
from django.test.utils import CaptureQueriesContext

from forum.models import Grant, Principal, Record, Space
from scenarios.engine import run
from scenarios.engine.caps import principal_count
from scenarios.format import load_scenario

from .engine_helpers import engine_db

pytestmark = engine_db

# settings no other test uses, so the first run here is the first for its organisation
SETTINGS = {"acl.grant_expiry_minutes": 613}


def the_forum(world):
    return {
        "principals": sorted((p.pk, p.username, p.kind, p.role, p.display_name,
                              tuple(sorted(p.member_of.values_list("slug", flat=True))))
                             for p in Principal.objects.all()),
        "spaces": sorted(Space.objects.values_list("pk", "slug", "readers__slug")),
        "grants": sorted(Grant.objects.values_list("pk", "resource__slug", "group__slug",
                                                   "principal__username", "permission",
                                                   "created_by_event_id", "revoked_at")),
        "records": list(Record.objects.order_by("pk").values_list("pk", "index", "data")),
    }


def principal_inserts(seed, loaded):
    """The queries inserting principals that the run made, and the forum it left."""
    with CaptureQueriesContext(connections["sandbox"]) as queries:
        result = run(loaded, seed=seed, overrides=SETTINGS, until=1, observe=the_forum)
    # many rows at once are logged as "N times: INSERT ..."
    inserts = [q for q in queries.captured_queries
               if 'INSERT INTO "forum_principal" ' in q["sql"]]
    return len(inserts), result.observation


def test_the_second_run_restores_the_organisation_the_first_built():
    loaded = load_scenario("meta_internal_forum_stochastic")
    built, first = principal_inserts(1, loaded)
    restored, second = principal_inserts(2, loaded)
    assert built >= 1 and restored == 0
    assert second == first and len(first["principals"]) == principal_count(loaded.scenario)
