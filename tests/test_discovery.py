"""What search engines and link previews read, in a real build: sitemap (checked against the sitemaps.org XSD),
canonical links, one title and one description per page, Open Graph and Twitter tags, robots.txt."""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
from pathlib import Path

import pytest

from explainer.cli import main
from explainer.discovery import share_card_svg, share_tags
from support import ROOT, SMALL, start_tags

SITE_URL = "https://example.org/accord/"
XSD = ROOT / "tests" / "data" / "sitemap.xsd"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The small fixture built as the publishing workflow builds it: with --site-url (the events file has none)."""
    project = tmp_path_factory.mktemp("published")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(SMALL, project / "events.yaml")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setenv("EXPLAINER_TODAY", "2026-03-01")
        patch.chdir(project)
        code = main(["build", "--no-pdf", "--site-url", SITE_URL.upper().replace("/ACCORD/", "/accord/")])
    assert code == 0 and "site_url is not set" not in out.getvalue()
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
        titles = re.findall(r"<title>(.*?)</title>", text.split("</head>")[0])  # the page's; an inline SVG has its own
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


def test_every_page_announces_the_changes_feed(small_site):
    for path, text in pages(small_site.site).items():
        if path == "404.html":
            continue  # served at any address, where a relative link would lead nowhere
        feeds = [a["href"] for tag, a in start_tags(text) if tag == "link" and a.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, path
        assert (small_site.site / path).parent.joinpath(feeds[0]).resolve() == (small_site.site / "data" / "changes.atom").resolve()


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


def test_a_site_url_that_is_not_an_http_address_is_refused(project, cli):
    with pytest.raises(SystemExit) as exit_code:
        cli("build", "--no-pdf", "--site-url", "javascript:alert(1)", cwd=project)
    assert exit_code.value.code == 2 and not (project / "site").exists()
