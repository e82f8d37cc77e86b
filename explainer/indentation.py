"""Where a mis-indented YAML line's siblings are, so a syntax error can say which column to line it up with."""

from __future__ import annotations

import re

# libyaml's words for a line that does not fit the block it is in.
INDENTATION_ERRORS = ("did not find expected '-' indicator", "did not find expected key", "expected <block end>")
OVER_INDENTED_KEY = "mapping values are not allowed"
"""Also said for `key: a: b` on one line; it is an indentation mistake only when the line starts deeper than a plain value above."""
_KEY_LINE = re.compile(r"( *)(- +)?([^\s#:'\"][^:#]*):(\s|$)")


def _content_lines(lines: list[str], before: int) -> list[tuple[int, str]]:
    """(index, line) of the lines above `before` that hold YAML, nearest first."""
    return [(i, lines[i]) for i in range(before - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def _levels(line: str) -> list[tuple[int, bool]]:
    """The columns (from 0) where a line opens a block: its '- ' (True) and the key after it (False)."""
    match = _KEY_LINE.match(line)
    indent = len(line) - len(line.lstrip(" "))
    if line.lstrip(" ").startswith("- "):
        dash_end = indent + len(line.lstrip(" ")) - len(line.lstrip(" ")[1:].lstrip(" "))
        return [(indent, True)] + ([(dash_end, False)] if match else [])
    return [(indent, False)]


def sibling_hint(text: str, line_index: int, reason: str) -> str | None:
    """'its siblings start at column N (line M)' for a line indented unlike the block around it; None when that is not the mistake."""
    lines = text.split("\n")
    if line_index >= len(lines) or not any(known in reason for known in (*INDENTATION_ERRORS, OVER_INDENTED_KEY)):
        return None
    bad = lines[line_index]
    indent = len(bad) - len(bad.lstrip(" "))
    above = _content_lines(lines, line_index)
    if not above:
        return None
    if OVER_INDENTED_KEY in reason:
        previous = above[0][1]
        previous_indent = len(previous) - len(previous.lstrip(" "))
        ends_block = previous.rstrip().endswith((":", "|", ">", "|-", ">-"))
        if indent <= previous_indent or ends_block or not _KEY_LINE.match(bad):
            return None  # not deeper than a plain `key: value` line: a value with ': ' in it, which quotes fix
        if len(above) > 1 and len(above[1][1]) - len(above[1][1].lstrip(" ")) == indent and _KEY_LINE.match(above[1][1]):
            # The line above stepped out of a block this line is still in: that line is the one out of place.
            return (f"line {above[0][0] + 1} starts at column {previous_indent + 1}, left of its sibling keys at column {indent + 1} "
                    f"(lines {above[1][0] + 1} and {line_index + 1}); line it up with them")
    is_item = bad.lstrip(" ").startswith("- ")
    levels = _open_levels(above)
    item_here = next(((c, i) for c, dash, i in levels if dash and c == indent), None)
    if not is_item and item_here and "expected '-' indicator" in reason:
        # At the column of the list's dashes but without one: a new item missing its '- ', or a key of the item above.
        keys = [(c, i) for c, dash, i in levels if not dash and c > indent]
        tail = f", or, if it belongs to the item above, line it up with its keys at column {keys[0][0] + 1}" if keys else ""
        return (f"this line starts at column {indent + 1}, where the list's items start (as on line {item_here[1] + 1}): "
                f"start a new item with '- '{tail}")
    candidates = [(c, i) for c, dash, i in levels if dash == is_item and c != indent]
    if not candidates:
        return None
    column, index = min(candidates, key=lambda c: (abs(c[0] - indent), c[1] * -1))
    what = "list items" if is_item else "keys"
    return (f"this line starts at column {indent + 1}, but its sibling {what} start at column {column + 1} (as on line {index + 1}); "
            f"line it up with them")


def _open_levels(above: list[tuple[int, str]]) -> list[tuple[int, bool, int]]:
    """(column, is a '- ', line index) of the blocks still open above a line, innermost first."""
    levels, limit = [], None
    for index, line in above:
        levels += [(column, dash, index) for column, dash in _levels(line) if limit is None or column < limit]
        line_indent = len(line) - len(line.lstrip(" "))
        limit = line_indent if limit is None else min(limit, line_indent)
        if limit == 0:
            break
    return levels
