"""JSON-LD on every page parses, describes only what that page shows, and carries what search engines ask for."""

from __future__ import annotations

import json
import re

import pytest

from explainer.analysis import analyse
from explainer.render import Site, render_pages
from explainer.pipeline import check_file
from support import SMALL, start_tags

PAGES = {p.path: p.markdown for p in render_pages(check_file(SMALL).analysis, download_sizes={"events.csv": 10})}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITE_URL = "https://example.org/accord/"

# The properties Google Search Central's structured-data pages list for each type this site uses
# (developers.google.com/search/docs/appearance/structured-data: article, event, dataset). Article has no
# required property; its recommended ones are all given. Event's offers, performer and organizer describe
# ticketed shows, not treaty events, and are left out.
REQUIRED = {"Article": set(), "Event": {"name", "startDate", "location"}, "Dataset": {"name", "description"}}
RECOMMENDED = {
    "Article": {"author", "datePublished", "dateModified", "headline", "image"},
    "Event": {"eventStatus"},
    "Dataset": {"license", "creator", "url", "temporalCoverage", "isAccessibleForFree", "distribution"},
}


def structured(path: str, pages: dict[str, str] = PAGES) -> dict:
    blocks = SCRIPT.findall(pages[path])
    assert len(blocks) == 1, path
    return json.loads(blocks[0])


def published_pages() -> dict[str, str]:
    """The small fixture's pages with site_url set."""
    explainer = check_file(SMALL).analysis.explainer
    info = explainer.explainer.model_copy(update={"site_url": SITE_URL})
    analysis = analyse(explainer.model_copy(update={"explainer": info}))
    return {p.path: p.markdown for p in render_pages(analysis, download_sizes={"events.csv": 10, "sources.bib": 10})}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_page_has_an_article_citing_exactly_its_footnotes(path):
    data = structured(path)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["dateModified"] == "2026-03-01"  # the fixture's newest change and its as_of
    # A sentence backed by several sources has one grouped note, keyed by their ids joined with "+".
    footnoted = {i for key in re.findall(r"^\[\^([^\]]+)\]:", PAGES[path], re.M) for i in key.split("+")}
    cited = [c["url"] for c in data["citation"]]
    sources = {s.id: s for s in check_file(SMALL).analysis.explainer.sources}
    assert sorted(cited) == sorted(sources[i].url or sources[i].read_at for i in footnoted)


def test_page_entities_match_the_page():
    assert structured("treaty.md")["mainEntity"]["@type"] == "Legislation"
    events = structured("timeline.md")["mainEntity"]["itemListElement"]
    assert [e["item"]["startDate"] for e in events] == ["2024-08-31", "2025-06-15", "2025-08-31", "2026-06-15"]
    terms = structured("glossary.md")["mainEntity"]["hasDefinedTerm"]
    assert [t["name"] for t in terms] == ["depositary"]
    dataset = structured("data.md")["mainEntity"]
    assert dataset["@type"] == "Dataset" and dataset["distribution"][0]["contentUrl"] == "data/events.csv"


def missing(entity: dict) -> set[str]:
    kind = entity["@type"]
    return {p for p in REQUIRED[kind] | RECOMMENDED[kind] if entity.get(p) in (None, "", [], {})}


def test_each_type_has_what_search_engines_require_and_recommend_with_absolute_addresses():
    pages = published_pages()
    seen = set()
    for path in pages:
        data = structured(path, pages)
        assert missing(data) == set(), path
        assert data["url"] == data["mainEntityOfPage"] == SITE_URL + path[:-3] + ".html"
        apa = next(line for line in pages[path].splitlines() if "**APA:**" in line)
        assert apa.endswith(" " + data["url"])  # "Cite this page" gives the public address
        assert data["image"].startswith(SITE_URL) and data["isPartOf"]["url"] == SITE_URL + "index.html"
        seen.add("Article")
        about = data.get("mainEntity", {})
        for element in about.get("itemListElement", []):
            if "item" in element:
                assert missing(element["item"]) == set(), element
                assert element["item"]["url"].startswith(SITE_URL + path[:-3] + ".html#")
                seen.add("Event")
        if about.get("@type") == "Dataset":
            assert missing(about) == set() and len(about["description"]) >= 50
            assert [d["contentUrl"] for d in about["distribution"]] == [SITE_URL + "data/events.csv", SITE_URL + "data/sources.bib"]
            seen.add("Dataset")
    assert seen == {"Article", "Event", "Dataset"}


def test_without_site_url_cite_this_page_gives_no_bare_path():
    for path, text in PAGES.items():
        for line in text.splitlines():
            if "**APA:**" in line or "**MLA:**" in line:
                assert ".html" not in line, (path, line)


def test_pages_the_build_does_not_write_get_a_web_page_block(small_site):
    for name in ("about.html", "404.html"):
        text = (small_site.site / name).read_text(encoding="utf-8")
        blocks = SCRIPT.findall(text)
        assert len(blocks) == 1, name
        data = json.loads(blocks[0])
        assert data["@type"] == "WebPage" and data["name"] and data["isPartOf"]["name"] == "The Example Accord"
        scripts = [a for tag, a in start_tags(text) if tag == "script" and a.get("type") == "application/ld+json"]
        assert len(scripts) == 1


@pytest.mark.parametrize("title", ["</script><script>alert(1)</script>", "<!--<script>", "a & b > c"])
def test_author_text_cannot_end_the_json_ld_block_or_open_a_comment_in_it(title):
    site = Site(check_file(SMALL).analysis)
    text = site.structured_data("x.md", title, site.citations.page("x.md"), None)
    body = SCRIPT.findall(text)[0]
    assert text.count("</script>") == 1 and "<" not in body and json.loads(body)["headline"] == title
