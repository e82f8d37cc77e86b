"""JSON-LD on every page parses, and describes only what that page shows."""

from __future__ import annotations

import json
import re

import pytest

from explainer.render import render_pages
from explainer.pipeline import check_file
from support import SMALL

PAGES = {p.path: p.markdown for p in render_pages(check_file(SMALL).analysis, download_sizes={"events.csv": 10})}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured(path: str) -> dict:
    blocks = SCRIPT.findall(PAGES[path])
    assert len(blocks) == 1, path
    return json.loads(blocks[0])


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_page_has_an_article_citing_exactly_its_footnotes(path):
    data = structured(path)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["dateModified"] == "2026-03-01"
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


@pytest.mark.parametrize("title", ["</script><script>alert(1)</script>", "<!--<script>", "a & b > c"])
def test_author_text_cannot_end_the_json_ld_block_or_open_a_comment_in_it(title):
    from explainer.render import Site

    site = Site(check_file(SMALL).analysis)
    text = site.structured_data("x.md", title, site.citations.page("x.md"), None)
    body = SCRIPT.findall(text)[0]
    assert text.count("</script>") == 1 and "<" not in body and json.loads(body)["headline"] == title
