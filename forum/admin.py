"""The admin is a read-only window on the forum: writes here would bypass forum.services,
so no one, not even a superuser, may add, change or delete through it.

It shows metadata only. What carries protected content (records, post bodies, thread
titles, advice, event payloads, which copy records and drafts) is neither shown, listed
nor searchable here: reading it through the admin would write no `resource.read` and skip
the ACL. Staff read content through the forum's pages, which ask forum.permissions and log
the read. Records are not registered at all.
"""

from django.contrib import admin

from .models import (
    AclChange, Advice, Event, Grant, Group, GuardrailSetting, Post, Principal, Resource, Space,
    Thread,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Staff may look; nobody may write. Viewing needs only `is_staff`, so the demo's admin
    account can be created through the service layer without model permissions."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("id", "at", "t", "actor", "on_behalf_of", "verb", "target", "approved_by",
                    "cause")
    list_filter = ("verb", "actor__kind")
    search_fields = ("verb", "target", "actor__username", "on_behalf_of__username")
    list_select_related = ("actor", "on_behalf_of", "approved_by", "cause")
    date_hierarchy = "at"
    exclude = ("payload",)  # tool results, requests and advice copy records and drafts


@admin.register(Principal)
class PrincipalAdmin(ReadOnlyAdmin):
    list_display = ("username", "display_name", "kind", "role", "is_staff")
    list_filter = ("kind", "member_of")
    search_fields = ("username", "display_name")
    exclude = ("password",)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name")
    search_fields = ("slug", "name")


@admin.register(Space)
class SpaceAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name")


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ("key", "space", "author", "created_at")
    list_filter = ("space",)
    list_select_related = ("space", "author")
    exclude = ("title",)  # an agent's draft thread shows no one its title until approved


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("key", "author", "on_behalf_of", "provenance", "status", "approved_by",
                    "created_at")
    list_filter = ("provenance", "status")
    list_select_related = ("author", "on_behalf_of", "approved_by")
    exclude = ("body",)


@admin.register(Advice)
class AdviceAdmin(ReadOnlyAdmin):
    list_display = ("post", "action", "resource", "grantee_label", "permission", "is_safe")
    list_filter = ("action", "is_safe")
    list_select_related = ("post", "resource", "group", "principal")
    exclude = ("summary",)  # part of the post, a draft's as well


@admin.register(Resource)
class ResourceAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name", "classification", "record_count")
    list_filter = ("classification",)


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ("resource", "grantee_label", "permission", "created_at", "expires_at",
                    "revoked_at")
    list_filter = ("resource", "permission")
    list_select_related = ("resource", "group", "principal")


@admin.register(AclChange)
class AclChangeAdmin(ReadOnlyAdmin):
    list_display = ("id", "resource", "action", "permission", "requested_by", "status",
                    "contradicts_policy")
    list_filter = ("status", "action")
    list_select_related = ("resource", "requested_by")


@admin.register(GuardrailSetting)
class GuardrailSettingAdmin(ReadOnlyAdmin):
    list_display = ("key", "value")
