"""The forum as the public sees it, for the room view.

Every thread of the scenario's spaces with the posts any reader of the space sees:
published ones only — never a draft, a private analysis, a rejected or a hidden post —
with an AI badge only where the forum shows one. Built inside the replay's sandbox (the
`observe` hook), like a role's situation, and returned as plain data.
"""

from forum.models import Post, Principal, Thread

from .situation import thread_view

MAX_THREADS = 12  # the most recently opened: what a projector can show
MAX_POSTS = 20  # per thread, the latest


def public_forum(world) -> dict:
    label_shown = bool(world.settings["ai.label_shown"])
    spaces = [space.slug for space in world.scenario.spaces]
    threads = []
    for thread in (Thread.objects.filter(space__slug__in=spaces)
                   .select_related("space", "author").order_by("-created_at", "key")):
        view = _public_thread(world, thread, label_shown)
        if view is not None:
            threads.append(view)
        if len(threads) == MAX_THREADS:
            break
    return {"label_shown": label_shown, "threads": threads}


def _public_thread(world, thread, label_shown: bool) -> dict | None:
    """The thread as one of its space's readers sees it, minus anything meant for that
    reader alone; None when the public sees none of it (a thread opened as a draft)."""
    reader = ordinary_reader(thread.space)
    if reader is None:
        return None
    view = thread_view(world, reader, thread, label_shown)
    posts = [post for post in view["posts"] if post["status"] == Post.Status.PUBLISHED]
    if not posts:
        return None
    view["earlier_posts"] = max(0, len(posts) - MAX_POSTS)
    view["posts"] = posts[-MAX_POSTS:]
    return view


def ordinary_reader(space) -> Principal | None:
    """A reader of the space, an employee when there is one, the same one every time."""
    readers = Principal.objects.filter(member_of__readable_spaces=space).distinct()
    return (readers.filter(kind=Principal.Kind.EMPLOYEE).order_by("username").first()
            or readers.order_by("username").first())
