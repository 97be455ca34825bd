"""YAML that remembers the line of every key and item, so errors point where the trainer wrote."""

from collections.abc import Hashable
from typing import Any

import yaml


class MarkedDict(dict):
    """A YAML mapping, with the line it starts on and the line of each key."""

    line: int
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class MarkedList(list):
    """A YAML sequence, with the line it starts on and the line of each item."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlError(Exception):
    """Malformed YAML, located at a line of the file (not of the snippet)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: 4x faster


class _Loader(_BASE):  # type: ignore[valid-type,misc]  # a base chosen at import time
    first_line = 1


def _mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    result = MarkedDict()
    result.line = loader.first_line + node.start_mark.line
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable) or key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé « {key} » en double ou invalide", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = loader.first_line + key_node.start_mark.line
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = loader.first_line + node.start_mark.line
    result.item_lines = [loader.first_line + child.start_mark.line for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def load(text: str, first_line: int) -> Any:
    """Parse `text`, whose first line is line `first_line` of its file."""
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        raise _located(error, first_line) from None
    except yaml.YAMLError as error:
        raise YamlError(first_line, f"YAML invalide : {error}") from None
    finally:
        loader.dispose()


def _located(error: yaml.MarkedYAMLError, first_line: int) -> YamlError:
    """Point at where PyYAML noticed the mistake, and name where the broken construct began."""
    problem = first_line + error.problem_mark.line if error.problem_mark else first_line
    message = f"YAML invalide : {error.problem or error.context}"
    context = first_line + error.context_mark.line if error.context_mark else problem
    if error.context and error.problem and context != problem:
        message += f" ({error.context}, ligne {context})"
    return YamlError(problem, message)
