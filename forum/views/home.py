from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse

from .. import permissions
from ..models import Post

# The three things a visitor comes for, by URL name (the pages live in the apps above the
# forum; a URL name is not an import). Each one needs a signed-in user.
PATHS = (
    ("replay", "Replay an incident", "scenarios:runs",
     "Step through a stored run: the causal chain, the exposure windows, the forum and the "
     "ACL at any minute. make demo stores the reference incident."),
    ("tabletop", "Run a tabletop", "exercises:new_session",
     "A facilitator steps a table of people through an incident; each decides for a role, "
     "and the after-action report shows what their choices cost."),
    ("train", "Train", "exercises:training",
     "Play the employee who finds an AI-written answer on the forum, decide, and get a "
     "debrief."),
)


def home(request):
    """What Overstep is and the three paths for everyone; a signed-in user's spaces and
    queue below them."""
    user = request.user
    paths = [{"slug": slug, "title": title, "url": reverse(name), "text": text}
             for slug, title, name, text in PATHS]
    if not user.is_authenticated:
        return render(request, "forum/home.html", {"paths": paths})
    spaces = permissions.visible_spaces(user).annotate(thread_count=Count("threads", distinct=True))
    mine = permissions.visible_posts(user).filter(on_behalf_of=user).select_related(
        "thread", "author").order_by("-created_at")
    return render(request, "forum/home.html", {
        "paths": paths,
        "spaces": spaces,
        "drafts": mine.filter(status=Post.Status.DRAFT),
        "analyses": mine.filter(status=Post.Status.PRIVATE),
    })
