"""Hostile text in an events file, built into a real site and opened in Chromium: nothing runs, all shows as text.

Shares the suite's one browser (two Playwright sessions cannot run in one process); the hostile files come
from tests/test_injection.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import open_in_tabs
from test_injection import build_hostile


# Resolves once the page has rendered a frame after its load event and run what was queued: an injected handler has had its turn.
SETTLED = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"


def browse(browser, site: Path) -> tuple[list[str], dict[str, object], list[str], str]:
    """Open every page of a site; report dialogs, globals set by scripts, script links, and the visible text."""
    dialogs: list[str] = []
    pwned: dict[str, object] = {}
    bad_links: list[str] = []
    texts = []
    context = browser.new_context()
    try:
        context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        files = sorted(site.rglob("*.html"))
        for page, url in open_in_tabs(context, [html.as_uri() for html in files], tabs=3):
            page.evaluate(SETTLED)
            value = page.evaluate("window.pwned")
            if value is not None:
                pwned[url.rsplit("/", 1)[-1]] = value
            bad_links += page.evaluate(
                """[...document.querySelectorAll('a[href], iframe[src], embed, object, form')]
                   .map(e => e.href || e.src || e.action || e.data || '')
                   .filter(u => !['http:', 'https:', 'mailto:', 'file:'].includes(new URL(u, location.href).protocol))""")
            bad_links += page.evaluate("[...document.querySelectorAll('[onerror],[onclick],[onload],[onmouseover],svg[onload]')].map(e => e.outerHTML)")
            texts.append(page.inner_text("body"))
    finally:
        context.close()
    assert len(texts) == len(files)
    return dialogs, pwned, bad_links, "\n".join(texts)


@pytest.mark.browser
def test_hostile_text_in_every_content_field_never_runs_and_is_shown_as_text(browser, tmp_path: Path):
    site = build_hostile(tmp_path, include_theme_fields=False)
    dialogs, pwned, bad_links, text = browse(browser, site)
    assert dialogs == []
    assert pwned == {}
    assert [link for link in bad_links if "md-search" not in link] == []
    # The hostile text is visible as text, on the pages a reader sees.
    assert "<script>window.pwned='events-summary-" in text
    assert "<img src=x onerror=" in text
    assert "{: onclick=" in text
    assert '--8<-- "mkdocs.yml"' in text
    assert "site_name" not in text, "a snippet include pulled mkdocs.yml into a page"


@pytest.mark.browser
def test_hostile_text_in_site_title_description_license_and_state_names_never_runs(browser, tmp_path: Path):
    site = build_hostile(tmp_path, include_theme_fields=True)
    dialogs, pwned, bad_links, text = browse(browser, site)
    assert (dialogs, pwned) == ([], {})
    assert "<img src=x onerror=" in text
