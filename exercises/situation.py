"""What a person sees at a decision point, as their role sees it.

Built inside the engine's sandbox (the `observe` hook, before the rollback) and returned as
plain data, so it outlives the run: the thread with the posts the role may see (an AI badge
only where the forum would show one), the advice, the resource it touches and its intended
audience, or the ACL change or alert in question.
"""

from forum import permissions
from forum.models import Group, Post, Principal, Resource
from forum.vocabulary import GROUP, POST, RESOURCE, kind_of, parse_grantee, subject

SIGNAL_KINDS = ("follow_advice", "approve_draft", "share_analysis")


def observe_point(world, point) -> dict:
    viewer = world.principal(point.principal)
    view = {"kind": point.kind, "point": point.id, "at": point.at,
            "viewer": _person(viewer), "context": dict(point.context),
            "label_shown": bool(world.settings["ai.label_shown"])}
    kind, name = kind_of(point.target), subject(point.target)
    if kind == POST:
        view.update(_post_situation(world, viewer, Post.objects.get(key=name), view))
    elif kind == RESOURCE:
        view["resource"] = resource_facts(Resource.objects.get(slug=name))
        grantee = point.context.get("grantee")
        if grantee:
            view["grantee"] = grantee_facts(grantee, Resource.objects.get(slug=name))
    return view


def _post_situation(world, viewer, post, view) -> dict:
    advice = getattr(post, "advice", None)
    found = {"thread": thread_view(world, viewer, post.thread, view["label_shown"]),
             "focus": post.key}
    if advice is not None:
        grantee = advice.grantee_label
        found["advice"] = {"summary": advice.summary, "action": advice.action,
                           "permission": advice.permission, "grantee": grantee,
                           "is_safe": advice.is_safe}
        found["resource"] = resource_facts(advice.resource)
        found["grantee"] = grantee_facts(grantee, advice.resource)
        found["author"] = _person(post.author)
        found["on_behalf_of"] = _person(post.on_behalf_of) if post.on_behalf_of else None
        found["approved_by"] = post.approved_by.shown_name if post.approved_by else None
        found["provenance"] = post.provenance
    return found


def thread_view(world, viewer, thread, label_shown: bool) -> dict:
    posts = permissions.visible_posts(viewer, thread.posts.all()).select_related(
        "author", "on_behalf_of", "approved_by").order_by("position")
    return {"key": thread.key, "title": thread.title, "space": thread.space.name,
            "asked_by": thread.author.shown_name,
            "posts": [_post_view(world, post, label_shown) for post in posts]}


def _post_view(world, post, label_shown: bool) -> dict:
    advice = getattr(post, "advice", None)
    return {
        "key": post.key, "author": post.author.shown_name, "body": post.body,
        "on_behalf_of": post.on_behalf_of.shown_name if post.on_behalf_of else None,
        "ai_badge": post.is_ai and label_shown, "provenance": post.provenance,
        "status": post.status,
        "approved_by": post.approved_by.shown_name if post.approved_by else None,
        "t": _minutes(world, post.created_at),
        "advice": advice.summary if advice else None,
    }


def resource_facts(resource) -> dict:
    return {
        "slug": resource.slug, "name": resource.name, "description": resource.description,
        "classification": resource.classification, "records": resource.record_count,
        "intended_groups": sorted(g.name for g in resource.intended_groups.all()),
        "intended_principals": sorted(p.shown_name for p in resource.intended_principals.all()),
        "intended_size": permissions.intended_readers(resource).count(),
        "readers_now": permissions.effective_readers(resource).count(),
        "exposed_now": permissions.exposed_readers(resource).count(),
    }


def grantee_facts(grantee: str, resource) -> dict:
    kind, name = parse_grantee(grantee)
    if kind == GROUP:
        group = Group.objects.get(slug=name)
        return {"label": group.name, "kind": "group", "size": group.members.count(),
                "outside_audience": permissions.contradicts_policy(resource, group=group)}
    person = Principal.objects.get(username=name)
    return {"label": person.shown_name, "kind": person.kind, "size": 1,
            "outside_audience": permissions.contradicts_policy(resource, principal=person)}


def _person(principal) -> dict:
    return {"username": principal.username, "name": principal.shown_name,
            "role": principal.role, "is_agent": principal.is_agent}


def _minutes(world, moment) -> float:
    return round((moment - world.scenario.start).total_seconds() / 60, 6)
