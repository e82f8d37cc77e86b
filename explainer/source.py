"""Read an events file safely, keeping the line and column of every value.

YAML is composed (never constructed) so no tag can build an object, aliases
cannot expand, duplicate keys are caught, and every node keeps its mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import InputError, Path, Problem, format_path

MAX_BYTES = 5 * 1024 * 1024
"""Largest events file read (5 MiB); bigger files are refused before parsing."""
MAX_DEPTH = 40
"""Deepest nesting accepted; the schema itself needs fewer than ten levels."""

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOADER_NAME = "libyaml (C)" if Loader is not yaml.SafeLoader else "pure Python"

PLAIN_TAGS = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
    "tag:yaml.org,2002:float": float,
    # Dates stay text: the model parses them so that 30 February is a located error.
    "tag:yaml.org,2002:timestamp": str,
}
COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class Document:
    """Plain data read from a file, with a mark for every path in it."""

    file: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def mark(self, path: Path) -> tuple[int, int]:
        """Line and column of a path, or of its nearest parent that has one."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: Path, message: str, severity: str = "error") -> Problem:
        line, column = self.mark(path)
        return Problem(self.file, line, column, format_path(path), message, severity)


def read_document(file: str, raw: bytes) -> Document:
    """Turn the bytes of an events file into a Document, or raise InputError."""

    def fail(message: str, line: int = 1, column: int = 1) -> InputError:
        return InputError([Problem(file, line, column, "", message)])

    if len(raw) > MAX_BYTES:
        raise fail(f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes (5 MiB). Split the content or trim it.")
    if b"\0" in raw:
        raise fail("file contains NUL bytes: it looks binary, not YAML text. Save it as UTF-8 text.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail(f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8.", line, column) from None
    if not text.strip():
        raise fail("file is empty; it must be a mapping with keys such as explainer, treaty, states, events, sources.")
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = (error.problem or "syntax error").strip()
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            reason = "found a tab; YAML indents with spaces only, replace the tab with spaces"
        context = f" ({error.context.strip()})" if error.context else ""
        raise fail(f"YAML syntax error: {reason}{context}", mark.line + 1 if mark else 1, mark.column + 1 if mark else 1) from None
    except yaml.YAMLError as error:
        raise fail(f"YAML error: {error}") from None
    if node is None:
        raise fail("file has no content; it must be a mapping with keys such as explainer, treaty, states, events, sources.")
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise fail(f"the file must be a mapping (key: value lines) at the top, found {what}.", node.start_mark.line + 1, node.start_mark.column + 1)

    document = Document(file, None)
    problems: list[Problem] = []
    seen: set[int] = set()

    def convert(node: yaml.Node, path: Path, depth: int) -> Any:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        document.marks.setdefault(path, (line, column))
        if id(node) in seen:
            line, column = document.marks[path]
            problems.append(Problem(file, line, column, _p(path), "anchors and aliases (&name / *name) are not allowed; write the value out."))
            return None
        seen.add(id(node))
        if depth > MAX_DEPTH:
            problems.append(Problem(file, line, column, _p(path), f"nested more than {MAX_DEPTH} levels deep; the schema needs far fewer."))
            return None
        if isinstance(node, yaml.ScalarNode):
            return scalar(node, path, line, column)
        if node.tag not in COLLECTION_TAGS:
            problems.append(Problem(file, line, column, _p(path), f'tag "{node.tag}" is not allowed; remove it.'))
            return None
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                kl, kc = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(file, kl, kc, _p(path), "keys must be plain words; merge keys (<<) and complex keys are not allowed."))
                continue
            key = key_node.value
            key_path = path + (key,)
            key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in mapping:
                first = document.marks.get(key_path, (0, 0))[0]
                problems.append(Problem(file, *key_mark, _p(key_path), f'duplicate key "{key}" (first at line {first}); keep one.'))
                continue
            document.marks[key_path] = key_mark
            mapping[key] = convert(value_node, key_path, depth + 1)
        return mapping

    def scalar(node: yaml.ScalarNode, path: Path, line: int, column: int) -> Any:
        kind = PLAIN_TAGS.get(node.tag)
        if kind is None:
            problems.append(Problem(file, line, column, _p(path), f'tag "{node.tag}" is not allowed; remove it.'))
            return None
        if kind is str or node.style:
            return node.value
        try:
            return _plain_value(kind, node.value)
        except ValueError:
            return node.value

    document.data = convert(node, (), 0)
    if problems:
        raise InputError(problems)
    return document


def _plain_value(kind: type, value: str) -> Any:
    """Resolve an untagged scalar the way YAML 1.1 does, for the few types we accept."""
    if kind is type(None):
        return None
    if kind is bool:
        return value.lower() in ("yes", "true", "on", "y")
    if kind is int:
        text = value.replace("_", "")
        return int(text, 0) if text.lower().startswith(("0x", "0o", "0b")) else int(text)
    if kind is float:
        return float(value.replace("_", ""))
    return value


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


_p = format_path
