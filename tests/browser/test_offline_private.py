"""The zip works with no network at all, and no page asks any host but the site's own for anything."""

from __future__ import annotations

import re

import pytest

from browser_support import Site, open_in_tabs

pytestmark = pytest.mark.browser


def test_the_unzipped_site_works_offline(site: Site, unzipped, open_context):
    context, guard = open_context("file", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((unzipped / "index.html").as_uri())
    # Navigation: a link in the sidebar lands on its page.
    page.locator(".md-sidebar--primary .md-nav__link[href='treaty.html']").first.click()
    page.wait_for_url(re.compile(r"/treaty\.html$"))
    assert page.locator("h1").first.inner_text().strip()
    # Footnotes: the numbered notes are shown with their sources.
    assert page.locator(".footnote-ref").count() > 0
    assert page.locator(".footnote li").first.is_visible()
    # Search: the offline plugin's inlined index answers from file://.
    page.keyboard.press("/")
    page.keyboard.type("depositary")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert "depositary" in page.locator(".md-search-result").inner_text().lower()
    # Every image (the chart, when there is one) loads from the zip.
    for tab, url in open_in_tabs(context, [(unzipped / path).as_uri() for path in site.pages]):
        broken = tab.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        assert not broken, f"{url}: images that do not load offline: {broken}"
    assert not guard.blocked, f"the offline site tried to reach the network: {sorted(set(guard.blocked))}"


@pytest.mark.parametrize("where", ["http", "zip"])
def test_no_page_requests_anything_from_another_host(site: Site, server, unzipped, open_context, where):
    own = server if where == "http" else "file"
    context, guard = open_context(own, viewport={"width": 1280, "height": 900})
    urls = [server + path if where == "http" else (unzipped / path).as_uri() for path in site.pages]
    # "networkidle": nothing loaded for 0.5 s, so late requests (search index, worker) are seen; tabs wait side by side.
    loaded = [url for _, url in open_in_tabs(context, urls, tabs=12, wait_until="networkidle")]
    assert loaded == urls
    assert guard.requests, "no request was seen at all: the check would prove nothing"
    assert not guard.blocked, f"requests to other hosts ({where}): " + "\n".join(sorted(set(guard.blocked)))


RESOURCE = re.compile(r"""<(?:script|img|iframe|link|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|data|srcset)=["']?(?:https?:)?//""", re.I)


def test_no_page_or_stylesheet_names_a_resource_on_another_host(site: Site):
    """What a browser may fetch without a request we can see (preconnect, prefetch, CSS imports)."""
    found = [f"{p}: {m.group(0)[:120]}" for p in site.pages for m in RESOURCE.finditer(site.html(p))]
    for css in site.dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        found += [f"{css.relative_to(site.dir)}: {m.group(0)}" for m in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])(?:https?:)?//[^)'\"]+", text)]
    assert not found, "\n".join(found)
