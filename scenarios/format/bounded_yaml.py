"""PyYAML's safe loader with limits counted while it composes, before anything is built.

Aliases stay allowed (docs/scenarios.md recommends anchors and merge keys for similar
actors), but each alias counts as a copy of what it names: a "billion laughs" file is a few
lines whose aliases stand for billions of values once they are constructed, walked or
validated. So the limits are on the document as it would be expanded: its depth, its number
of values, plus the number of aliases and no alias inside the node it names (a recursive
structure nothing downstream can walk). Each limit is checked the moment it is passed, and
the error carries the line where that happened.
"""

import yaml

from .limits import MAX_YAML_ALIASES, MAX_YAML_DEPTH, MAX_YAML_NODES, MAX_YAML_NUMBER_CHARS

_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class YamlLimitExceeded(yaml.composer.ComposerError):
    """The document passes one of the limits: `problem` says which, `problem_mark` where."""

    def __init__(self, problem: str, mark):
        super().__init__(None, None, problem, mark)


class BoundedLoader(yaml.SafeLoader):
    def __init__(self, text: str):
        super().__init__(text)
        self.depth = 0      # of the node being composed
        self.deepest = 0    # the deepest level below it so far, aliases counted as copies
        self.values = 0     # values composed so far, an alias counting as what it names
        self.aliases = 0
        self.expanded: dict[str, tuple[int, int]] = {}  # complete anchor -> (values, height)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            return self._compose_alias(parent, index)
        event = self.peek_event()
        self.depth += 1
        if self.depth > MAX_YAML_DEPTH:
            raise YamlLimitExceeded(_too_deep(), event.start_mark)
        self._count(1, event.start_mark)
        values_before, outer_deepest, self.deepest = self.values - 1, self.deepest, self.depth
        node = super().compose_node(parent, index)
        if event.anchor is not None:
            height = self.deepest - self.depth + 1
            self.expanded[event.anchor] = (self.values - values_before, height)
        self.deepest = max(self.deepest, outer_deepest)
        self.depth -= 1
        return node

    def compose_scalar_node(self, anchor):
        node = super().compose_scalar_node(anchor)
        # YAML 1.1 reads `1:2:3:...` as a base-60 number; building a long one takes time
        # that grows with the square of its length.
        if node.tag in _NUMBERS and len(node.value) > MAX_YAML_NUMBER_CHARS:
            raise YamlLimitExceeded(
                f"a number written with {len(node.value):,} characters; at most "
                f"{MAX_YAML_NUMBER_CHARS} are accepted (quote it if it is text)",
                node.start_mark)
        return node

    def _compose_alias(self, parent, index):
        event = self.peek_event()
        if event.anchor in self.anchors and event.anchor not in self.expanded:
            raise YamlLimitExceeded(f"alias *{event.anchor} is inside the node it names; a "
                                    "scenario cannot be a recursive structure", event.start_mark)
        self.aliases += 1
        if self.aliases > MAX_YAML_ALIASES:
            raise YamlLimitExceeded(f"more than {MAX_YAML_ALIASES} aliases (*name); a scenario "
                                    f"may use at most {MAX_YAML_ALIASES}", event.start_mark)
        if event.anchor in self.expanded:  # otherwise PyYAML reports an undefined alias
            values, height = self.expanded[event.anchor]
            if self.depth + height > MAX_YAML_DEPTH:
                raise YamlLimitExceeded(f"alias *{event.anchor} puts {_too_deep()}",
                                        event.start_mark)
            self.deepest = max(self.deepest, self.depth + height)
            self._count(values, event.start_mark)
        return super().compose_node(parent, index)

    def _count(self, values: int, mark) -> None:
        self.values += values
        if self.values > MAX_YAML_NODES:
            raise YamlLimitExceeded(
                f"more than {MAX_YAML_NODES:,} values (keys, items and scalars, an alias "
                f"counting as a copy of what it names); a scenario may hold at most "
                f"{MAX_YAML_NODES:,}", mark)


def _too_deep() -> str:
    return (f"values nested more than {MAX_YAML_DEPTH} levels deep; a scenario may nest at "
            f"most {MAX_YAML_DEPTH}")
