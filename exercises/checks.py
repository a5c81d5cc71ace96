"""'Check it first': the facts a careful engineer looks at before acting on an answer.

Who wrote it (a person or an AI agent, on whose behalf), whether anyone approved it, the
dataset's classification and intended audience, and whom the grant would reach. They are
read from the forum at the minute of the decision, inside the engine's sandbox, through
forum.permissions, and kept as plain data with the situation.
"""

from forum import permissions
from forum.grantees import resolve
from forum.models import Principal, Resource

AUTHOR, APPROVAL, DATASET, REACH = "author", "approval", "dataset", "reach"
TITLES = {AUTHOR: "Who wrote it", APPROVAL: "Whether anyone approved it",
          DATASET: "The dataset and its intended audience",
          REACH: "Whom the grant would reach"}
ORDER = (AUTHOR, APPROVAL, DATASET, REACH)


def check_facts(view: dict) -> list[dict]:
    """The checks for a situation with advice, in ORDER; [] when there is nothing to check."""
    if not view.get("advice"):
        return []
    resource = Resource.objects.get(slug=view["resource"]["slug"])
    facts = {AUTHOR: _author(view), APPROVAL: _approval(view),
             DATASET: _dataset(view["resource"]),
             REACH: _reach(view["advice"], resource)}
    return [{"key": key, "title": TITLES[key], **facts[key]} for key in ORDER]


def _author(view) -> dict:
    author, behalf = view["author"], view["on_behalf_of"]
    if not author["is_agent"]:
        return {"seen": f"{author['name']} wrote it, a person ({author['role'] or 'employee'}).",
                "meaning": "A colleague wrote this answer."}
    seen = f"{author['name']} wrote it: an AI agent ({author['role'] or 'agent'})"
    seen += f", acting on behalf of {behalf['name']}." if behalf else ", for no one."
    shown = "labelled it" if view["label_shown"] else "did not label it"
    return {"seen": seen, "meaning": f"No colleague wrote this answer; the forum {shown} "
                                     "as written by AI."}


def _approval(view) -> dict:
    if view["approved_by"]:
        return {"seen": f"{view['approved_by']} approved it before it was published.",
                "meaning": "A person vouched for it; the change still needs checking."}
    return {"seen": "Nobody approved it before it was published.",
            "meaning": "No person vouched for this answer before it reached you."}


def _dataset(resource: dict) -> dict:
    audience = ", ".join(resource["intended_groups"] + resource["intended_principals"])
    seen = (f"{resource['name']} is {resource['classification']} "
            f"({resource['records']:,} records). Need-to-know: {audience or 'no one'} "
            f"({resource['intended_size']} people).")
    meaning = ("Restricted data: widening access needs the data owner's say."
               if resource["classification"] == "restricted"
               else "Check who should see it before widening access.")
    return {"seen": seen, "meaning": meaning}


def _reach(advice: dict, resource) -> dict:
    """Who the grant adds: its members, less the intended audience, less today's readers."""
    grantee = resolve(advice["grantee"])
    if "group" in grantee:
        members, name = Principal.objects.filter(member_of=grantee["group"]), grantee["group"].name
    else:
        person = grantee["principal"]
        members, name = Principal.objects.filter(pk=person.pk), person.shown_name
    outside = members.exclude(pk__in=permissions.intended_readers(resource).values("pk"))
    added = outside.exclude(pk__in=permissions.effective_readers(resource).values("pk"))
    count = added.count()
    seen = (f"The change grants {advice['permission']} on {resource.name} to {name} "
            f"({members.count()} people): {count} of them are outside the intended "
            f"audience and cannot read it today.")
    meaning = (f"It would open {resource.name} to {count} people who should not see it."
               if count else "It stays inside the intended audience.")
    return {"seen": seen, "meaning": meaning, "added": count}
