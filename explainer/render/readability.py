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


GRADERS = {
    "en": ("Flesch-Kincaid grade", "flesch_kincaid_grade", "en_US"),
    "de": ("Wiener Sachtextformel", "wiener_sachtextformel", "de_DE"),
    "es": ("Crawford", "crawford", "es"),
}
"""The languages textstat has a school-grade formula for: (the formula's name, textstat's function, its language)."""


def grader(language: str) -> tuple[str, str, str] | None:
    """The grade formula for a BCP 47 tag (by its base language), or None when textstat has none for it."""
    return GRADERS.get(language.split("-")[0].lower())


def grader_note(language: str) -> str | None:
    """What the build says when the explainer's language is graded by another formula, or not at all."""
    found = grader(language)
    if found is None:
        return (f"reading level not graded: textstat has no school-grade formula for {language} "
                f"(it has one for {', '.join(GRADERS)}), so reading_grade_max is not checked.")
    if found[0] != GRADERS["en"][0]:
        return f"reading level graded with the {found[0]} ({language}) instead of Flesch-Kincaid."
    return None


def reading_grade(markdown: str, language: str = "en") -> float | None:
    """The school grade of a page's prose by its language's formula; None with too little prose, or no formula."""
    found = grader(language)
    text = prose(markdown)
    if found is None or len(text.split()) < 60:
        return None
    textstat.set_lang(found[2])  # syllables counted by the language's hyphenation rules
    if found[1] == "wiener_sachtextformel":
        return round(textstat.wiener_sachtextformel(text, 1), 1)  # variant 1: prose (Bamberger & Vanecek)
    return round(getattr(textstat, found[1])(text), 1)


def warm_up() -> None:
    """Load the syllable dictionary now (textstat keeps it), so the first page is graded as fast as the rest."""
    textstat.flesch_kincaid_grade("A warm up sentence of a few plain words.")
