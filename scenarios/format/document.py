"""The YAML document under a scenario: its data, where each key is, and the problems that
YAML itself lets through (duplicate keys, keys that are not text)."""

from dataclasses import dataclass, field

import yaml

from .errors import ScenarioError, ScenarioIssue


_TEXT, _MERGE = "tag:yaml.org,2002:str", "tag:yaml.org,2002:merge"


@dataclass
class Document:
    data: dict
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[tuple[tuple, int, str]] = field(default_factory=list)


def read_document(text: str, file: str) -> Document:
    """Parse `text`; raise ScenarioError if it is not a YAML mapping at all."""
    document, root, loader = Document({}), None, None
    try:
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
        if root is not None:
            _walk(root, (), document)  # before constructing, which rewrites merge keys
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        raise ScenarioError([_syntax_issue(error, text, file)]) from None
    except (ValueError, TypeError, IndexError, OverflowError) as error:
        # PyYAML's constructors raise these for explicit tags such as `!!int abc`.
        line = _unconstructable_line(root)
        raise ScenarioError([ScenarioIssue(file, line, "", f"not valid YAML: cannot read a "
                                           f"tagged value ({error})")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        raise ScenarioError([ScenarioIssue(file, 1, "", "the file is empty (or only comments)")])
    if not isinstance(data, dict):
        raise ScenarioError([ScenarioIssue(
            file, 1, "", f"expected a mapping of scenario keys at the top level, got "
            f"{_kind(data)}")])
    document.data = data
    return document


def _walk(node, path: tuple, document: Document) -> None:
    document.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            child = path + (key_node.value,)
            line = key_node.start_mark.line + 1
            _check_key(key_node, child, line, seen, document)
            document.lines.setdefault(child, line)
            _walk(value_node, child, document)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _walk(item, path + (position,), document)


def _check_key(key_node, path, line, seen, document) -> None:
    if not isinstance(key_node, yaml.ScalarNode):
        document.problems.append((path[:-1], line, "a key must be plain text"))
    elif key_node.tag not in (_TEXT, _MERGE):
        document.problems.append((path, line, f"key {key_node.value!r} is read as "
                                 f"{key_node.tag.rsplit(':', 1)[-1]}, not text; quote it"))
    elif key_node.value in seen:
        document.problems.append((path, line, f"key {key_node.value!r} appears twice in this "
                                 "mapping (YAML would silently keep only the last one)"))
    else:
        seen.add(key_node.value)


def _syntax_issue(error: yaml.YAMLError, text: str, file: str) -> ScenarioIssue:
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        message = f"unacceptable character #x{error.character:04x} (is this a text file?)"
        return ScenarioIssue(file, line, "", message)
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if "'\\t'" in problem:
        problem += " (YAML indents with spaces, never tabs)"
    return ScenarioIssue(file, mark.line + 1 if mark else None, "", f"not valid YAML: {problem}")


def _unconstructable_line(node) -> int | None:
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node)
        except Exception:  # noqa: BLE001 -- whatever PyYAML raises, this is the culprit
            return node.start_mark.line + 1
        return None
    children = node.value if isinstance(node, yaml.SequenceNode) else [
        part for pair in (node.value if isinstance(node, yaml.MappingNode) else []) for part in pair]
    for child in children:
        line = _unconstructable_line(child)
        if line is not None:
            return line
    return None


def _kind(value) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number",
            bool: "true/false"}.get(type(value), type(value).__name__)
