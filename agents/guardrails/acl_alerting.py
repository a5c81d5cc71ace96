from forum.guardrails import MinutesGuardrail, register


@register
class AclAlerting(MinutesGuardrail):
    key = "acl.alert_delay_minutes"
    label = "Alerting on ACL changes"
    on_value = 15.0
    description = (
        "An automated check raises an alert this many minutes after any run-time grant on a "
        "restricted or confidential resource ('off' to disable); responders act on it."
    )

    def processes(self, value, world):
        if not value:
            return []
        return [_alerting(world, value)]


def _alerting(world, minutes):
    from agents.behaviours.monitors import is_runtime_grant, watch_acl_change
    from forum.models import Resource
    from forum.vocabulary import subject

    inbox = world.subscribe()
    while True:
        event = yield inbox.get()
        if not is_runtime_grant(event):
            continue
        resource = Resource.objects.get(slug=subject(event.target))
        if resource.classification in ("restricted", "confidential"):
            world.env.process(watch_acl_change(
                world, event, watcher=None, delay=minutes, rng=world.stream("alerting", "none"),
                reason=f"automated alert: ACL change on {resource.classification} data"))
