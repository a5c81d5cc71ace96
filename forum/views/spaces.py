from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import permissions, services
from ..forms import QuestionForm
from ..models import Post
from .base import reported, visible_space_or_404


@login_required
def space_detail(request, slug):
    space = visible_space_or_404(request.user, slug)
    return _render_space(request, space, QuestionForm())


def _render_space(request, space, form, status=200):
    published = Q(posts__status=Post.Status.PUBLISHED)
    threads = permissions.visible_threads(request.user).filter(space=space).select_related(
        "author").annotate(post_count=Count("posts", filter=published))
    return render(request, "forum/space.html", {
        "space": space,
        "threads": threads,
        "form": form,
        "can_post": permissions.can_post_in_space(request.user, space),
    }, status=status)


@login_required
@require_POST
def ask(request, slug):
    space = visible_space_or_404(request.user, slug)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _render_space(request, space, form, status=400)
    with reported(request):
        thread = services.post_question(request.user, space, **form.cleaned_data)
        messages.success(request, "Your question is posted.")
        return redirect("forum:thread", key=thread.key)
    return redirect("forum:space", slug=space.slug)
