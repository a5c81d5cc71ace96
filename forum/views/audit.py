"""Audit log pages. Each lists only the events forum.permissions.visible_events lets the
viewer see, so a log never shows more than the pages of the things it is about."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from .. import permissions, services
from ..models import Event
from ..vocabulary import ACL_CHANGE, POST, target
from .base import visible_thread_or_404
from .resources import readable_resource_or_404

EVENT_RELATED = ("actor", "on_behalf_of", "approved_by")


def events_about(viewer, targets: list[str]):
    events = Event.objects.filter(target__in=targets)
    return (permissions.visible_events(viewer, events).select_related(*EVENT_RELATED)
            .order_by("id"))


@login_required
def thread_log(request, key):
    thread = visible_thread_or_404(request.user, key)
    posts = thread.posts.values_list("key", flat=True)
    targets = [services.target_of(thread)] + [target(POST, post) for post in posts]
    return render(request, "forum/audit.html", {
        "subject": f"thread “{thread.title}”",
        "back_url": reverse("forum:thread", args=[thread.key]),
        "events": events_about(request.user, targets),
    })


@login_required
def resource_log(request, slug):
    resource = readable_resource_or_404(request.user, slug)
    if not permissions.can_view_audit_log(request.user, resource):
        raise PermissionDenied("Only the resource's administrators may see its audit log.")
    changes = resource.acl_changes.values_list("pk", flat=True)
    targets = [services.target_of(resource)] + [target(ACL_CHANGE, pk) for pk in changes]
    return render(request, "forum/audit.html", {
        "subject": f"resource “{resource.name}”",
        "back_url": reverse("forum:resource", args=[resource.slug]),
        "events": events_about(request.user, targets),
    })
