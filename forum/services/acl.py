"""Changing the effective ACL: grants, revocations, and the review queue guardrails can demand."""

from datetime import datetime, timedelta

from .. import clock, compiled, guardrails, permissions
from ..errors import AccessDenied, GuardrailRefused, InvalidAction
from ..models import AclChange, Grant, Group, Permission, Principal, Resource, grantee_label
from ..vocabulary import Verb
from .events import atomic, record, refuse, target_of


def create_grant(
    resource: Resource,
    *,
    group=None,
    principal=None,
    permission=Permission.READ,
    actor: Principal | None = None,
    approved_by: Principal | None = None,
    cause=None,
    expires_in_minutes: float | None = None,
    details: dict | None = None,
) -> Grant:
    """Create one grant and its `grant.created` event. The caller holds the transaction."""
    now, now_t = clock.now(), clock.minutes()
    expires_at = now + timedelta(minutes=expires_in_minutes) if expires_in_minutes else None
    expires_t = now_t + expires_in_minutes if expires_in_minutes and now_t is not None else None
    event = record(
        Verb.GRANT_CREATED,
        target_of(resource),
        actor=actor,
        approved_by=approved_by,
        cause=cause,
        payload={
            "grantee": grantee_label(group=group, principal=principal),
            "permission": permission,
            "expires_at": expires_at.isoformat() if expires_at else None,
            "expires_t": expires_t,
            **(details or {}),
        },
    )
    return compiled.create(
        Grant,
        resource=resource,
        group=group,
        principal=principal,
        permission=permission,
        created_by_event=event,
        created_at=now,
        expires_at=expires_at,
    )


def _revoke(resource, *, group, principal, permission, actor, approved_by, cause, details):
    revoked = _grants_in_force(resource, group, principal, permission)
    event = record(
        Verb.GRANT_REVOKED,
        target_of(resource),
        actor=actor,
        approved_by=approved_by,
        cause=cause,
        payload={
            "grantee": grantee_label(group=group, principal=principal),
            "permission": permission,
            "revoked": len(revoked),
            **details,
        },
    )
    if revoked:
        Grant.objects.filter(pk__in=revoked).update(revoked_at=clock.now(),
                                                    revoked_by_event=event)
    return event


def _grants_in_force(resource, group, principal, permission) -> list[int]:
    """The ids of the grants in force now of `permission` on `resource` to exactly this
    grantee (a group or a principal: each asked by a statement compiled once)."""
    if principal is None and group is not None:
        rows = _IN_FORCE_TO_GROUP.rows(resource, group, str(permission), clock.now())
    elif group is None and principal is not None:
        rows = _IN_FORCE_TO_PRINCIPAL.rows(resource, principal, str(permission), clock.now())
    else:
        rows = permissions.active_grants().filter(
            resource=resource, group=group, principal=principal, permission=permission
        ).values_list("id")
    return [pk for (pk,) in rows]


_IN_FORCE_TO_GROUP = compiled.Query(lambda resource, group, permission, at: (
    permissions.active_grants(at).filter(resource=resource, group=group, principal=None,
                                         permission=permission).values_list("id")),
    Resource, Group, str, datetime)
_IN_FORCE_TO_PRINCIPAL = compiled.Query(lambda resource, principal, permission, at: (
    permissions.active_grants(at).filter(resource=resource, group=None, principal=principal,
                                         permission=permission).values_list("id")),
    Resource, Principal, str, datetime)


def change_access(
    actor: Principal,
    resource: Resource,
    *,
    action: str,
    group=None,
    principal=None,
    permission: str = Permission.READ,
    advice_post=None,
    cause=None,
):
    """Grant or revoke access as `actor`, subject to the ACL and the guardrails in force.

    Returns the Grant, the revocation Event, or the AclChange waiting for review.
    """
    grantee = grantee_label(group=group, principal=principal)
    contradicts = action == "grant" and permissions.contradicts_policy(
        resource, group=group, principal=principal
    )
    details = {
        "action": action,
        "grantee": grantee,
        "permission": permission,
        "advice": advice_post.key if advice_post else None,
        "contradicts_policy": contradicts,
    }
    target = target_of(resource)
    if action not in ("grant", "revoke"):
        refuse(InvalidAction(f"unknown ACL action {action!r}", target=target), Verb.ACL_REFUSED,
               actor=actor, cause=cause, payload=details)
    if not permissions.can_change_acl(actor, resource):
        refuse(
            AccessDenied(f"{actor} may not change access to {resource.slug}", target=target),
            Verb.ACL_REFUSED, actor=actor, cause=cause, payload=details,
        )
    verdict = guardrails.judge_acl_change(
        guardrails.in_force(),
        guardrails.AclChangeRequest(action, resource.slug, grantee, permission, contradicts,
                                    actor.username, by_agent=actor.is_agent),
    )
    if verdict.outcome == guardrails.REFUSE:
        error = GuardrailRefused(verdict.reason, target=target, guardrail=verdict.guardrail)
        refuse(error, Verb.ACL_REFUSED, actor=actor, cause=cause,
               payload={**details, "guardrail": verdict.guardrail})
    with atomic():
        if verdict.outcome == guardrails.REVIEW:
            event = record(Verb.ACL_REVIEW_REQUESTED, target, actor=actor, cause=cause,
                           payload={**details, "guardrail": verdict.guardrail})
            return AclChange.objects.create(
                resource=resource, action=action, group=group, principal=principal,
                permission=permission, requested_by=actor, requested_event=event,
                advice_post=advice_post, contradicts_policy=contradicts,
            )
        return _apply(resource, action, group, principal, permission, actor, None, cause,
                      details, verdict.expires_in_minutes)


def _apply(resource, action, group, principal, permission, actor, approved_by, cause, details,
           expires_in_minutes):
    if action == "grant":
        return create_grant(
            resource, group=group, principal=principal, permission=permission, actor=actor,
            approved_by=approved_by, cause=cause, expires_in_minutes=expires_in_minutes,
            details=details,
        )
    return _revoke(resource, group=group, principal=principal, permission=permission,
                   actor=actor, approved_by=approved_by, cause=cause, details=details)


def review_acl_change(reviewer: Principal, change: AclChange, *, approve: bool):
    """A second person with admin rights approves (applies) or rejects a pending change."""
    target = target_of(change)
    cause = change.requested_event
    if change.status != AclChange.Status.PENDING:
        refuse(InvalidAction(f"change {change.pk} is already {change.status}", target=target),
               Verb.ACL_REVIEW_REFUSED, actor=reviewer, cause=cause)
    if reviewer.pk == change.requested_by_id:
        refuse(AccessDenied("a change cannot be reviewed by the person who asked for it",
                            target=target), Verb.ACL_REVIEW_REFUSED, actor=reviewer, cause=cause)
    if not permissions.can_change_acl(reviewer, change.resource):
        refuse(AccessDenied(f"{reviewer} may not change access to {change.resource.slug}",
                            target=target), Verb.ACL_REVIEW_REFUSED, actor=reviewer, cause=cause)
    details = dict(cause.payload, change=change.pk)
    details.pop("guardrail", None)
    with atomic():
        if not approve:
            change.status = AclChange.Status.REJECTED
            change.save(update_fields=["status"])
            return record(Verb.ACL_REVIEW_REJECTED, target, actor=reviewer, cause=cause,
                          payload=details)
        change.status = AclChange.Status.APPROVED
        change.save(update_fields=["status"])
        verdict = guardrails.judge_acl_change(guardrails.in_force(), guardrails.AclChangeRequest(
            change.action, change.resource.slug, details["grantee"], change.permission,
            change.contradicts_policy, change.requested_by.username,
            by_agent=change.requested_by.is_agent,
        ))
        return _apply(change.resource, change.action, change.group, change.principal,
                      change.permission, change.requested_by, reviewer, cause, details,
                      verdict.expires_in_minutes)
