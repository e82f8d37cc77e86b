"""What search engines and link previews read, in a real build: sitemap (checked against the sitemaps.org XSD),
canonical links, one title and one description per page, Open Graph and Twitter tags, robots.txt."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from explainer.discovery import share_card_svg, share_tags
from conftest import copy_project, run_cli
from support import ROOT, start_tags

SITE_URL = "https://example.org/accord/"
XSD = ROOT / "tests" / "data" / "sitemap.xsd"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The small fixture built with site_url set, as a site about to be published."""
    project = copy_project(tmp_path_factory.mktemp("published"))
    events = project / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("  as_of: ", f'  site_url: "{SITE_URL}"\n  as_of: ', 1), encoding="utf-8")
    run = run_cli(["build", "--no-pdf"], project)
    assert run.code == 0, run.err
    assert "site_url is not set" not in run.out
    return project / "site"


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_the_sitemap_validates_against_the_xsd_and_lists_every_page_at_its_canonical_address(published):
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    sitemap = etree.parse(str(published / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    listed = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    canonical = {}
    for path, text in pages(published).items():
        links = [a["href"] for tag, a in start_tags(text) if tag == "link" and a.get("rel") == "canonical"]
        if path != "404.html":
            assert links == [SITE_URL + path], path
            canonical[path] = links[0]
    assert sorted(listed) == sorted(canonical.values())


def test_every_page_has_one_title_and_its_own_description(published):
    descriptions = {}
    for path, text in pages(published).items():
        titles = re.findall(r"<title>(.*?)</title>", text)
        assert len(titles) == 1, path
        parts = titles[0].split(" - ")
        assert len(parts) == len(set(parts)), f"{path}: {titles[0]}"  # never "X - X"
        metas = [a["content"] for tag, a in start_tags(text) if tag == "meta" and a.get("name") == "description"]
        assert len(metas) == 1 and 20 <= len(metas[0]) <= 170, (path, metas)
        descriptions[path] = metas[0]
    own = {p: d for p, d in descriptions.items() if p != "404.html"}
    assert len(set(own.values())) == len(own), "two pages share a description"
    assert pages(published)["index.html"].count("<title>The Example Accord</title>") == 1


def test_every_page_has_share_tags_with_absolute_addresses_and_the_card_exists(published):
    etree = pytest.importorskip("lxml.etree")
    for path, text in pages(published).items():
        if path == "404.html":
            continue
        tags = {a.get("property") or a.get("name"): a["content"] for tag, a in start_tags(text)
                if tag == "meta" and (a.get("property", "").startswith("og:") or a.get("name", "").startswith("twitter:"))}
        assert tags["og:url"] == SITE_URL + path
        assert tags["og:title"] and tags["og:description"] and tags["twitter:card"] == "summary_large_image"
        assert tags["og:image"] == SITE_URL + "assets/share-card.svg"
    card = etree.parse(str(published / "assets" / "share-card.svg"))
    assert "The Example Accord" in "".join(card.getroot().itertext())
    assert (published / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"


def test_without_site_url_the_build_says_what_it_cannot_make(small_site):
    assert "Note: explainer.site_url is not set: sitemap.xml lists no addresses" in small_site.run.out
    assert (small_site.site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    for path, text in pages(small_site.site).items():
        assert 'rel="canonical"' not in text and 'property="og:' not in text, path


def test_share_tags_and_card_escape_author_text():
    hostile = '"><script>alert(1)</script>&'
    tags = share_tags(hostile, hostile, SITE_URL, hostile, SITE_URL, "en")
    assert "<script>" not in tags and [a["content"] for _, a in start_tags(tags)][2] == hostile
    card = share_card_svg(hostile, hostile)
    assert "<script>" not in card and html.escape(hostile[:30]) in card
