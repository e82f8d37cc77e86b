"""Citations: each page's numbered notes, and each source's links back to the places that cite it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .. import model
from .text import Md, long_date, plain, relative, url


GROUP = "+"
"""Joins the source ids of one grouped note's key (ids never hold it: fields.ID_PATTERN)."""


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
    """The source ids cited on the page, in first-cited order."""
    notes: dict[str, None] = field(default_factory=dict)
    """The page's footnote keys: a source id, or several joined by GROUP for a sentence backed by several."""

    def cite(self, ids: list[str], anchor: str = "", label: str = "") -> Md:
        """One footnote reference for source ids (a grouped note when there are several), remembering where they
        were cited: one marker per sentence, however many sources back it."""
        for source_id in ids:
            self.used.setdefault(source_id, None)
            places = self.registry.places[source_id]
            place = Place(self.path, anchor, label)
            if not places or places[-1] != place:
                places.append(place)
        if not ids:
            return Md("")
        key = GROUP.join(dict.fromkeys(ids))
        self.notes.setdefault(key, None)
        return Md(f"[^{key}]")

    def footnotes(self, order: Iterable[str]) -> str:
        """The footnote definitions of this page's notes, in the order given: a source, or a group of them as a list."""
        lines = []
        for key in order:
            ids = key.split(GROUP)
            entries = [f"{self.registry.reference(source_id)} "
                       f"[In the list of sources]({relative(self.path, self.registry.page_of(source_id), source_id)})."
                       for source_id in ids]
            if len(entries) == 1:
                lines.append(f"[^{key}]: {entries[0]}")
            else:
                lines.append(f"[^{key}]:\n" + "\n".join(f"    - {entry}" for entry in entries))
        return "\n".join(lines)


def reference(source: model.Source, locale: str = "en") -> str:
    """One source as a reader sees it in a footnote: publisher, title, date, where to read it."""
    parts = [f"{plain(source.publisher)}, *{plain(source.title)}*"]
    if source.published:
        parts[-1] += f" ({long_date(source.published, locale)})"
    links = []
    if source.url:
        links.append(f"<{url(source.url)}>")
    if source.read_at:
        links.append(f"Read at <{url(source.read_at)}>")
    return ". ".join(parts) + ". " + (" · ".join(links) + "." if links else "")
