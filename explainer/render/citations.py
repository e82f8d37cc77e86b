"""Citations: each page's numbered notes, and each source's links back to the places that cite it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .. import model
from .i18n import _
from .text import Md, long_date, plain, relative, url


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

    def cite(self, ids: list[str], anchor: str = "", label: str = "") -> Md:
        """Footnote references for source ids, remembering where they were cited."""
        for source_id in ids:
            self.used.setdefault(source_id, None)
            places = self.registry.places[source_id]
            place = Place(self.path, anchor, label)
            if not places or places[-1] != place:
                places.append(place)
        return Md("".join(f"[^{source_id}]" for source_id in ids))

    def footnotes(self, order: Iterable[str]) -> str:
        """The footnote definitions for every source this page cited, in the order given."""
        lines = []
        for source_id in order:
            link = relative(self.path, self.registry.page_of(source_id), source_id)
            lines.append(f"[^{source_id}]: {self.registry.reference(source_id)} " + _("[In the list of sources](%(link)s).") % {"link": link})
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
        links.append(_("Read at <%(url)s>") % {"url": url(source.read_at)})
    return ". ".join(parts) + ". " + (" · ".join(links) + "." if links else "")
