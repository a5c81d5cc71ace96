from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import permissions, services
from ..errors import AccessDenied
from ..forms import AccessChangeForm
from ..models import AclChange, Resource
from .base import reported

READ_PURPOSE = "web: resource page"


def readable_resource_or_404(user, slug: str) -> Resource:
    try:
        return permissions.readable_resources(user).get(slug=slug)
    except Resource.DoesNotExist:
        raise Http404("No such resource") from None


@login_required
def resource_list(request):
    resources = permissions.readable_resources(request.user)
    return render(request, "forum/resource_list.html", {"resources": resources})


@login_required
def resource_detail(request, slug):
    # The read goes through the service even for people without access, so that a
    # refused attempt is logged; they get the same 404 as for a resource that does not exist.
    resource = get_object_or_404(Resource, slug=slug)
    try:
        records = services.read_resource(request.user, resource, purpose=READ_PURPOSE)
    except AccessDenied:
        raise Http404("No such resource") from None
    return _render_resource(request, resource, records, AccessChangeForm())


def _render_resource(request, resource, records, form, status=200):
    columns = list(records[0].data) if records else []
    context = {
        "resource": resource,
        "columns": columns,
        "rows": [[record.data.get(column) for column in columns] for record in records],
        "intended_groups": resource.intended_groups.all(),
        "intended_principals": resource.intended_principals.all(),
        "is_admin": permissions.can_change_acl(request.user, resource),
        "form": form,
    }
    if context["is_admin"]:
        context.update(_admin_context(resource))
    return render(request, "forum/resource.html", context, status=status)


def _admin_context(resource) -> dict:
    grants = permissions.active_grants().filter(resource=resource)
    return {
        "grants": grants.select_related("group", "principal"),
        "pending": resource.acl_changes.filter(status=AclChange.Status.PENDING)
        .select_related("group", "principal", "requested_by", "advice_post"),
        "exposed": permissions.exposed_readers(resource),
    }


@login_required
@require_POST
def change_access(request, slug):
    resource = readable_resource_or_404(request.user, slug)
    form = AccessChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an action, a grantee and a permission.")
        return redirect("forum:resource", slug=resource.slug)
    with reported(request):
        outcome = services.change_access(
            request.user, resource, action=form.cleaned_data["action"],
            permission=form.cleaned_data["permission"], **form.grantee_kwargs())
        messages.success(request, _change_message(outcome))
    return redirect("forum:resource", slug=resource.slug)


def _change_message(outcome) -> str:
    if isinstance(outcome, AclChange):
        return "The change was sent for review by another administrator."
    return "Access changed."


@login_required
@require_POST
def review_change(request, pk):
    change = get_object_or_404(
        AclChange.objects.select_related("resource", "requested_event"),
        pk=pk, resource__in=permissions.readable_resources(request.user),
    )
    approve = request.POST.get("decision") == "approve"
    with reported(request):
        services.review_acl_change(request.user, change, approve=approve)
        messages.success(request, "Change approved." if approve else "Change rejected.")
    return redirect("forum:resource", slug=change.resource.slug)
