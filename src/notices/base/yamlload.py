"""Front matter's YAML, read safely and with the line of every key.

YAML accepts things a notice must not: a key given twice (the last one silently
wins), aliases that expand to a huge document ("billion laughs"), a tab that folds
a line into the one above, numbers where the author wrote a label (`010`). This
module refuses or undoes each, so ``frontmatter`` sees plain data and lines.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from notices.base.errors import SourceError

__all__ = ["check_tabs", "load_yaml"]

_AS_WRITTEN = ("version", "title", "summary")
"""Keys whose value is the text the author wrote: `version: 010` is label 010, not YAML's octal 8."""
_MAX_NODES = 10_000
"""Values front matter may expand to through aliases; a few hundred is a long front matter."""


def check_tabs(yaml_text: str, path: str) -> None:
    """A tab where YAML wants spaces: YAML either fails obscurely or folds the line into the one above."""
    block = -1  # indentation of the key that opened a block scalar (`|` or `>`), else -1
    for number, line in enumerate(yaml_text.split("\n"), start=2):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block >= 0 and (not line.strip() or indent > block):
            continue  # text of a block scalar may contain tabs
        block = indent if re.search(r":[ \t]*[|>][-+0-9]*[ \t]*(#.*)?$", line) else -1
        if stripped.startswith("\t"):
            raise SourceError(
                "this line is indented with a tab; YAML needs spaces",
                path=path,
                line=number,
                hint=f"replace the tab at the start of line {number} with spaces "
                "(a top-level key such as `version:` starts in the first column)",
            )


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """Safe loading (libyaml's parser when present) that leaves dates as text.

    An impossible date then gets our message instead of a traceback from YAML.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(yaml_text: str, path: str) -> tuple[Any, dict[str, int]]:
    """Data and the 0-based line of each top-level key, from one parse.

    Refuses what YAML accepts but a notice must not: a key given twice (YAML keeps
    the last one, silently), and aliases that expand to a huge document ("billion
    laughs"). Plain scalars of `version`, `title` and `summary` keep their source text.
    """
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_size(node, path)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
        for key, value in node.value:
            name = str(key.value)
            if key.tag == "tag:yaml.org,2002:merge":
                continue
            if name in lines:
                raise SourceError(
                    f"`{name}` appears twice in the front matter (first on line {lines[name] + 2})",
                    path=path,
                    line=key.start_mark.line + 2,
                    hint="keep one of the two lines; YAML would silently use the last one",
                )
            lines[name] = key.start_mark.line
            if name in _AS_WRITTEN and isinstance(value, yaml.ScalarNode) and not value.style:
                resolved = data.get(key.value)
                if isinstance(resolved, (int, float)) and not (name == "version" and isinstance(resolved, bool)):
                    data[key.value] = value.value
    return data, lines


def _check_size(root: yaml.Node, path: str) -> None:
    """Count the values the document expands to, each shared node once per use, without expanding it."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if done:
            sizes[id(node)] = min(1 + sum(sizes.get(id(child), 1) for child in children), 2 * _MAX_NODES)
            if sizes[id(node)] > _MAX_NODES:
                raise SourceError(
                    f"the front matter expands to more than {_MAX_NODES} values through YAML aliases (`*name`)",
                    path=path,
                    line=node.start_mark.line + 2,
                    hint="write the values out instead of repeating anchors (`&name`) and aliases",
                )
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
