"""Print built pages to A4 PDFs in one headless Chromium; run as a script by explainer.printing.

Its own process on purpose: Playwright's sync API cannot run where an event loop already runs
(a test session driving a browser, a notebook).
Usage: python pdf.py FACTS-DATE CHROMIUM PAGE.html OUT.pdf [PAGE.html OUT.pdf ...]
Each page must be in the site's top folder: only files under that folder may load while printing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Run by Playwright from outside the page, which works with the page's scripts off (none of them can run).
# Paper cannot follow a link, so: links to other pages of the site lose their address (they would print as
# file:// paths of the build folder); a note's "back to the text" arrows and its link to the list of sources
# go; a web address prints short but whole, to type in (no https://, no www.), and a named link shows it after it.
# Then the page is laid out as Material's script would have before printing (tables in wrappers, details open).
PRINT_LAYOUT = """() => {
    const short = href => {
        const u = new URL(href);
        const text = u.host.replace(/^www\\./, '') + u.pathname.replace(/\\/$/, '') + u.search;
        try { return decodeURI(text); } catch (error) { return text; }  // an address in another encoding stays as written
    };
    document.querySelectorAll('.footnote .footnote-backref').forEach(a => a.remove());
    document.querySelectorAll('.footnote li a[href]').forEach(a => {
        if (/^(https?:|mailto:|#)/.test(a.getAttribute('href'))) return;
        const after = a.nextSibling;
        if (after && after.nodeType === 3) after.textContent = after.textContent.replace(/^\\.\\s*/, '');
        a.remove();
    });
    document.querySelectorAll('a[href]').forEach(a => {
        const href = a.getAttribute('href');
        if (!/^(https?:|mailto:|#)/.test(href)) { a.removeAttribute('href'); return; }
        if (!/^https?:/.test(href) || a.classList.contains('ex-address')) return;
        if (a.textContent.trim() === href) a.textContent = short(href);
        else a.dataset.short = short(href);
    });
    document.documentElement.classList.replace('no-js', 'js');
    document.querySelectorAll('[data-md-component=content] table:not([class])').forEach(table => {
        const outer = document.createElement('div'), inner = document.createElement('div');
        outer.className = 'md-typeset__scrollwrap';
        inner.className = 'md-typeset__table';
        table.replaceWith(outer);
        outer.appendChild(inner).appendChild(table);
    });
    document.querySelectorAll('[data-md-component=content] details').forEach(details => details.open = true);
}"""


def print_pdfs(jobs: list[tuple[Path, Path]], facts_date: str, chromium: str, site_root: Path | None = None) -> None:
    """Print built pages to A4 PDFs with page numbers and the facts' date, each (page, pdf) pair in turn.

    The browser is a sandbox: no page script runs, and only files inside the site's folder (by default the
    first page's own folder) may load; other files, the network and every other scheme are refused.
    """
    from playwright.sync_api import sync_playwright

    footer = ('<div style="font-size:8px;width:100%;text-align:center;color:#444">'
              f'Facts checked to {facts_date} · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')
    root = (site_root or jobs[0][0].parent).resolve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            # One context per page: nothing one page did (its cache, its storage) is there for the next.
            for html_file, pdf_file in jobs:
                context = browser.new_context(java_script_enabled=False, service_workers="block", accept_downloads=False)
                context.route("**/*", lambda route: route.continue_() if inside_site(route.request.url, root) else route.abort())
                page = context.new_page()
                page.set_default_timeout(300_000)  # a long page takes a while to lay out
                page.goto(html_file.resolve().as_uri(), wait_until="load")
                page.evaluate(PRINT_LAYOUT)
                page.emulate_media(media="print")
                page.pdf(path=str(pdf_file), format="A4", print_background=True, display_header_footer=True,
                         header_template="<span></span>", footer_template=footer,
                         margin={"top": "15mm", "bottom": "15mm", "left": "14mm", "right": "14mm"})
                context.close()
        finally:
            browser.close()
    for _, pdf_file in jobs:
        if pdf_file.exists():
            _pin_pdf_dates(pdf_file, facts_date)


def print_pdf(html_file: Path, pdf_file: Path, facts_date: str, chromium: str, site_root: Path | None = None) -> None:
    """Print one built page to an A4 PDF (see print_pdfs)."""
    print_pdfs([(html_file, pdf_file)], facts_date, chromium, site_root)


def inside_site(url: str, site_root: Path) -> bool:
    """Whether a request asks for a file inside the built site, links followed: nothing else may load while printing."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(unquote(parts.path)).resolve().is_relative_to(site_root)


def _pin_pdf_dates(pdf_file: Path, facts_date: str) -> None:
    """Replace the PDF's creation and modification times with the facts' date, byte for byte in length."""
    stamp = facts_date.replace("-", "")
    data = pdf_file.read_bytes()
    data = re.sub(rb"\(D:(\d{8})(\d{6})", lambda m: b"(D:" + stamp.encode() + b"000000", data)
    pdf_file.write_bytes(data)



if __name__ == "__main__":
    date, browser, *files = sys.argv[1:]
    print_pdfs([(Path(page), Path(out)) for page, out in zip(files[::2], files[1::2])], date, browser)
