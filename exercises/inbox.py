"""Messages injected for a role: what the person holding it reads on their seat."""

from forum.vocabulary import PRINCIPAL, Verb, target
from scenarios.reports.wording import clock


def inbox(records: list[dict], scenario, actor_ids) -> list[dict]:
    """The messages sent so far to the simulated people these roles play, oldest first,
    as {clock, sender, text}."""
    people = {target(PRINCIPAL, scenario.actors[a].principal) for a in actor_ids
              if getattr(scenario.actors.get(a), "principal", None)}
    names = {p.username: p.display_name or p.username for p in scenario.org.principals}
    return [{"clock": clock(r["t"]), "sender": names.get(r["actor"], r["actor"]),
             "text": (r["payload"] or {}).get("text", "")}
            for r in records if r["verb"] == Verb.MESSAGE_SENT and r["target"] in people]
