"""From a validator's location to the key path and line an author can find in the file."""

# The keys that pick a model out of a union (behaviour of an actor, `do` of a timeline
# entry, `dist` of a delay). Pydantic puts their value into error locations.
DISCRIMINATORS = ("behaviour", "do", "dist", "kind")
MAX_KEY_SHOWN = 64


def resolve(data, loc: tuple) -> tuple:
    """The part of a validator's location that exists in the data.

    Pydantic adds union tags and validator names to locations; they are not keys of the
    document, so they are dropped. A missing key keeps its name (it is what is missing).
    """
    path, current = [], data
    for part in loc:
        if _is_noise(part) or _is_tag(current, part):
            continue
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str):
            path.append(part)
            break
        else:
            break
        path.append(part)
    return tuple(path)


def _is_noise(part) -> bool:
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _is_tag(current, part) -> bool:
    return (isinstance(current, dict) and part not in current
            and any(current.get(key) == part for key in DISCRIMINATORS))


def line_of(index: dict, path: tuple) -> int | None:
    """The line of `path`, or of its nearest ancestor present in the file."""
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return index.get(())


def dotted(path: tuple) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{shown_key(part)}" if text else shown_key(part)
    return text


def shown_key(key) -> str:
    """A key as shown in a key path: a hostile file's megabyte-long key is cut."""
    text = str(key)
    if len(text) <= MAX_KEY_SHOWN:
        return text
    return f"{text[:MAX_KEY_SHOWN]}…({len(text):,} characters)"
