"""Pydantic's validation errors, turned into (key path, message) pairs an author can act on."""

import difflib
import functools
import re
from typing import Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import schema
from .lines import MAX_KEY_SHOWN, resolve, shown_key

# A hostile file can hold 100,000 unknown keys; a list that long helps nobody, and each
# entry's did-you-mean costs a fuzzy match.
MAX_PROBLEMS = 100
_TAG_NAMES = {"behaviour": "behaviour", "do": "timeline action", "dist": "distribution"}
_PATTERNS = {
    schema.SLUG_PATTERN: "a slug (lowercase letters, digits, '-' and '_')",
    schema.USERNAME_PATTERN: "a username (letters, digits, '.', '-' and '_')",
}


def shape_problems(error: ValidationError, data) -> list[tuple[tuple, str]]:
    problems, seen = [], set()
    errors = error.errors()
    for number, problem in enumerate(errors):
        if len(problems) == MAX_PROBLEMS:
            problems.append(((), f"and {len(errors) - number:,} more problems of shape, not "
                                 "listed; fix these first"))
            break
        found = _explain(problem, resolve(data, problem["loc"]))
        if found not in seen:
            seen.add(found)
            problems.append(found)
    return problems


def _explain(problem: dict, path: tuple) -> tuple[tuple, str]:
    kind, ctx, given = problem["type"], problem.get("ctx") or {}, problem["input"]
    if kind == "missing":
        return path, "this key is required but missing"
    if kind == "extra_forbidden":
        return path, _unknown_key(path[-1] if path else "")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _tag_problem(kind, ctx, path)
    if kind == "string_pattern_mismatch":
        wanted = _PATTERNS.get(ctx.get("pattern"), f"text matching {ctx.get('pattern')}")
        return path, f"expected {wanted}, got {given!r}"
    message = problem["msg"].removeprefix("Value error, ")
    if kind.endswith(("_type", "_parsing", "literal_error")) or kind.startswith(
            ("greater_", "less_")):
        message += f", got {_shown(given)}"
    return path, message


def _tag_problem(kind, ctx, path) -> tuple[tuple, str]:
    key = ctx.get("discriminator", "").strip("'")
    expected = ", ".join(_tag_values(key))
    if kind == "union_tag_not_found":
        return path + (key,), f"this key is required but missing (one of {expected})"
    name = _TAG_NAMES.get(key, key)
    return path + (key,), f"unknown {name} {ctx.get('tag')!r}; expected one of {expected}"


def _tag_values(key: str) -> list[str]:
    values = []
    for model in _models():
        field = model.model_fields.get(key)
        if field is not None and get_origin(field.annotation) is Literal:
            values += [v for v in get_args(field.annotation) if v not in values]
    return values


def _unknown_key(key) -> str:
    message = f"unknown key {shown_key(key)!r}"
    close = (difflib.get_close_matches(str(key), _known_keys(), n=1, cutoff=0.75)
             if len(str(key)) <= MAX_KEY_SHOWN else [])
    if close:
        message += f" (did you mean {close[0]!r}?)"
    return message + "; docs/scenarios.md lists every key"


@functools.cache
def _known_keys() -> list[str]:
    return sorted({name for model in _models() for name in model.model_fields})


def _models() -> list[type[BaseModel]]:
    return [m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, BaseModel)]


def _shown(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else re.sub(r"\s+", " ", text[:57]) + "..."
