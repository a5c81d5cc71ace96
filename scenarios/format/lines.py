"""Where each key of a YAML document is, so every error can name its line."""

import yaml


def line_index(text: str) -> dict[tuple, int]:
    """Map each key path, like ('actors', 'helper', 'think'), to its 1-based line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    index: dict[tuple, int] = {}
    if root is not None:
        _walk(root, (), index)
    return index


def _walk(node, path: tuple, index: dict) -> None:
    index.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = path + (key_node.value,)
            index[child] = key_node.start_mark.line + 1
            _walk(value_node, child, index)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _walk(item, path + (position,), index)


def resolve(data, loc: tuple) -> tuple:
    """The part of a validator's location that exists in the data.

    Pydantic adds union tags and validator names to locations; they are not keys of the
    document, so they are dropped. A missing key keeps its name (it is what is missing).
    """
    path, current = [], data
    for part in loc:
        if isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        if isinstance(current, dict) and part in current:
            current = current[part]
            path.append(part)
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
            path.append(part)
        elif isinstance(current, dict) and isinstance(part, str) and part not in _tags(current):
            path.append(part)
            break
    return tuple(path)


def _tags(mapping: dict) -> set:
    return {str(v) for v in mapping.values() if isinstance(v, (str, int, float))}


def line_of(index: dict, path: tuple) -> int | None:
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return index.get(())


def dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
