"""What every forum view shares: finding what the user may see, and reporting domain errors."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .. import permissions
from ..errors import AccessDenied, ForumError
from ..models import Post, Space, Thread


def visible_space_or_404(user, slug: str) -> Space:
    try:
        return permissions.visible_spaces(user).get(slug=slug)
    except Space.DoesNotExist:
        raise Http404("No such space") from None


def visible_thread_or_404(user, key: str) -> Thread:
    try:
        return permissions.visible_threads(user).select_related("space", "author").get(key=key)
    except Thread.DoesNotExist:
        raise Http404("No such thread") from None


def visible_post_or_404(user, key: str) -> Post:
    posts = permissions.visible_posts(user).select_related("thread", "thread__space")
    try:
        return posts.get(key=key)
    except Post.DoesNotExist:
        raise Http404("No such post") from None


@contextmanager
def reported(request):
    """Turn the service layer's typed errors into answers a person can read.

    AccessDenied becomes a 403; anything else the forum refuses (a guardrail, an action that
    makes no sense now) becomes a message on the page the user is sent back to.
    """
    try:
        yield
    except AccessDenied as error:
        raise PermissionDenied(error.message) from error
    except ForumError as error:
        messages.error(request, error.message)
