"""Phones (360 px: nothing scrolls sideways, tables scroll inside themselves) and print."""

from __future__ import annotations

import pytest

from browser_support import Site, open_in_tabs
from explainer.render.classroom import short_address

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways_on_a_phone(site: Site, server, open_context):
    context, _ = open_context(server, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    problems, checked = [], 0
    for page, url in open_in_tabs(context, [server + path for path in site.pages], tabs=3):
        path, checked = url.removeprefix(server), checked + 1
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
    assert checked == len(site.pages)
    assert not problems, "\n".join(problems)


def test_print_keeps_tables_whole_and_prints_external_urls(site: Site, server, open_context):
    context, _ = open_context(server, viewport={"width": 1280, "height": 900})
    problems, urls, checked = [], 0, 0
    urls_to_check = [server + path for path in site.pages]
    for page, url in open_in_tabs(context, urls_to_check, tabs=3, prepare=lambda tab: tab.emulate_media(media="print")):
        path, checked = url.removeprefix(server), checked + 1
        assert page.evaluate("matchMedia('print').matches"), "the page is not laid out for print"
        cut = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')].filter(t => {
            const box = t.closest('.md-content') || document.body;
            return t.scrollWidth > t.parentElement.clientWidth + 1 || t.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;
        }).length""")
        if cut:
            problems.append(f"{path}: {cut} tables cut off in print")
        links = page.evaluate("""() => [...document.querySelectorAll('.md-typeset a[href^="http"]')]
            .filter(a => !a.closest('.footnote') && a.getClientRects().length)
            .map(a => [a.href, getComputedStyle(a, '::after').content, a.classList.contains('ex-address') ? a.textContent : null])""")
        for href, after, address in links:
            urls += 1
            if address is not None:  # the handout prints a source's address as its text, short: no scheme, no www.
                if address != short_address(href):
                    problems.append(f"{path}: {href} is printed as {address!r}")
                continue
            if href.rstrip("/") not in after.replace("\\", "").rstrip('/")').rstrip("/") and href not in after:
                problems.append(f"{path}: {href} is not printed (::after is {after})")
    assert checked == len(site.pages)
    assert not problems, "\n".join(problems)
    assert urls or site.name == "small", "no external link outside footnotes was checked"
