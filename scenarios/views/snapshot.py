"""The forum as it stood at minute t of a stored run.

Nothing of the sandbox forum is stored with a run (only its log), so the run's scenario is
replayed to minute t with the run's settings and seed, and the sandbox is looked at before
it is rolled back. The engine is deterministic, so this is the same forum the run had —
provided the scenario file is still the one the run was made from (same digest).
"""

from dataclasses import dataclass

from agents.llm import Recording
from forum import permissions
from forum.models import Event, Post, Resource, Thread
from forum.vocabulary import Verb
from scenarios.engine import run as replay
from scenarios.format import ScenarioError
from scenarios.runs import replay_inputs

from . import loading
from .page_cache import cache_key, remembered, run_identity

# The engine stops *before* events at its `until` minute; a hair later includes them, so
# minute t shows everything that happened up to and including t.
INCLUSIVE = 1e-6

POST_RELATED = ("author", "on_behalf_of", "approved_by", "advice")


class SnapshotUnavailable(Exception):
    """The run cannot be replayed faithfully; the message says why, for the page."""


@dataclass
class Snapshot:
    t: float
    events: int
    threads: list[dict]
    resources: list[dict]


def snapshot_at(stored_run, t: float, run_minutes: float) -> Snapshot:
    loaded = scenario_of(stored_run)
    until = min(t + INCLUSIVE, run_minutes) if run_minutes > 0 else INCLUSIVE
    result = replay(loaded, seed=stored_run.seed, overrides=stored_run.settings,
                    until=until, observe=observe, recording=recording_of(stored_run),
                    **inputs_of(stored_run, loaded))
    logged = sum(1 for record in result.records if record["verb"] != Verb.RUN_ENDED)
    return Snapshot(t=t, events=logged, **result.observation)


def remembered_snapshot(stored_run, t: float, run_minutes: float) -> Snapshot:
    """snapshot_at(), replayed once per run and minute: the engine is deterministic, so the
    forum at minute t of the same run is the same forum."""
    key = cache_key("snapshot", *run_identity(stored_run), t, run_minutes)
    return remembered(key, lambda: snapshot_at(stored_run, t, run_minutes))


def inputs_of(stored_run, loaded) -> dict:
    """A tabletop session's run replays with its people's decisions and injects."""
    try:
        return replay_inputs(loaded, stored_run.inputs or {})
    except (ValueError, KeyError, TypeError):
        raise SnapshotUnavailable(
            "This run's stored decisions or injected events no longer fit its scenario, so "
            "the forum at a given minute cannot be rebuilt. The stored log and figures above "
            "are unaffected.") from None


def recording_of(stored_run):
    """A model run's recording: the replay answers from it, never from the model again.
    A run that asked no model gets an empty one, so a replay can never reach an endpoint."""
    return stored_run.model_recording() or Recording()


def scenario_of(stored_run):
    text = stored_run.scenario_as_run()
    if text is not None:
        try:
            return loading.parse(text, stored_run.scenario)
        except ScenarioError:
            pass  # stored by an older version of the format: fall back to the library file
    try:
        loaded = loading.load(stored_run.scenario)
    except ScenarioError:
        raise SnapshotUnavailable(
            f"The scenario “{stored_run.scenario}” cannot be loaded any more, so the forum "
            "at a given minute cannot be rebuilt. The stored log and figures above are "
            "unaffected.") from None
    if loaded.digest != stored_run.digest:
        raise SnapshotUnavailable(
            f"The scenario file “{stored_run.scenario}” has changed since this run was made "
            f"(digest {loaded.digest}, the run's is {stored_run.digest}). Replaying it would "
            "show a different forum, so nothing is shown. The stored log and figures above "
            "are the run's own.")
    return loaded


def observe(world) -> dict:
    """Called by the engine inside the sandbox: plain data only, the rows are rolled back."""
    start = world.scenario.start

    def minute(moment):
        return None if moment is None else round((moment - start).total_seconds() / 60, 3)

    ids = Event.objects.order_by("id").values_list("id", flat=True)
    seqs = {pk: position for position, pk in enumerate(ids, start=1)}
    return {"threads": _threads(minute), "resources": _resources(minute, seqs)}


def _threads(minute) -> list[dict]:
    threads = Thread.objects.select_related("space", "author").order_by("created_at", "key")
    posts = Post.objects.select_related(*POST_RELATED).order_by("thread_id", "position")
    by_thread: dict[int, list[dict]] = {}
    for post in posts:
        by_thread.setdefault(post.thread_id, []).append(_post(post, minute))
    return [{"key": t.key, "title": t.title, "space": t.space.slug, "author": t.author.username,
             "at": minute(t.created_at), "posts": by_thread.get(t.pk, [])} for t in threads]


def _post(post, minute) -> dict:
    advice = getattr(post, "advice", None)
    return {
        "key": post.key, "author": post.author.username, "author_is_agent": post.author.is_agent,
        "on_behalf_of": post.on_behalf_of.username if post.on_behalf_of else None,
        "provenance": post.provenance, "status": post.status,
        "status_label": post.get_status_display(), "body": post.body,
        "approved_by": post.approved_by.username if post.approved_by else None,
        "approved_at": minute(post.approved_at), "at": minute(post.created_at),
        "advice": {"summary": advice.summary, "is_safe": advice.is_safe} if advice else None,
    }


def _resources(minute, seqs: dict) -> list[dict]:
    views = []
    for resource in Resource.objects.order_by("slug"):
        grants = permissions.active_grants().filter(resource=resource).select_related(
            "group", "principal").order_by("created_at", "id")
        exposed = list(permissions.exposed_readers(resource).values_list("username", flat=True))
        views.append({
            "slug": resource.slug, "name": resource.name,
            "classification": resource.classification, "records": resource.record_count,
            "grants": [_grant(resource, grant, minute, seqs) for grant in grants],
            "readers": permissions.effective_readers(resource).count(),
            "intended": permissions.intended_readers(resource).count(),
            "exposed": exposed,
        })
    return views


def _grant(resource, grant, minute, seqs) -> dict:
    beyond = permissions.contradicts_policy(resource, group=grant.group, principal=grant.principal)
    return {"grantee": grant.grantee_label, "permission": grant.permission,
            "since": minute(grant.created_at), "expires": minute(grant.expires_at),
            "seq": seqs.get(grant.created_by_event_id), "beyond_intended": beyond}
