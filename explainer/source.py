"""Read an events file safely, keeping the line and column of every value.

YAML is composed (never constructed) so no tag can build an object, aliases
cannot expand, duplicate keys are caught, and every node keeps its mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import InputError, Path, Problem, format_path, one_line

MAX_BYTES = 5 * 1024 * 1024
"""Largest events file read (5 MiB); bigger files are refused before parsing."""
MAX_DEPTH = 40
"""Deepest nesting accepted; the schema itself needs fewer than ten levels."""

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOADER_NAME = "libyaml (C)" if _SafeLoader is not yaml.SafeLoader else "pure Python"
_IMPLICIT = {first: tuple(found) for first, found in _SafeLoader.yaml_implicit_resolvers.items()}
_STR, _SEQ, _MAP = (_SafeLoader.DEFAULT_SCALAR_TAG, _SafeLoader.DEFAULT_SEQUENCE_TAG, _SafeLoader.DEFAULT_MAPPING_TAG)


class Loader(_SafeLoader):
    """The safe loader with a shorter way to the same tags.

    libyaml calls back into Python to resolve each value's tag; the safe loader's own resolve also
    looks for path resolvers and builds a list each time, a fifth of reading a file. The safe loader
    has no path or wildcard resolvers, so this gives the same tag (tests/test_properties.py checks).
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


assert not _SafeLoader.yaml_path_resolvers and None not in _SafeLoader.yaml_implicit_resolvers, "Loader.resolve needs updating"

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

SYNTAX_HINTS = {
    "mapping values are not allowed": "a value holds ': ' or starts on the key's line; put the value in double quotes",
    "did not find expected '-' indicator": "this line is indented differently from the lines above it; line it up with its siblings",
    "did not find expected key": "this line is indented differently from the lines above it; line it up with its siblings",
    "did not find expected ',' or ']'": "a [ list is not closed: end it with ] or separate the items with commas",
    "did not find expected ',' or '}'": "a { mapping is not closed (or holds an unclosed quote): end it with }",
    "could not find expected ':'": "a line has no 'key: value' form, or a quote is not closed",
    "found unexpected end of stream": "a quote is not closed: end the text with the same quote mark",
    "found character that cannot start any token": "a value starts with a character YAML reserves (` @ % |); put the value in double quotes",
    "block sequence entries are not allowed": "a '- ' list starts on the line of its key; start the list on the next line",
    "found undefined alias": "a value starts with *; put the value in double quotes",
    "found unknown escape character": "inside double quotes a backslash starts an escape; write \\\\ for a backslash or use single quotes",
}
"""Plain-words advice for libyaml's most common messages, added after its own words."""


@dataclass
class Document:
    """Plain data read from a file, with the YAML nodes it came from, which know where every value stands."""

    file: str
    data: Any
    root: yaml.Node | None = None

    def mark(self, path: Path) -> tuple[int, int]:
        """Line and column of a path (of its key, in a mapping), or of its nearest parent that has one."""
        # Found on demand by walking the nodes: only problems need a place, and recording one for each of
        # the 400,000 values of a big file took a fifth of reading it.
        node = self.root
        if node is None:
            return 1, 1
        mark = node.start_mark
        for step in path:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
                if pair is None:
                    break
                mark, node = pair[0].start_mark, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def places(self) -> list[tuple[tuple[int, int], Path]]:
        """Every path with its line and column, in file order."""
        found: list[tuple[tuple[int, int], Path]] = []
        seen: set[int] = set()

        def add(mark: yaml.Mark, path: Path) -> None:
            found.append(((mark.line + 1, mark.column + 1), path))

        def walk(node: yaml.Node, path: Path) -> None:
            seen.add(id(node))
            if isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    if id(item) not in seen:  # an alias of an item has no place of its own
                        add(item.start_mark, path + (index,))
                        walk(item, path + (index,))
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        add(key.start_mark, path + (key.value,))  # a value's place is its key's
                        if id(value) not in seen:
                            walk(value, path + (key.value,))

        if self.root is not None:
            add(self.root.start_mark, ())
            walk(self.root, ())
        return sorted(found)

    def problem(self, path: Path, message: str, severity: str = "error") -> Problem:
        line, column = self.mark(path)
        return Problem(self.file, line, column, format_path(path), message, severity)


def read_document(file: str, raw: bytes) -> Document:
    """Turn the bytes of an events file into a Document, or raise InputError."""
    return _read_document(file, raw)


def _read_document(file: str, raw: bytes) -> Document:

    def fail(message: str, line: int = 1, column: int = 1) -> InputError:
        return InputError([Problem(file, line, column, "", message)])

    if len(raw) > MAX_BYTES:
        raise fail(f"file is larger than {MAX_BYTES:,} bytes (5 MiB), the limit for an events file. Trim the file.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("file is UTF-16 text; save it as UTF-8.")
    if b"\0" in raw:
        raise fail("file contains NUL bytes: it looks binary, not YAML text. Save it as UTF-8 text.", *_byte_mark(raw, raw.index(b"\0")))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        guess = bytes([byte]).decode("cp1252", errors="replace")
        hint = f" (in Windows-1252 or Latin-1 it would be \"{guess}\")" if guess.isprintable() and guess != "\ufffd" else ""
        raise fail(f"byte 0x{byte:02x} is not UTF-8{hint}; save the file as UTF-8.", *_byte_mark(raw, error.start)) from None
    if not text.strip():
        raise fail("file is empty; it must be a mapping with keys such as explainer, treaty, states, events, sources.")
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, column = _char_mark(text, bad.start())
        raise fail(f"found the control character U+{ord(bad.group()):04X}, which YAML does not allow; delete it.", line, column)
    deep = _too_deep(text)
    if deep:
        raise fail(f"{deep[0]} nested more than {MAX_DEPTH} levels deep; the schema needs far fewer.", *deep[1])
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = (error.problem or "syntax error").strip()
        context = f" ({error.context.strip()})" if error.context else ""
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            reason, context = "found a tab; YAML indents with spaces only, replace the tab with spaces", ""
        elif isinstance(error, yaml.composer.ComposerError) and "another document" in reason:
            reason, context = "a second document starts here; an events file holds one document, remove this '---' line or what follows it", ""
        hint = next((f"; {advice}" for known, advice in SYNTAX_HINTS.items() if known in reason), "")
        raise fail(f"YAML syntax error: {reason}{context}{hint}", mark.line + 1 if mark else 1, mark.column + 1 if mark else 1) from None
    except yaml.YAMLError as error:
        raise fail(f"YAML error: {' '.join(str(error).split())}") from None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.value.strip("~")):
        raise fail("file has no content; it must be a mapping with keys such as explainer, treaty, states, events, sources.")
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise fail(f"the file must be a mapping (key: value lines) at the top, found {what}.", node.start_mark.line + 1, node.start_mark.column + 1)

    document = Document(file, None, node)
    problems: list[Problem] = []
    # Composing shares an anchored node with its aliases; without an "&" in the file there is none to find.
    seen: set[int] | None = set() if "&" in text else None
    aliased = False

    def not_allowed(node: yaml.Node, path: Path) -> None:
        problems.append(Problem(file, node.start_mark.line + 1, node.start_mark.column + 1, _p(path),
                                f'tag "{_tag(node.tag)}" is not allowed; remove it (values are plain text, numbers, true/false, lists and mappings).'))

    # Paths are built only for problems: the nodes keep every place (Document.mark).
    def convert(node: yaml.Node, parent: Path, step: str | int | None, depth: int) -> Any:
        nonlocal aliased
        if seen is not None:
            if id(node) in seen:  # an alias
                aliased = True
                return None
            seen.add(id(node))
        if depth > MAX_DEPTH:
            problems.append(Problem(file, node.start_mark.line + 1, node.start_mark.column + 1, _p(_join(parent, step)),
                                    f"nested more than {MAX_DEPTH} levels deep; the schema needs far fewer."))
            return None
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            kind = PLAIN_TAGS.get(tag)
            if kind is str or (kind is not None and node.style):
                return node.value
            if kind is None:
                not_allowed(node, _join(parent, step))
                return None
            try:
                return _plain_value(kind, node.value)
            except ValueError:
                return node.value
        if tag not in COLLECTION_TAGS:
            not_allowed(node, _join(parent, step))
            return None
        path = _join(parent, step)
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, path, index, depth + 1) for index, item in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                kl, kc = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(file, kl, kc, _p(path), "keys must be plain words; merge keys (<<) and complex keys are not allowed."))
                continue
            key = key_node.value
            if key in mapping:
                first = next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)
                problems.append(Problem(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, _p(path + (key,)),
                                        f'duplicate key "{one_line(key)}" (first at line {first.start_mark.line + 1}); keep one.'))
                continue
            mapping[key] = convert(value_node, path, key, depth + 1)
        return mapping

    document.data = convert(node, (), None, 0)
    if aliased:
        problems += _alias_problems(document, text)
    if problems:
        raise InputError(problems)
    return document


def _alias_problems(document: Document, text: str) -> list[Problem]:
    """One problem per anchor that is reused, at its first alias (an alias bomb gives a few lines, not thousands)."""
    anchors: dict[str, int] = {}
    uses: dict[str, list[yaml.Mark]] = {}
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            uses.setdefault(event.anchor, []).append(event.start_mark)
        elif getattr(event, "anchor", None):
            anchors.setdefault(event.anchor, event.start_mark.line + 1)
    by_place = document.places()
    problems = []
    for name, marks in uses.items():
        line, column = marks[0].line + 1, marks[0].column + 1
        before = [path for mark, path in by_place if mark <= (line, column)]
        more = f" (it is used {len(marks)} times)" if len(marks) > 1 else ""
        message = (f'alias "*{name}" repeats the value anchored at line {anchors.get(name, line)} ("&{name}"){more}; '
                   "anchors and aliases are not allowed, write the value out.")
        problems.append(Problem(document.file, line, column, _p(before[-1] if before else ()), message))
    return problems


def _join(parent: Path, step: str | int | None) -> Path:
    return parent if step is None else parent + (step,)


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


# Characters YAML 1.1 refuses in a stream (outside tab, line breaks and the printable ranges).
_NOT_PRINTABLE = re.compile("[^\\x09\\x0a\\x0d\\x20-\\x7e\\x85\\xa0-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]")


def _too_deep(text: str) -> tuple[str, tuple[int, int]] | None:
    """Where flow brackets or compact "- - -" entries first nest deeper than MAX_DEPTH, if they do.

    Checked on the text before YAML sees it: libyaml slows quadratically with nesting and its composer
    recurses until the process crashes (about 100,000 levels, a 200 kB file). Brackets inside quotes
    count too, which errs on the safe side.
    """
    depth = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            return "brackets [ and { are", _char_mark(text, match.start())
    match = _COMPACT.search(text)
    return ("list entries (- - -) are", _char_mark(text, match.end())) if match else None


_BRACKET = re.compile(r"[\[\]{}]")
_COMPACT = re.compile(rf"^[ ]*(?:[-?:][ ]+){{{MAX_DEPTH}}}(?=[-?:][ ])", re.MULTILINE)


def _tag(tag: str) -> str:
    """A tag as the author wrote it: !!python/object rather than tag:yaml.org,2002:python/object."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _char_mark(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1, in characters) of a character index."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _byte_mark(raw: bytes, index: int) -> tuple[int, int]:
    """Line and column (from 1, in characters as an editor counts them) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, index) + 1
    return raw.count(b"\n", 0, index) + 1, len(raw[line_start:index].decode("utf-8", errors="replace")) + 1


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


_p = format_path
