"""Phones (360 px: nothing scrolls sideways, tables scroll inside themselves) and print."""

from __future__ import annotations

import pytest

from browser_support import Site

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways_on_a_phone(site: Site, server, open_context):
    context, _ = open_context(server, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    problems = []
    for path in site.pages:
        page.goto(server + path)
        wide = page.evaluate("() => { const s = document.scrollingElement; return s.scrollWidth > s.clientWidth ? s.scrollWidth : 0; }")
        if wide:
            culprits = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1
                && !e.closest('.md-typeset__scrollwrap, .md-sidebar, .md-search, .md-nav, .md-tooltip2')).slice(0, 3).map(e => e.outerHTML.slice(0, 100))""")
            problems.append(f"{path}: page is {wide} px wide at 360 px; too wide: {culprits}")
        tables = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')].map(t => {
            const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
            return {fits: box.getBoundingClientRect().right <= innerWidth + 1, scrolls: ['auto', 'scroll'].includes(getComputedStyle(t.parentElement).overflowX)
                    || ['auto', 'scroll'].includes(getComputedStyle(box).overflowX), wide: t.scrollWidth > box.clientWidth};
        })""")
        for i, t in enumerate(tables):
            if not t["fits"] or (t["wide"] and not t["scrolls"]):
                problems.append(f"{path}: table {i + 1} does not scroll inside itself at 360 px ({t})")
    assert not problems, "\n".join(problems)


def test_print_keeps_tables_whole_and_prints_external_urls(site: Site, server, open_context):
    context, _ = open_context(server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.emulate_media(media="print")
    problems, urls = [], 0
    for path in site.pages:
        page.goto(server + path)
        cut = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')].filter(t => {
            const box = t.closest('.md-content') || document.body;
            return t.scrollWidth > t.parentElement.clientWidth + 1 || t.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;
        }).length""")
        if cut:
            problems.append(f"{path}: {cut} tables cut off in print")
        links = page.evaluate("""() => [...document.querySelectorAll('.md-typeset a[href^="http"]')]
            .filter(a => !a.closest('.footnote') && a.getClientRects().length)
            .map(a => [a.href, getComputedStyle(a, '::after').content])""")
        for href, after in links:
            urls += 1
            if href.rstrip("/") not in after.replace("\\", "").rstrip('/")').rstrip("/") and href not in after:
                problems.append(f"{path}: {href} is not printed (::after is {after})")
    assert not problems, "\n".join(problems)
    assert urls or site.name == "small", "no external link outside footnotes was checked"
