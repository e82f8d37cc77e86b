"""JSON-LD (schema.org) for search engines: an Article per page, the timeline's Events, the downloads' Dataset.

Each type carries what the search engines' documentation requires and recommends (Google Search Central:
Article, Event, Dataset; tests/test_structured_data.py holds the lists), with absolute addresses when the
site's address (explainer.site_url) is known.
"""

from __future__ import annotations

import json

from ..analysis import Analysis
from ..discovery import SHARE_CARD
from .changes import first_published, last_modified
from .i18n import _
from .text import Md


def absolute(analysis: Analysis, path: str) -> str | None:
    """The public address of a file of the site (a page's .md becomes .html), or None without site_url."""
    site_url = analysis.explainer.explainer.site_url
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + (path[:-3] + ".html" if path.endswith(".md") else path)


def _people(analysis: Analysis) -> list[dict]:
    return [{"@type": "Organization" if m.role is None else "Person", "name": m.name}
            for m in analysis.explainer.explainer.maintainers]


def website(analysis: Analysis) -> dict:
    info = analysis.explainer.explainer
    site = {"@type": "WebSite", "name": info.title}
    home = absolute(analysis, "index.md")
    return site | ({"url": home} if home else {})


def article(analysis: Analysis, path: str, title: str, cited: list[str], about: dict | None) -> dict:
    """The page as an Article: dates from the record of changes, authors, what it cites, what it is about."""
    info = analysis.explainer.explainer
    sources = analysis.sources
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title,
        "inLanguage": info.language,
        "datePublished": first_published(analysis).isoformat(),
        "dateModified": last_modified(analysis).isoformat(),
        "license": info.license.url,
        "author": _people(analysis),
        "publisher": _people(analysis)[0],
        "isPartOf": website(analysis),
        "citation": [
            {"@type": "CreativeWork", "name": sources[i].title, "publisher": {"@type": "Organization", "name": sources[i].publisher},
             **({"url": sources[i].url or sources[i].read_at} if (sources[i].url or sources[i].read_at) else {})}
            for i in cited
        ],
    }
    url = absolute(analysis, path)
    if url:
        data |= {"url": url, "mainEntityOfPage": url, "image": absolute(analysis, SHARE_CARD)}
    if about:
        data["mainEntity"] = about
    return data


def event(analysis: Analysis, name: str, start: str, state_ids: list[str], anchor_url: str | None) -> dict:
    """A timeline entry as an Event; its location is the countries concerned, which every listed entry has."""
    states = analysis.states
    item = {"@type": "Event", "name": name, "startDate": start, "eventStatus": "https://schema.org/EventScheduled",
            "location": [{"@type": "Country", "name": states[s].name, "identifier": s} for s in state_ids if s in states]}
    return item | ({"url": anchor_url} if anchor_url else {})


def dataset(analysis: Analysis, names: list[str], formats: dict[str, str]) -> dict:
    """The downloads as a Dataset: a description long enough for search engines (50 characters or more), who made it, when."""
    info = analysis.explainer.explainer
    events = analysis.explainer.events
    first = min(e.date.earliest for e in events).isoformat()
    description = info.description + " " + _("The data behind the site: every event, state and source, the key dates "
                                             "and the timeline, with facts checked to %(date)s.") % {"date": analysis.as_of.isoformat()}
    data = {"@type": "Dataset", "name": _("%(title)s: data") % {"title": info.title}, "description": description,
            "license": info.license.url, "creator": _people(analysis), "isAccessibleForFree": True,
            "dateModified": last_modified(analysis).isoformat(), "temporalCoverage": f"{first}/{analysis.as_of.isoformat()}",
            "distribution": [{"@type": "DataDownload", "name": name, "contentUrl": absolute(analysis, f"data/{name}") or f"data/{name}",
                              "encodingFormat": formats.get(name, "application/octet-stream")} for name in names]}
    url = absolute(analysis, "data.md")
    return data | ({"url": url} if url else {})


def web_page(name: str, site_name: str, url: str | None) -> dict:
    """A page the build did not write (the author's own pages, the 404 page): a WebPage of the site."""
    data = {"@context": "https://schema.org", "@type": "WebPage", "name": name, "isPartOf": {"@type": "WebSite", "name": site_name}}
    return data | ({"url": url} if url else {})


def script(data: dict) -> Md:
    """The JSON-LD block. No <, > or & in the script's text: nothing in it can end the script or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Md(f'<script type="application/ld+json">{text}</script>')
