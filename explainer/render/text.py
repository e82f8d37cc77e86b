"""Small pure helpers for writing Markdown: safe author text, dates, relative links, citations."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from babel.dates import format_date

from .. import model

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"})
# A line's first mark that would start a heading, admonition, details, tab or block, a snippet include,
# or an abbreviation, footnote or link-reference definition ([id]: url, whose url no check sees).
_LINE_START = re.compile(r"^(\s*)(#|\[\^|\[(?=[^\]\n]*\]:)|\*\[|-+8|={3,}|!!!|\?\?\?|///)", re.MULTILINE)
# An inline link's opening "](", and what follows it up to the closing parenthesis.
_LINK_TARGET = re.compile(r"\]([ \t]*\n?[ \t]*)\(([^)]*)")
# What a browser's URL parser ignores (ASCII tab and newline anywhere; spaces and controls at the ends)
# plus Markdown's backslash escapes: removed before reading a link's scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f\\]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def _link_allowed(target: str) -> bool:
    """Whether an inline link's target (as written after "(") is relative or uses an allowed scheme."""
    scheme = _SCHEME.match(_URL_NOISE.sub("", target))
    return scheme is None or scheme.group(1).lower() in model.LINK_SCHEMES


@functools.lru_cache(maxsize=65536)  # the same summary shows on the timeline and on each of its states' pages
def safe(text: str) -> str:
    """Author text as Markdown that cannot carry HTML, attributes, includes, definitions or script links."""
    # Escaping < and & shows raw HTML as text; escaping { } stops attribute lists (onclick=...);
    # escaping a line's first mark stops headings, admonitions, includes and definitions.
    # The build refuses javascript: and data: links with a located error first; escaping the "(" of any
    # such link that gets here (e.g. hidden by a tab: java<TAB>script:) keeps it text, as defence in depth.
    text = text.translate(_HTML)
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _LINK_TARGET.sub(lambda m: m.group(0) if _link_allowed(m.group(2)) else "]" + m.group(1) + "\\(" + m.group(2), text)


@functools.lru_cache(maxsize=65536)
def inline(text: str) -> str:
    """Author text on one line, safe inside a table cell or a heading."""
    return safe(" ".join(text.split())).replace("|", "\\|")


@functools.lru_cache(maxsize=65536)  # a big timeline has a date per event; Babel takes 30 µs a date
def long_date(day: dt.date | model.PartialDate, locale: str = "en", short: bool = False) -> str:
    """27 December 2025; July 2025; 2025: as precise as the date is known (short: 27 Dec 2025)."""
    locale = locale.replace("-", "_")
    month = "MMM" if short else "MMMM"
    if isinstance(day, model.PartialDate):
        if day.precision == "year":
            return str(day.year)
        if day.precision == "month":
            return format_date(day.earliest, f"{month} y", locale=locale)
        day = day.earliest
    return format_date(day, f"d {month} y", locale=locale)


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


@dataclass(frozen=True)
class Place:
    """Where a source is cited: a page, an anchor on it and a label for the back-link."""

    page: str
    anchor: str
    label: str


@dataclass
class Citations:
    """Collects citations page by page, so each page gets its footnotes and each source its back-links."""

    sources: dict[str, model.Source]
    page_of: Callable[[str], str]
    """The bibliography page that lists a source id."""
    locale: str = "en"
    places: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    references: dict[str, str] = field(default_factory=dict)

    def page(self, path: str) -> "PageCitations":
        return PageCitations(self, path)

    def reference(self, source_id: str) -> str:
        """A source's footnote text, made once however many pages cite it."""
        if source_id not in self.references:
            self.references[source_id] = reference(self.sources[source_id], self.locale)
        return self.references[source_id]


@dataclass
class PageCitations:
    """The citations of one page."""

    registry: Citations
    path: str
    used: dict[str, None] = field(default_factory=dict)

    def cite(self, ids: list[str], anchor: str = "", label: str = "") -> str:
        """Footnote references for source ids, remembering where they were cited."""
        for source_id in ids:
            self.used.setdefault(source_id, None)
            places = self.registry.places[source_id]
            place = Place(self.path, anchor, label)
            if not places or places[-1] != place:
                places.append(place)
        return "".join(f"[^{source_id}]" for source_id in ids)

    def footnotes(self, order: Iterable[str]) -> str:
        """The footnote definitions for every source this page cited, in the order given."""
        lines = []
        for source_id in order:
            lines.append(f"[^{source_id}]: {self.registry.reference(source_id)} "
                         f"[In the list of sources]({relative(self.path, self.registry.page_of(source_id), source_id)}).")
        return "\n".join(lines)


KIND_LABELS = {
    model.SourceKind.treaty_text: "Treaty text",
    model.SourceKind.depositary: "Depositary (UN)",
    model.SourceKind.government: "Government",
    model.SourceKind.parliament: "Parliament",
    model.SourceKind.international_organisation: "International organisation",
    model.SourceKind.ngo: "Non-governmental organisation",
    model.SourceKind.news_agency: "News agency",
    model.SourceKind.news: "News media",
    model.SourceKind.state_media: "State media of a party to a conflict",
    model.SourceKind.analysis: "Analysis",
    model.SourceKind.reference: "Reference",
}


def reference(source: model.Source, locale: str = "en") -> str:
    """One source as a reader sees it in a footnote: publisher, title, date, where to read it."""
    parts = [f"{inline(source.publisher)}, *{inline(source.title)}*"]
    if source.published:
        parts[-1] += f" ({long_date(source.published, locale)})"
    links = []
    if source.url:
        links.append(f"<{source.url}>")
    if source.read_at:
        links.append(f"Read at <{source.read_at}>")
    return ". ".join(parts) + ". " + (" · ".join(links) + "." if links else "")


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

        def link(markdown: str) -> str:
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

            return self.pattern.sub(replace, markdown)

        return link
