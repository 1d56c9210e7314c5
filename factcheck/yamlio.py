"""Safe YAML loading that remembers where every key and list item stands, for error messages.

Manifests, front matter and rule packs are all YAML written by hand; when one of their values is
wrong the user needs the line, so `load_yaml` returns the data together with a `LineMap`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from factcheck.errors import InputError
from factcheck.textpos import LineIndex

__all__ = ["MAX_ALIAS_NODES", "MAX_NESTING_DEPTH", "Key", "KeyPath", "LineMap", "load_yaml"]

Key = str | int
"""One step into YAML data: a mapping key as written in the source, or a 0-based list index."""
KeyPath = tuple[Key, ...]

MAX_ALIAS_NODES = 10_000
"""How many nodes alias references (`*name`) may add to a document before it is refused."""

MAX_NESTING_DEPTH = 100
"""How deeply lists and mappings may nest; hand-written manifests, front matter and packs need a handful."""

_SYNTAX_HINT = "fix the YAML at this line: check the indentation, and quote values that contain ': ' or ' #'"
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(_SafeBase):  # type: ignore[misc, valid-type]
    """The safe loader (libyaml when available) without implicit timestamps.

    Dates stay strings so that callers validate them themselves (`2021-02-30` becomes an error with a
    line instead of a ValueError deep inside the constructor).
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _SafeBase.yaml_implicit_resolvers.items()
    }


@dataclass(frozen=True)
class LineMap:
    """1-based source lines of the nodes of one YAML document, by key path.

    The path of a mapping key is its parents' path plus the key as written (`("documents", 3,
    "published")`); its line is the key's line. A list item's line is where the item starts; `()` is the
    whole document.
    """

    lines: Mapping[KeyPath, int]

    def line(self, *path: Key) -> int | None:
        """The line of `path`, or of its nearest enclosing node when `path` itself is absent."""
        for depth in range(len(path), -1, -1):
            found = self.lines.get(path[:depth])
            if found is not None:
                return found
        return None


def load_yaml(text: str, path: str, *, first_line: int = 1) -> tuple[Any, LineMap]:
    """Parse one YAML document safely and map each key path to its line.

    `first_line` is the line of `text`'s first line in the file it was cut from (front matter starts on
    line 2). Only the safe loader is used, and dates are left as strings. Anchors and aliases are allowed,
    but a document whose aliases expand to more than `MAX_ALIAS_NODES` extra nodes (a "billion laughs"
    bomb, or an alias that contains itself) is refused, as are duplicate keys in one mapping.
    Raises InputError with `path` and the line for any syntax or shape error.
    """
    loader = _Loader(text)
    index = LineIndex(text)

    def line_of(offset: int) -> int:  # YAML also breaks lines at NEL, LS and PS; editors and errors do not
        return index.position(offset)[0] + first_line - 1

    try:
        _check_depth(text, path, line_of)
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({})
        lines = _map_lines(node, path, line_of)
        return loader.construct_document(node), LineMap(lines)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = " ".join(part for part in (e.problem, e.context) if part)
        line = line_of(mark.index) if mark is not None else None
        if "nesting depth" in problem:  # libyaml ≥ 0.2.6 stops deep flow nesting while scanning ahead
            raise _too_deep(path, line) from None
        raise InputError(path, f"invalid YAML: {problem}", line=line, hint=_SYNTAX_HINT) from None
    except yaml.reader.ReaderError as e:
        line = line_of(e.position)
        code = e.character if isinstance(e.character, int) else ord(e.character)
        raise InputError(path, f"invalid YAML: {e.reason} (U+{code:04X})", line=line,
                         hint="remove the character or write it as an escape in a double-quoted string",
                         ) from None
    except RecursionError:
        raise _too_deep(path, None) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
        raise InputError(path, f"invalid YAML value: {e}", hint="check the explicit tags (!!int, ...) "
                         "and the values they apply to") from None
    finally:
        loader.dispose()


def _check_depth(text: str, path: str, line_of: Callable[[int], int]) -> None:
    """Refuse nesting deeper than MAX_NESTING_DEPTH before any node is built.

    The parser emits events iteratively, whereas composing nodes recurses; and whether (and where) the
    installed libyaml stops deep nesting depends on its version, so the limit is enforced here, the same
    on every installation.
    """
    depth = 0
    loader = _Loader(text)
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING_DEPTH:
                    raise _too_deep(path, line_of(event.start_mark.index))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _too_deep(path: str, line: int | None) -> InputError:
    return InputError(path, f"YAML nested more than {MAX_NESTING_DEPTH} levels deep", line=line,
                      hint="flatten the nesting of lists and mappings")


def _map_lines(root: Node, path: str, line_of: Callable[[int], int]) -> dict[KeyPath, int]:
    """Walk the node tree (through aliases, within budget) recording each key path's line."""
    lines: dict[KeyPath, int] = {}
    seen: set[int] = set()
    repeats = 0
    stack: list[tuple[KeyPath, Node]] = [((), root)]
    while stack:
        key_path, node = stack.pop()
        if id(node) in seen:
            repeats += 1
            if repeats > MAX_ALIAS_NODES:
                raise InputError(path, f"YAML aliases expand to more than {MAX_ALIAS_NODES} nodes",
                                 line=line_of(node.start_mark.index),
                                 hint="write the repeated parts out instead of nesting aliases")
        seen.add(id(node))
        lines.setdefault(key_path, line_of(node.start_mark.index))
        if isinstance(node, SequenceNode):
            stack.extend(((*key_path, i), item) for i, item in enumerate(node.value))
        elif isinstance(node, MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    continue
                key_line = line_of(key.start_mark.index)
                if key.value in keys:
                    raise InputError(path, f"key {key.value!r} appears twice in one mapping", line=key_line,
                                     hint="remove or rename one of them")
                keys.add(key.value)
                lines[(*key_path, key.value)] = key_line
                stack.append(((*key_path, key.value), value))
    return lines
