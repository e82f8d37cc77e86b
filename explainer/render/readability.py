"""Reading level of generated pages: how hard the prose is for a school reader."""

from __future__ import annotations

import re

import textstat

# "    - " lines are the sources of a grouped note (citations.py), which are not prose either.
_SKIP_LINE = re.compile(r"^(    - |\s*(\||\[\^|<|---|title:|#|\{|- \*\*|\*Facts checked))")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_MARKUP = re.compile(r"[*_`>]|&[a-z#0-9]+;")


def prose(markdown: str) -> str:
    """The running text of a page, without tables, headings, notes and markup."""
    # Lines with " · " are an entry's date, states and kind: labels, not sentences.
    lines = [line for line in markdown.splitlines() if line.strip() and not _SKIP_LINE.match(line) and " · " not in line]
    text = " ".join(lines)
    return _MARKUP.sub("", _FOOTNOTE.sub("", _LINK.sub(r"\1", text)))


def reading_grade(markdown: str) -> float | None:
    """Flesch-Kincaid grade of a page's prose; None when it has too little prose to judge."""
    text = prose(markdown)
    if len(text.split()) < 60:
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)


def warm_up() -> None:
    """Load the syllable dictionary now (textstat keeps it), so the first page is graded as fast as the rest."""
    textstat.flesch_kincaid_grade("A warm up sentence of a few plain words.")
