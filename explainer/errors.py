"""One kind of problem an author can act on: where it is, what is wrong, what would be valid."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]
Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """A located problem in an input file."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        # Every part passes one_line: author text (a file name, a key, a value) can never move the cursor,
        # clear the screen or retitle the window of the terminal that shows it.
        where = f"{one_line(self.file)}:{self.line}:{self.column}"
        label = "" if self.severity == "error" else "warning: "
        path = f"{one_line(self.path)}: " if self.path else ""
        return f"{where}: {label}{path}{one_line(self.message)}"


class InputError(Exception):
    """Bad input: carries every problem found, so all can be shown at once."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


def one_line(text: str) -> str:
    """Text with line breaks and other unprintable characters written as escapes, so a message stays one line."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def format_path(path: Path) -> str:
    """Render ('events', 3, 'date') as events[3].date; a key that is not a plain word is quoted."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        part = str(part)
        if not _PLAIN_KEY.fullmatch(part):
            text += f'["{one_line(part)}"]'
        else:
            text += f".{part}" if text else part
    return text


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 error', '2 errors': a count with its noun in the right form (author-facing English)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The valid choice an author most likely meant, if any is close."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str], noun: str = "valid values") -> str:
    """A hint naming the closest choice, or the first few valid ones; ends with its own punctuation."""
    choices = list(choices)
    guess = closest(word, choices)
    if guess:
        return f'did you mean "{guess}"?'
    limit = 15 if noun == "valid keys" else 8
    ordered = sorted(choices)
    shown = ", ".join(ordered[:limit]) + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")
    return f"{noun}: {shown}." if choices else f"no {noun} are defined."


class BuildError(Exception):
    """A build that cannot go on for a reason outside the events file (MkDocs, folders)."""
