"""What a run asks the forum again and again, kept for that run only: objects by their
unique name, and the answers of forum.permissions.

Nothing is kept outside `per_run()` (the engine opens it around each run; pages ask the
database every time). Inside it the kept things stay right because the forum changes only
through forum.services, and every service call writes its event through record(), which
tells `written(verb)`:
- a verb in REPORTS changes nothing but the log (a read, a decision, a tool call, a
  refusal...), and everything kept stays;
- any other verb may change who may do what (a grant, a membership, a post's status, a
  suspension), and every kept answer is dropped, as are the kept objects a service may
  change (posts);
- a transaction rolled back, or a snapshot restored, drops everything.
A kept object is the run's own: a caller that changes one changes it for the rest of the
run only, and only through a service, which keeps it in step with its row.
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from . import compiled
from .models import Group, Post, Principal, Resource, Space, Thread
from .vocabulary import Verb

T = TypeVar("T")

# Verbs whose services write nothing but their event.
REPORTS = frozenset({
    Verb.THREAD_READ, Verb.RESOURCE_READ, Verb.DECISION_MADE, Verb.ALERT_RAISED,
    Verb.INCIDENT_ESCALATED, Verb.AGENT_INVOKED, Verb.AGENT_TOOL_CALLED,
    Verb.AGENT_MODEL_CALLED, Verb.MESSAGE_SENT, Verb.RUN_STARTED, Verb.RUN_ENDED,
    Verb.GROUP_MEMBERSHIP_REFUSED, Verb.ACL_REFUSED, Verb.ACL_REVIEW_REFUSED,
    Verb.QUESTION_REFUSED, Verb.POST_REFUSED, Verb.POST_APPROVE_REFUSED,
    Verb.POST_REJECT_REFUSED, Verb.POST_HIDE_REFUSED, Verb.THREAD_READ_REFUSED,
    Verb.RESOURCE_READ_REFUSED, Verb.AGENT_INVOKE_REFUSED, Verb.AGENT_SUSPEND_REFUSED,
    Verb.MESSAGE_REFUSED,
})
MUTABLE = frozenset({"post", "principal"})  # kinds of kept objects whose rows services change


class RunLookups:
    def __init__(self):
        self.answers: dict[Hashable, object] = {}
        self.narrow: dict[Hashable, tuple[frozenset, object]] = {}  # see kept_until
        self.objects: dict[tuple, object] = {}

    def clear(self, *, objects: bool = True) -> None:
        self.answers.clear()
        if objects:
            self.narrow.clear()
        if objects:
            self.objects.clear()
        else:
            for key in [key for key in self.objects if key[0] in MUTABLE]:
                del self.objects[key]


_current: ContextVar[RunLookups | None] = ContextVar("overstep_run_lookups", default=None)


@contextmanager
def per_run():
    """Keep look-ups and answers for the duration (one run), and forget them after."""
    token = _current.set(RunLookups())
    try:
        yield
    finally:
        _current.reset(token)


def kept(key: Hashable, ask: Callable[[], T]) -> T:
    """`ask()`, asked once in this run until something it may depend on changes; asked
    every time outside a run. `key` names the question and everything it is about."""
    lookups = _current.get()
    if lookups is None:
        return ask()
    try:
        return lookups.answers[key]
    except KeyError:
        answer = lookups.answers[key] = ask()
        return answer


def kept_until(verbs: frozenset, key: Hashable, ask: Callable[[], T]) -> T:
    """`ask()`, kept in this run until an event with one of `verbs` is written (or
    everything is dropped): for what depends on those changes alone."""
    lookups = _current.get()
    if lookups is None:
        return ask()
    try:
        return lookups.narrow[key][1]
    except KeyError:
        answer = ask()
        lookups.narrow[key] = (verbs, answer)
        return answer


def one(kind: str, name, fetch: Callable[[], T]) -> T:
    """The object of `kind` named `name` (a slug, a key): `fetch()` the first time in this
    run. A kind in MUTABLE is fetched again after any change of the forum."""
    lookups = _current.get()
    if lookups is None:
        return fetch()
    key = (kind, name)
    try:
        return lookups.objects[key]
    except KeyError:
        found = lookups.objects[key] = fetch()
        return found


def written(verb: str) -> None:
    """record() wrote an event with `verb`."""
    lookups = _current.get()
    if lookups is None or verb in REPORTS:
        return
    lookups.clear(objects=False)
    for key in [key for key, (verbs, _) in lookups.narrow.items() if verb in verbs]:
        del lookups.narrow[key]


def forget_answers() -> None:
    """Something kept answers depend on has changed other than through an event (time: a
    grant has expired)."""
    lookups = _current.get()
    if lookups is not None:
        lookups.answers.clear()
        lookups.narrow.clear()


def forget_all() -> None:
    """The forum's rows changed behind the services (a rollback, a snapshot restored)."""
    lookups = _current.get()
    if lookups is not None:
        lookups.clear()


# --- the objects a run looks up by name ------------------------------------------------
# Each raises the model's DoesNotExist, as .get() does, and keeps nothing then.

def thread(key: str):
    return one("thread", key, lambda: _THREAD.get(key))


def post(key: str):
    """With its thread, space, people and advice (or none) loaded."""
    return one("post", key, lambda: _POST.get(key))


POST_RELATED = ("thread__space", "author", "on_behalf_of", "approved_by", "advice",
                "advice__resource", "advice__group", "advice__principal")


def resource(slug: str):
    return one("resource", slug, lambda: _RESOURCE.get(slug))


def space(slug: str):
    return one("space", slug, lambda: _SPACE.get(slug))


def principal(username: str):
    return one("principal", username, lambda: _PRINCIPAL.get(username))


def group(slug: str):
    return one("group", slug, lambda: _GROUP.get(slug))


_THREAD = compiled.Query(lambda key: Thread.objects.select_related("space").filter(key=key), str)
_POST = compiled.Query(lambda key: Post.objects.select_related(*POST_RELATED).filter(key=key),
                       str)
_RESOURCE = compiled.Query(lambda slug: Resource.objects.filter(slug=slug), str)
_SPACE = compiled.Query(lambda slug: Space.objects.filter(slug=slug), str)
_PRINCIPAL = compiled.Query(lambda username: Principal.objects.filter(username=username), str)
_GROUP = compiled.Query(lambda slug: Group.objects.filter(slug=slug), str)
