from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from .. import permissions
from ..models import Post


@login_required
def home(request):
    user = request.user
    spaces = permissions.visible_spaces(user).annotate(thread_count=Count("threads", distinct=True))
    mine = permissions.visible_posts(user).filter(on_behalf_of=user).select_related(
        "thread", "author").order_by("-created_at")
    return render(request, "forum/home.html", {
        "spaces": spaces,
        "drafts": mine.filter(status=Post.Status.DRAFT),
        "analyses": mine.filter(status=Post.Status.PRIVATE),
    })
