"""Change one field of one entry of a YAML list file, leaving every other byte as it was.

Bulk updates from a spreadsheet must not reformat what people wrote by hand:
comments, blank lines, quoting, key order and folded texts stay. So a change
is a text substitution at the value's exact place, found from the nodes
PyYAML composes (their start and end marks), never a dump of the data.

- `set_value` replaces the value of an existing key (the text from after the
  key up to the end of its value: `: "old"` → `: "new"`), or adds a missing key
  on a line of its own after the entry's last field, with the entry's indentation.
- `remove_key` deletes a key's lines (a cleared optional field).
- `render` writes a value: ids, words and dates plain, numbers plain, other
  text double-quoted with `importer.quote` (which reads back exactly), lists
  of ids as `[a, b]`. A folded or literal text (`text: >-`) that becomes
  another single line keeps its style, so the diff is that one line.

Every edit is checked by reading the file back with `yamlfile.parse_yaml`:
the edited field must hold the new value and every other value must be
unchanged, or `EditRefused` is raised and nothing is returned.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import yaml

from .importer import quote
from .yamlfile import parse_yaml

#: Text that YAML 1.2 reads back as the same text when written without quotes.
_PLAIN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CORE_NOT_TEXT = re.compile(r"true|false|null|[-+]?[0-9.]+(?:e[-+]?[0-9]+)?|0x.*|0o.*|\.inf|\.nan", re.IGNORECASE)


class EditRefused(Exception):
    """Why an edit could not be made safely (in Spanish)."""


def render(value: Any) -> str:
    """`value` as a YAML 1.2 flow scalar or list that reads back as `value`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render(v) for v in value) + "]"
    if isinstance(value, str) and _PLAIN.fullmatch(value) and not _CORE_NOT_TEXT.fullmatch(value):
        return value
    return quote(str(value))


def set_value(text: str, index: int, key: str, value: Any, file: str) -> str:
    """`text` with `key` of the `index`-th entry set to `value` (added if missing)."""
    entry = _entry(text, index, file)
    found = _find(entry, key)
    if found is not None:
        key_node, value_node = found
        start, end = key_node.end_mark.index, value_node.end_mark.index
        old = text[start:end]
        tail = old[len(old.rstrip(" \n")):]
        # A `>-`/`|-` block keeps its style; a clip block (`>`, `|`) would add a line break
        # to the new text, so it is rewritten quoted, like any other value.
        if isinstance(value_node, yaml.ScalarNode) and value_node.style in (">", "|") \
                and not value_node.value.endswith("\n") and isinstance(value, str) and _fits_block(value):
            # Keep the folded/literal style: only the content line changes.
            indent = " " * (key_node.start_mark.column + 2)
            body = old[:len(old) - len(tail)].split("\n", 1)[0]  # ": >-" (and any comment after it)
            new = f"{body}\n{indent}{value}" + tail
        else:
            new = ": " + render(value) + tail
        edited = text[:start] + new + text[end:]
    else:
        if entry.flow_style:
            raise EditRefused(f"{file}: el resultado n.º {index + 1} está escrito en una sola línea ({{…}}); "
                              f"añada «{key}» a mano")
        last_key, last_value = entry.value[-1]
        stop = last_value.end_mark.index
        stop = len(text[:stop].rstrip(" \n"))  # the value's last character
        newline = text.find("\n", stop)
        at = len(text) if newline < 0 else newline
        indent = " " * entry.start_mark.column
        edited = text[:at] + f"\n{indent}{key}: {render(value)}" + text[at:]
    return _checked(text, edited, index, (key,), value, file)


def set_nested(text: str, index: int, path: tuple[str | int, ...], value: Any, file: str) -> str:
    """`text` with the scalar at `path` inside the `index`-th entry (`("figures", 0, "value")`)
    replaced by `value`: only those characters change."""
    node: yaml.Node = _entry(text, index, file)
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str) and (found := _find(node, step)):
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            raise EditRefused(f"{file}: no se encontró «{'.'.join(map(str, path))}» en el resultado n.º {index + 1}")
    if not isinstance(node, yaml.ScalarNode):
        raise EditRefused(f"{file}: «{'.'.join(map(str, path))}» del resultado n.º {index + 1} no es un valor simple")
    edited = text[:node.start_mark.index] + render(value) + text[node.end_mark.index:]
    return _checked(text, edited, index, path, value, file)


def remove_key(text: str, index: int, key: str, file: str) -> str:
    """`text` without `key` in the `index`-th entry (its whole lines); unchanged if absent."""
    entry = _entry(text, index, file)
    found = _find(entry, key)
    if found is None:
        return text
    if entry.flow_style:
        raise EditRefused(f"{file}: el resultado n.º {index + 1} está escrito en una sola línea ({{…}}); "
                          f"quite «{key}» a mano")
    key_node, value_node = found
    start = text.rfind("\n", 0, key_node.start_mark.index) + 1
    if text[start:key_node.start_mark.index].strip():
        raise EditRefused(f"{file}: «{key}» comparte la línea con otro campo; quítelo a mano")
    stop = len(text[:value_node.end_mark.index].rstrip(" \n"))
    newline = text.find("\n", stop)
    end = len(text) if newline < 0 else newline + 1
    return _checked(text, text[:start] + text[end:], index, (key,), _ABSENT, file)


_ABSENT = object()


def _fits_block(value: str) -> bool:
    """Whether `value` reads back exactly as the single content line of a `>-`/`|-` block."""
    return bool(value) and "\n" not in value and value == value.strip() and "\t" not in value


def _entry(text: str, index: int, file: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        raise EditRefused(f"{file}: el archivo no es YAML válido; corríjalo antes de importar") from None
    if not isinstance(root, yaml.SequenceNode) or index >= len(root.value) \
            or not isinstance(root.value[index], yaml.MappingNode):
        raise EditRefused(f"{file}: no se encontró el resultado n.º {index + 1}")
    return root.value[index]


def _find(entry: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in entry.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _checked(before: str, after: str, index: int, path: tuple[str | int, ...], value: Any, file: str) -> str:
    """`after` if it reads as `before` with only the value at `path` (inside the `index`-th
    entry) changed, or removed for `_ABSENT`; else `EditRefused`."""
    name = ".".join(map(str, path))
    old, _ = parse_yaml(before, file)
    new, problems = parse_yaml(after, file)
    if old is None or new is None or not isinstance(new.data, list):
        raise EditRefused(f"{file}: no se pudo cambiar «{name}» del resultado n.º {index + 1} sin "
                          f"estropear el archivo{': ' + str(problems[0]) if problems else ''}")
    expected = copy.deepcopy(old.data)
    target = expected[index]
    for step in path[:-1]:
        target = target[step]
    if value is _ABSENT:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = list(value) if isinstance(value, tuple) else value
    if new.data != expected:
        raise EditRefused(f"{file}: no se pudo cambiar «{name}» del resultado n.º {index + 1} sin tocar "
                          "lo demás; cámbielo a mano")
    return after
