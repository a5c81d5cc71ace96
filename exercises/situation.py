"""What a person sees at a decision point, as their role sees it.

Built inside the engine's sandbox (the `observe` hook, before the rollback) and returned as
plain data, so it outlives the run: the thread with the posts the role may see (an AI badge
only where the forum would show one), the advice, the resource it touches and its intended
audience, or the ACL change or alert in question.
"""

from forum import permissions
from forum.models import Group, Post, Principal, Resource
from forum.vocabulary import GROUP, POST, PRINCIPAL, RESOURCE, kind_of, parse_grantee, subject

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
        view.update(_resource_situation(world, viewer, Resource.objects.get(slug=name), view))
    elif kind == PRINCIPAL:
        view.update(_agent_situation(world, viewer, Principal.objects.get(username=name), view))
    return view


def _post_situation(world, viewer, post, view) -> dict:
    advice = getattr(post, "advice", None)
    found = {"thread": thread_view(world, viewer, post.thread, view["label_shown"]),
             "focus": post.key, "author": _person(post.author),
             "on_behalf_of": _person(post.on_behalf_of) if post.on_behalf_of else None,
             "approved_by": post.approved_by.shown_name if post.approved_by else None,
             "provenance": post.provenance}
    if advice is not None:
        grantee = advice.grantee_label
        found["advice"] = {"summary": advice.summary, "action": advice.action,
                           "permission": advice.permission, "grantee": grantee,
                           "is_safe": advice.is_safe}
        found["resource"] = resource_facts(advice.resource)
        found["grantee"] = grantee_facts(grantee, advice.resource)
    return found


def _resource_situation(world, viewer, resource, view) -> dict:
    """An alert, or what a monitor noticed: the dataset's facts, the grant it names, and
    the post it names, in its thread, if the viewer may see it."""
    found = {"resource": resource_facts(resource)}
    grantee = view["context"].get("grantee")
    if grantee:
        found["grantee"] = grantee_facts(grantee, resource)
    found.update(_named_post(world, viewer, view["context"].get("post"), view))
    return found


def _agent_situation(world, viewer, agent, view) -> dict:
    """The agent an incident traces back to: who it is, what it did (the context says), the
    dataset concerned, and its post if the viewer may see it."""
    context = view["context"]
    found = {"agent": _person(agent), "who": _names(
        context, ("on_behalf_of", "approved_by", "followed_by"))}
    resource = Resource.objects.filter(slug=context.get("resource") or "").first()
    if resource is not None:
        found["resource"] = resource_facts(resource)
    found.update(_named_post(world, viewer, context.get("post"), view))
    return found


def _named_post(world, viewer, key, view) -> dict:
    post = Post.objects.filter(key=key).select_related("thread").first() if key else None
    if post is None or not permissions.can_see_post(viewer, post):
        return {}
    return {"thread": thread_view(world, viewer, post.thread, view["label_shown"]),
            "focus": post.key}


def _names(context: dict, keys) -> dict:
    """{key: shown name} for the people the context names under `keys`."""
    wanted = {key: context[key] for key in keys if context.get(key)}
    shown = dict(Principal.objects.filter(username__in=sorted(set(wanted.values())))
                 .values_list("username", "display_name"))
    return {key: shown.get(name) or name for key, name in wanted.items()}


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
