"""Hiding posts: how an exposure through content is contained."""

from .. import clock, permissions
from ..errors import AccessDenied, InvalidAction
from ..models import Post, Principal
from ..vocabulary import Verb
from .events import atomic, record, refuse, target_of
from .posts import quote_payload


def hide_post(moderator: Principal, post: Post, *, reason: str = "", cause=None) -> Post:
    """Take a post away from every reader. The post and its event stay: the log keeps what
    was shown, and for how long."""
    target = target_of(post)
    if not permissions.can_hide_post(moderator, post):
        refuse(AccessDenied(f"{moderator} may not hide {post.key}", target=target),
               Verb.POST_HIDE_REFUSED, actor=moderator, cause=cause)
    # The caller's copy may be stale: someone else may have hidden it meanwhile.
    post.refresh_from_db(fields=["status"])
    if post.status == Post.Status.HIDDEN:
        refuse(InvalidAction(f"{post.key} is already hidden", target=target),
               Verb.POST_HIDE_REFUSED, actor=moderator, cause=cause)
    with atomic():
        was = post.status
        post.status, post.hidden_by, post.hidden_at = Post.Status.HIDDEN, moderator, clock.now()
        post.save(update_fields=["status", "hidden_by", "hidden_at"])
        record(Verb.POST_HIDDEN, target, actor=moderator, cause=cause,
               payload={"thread": post.thread.key, "author": post.author.username,
                        "reason": reason, "was": was, **quote_payload(post)})
    return post
