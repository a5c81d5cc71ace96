"""The YAML document under a scenario: its data, where each key is, and the problems that
YAML itself lets through (duplicate keys, keys that are not text).

The text is size-checked before parsing and composed by a loader that refuses, as it reads,
documents too deep, too large or too aliased (scenarios.format.bounded_yaml), so what is
walked and constructed here is bounded."""

from dataclasses import dataclass, field

import yaml

from .bounded_yaml import BoundedLoader, YamlLimitExceeded
from .errors import ScenarioError, ScenarioIssue
from .limits import MAX_SCENARIO_BYTES
from .lines import dotted, shown_key


_TEXT, _MERGE = "tag:yaml.org,2002:str", "tag:yaml.org,2002:merge"
_NOT_TEXT = "a key must be plain text"


@dataclass
class Document:
    data: dict
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[tuple[tuple, int, str]] = field(default_factory=list)


def read_document(text: str, file: str) -> Document:
    """Parse `text`; raise ScenarioError if it is not a YAML mapping at all."""
    _check_size(text, file)
    document, root, loader = Document({}), None, None
    try:
        loader = BoundedLoader(text)
        root = loader.get_single_node()
        if root is not None:
            _walk(root, document)  # before constructing, which rewrites merge keys
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        raise ScenarioError([_syntax_issue(error, text, file)]) from None
    except (ValueError, TypeError, IndexError, OverflowError) as error:
        # PyYAML's constructors raise these for explicit tags such as `!!int abc`, and for
        # a list or mapping used as a key.
        raise ScenarioError(_key_issues(document, file) or [ScenarioIssue(
            file, _unconstructable_line(root), "", f"not valid YAML: cannot read a tagged "
            f"value ({error})")]) from None
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


def _check_size(text: str, file: str) -> None:
    # A character is at least one byte: only a text short enough in characters is encoded.
    if len(text) > MAX_SCENARIO_BYTES or len(text.encode("utf-8")) > MAX_SCENARIO_BYTES:
        raise ScenarioError([ScenarioIssue(file, None, "", f"the scenario is larger than "
                                           f"{MAX_SCENARIO_BYTES:,} bytes, the most accepted")])


def _walk(root, document: Document) -> None:
    """Record the line of every key path, in document order, and the problems of keys."""
    pending = [(root, ())]
    while pending:
        node, path = pending.pop()
        document.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            children, seen = [], set()
            for key_node, value_node in node.value:
                child = path + (key_node.value,)
                line = key_node.start_mark.line + 1
                _check_key(key_node, child, line, seen, document)
                document.lines.setdefault(child, line)
                children.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, path + (i,)) for i, item in enumerate(node.value)]
        else:
            children = []
        pending.extend(reversed(children))


def _key_issues(document: Document, file: str) -> list[ScenarioIssue]:
    return [ScenarioIssue(file, line, dotted(path), message)
            for path, line, message in document.problems if message == _NOT_TEXT]


def _check_key(key_node, path, line, seen, document) -> None:
    if not isinstance(key_node, yaml.ScalarNode):
        document.problems.append((path[:-1], line, _NOT_TEXT))
    elif key_node.tag not in (_TEXT, _MERGE):
        document.problems.append((path, line, f"key {shown_key(key_node.value)!r} is read "
                                 f"as {key_node.tag.rsplit(':', 1)[-1]}, not text; quote it"))
    elif key_node.value in seen:
        document.problems.append((path, line, f"key {shown_key(key_node.value)!r} appears "
                                 "twice in this mapping (YAML would silently keep only the "
                                 "last one)"))
    else:
        seen.add(key_node.value)


def _syntax_issue(error: yaml.YAMLError, text: str, file: str) -> ScenarioIssue:
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        message = f"unacceptable character #x{error.character:04x} (is this a text file?)"
        return ScenarioIssue(file, line, "", message)
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, YamlLimitExceeded):
        return ScenarioIssue(file, mark.line + 1, "", f"refused: {problem}")
    if isinstance(error, yaml.composer.ComposerError) and error.context:
        problem = _composer_problem(error)
    if "'\\t'" in problem:
        problem += " (YAML indents with spaces, never tabs)"
    return ScenarioIssue(file, mark.line + 1 if mark else None, "", f"not valid YAML: {problem}")


def _composer_problem(error) -> str:
    """PyYAML splits these messages between `context` and `problem`."""
    if error.problem == "second occurrence":
        return (f"{error.context.removesuffix('; first occurrence')} (first on line "
                f"{error.context_mark.line + 1})")
    return f"{error.context}, {error.problem}"  # "expected a single document ..., but found"


def _unconstructable_line(root) -> int | None:
    """The line of the first scalar PyYAML cannot construct (each node tried once)."""
    constructor, tried = yaml.SafeLoader(""), set()
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if id(node) in tried:
            continue
        tried.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except Exception:  # noqa: BLE001 -- whatever PyYAML raises, this is the culprit
                return node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if not isinstance(key_node, yaml.ScalarNode):  # a list or mapping as a key
                    return key_node.start_mark.line + 1
            pending.extend(reversed([part for pair in node.value for part in pair]))
    return None


def _kind(value) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number",
            bool: "true/false"}.get(type(value), type(value).__name__)
