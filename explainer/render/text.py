"""Small pure helpers for writing Markdown: safe author text, dates, relative links, citations."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Iterable
from urllib.parse import quote

from babel.dates import format_date, format_skeleton

from .. import model
from ..translations import Untranslated
from .i18n import _

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"})
# What Markdown reads inside one line of plain text: emphasis, code, links, escapes (with the HTML above).
_PLAIN = str.maketrans({"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]"})
# A line's first mark that would start a heading, admonition, details, tab or block, a snippet include,
# or an abbreviation, footnote or link-reference definition ([id]: url, whose url no check sees).
_LINE_START = re.compile(r"^(\s*)(#|\[\^|\[(?=[^\]\n]*\]:)|\*\[|-+8|={3,}|!!!|\?\?\?|///)", re.MULTILINE)
# An inline link's opening "](", and what follows it up to the closing parenthesis.
_LINK_TARGET = re.compile(r"\]([ \t]*\n?[ \t]*)\(([^)]*)")
# What a browser's URL parser ignores (ASCII tab and newline anywhere; spaces and controls at the ends)
# plus Markdown's backslash escapes: removed before reading a link's scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f\\]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Characters kept as they are in an address we write; every other one is percent-encoded, so an
# address can end neither a Markdown link nor an autolink, nor open an attribute list.
_URL_KEEP = "/:?#@!$&*+,;=%~-._[]"


class Md(str):
    """Markdown that the renderer wrote or escaped itself: the only kind of text templates write as it is.

    Joining an Md with a plain str escapes the str, as markupsafe.Markup does for HTML, so author
    text can only reach a page escaped (see `markdown_of`, the templates' finalize).
    """

    __slots__ = ()

    def __add__(self, other: object) -> "Md":
        return Md(str.__add__(self, markdown_of(other)))

    def __radd__(self, other: object) -> "Md":
        return Md(str.__add__(markdown_of(other), self))

    def join(self, items: Iterable[object]) -> "Md":
        return Md(str.join(self, map(markdown_of, items)))

    def __mod__(self, values: object) -> "Md":
        """Fill a translated message: text values are escaped (numbers stay numbers for %d)."""
        def escaped(value: object) -> object:
            return markdown_of(value) if isinstance(value, str) else value

        if isinstance(values, dict):
            return Md(str.__mod__(self, {key: escaped(value) for key, value in values.items()}))
        if isinstance(values, tuple):
            return Md(str.__mod__(self, tuple(escaped(value) for value in values)))
        return Md(str.__mod__(self, escaped(values)))


def markdown_of(value: object) -> Md:
    """Any value as Markdown for a page: Md as it is; anything else is plain text, escaped."""
    if isinstance(value, Md):
        return value
    if value is None:
        return Md("")
    return plain(value if isinstance(value, str) else str(value))


# Runs of white space a one-line text folds into one space; no-break spaces stay, as French typography needs
# them before : ; ? ! and inside « » (author text and the catalogs' words alike).
_FOLDED_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def one_line(text: str) -> str:
    """Text on one line: line breaks and runs of spaces folded into one space, no-break spaces kept."""
    return _FOLDED_SPACE.sub(" ", text).strip(" ")


# A one-line text's first mark that would start a list ("- x", "+ x", "1. x", "2) x"); ">" is already &gt;.
_BLOCK_START = re.compile(r"^(?:([-+])|(\d+)([.)]))")


def marked_untranslated(text: str, markdown: Md) -> Md:
    """Text a translation left out, in its original language: say so to the browser (lang) and to the reader."""
    if not isinstance(text, Untranslated):
        return markdown
    words = plain(_("(not yet translated)"))  # outside the f-string, where Babel's extractor finds it
    note = Md(f' <span class="untranslated">{words}</span>')
    # An inline element per paragraph, or per list item: Markdown still reads what is inside, and a list keeps its shape.
    def in_language(block: str) -> str:
        if not _LIST_ITEM.match(block):
            return f'<span lang="{text.lang}">{block}</span>' if block.strip() else block
        return _LIST_ITEM.sub(lambda m: f'{m.group(1)}<span lang="{text.lang}">{m.group(2)}</span>', block)

    return Md("\n\n".join(map(in_language, markdown.split("\n\n")))) + note


_LIST_ITEM = re.compile(r"^(\s*(?:[-+*]|\d+[.)])[ \t]+)(.+)$", re.MULTILINE)


def plain(text: str) -> Md:
    """Author text that is not Markdown (a name, a title), on one line: every mark shows as typed."""
    return marked_untranslated(text, _plain(str(text)))


def safe(text: str) -> Md:
    """Author Markdown (a field the model declares as Markdown) that cannot carry HTML, attributes, includes,
    definitions or script links."""
    return marked_untranslated(text, _safe(str(text)))


def inline(text: str) -> Md:
    """Author Markdown on one line, safe inside a table cell or a heading."""
    return marked_untranslated(text, _inline(str(text)))


@functools.lru_cache(maxsize=65536)
def _plain(text: str) -> Md:
    text = _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3),
                            one_line(text).translate(_PLAIN))
    return _inline(text)


def url(address: str) -> Md:
    """An address to write into a link: http(s) or mailto only, with every character Markdown reads encoded."""
    scheme = _SCHEME.match(address)
    if scheme is None or scheme.group(1).lower() not in model.LINK_SCHEMES:
        raise ValueError(f"not a web address: {address!r}")
    return Md(quote(address, safe=_URL_KEEP))


def _link_allowed(target: str) -> bool:
    """Whether an inline link's target (as written after "(") is relative or uses an allowed scheme."""
    scheme = _SCHEME.match(_URL_NOISE.sub("", target))
    return scheme is None or scheme.group(1).lower() in model.LINK_SCHEMES


@functools.lru_cache(maxsize=65536)  # the same summary shows on the timeline and on each of its states' pages
def _safe(text: str) -> Md:
    # Escaping < and & shows raw HTML as text; escaping { } stops attribute lists (onclick=...);
    # escaping a line's first mark stops headings, admonitions, includes and definitions.
    # The build refuses javascript: and data: links with a located error first; escaping the "(" of any
    # such link that gets here (e.g. hidden by a tab: java<TAB>script:) keeps it text, as defence in depth.
    text = text.translate(_HTML).replace("![", "!\\[")  # no images: a page loads nothing an author names
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return Md(_LINK_TARGET.sub(lambda m: m.group(0) if _link_allowed(m.group(2)) else "]" + m.group(1) + "\\(" + m.group(2), text))


@functools.lru_cache(maxsize=65536)
def _inline(text: str) -> Md:
    return Md(_safe(one_line(text)).replace("|", "\\|"))


@functools.lru_cache(maxsize=65536)  # a big timeline has a date per event; Babel takes 30 µs a date
def long_date(day: dt.date | model.PartialDate, locale: str = "en", short: bool = False) -> str:
    """27 December 2025; July 2025; 2025: as precise as the date is known (short: 27 Dec 2025).

    Other languages write dates as CLDR says (1. März 2026, 1 de marzo de 2026), and French the first of the
    month as an ordinal (1er mars 2026), which CLDR leaves out.
    """
    locale = locale.replace("-", "_")
    month = "MMM" if short else "MMMM"
    english = locale.split("_")[0] == "en"
    if isinstance(day, model.PartialDate):
        if day.precision == "year":
            return str(day.year)
        if day.precision == "month":
            if english:
                return format_date(day.earliest, f"{month} y", locale=locale)
            return format_skeleton(f"y{month}", day.earliest, locale=locale)
        day = day.earliest
    if english:
        return format_date(day, f"d {month} y", locale=locale)
    text = format_skeleton("yMMMd", day, locale=locale) if short else format_date(day, "long", locale=locale)
    return "1er" + text[1:] if locale.split("_")[0] == "fr" and day.day == 1 and text.startswith("1 ") else text


def date_range(first: dt.date | model.PartialDate, last: dt.date | model.PartialDate | None, locale: str = "en") -> str:
    """3–4 December 1997, or one date when there is no end."""
    if last is None or last == first:
        return long_date(first, locale)
    return f"{long_date(first, locale)} – {long_date(last, locale)}"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one generated page to another, relative as MkDocs expects."""
    target = _relpath(to_page, from_page)
    return f"{target}#{anchor}" if anchor else target


@functools.lru_cache(maxsize=65536)
def _relpath(to_page: str, from_page: str) -> str:
    # Not posixpath.relpath, which asks the OS for the working folder on every call: pages are plain
    # relative paths (no "." or ".."), and 500 states' pages linking each other missed any cache.
    folders, target = from_page.split("/")[:-1], to_page.split("/")
    shared = 0
    while shared < len(folders) and shared < len(target) - 1 and folders[shared] == target[shared]:
        shared += 1
    return "/".join([".."] * (len(folders) - shared) + target[shared:])


@functools.lru_cache(maxsize=16)  # a build (and each rebuild while serving) links the same glossary
def trie_pattern(words: frozenset[str]) -> str:
    """A regex matching any of the words, longest first, shaped as a trie.

    A plain alternation (a|b|c...) tries every word at every position; the trie tries only the words that
    share the letters read so far (the default glossary, 67 names: 3x faster, measured with timeit).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branch(node: dict) -> str:
        ways = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not ways:
            return ""
        body = ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"
        # Greedy: the longer word is tried first, and the shorter one is what backtracking falls back to.
        return f"(?:{body})?" if "" in node else body

    return branch(trie)


class GlossaryLinker:
    """Links the first use of each glossary term on a page to its definition (title shows it on hover and focus)."""

    def __init__(self, terms: list[model.GlossaryTerm], glossary_page: str, anchor_of):
        self.page = glossary_page
        self.by_name: dict[str, tuple[str, str]] = {}
        for term in terms:
            definition = " ".join(term.definition.split()).replace('"', "'").translate(_HTML)
            for name in [term.term, *term.aliases]:
                self.by_name[name.casefold()] = (anchor_of(term), definition)
        # Existing links, autolinks, code and footnote references are skipped, never linked inside.
        self.pattern = re.compile(
            r"(\[[^\]]*\]\([^)]*\)|<[^>]*>|`[^`]*`|\[\^[^\]]*\])"
            + (r"|\b(" + trie_pattern(frozenset(self.by_name)) + r")\b" if self.by_name else ""),
            re.IGNORECASE,
        )

    def for_page(self, path: str):
        """A function that links terms in Markdown text, each term once on this page."""
        used: set[str] = set()
        target = relative(path, self.page)

        def link(markdown: Md) -> Md:
            if not self.by_name or path == self.page:
                return markdown

            def replace(match: re.Match) -> str:
                word = match.group(2)
                if word is None:
                    return match.group(0)
                anchor, definition = self.by_name[word.casefold()]
                if anchor in used:
                    return word
                used.add(anchor)
                return f'[{word}]({target}#{anchor} "{definition}")'

            return Md(self.pattern.sub(replace, markdown))  # the definition in the title is escaped above

        return link
