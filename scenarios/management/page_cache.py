"""A finished command fills the web app's cache for the page that shows what it made (the
page's own function, so the same key and value), and the page's first view is warm. The
command's work is stored by then: a cache that cannot be filled costs a one-line warning,
never the command's success."""

import time

# Below this, filling the cache goes unmentioned: nobody waited for it.
NOTICEABLE_SECONDS = 1.0


def fill(page: str, make_page, stdout, stderr) -> None:
    """Call make_page() (which caches what it computes); say so on stdout if it took
    noticeable time, warn on stderr in one line if it failed."""
    started = time.perf_counter()
    try:
        make_page()
    except Exception as error:  # noqa: BLE001 — an unwritable cache dir, a full disk...
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        stderr.write(f"warning: the {page} page was not cached for the web app ({reason}); "
                     "its first view will compute it")
        return
    seconds = time.perf_counter() - started
    if seconds >= NOTICEABLE_SECONDS:
        stdout.write(f"{page} page cached for the web app ({seconds:.1f} s)")
