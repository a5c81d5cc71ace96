from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import guardrails, permissions, services
from ..forms import HideForm, ReplyForm
from ..models import AclChange, Advice, Post
from .base import reported, visible_post_or_404, visible_thread_or_404


@dataclass
class PostView:
    """A post as one reader sees it: what they may do with it is decided here, once."""

    post: Post
    advice: Advice | None
    ai_badge: bool
    can_approve: bool
    can_follow: bool
    can_hide: bool


def thread_posts(user, thread) -> list[PostView]:
    """The thread's posts this user may see, read through the service layer (so a
    person's read is logged like an agent's), in a constant number of queries."""
    posts = services.read_thread(user, thread)
    label_shown = guardrails.in_force()["ai.label_shown"]
    administered = dict(permissions.administered_resources(user).values_list("pk", "slug"))
    slugs = set(administered.values())
    followed = permissions.followed_posts(user, thread.posts.all())
    followed_ids = set(followed.values_list("pk", flat=True))
    views = []
    for post in posts:
        advice = getattr(post, "advice", None)
        views.append(PostView(
            post=post,
            advice=advice,
            ai_badge=post.is_ai and label_shown,
            can_approve=permissions.can_approve_post(user, post),
            can_follow=(advice is not None and advice.resource_id in administered
                        and post.pk not in followed_ids),
            can_hide=permissions.can_hide_post(user, post, administered=slugs),
        ))
    return views


@login_required
def thread_detail(request, key):
    thread = visible_thread_or_404(request.user, key)
    return _render_thread(request, thread, ReplyForm())


def _render_thread(request, thread, form, status=200):
    return render(request, "forum/thread.html", {
        "thread": thread,
        "posts": thread_posts(request.user, thread),
        "form": form,
        "can_reply": permissions.can_post_in_space(request.user, thread.space),
    }, status=status)


@login_required
@require_POST
def reply(request, key):
    thread = visible_thread_or_404(request.user, key)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _render_thread(request, thread, form, status=400)
    with reported(request):
        services.reply(request.user, thread, body=form.cleaned_data["body"])
        messages.success(request, "Your reply is posted.")
    return redirect("forum:thread", key=thread.key)


@login_required
@require_POST
def approve(request, key):
    post = visible_post_or_404(request.user, key)
    with reported(request):
        services.approve_post(request.user, post)
        messages.success(request, "You approved the draft; it is now published.")
    return redirect("forum:thread", key=post.thread.key)


@login_required
@require_POST
def reject(request, key):
    post = visible_post_or_404(request.user, key)
    with reported(request):
        services.reject_post(request.user, post)
        messages.success(request, "You rejected the draft; no one else will see it.")
    return redirect("forum:thread", key=post.thread.key)


@login_required
@require_POST
def hide(request, key):
    post = visible_post_or_404(request.user, key)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return _render_thread(request, post.thread, ReplyForm(), status=400)
    with reported(request):
        services.hide_post(request.user, post, reason=form.cleaned_data["reason"])
        messages.success(request, "You hid the post; no one can see it any more.")
    return redirect("forum:thread", key=post.thread.key)


@login_required
@require_POST
def follow(request, key):
    post = visible_post_or_404(request.user, key)
    with reported(request):
        outcome = services.follow_advice(request.user, post)
        messages.success(request, _follow_message(outcome))
    return redirect("forum:thread", key=post.thread.key)


def _follow_message(outcome) -> str:
    if isinstance(outcome, AclChange):
        return "The access change was sent for review; nothing changes until a reviewer approves."
    return "The advice was carried out: the resource's access has changed."
