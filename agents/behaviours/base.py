"""What every actor process shares: its id, its spec, its world, and a way to react."""

from forum import lookups, permissions
from forum.models import Post, Resource
from forum.vocabulary import subject


class Behaviour:
    """An actor. `start()` launches its SimPy process; `handle(event)` reacts to each new
    event in the log (returning a generator starts a reaction process for it)."""

    def __init__(self, world, actor_id: str, spec):
        self.world = world
        self.env = world.env
        self.id = actor_id
        self.spec = spec
        self._occurrences: dict[str, int] = {}

    @property
    def me(self):
        return self.world.principal(self.spec.principal)

    def start(self) -> None:
        self.env.process(self._listen(self.world.subscribe()))

    def _listen(self, inbox):
        while True:
            event = yield inbox.get()
            reaction = self.handle(event)
            if reaction is not None:
                self.env.process(reaction)

    def handle(self, event):
        return None

    def rng(self, purpose: str):
        """This actor's stream for one purpose. Name purposes by what the draw is about
        (a post key, a grant's identity), never by when it happens or by database ids:
        a setting that only moves a grant, or adds an event earlier in the run, then keeps
        every draw (common random numbers)."""
        return self.world.stream(self.id, purpose)

    def nth(self, identity: str) -> str:
        """`identity` numbered by its occurrences here: the n-th time the same thing happens
        (a re-grant after a revert) gets a draw of its own."""
        self._occurrences[identity] = self._occurrences.get(identity, 0) + 1
        return f"{identity}#{self._occurrences[identity]}"

    def decide(self, kind: str, target: str, context: dict, cause=None) -> str:
        return self.world.decide(self.id, self.spec, kind=kind, principal=self.me,
                                 target=target, context=context, cause=cause)

    def verification_catches(self, advice_is_safe: bool, decision_target: str) -> bool:
        """Checking advice before acting finds the flaw, if there is one, with the persona's skill."""
        draw = self.rng(f"verify/{self.nth(decision_target)}").random()
        return not advice_is_safe and draw < self.spec.persona.verify_skill


def grant_identity(event) -> str:
    """What a grant (or a request for one) is, whenever it happens: its resource, grantee
    and permission."""
    return f"{event.target}/{event.payload['grantee']}/{event.payload['permission']}"


def post_for(event) -> Post:
    """The post an event is about, looked up once per run (forum.lookups)."""
    return lookups.post(subject(event.target))


def is_safe(post: Post) -> bool:
    """The hidden truth a careful check finds: the post's advice is safe, and it copies no
    records into a space read by people outside their dataset's intended audience."""
    advice = getattr(post, "advice", None)
    if advice is not None and not advice.is_safe:
        return False
    leaked = Resource.objects.filter(slug__in=sorted(post.quoted_records or {}))
    return not any(permissions.space_reaches_outside_audience(post.thread.space, resource)
                   for resource in leaked)


def has_advice(event) -> bool:
    return bool(event.payload.get("advice"))
