"""Reports: one metrics dict (see scenarios.metrics) rendered for a person or a program."""

import json

from .markdown import render_markdown
from .text import render_text
from .windows import LISTINGS, as_listed, check_listing

FORMATS = ("text", "json", "markdown")


def render_json(report: dict, windows: str = "grouped") -> str:
    return json.dumps(as_listed(report, windows), indent=2, sort_keys=True)


def render(report: dict, fmt: str = "text", windows: str = "grouped") -> str:
    """`windows`: `grouped` (one row for the principals whose windows are the same) or
    `all` (one per principal and window; in JSON, `exposure.windows`)."""
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[fmt](report, check_listing(windows))


__all__ = ["FORMATS", "LISTINGS", "render"]
