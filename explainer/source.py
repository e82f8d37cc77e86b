"""Read an events file safely, keeping the line and column of every value.

YAML is composed (never constructed) so no tag can build an object, aliases
cannot expand, duplicate keys are caught, and every node keeps its mark.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import InputError, Path, Problem, format_path, one_line
from .indentation import sibling_hint

MAX_BYTES = 5 * 1024 * 1024
"""Largest events file read (5 MiB); bigger files are refused before parsing."""
MAX_DEPTH = 40
"""Deepest nesting accepted; the schema itself needs fewer than ten levels."""

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOADER_NAME = "libyaml (C)" if _SafeLoader is not yaml.SafeLoader else "pure Python"

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
    # Indentation mistakes say where the siblings are (indentation.sibling_hint); these are the fallbacks.
    "did not find expected '-' indicator": "this line is indented differently from the lines above it; line it up with its siblings",
    "did not find expected key": "this line is indented differently from the lines above it; line it up with its siblings",
    "expected <block end>": "this line is indented differently from the lines above it; line it up with its siblings",
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
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False)

    def mark(self, path: Path) -> tuple[int, int]:
        """Line and column of a path (of its key, in a mapping), or of its nearest parent that has one."""
        # Found on demand by walking the nodes: only problems need a place. Each mapping's keys are
        # indexed the first time a problem looks into it, so 50,000 problems in one mapping stay linear.
        node = self.root
        if node is None:
            return 1, 1
        mark = node.start_mark
        for step in path:
            if isinstance(node, yaml.MappingNode):
                pair = self._pairs(node).get(step) if isinstance(step, str) else None
                if pair is None:
                    break
                mark, node = pair[0].start_mark, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def _pairs(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping node's plain keys, each with its first (key, value) pair."""
        pairs = self._keys.get(id(node))
        if pairs is None:
            pairs = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    pairs.setdefault(key.value, (key, value))
            self._keys[id(node)] = pairs
        return pairs

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
    text = _decode(file, raw)
    node = _compose(file, text)
    document = Document(file, None, node)
    converter = _Converter(file, seen=set() if "&" in text else None)
    document.data = converter.convert(node, (), None, 0)
    problems = converter.problems
    if converter.aliased:
        problems += _alias_problems(document, text)
    if problems:
        raise InputError(problems)
    return document


def _fail(file: str, message: str, line: int = 1, column: int = 1) -> InputError:
    return InputError([Problem(file, line, column, "", message)])


def _decode(file: str, raw: bytes) -> str:
    """The file's text, or InputError for a file that is too big, binary, not UTF-8, empty or too deep."""
    if len(raw) > MAX_BYTES:
        raise _fail(file, f"file is larger than {MAX_BYTES:,} bytes (5 MiB), the limit for an events file. Trim the file.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(file, "file is UTF-16 text; save it as UTF-8.")
    if b"\0" in raw:
        raise _fail(file, "file contains NUL bytes: it looks binary, not YAML text. Save it as UTF-8 text.", *_byte_mark(raw, raw.index(b"\0")))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        guess = bytes([byte]).decode("cp1252", errors="replace")
        hint = f" (in Windows-1252 or Latin-1 it would be \"{guess}\")" if guess.isprintable() and guess != "\ufffd" else ""
        raise _fail(file, f"byte 0x{byte:02x} is not UTF-8{hint}; save the file as UTF-8.", *_byte_mark(raw, error.start)) from None
    if not text.strip():
        raise _fail(file, "file is empty; it must be a mapping with keys such as explainer, treaty, states, events, sources.")
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, column = _char_mark(text, bad.start())
        raise _fail(file, f"found the control character U+{ord(bad.group()):04X}, which YAML does not allow; delete it.", line, column)
    deep = _too_deep(text)
    if deep:
        raise _fail(file, f"{deep[0]} nested more than {MAX_DEPTH} levels deep; the schema needs far fewer.", *deep[1])
    return text


def _compose(file: str, text: str) -> yaml.MappingNode:
    """The YAML node tree of one document whose top is a mapping, or InputError with the syntax problem."""
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = (error.problem or "syntax error").strip()
        context = f" ({error.context.strip()})" if error.context else ""
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            reason, context = "found a tab; YAML indents with spaces only, replace the tab with spaces", ""
        elif isinstance(error, yaml.composer.ComposerError) and "another document" in reason:
            reason, context = "a second document starts here; an events file holds one document, remove this '---' line or what follows it", ""
        siblings = sibling_hint(text, mark.line, reason) if mark else None
        hint = f"; {siblings}" if siblings else next((f"; {advice}" for known, advice in SYNTAX_HINTS.items() if known in reason), "")
        raise _fail(file, f"YAML syntax error: {reason}{context}{hint}", mark.line + 1 if mark else 1, mark.column + 1 if mark else 1) from None
    except yaml.YAMLError as error:
        raise _fail(file, f"YAML error: {' '.join(str(error).split())}") from None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.value.strip("~")):
        raise _fail(file, "file has no content; it must be a mapping with keys such as explainer, treaty, states, events, sources.")
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise _fail(file, f"the file must be a mapping (key: value lines) at the top, found {what}.", node.start_mark.line + 1, node.start_mark.column + 1)
    return node


class _Converter:
    """Turns YAML nodes into plain data, collecting a located problem for everything refused."""

    def __init__(self, file: str, seen: set[int] | None):
        self.file = file
        # Composing shares an anchored node with its aliases; without an "&" in the file there is none to find.
        self.seen = seen
        self.aliased = False
        self.problems: list[Problem] = []

    def refuse(self, node: yaml.Node, path: Path, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, _p(path), message))

    # Paths are built only for problems: the nodes keep every place (Document.mark).
    def convert(self, node: yaml.Node, parent: Path, step: str | int | None, depth: int) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:  # an alias
                self.aliased = True
                return None
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.refuse(node, _join(parent, step), f"nested more than {MAX_DEPTH} levels deep; the schema needs far fewer.")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, parent, step)
        if node.tag not in COLLECTION_TAGS:
            self.refuse(node, _join(parent, step), _not_allowed(node.tag))
            return None
        path = _join(parent, step)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path, index, depth + 1) for index, item in enumerate(node.value)]
        return self.mapping(node, path, depth)

    def scalar(self, node: yaml.ScalarNode, parent: Path, step: str | int | None) -> Any:
        kind = PLAIN_TAGS.get(node.tag)
        if kind is None:
            self.refuse(node, _join(parent, step), _not_allowed(node.tag))
            return None
        if kind is str or node.style:
            control = _CONTROL.search(node.value)
            if control:
                self.refuse(node, _join(parent, step), _control_message(control.group()))
            return node.value
        try:
            return _plain_value(kind, node.value)
        except ValueError:
            return node.value

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        first_keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.refuse(key_node, path, "keys must be plain words; merge keys (<<) and complex keys are not allowed.")
                continue
            key = key_node.value
            control = _CONTROL.search(key)
            if control:
                self.refuse(key_node, path + (key,), _control_message(control.group()))
            if key in first_keys:
                first = first_keys[key].start_mark.line + 1
                self.refuse(key_node, path + (key,), f'duplicate key "{one_line(key)}" (first at line {first}); keep one.')
                continue
            first_keys[key] = key_node
            mapping[key] = self.convert(value_node, path, key, depth + 1)
        return mapping


# Characters no text may hold, however written (raw or as a YAML escape such as "\e"): C0 and C1 controls
# other than tab and line feed, and the bidi embeddings, overrides and isolates that reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete", 0x85: "next line"}


def _control_message(char: str) -> str:
    """Name a refused character by its code point, never by showing it."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "control character").lower()
    return (f"holds the character U+{code:04X} ({name}), which text may not contain; remove it "
            "(text holds printable characters, and line breaks and tabs only in multi-line fields).")


def _not_allowed(tag: str) -> str:
    return f'tag "{_tag(tag)}" is not allowed; remove it (values are plain text, numbers, true/false, lists and mappings).'


def _alias_problems(document: Document, text: str) -> list[Problem]:
    """One problem per anchor that is reused, at its first alias (an alias bomb gives a few lines, not thousands)."""
    anchors: dict[str, int] = {}
    uses: dict[str, list[yaml.Mark]] = {}
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            uses.setdefault(event.anchor, []).append(event.start_mark)
        elif getattr(event, "anchor", None):
            anchors.setdefault(event.anchor, event.start_mark.line + 1)
    by_place = document.places()
    marks_in_order = [mark for mark, _ in by_place]
    problems = []
    for name, marks in uses.items():
        line, column = marks[0].line + 1, marks[0].column + 1
        before = bisect.bisect_right(marks_in_order, (line, column))
        more = f" (it is used {len(marks)} times)" if len(marks) > 1 else ""
        message = (f'alias "*{name}" repeats the value anchored at line {anchors.get(name, line)} ("&{name}"){more}; '
                   "anchors and aliases are not allowed, write the value out.")
        problems.append(Problem(document.file, line, column, _p(by_place[before - 1][1] if before else ()), message))
    return problems


def _join(parent: Path, step: str | int | None) -> Path:
    return parent if step is None else parent + (step,)


def _plain_value(kind: type, value: str) -> Any:
    """Resolve an untagged scalar the way YAML 1.1 does, for the few types we accept."""
    if kind is type(None):
        return None
    if kind is bool:
        # YAML 1.2, as editors read it: only true and false; yes/no/on/off stay text (refused, located).
        return value.lower() == "true" if value.lower() in ("true", "false") else value
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
