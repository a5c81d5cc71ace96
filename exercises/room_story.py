"""The story so far, as the room sees it on the projector.

The people at the table can see the projector too, so the room tells what happened
without what only one role may know or what the table is there to work out:
- a draft's or a private analysis's advice stays with the person it was meant for (the
  forum shows it once it is published), and so does a message's text;
- no verdicts: a grant is not called "against the intended policy" and no event is
  coloured as harm or help, since judging that is the responder's decision;
- decisions already taken are told (the console shows them too), their rationale is not.
The machinery (an agent's tool and model calls, every thread read) is left out: it is
the console's and the report's detail, noise on a projector. The facilitator's notes and
injects not yet reached are not in the log, so never here.
"""

from forum.vocabulary import Verb

from .timeline import readable_events

# Payload keys that say more than the room may know, per verb.
PRIVATE_DETAILS = {
    Verb.POST_DRAFTED: ("advice",),
    Verb.POST_PRIVATE: ("advice",),
    Verb.GRANT_CREATED: ("contradicts_policy",),
    Verb.MESSAGE_SENT: ("text",),  # for the role it was sent to
}
MACHINERY = {Verb.AGENT_TOOL_CALLED, Verb.AGENT_MODEL_CALLED, Verb.THREAD_READ}
LATEST = 15  # events shown; the rest are counted


def room_story(records: list[dict]) -> dict:
    """{"events": the latest events, oldest first, "earlier": how many are not shown}."""
    told = [_discreet(r) for r in records if r["verb"] not in MACHINERY]
    events = [_neutral(row) for row in readable_events(told)]
    return {"events": events[-LATEST:], "earlier": max(0, len(events) - LATEST)}


def _discreet(record: dict) -> dict:
    hidden = PRIVATE_DETAILS.get(record["verb"])
    if not hidden or not record["payload"]:
        return record
    payload = {key: value for key, value in record["payload"].items() if key not in hidden}
    return {**record, "payload": payload}


def _neutral(row: dict) -> dict:
    return {**row, "tone": "person" if row["tone"] == "person" else "neutral"}
