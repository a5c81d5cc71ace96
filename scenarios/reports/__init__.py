"""Reports: one metrics dict (see scenarios.metrics) rendered for a person or a program."""

import json

from .markdown import render_markdown
from .text import render_text

FORMATS = ("text", "json", "markdown")


def render_json(report: dict) -> str:
    return json.dumps(report, indent=2, sort_keys=True)


def render(report: dict, fmt: str = "text") -> str:
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[fmt](report)


__all__ = ["FORMATS", "render"]
