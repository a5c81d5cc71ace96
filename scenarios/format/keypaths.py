"""Key paths: a value of a scenario named by its keys, dotted (`actors.helper.accuracy`;
list items by index: `org.crowds.0.count`). The one way a value is named outside its file:
`sensitivity --param PATH=LOW:HIGH` and the `sources:` notes (parameters.py) both use it."""

from forum.guardrails.contract import shown


class KeyPathError(ValueError):
    """A key path that is malformed or leads nowhere; the message says where it stops."""


def parse_key_path(text: str) -> tuple:
    """`a.b.0.c` → ("a", "b", 0, "c")."""
    parts = text.split(".")
    if any(not p for p in parts):
        raise KeyPathError("an empty part in the key path")
    return tuple(int(p) if p.isdigit() else p for p in parts)


def key_path_text(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def value_at(data, path: tuple):
    """The value at `path`, or None when only its last key is absent (left to its default:
    the scenario format decides whether such a key exists)."""
    node = data
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif last and isinstance(node, dict):
            return None
        else:
            where = key_path_text(path[:depth]) or "the top level"
            known = ", ".join(str(k) for k in node) if isinstance(node, dict) else \
                f"items 0 to {len(node) - 1}" if isinstance(node, list) else "nothing"
            raise KeyPathError(f"has no key {shown(str(part))} under {where} "
                               f"(there: {known[:200]})")
    return node
