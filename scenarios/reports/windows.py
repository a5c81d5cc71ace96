"""The exposure windows as reports list them: `grouped` (the default), one row for the
principals whose windows are the same (a crowd given one grant: one row, not 100,000), or
`all`, one row per principal and window.

JSON always carries the groups (`exposure.window_groups`). Grouped, it also keeps
`exposure.windows`, the key the command-line contract promises, while there are at most
LISTED_IN_FULL of them; past that it leaves them out and says how many
(`exposure.windows_left_out`), and `--windows all` lists them."""

from scenarios.metrics.exposure import window_groups as group_windows

from .wording import clock, window_end

LISTINGS = ("grouped", "all")
LISTED_IN_FULL = 1_000  # windows a grouped JSON report still lists one by one
LISTING_HELP = (
    "grouped (default): one row for the principals whose exposure windows are the same "
    f"(JSON also lists exposure.windows while there are at most {LISTED_IN_FULL:,}); "
    "all: one row per principal and window")


def check_listing(listing: str) -> str:
    if listing not in LISTINGS:
        raise ValueError(f"unknown windows listing {listing!r}; choose one of "
                         f"{', '.join(LISTINGS)}")
    return listing


def window_groups(report: dict) -> list[dict]:
    exposure = report["exposure"]
    if "window_groups" in exposure:
        return exposure["window_groups"]
    return group_windows(exposure["windows"])  # a run stored before windows were grouped


def as_listed(report: dict, listing: str) -> dict:
    """`report` as the JSON of `listing` gives it: with its window groups, and with every
    window unless grouping leaves out more than LISTED_IN_FULL of them."""
    exposure = {**report["exposure"], "window_groups": window_groups(report)}
    windows = exposure["windows"]
    if check_listing(listing) == "grouped" and len(windows) > LISTED_IN_FULL:
        del exposure["windows"]
        exposure["windows_left_out"] = len(windows)
    return {**report, "exposure": exposure}


def listed_windows(report: dict, listing: str) -> list[dict]:
    """The window rows as `listing` asks: exposure.windows, or the groups."""
    if check_listing(listing) == "all":
        return report["exposure"]["windows"]
    return window_groups(report)


def windows_shown(report: dict, listing: str) -> list[dict]:
    """listed_windows, each with `who`: its principal, or the group's names and how many
    more (a page's table)."""
    rows = listed_windows(report, listing)
    if listing == "all":
        return [{**row, "who": row["principal"]} for row in rows]
    return [{**row, "who": named(row)} for row in rows]


def window_table(report: dict, listing: str) -> tuple[tuple, list[tuple]]:
    """The header and rows of the windows table: resource, principal(s), start, end,
    minutes."""
    who = "principal" if listing == "all" else "principals"
    return (("resource", who, "start", "end", "minutes"),
            [(w["resource"], w["who"], *_span(w)) for w in windows_shown(report, listing)])


def named(group: dict) -> str:
    """`alice, bob, carol and 99,997 more`."""
    more = group["principals"] - len(group["names"])
    return ", ".join(group["names"]) + (f" and {more:,} more" if more > 0 else "")


def _span(window: dict) -> tuple:
    return clock(window["start"]), window_end(window), f"{window['duration_minutes']:g}"
