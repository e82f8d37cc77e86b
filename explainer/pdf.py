"""Print one built page to an A4 PDF in headless Chromium; run as a script by explainer.printing.

Its own process on purpose: Playwright's sync API cannot run where an event loop already runs
(a test session driving a browser, a notebook).
Usage: python pdf.py PAGE.html OUT.pdf FACTS-DATE CHROMIUM [FOOTER-WORDS]
The page must be in the site's top folder: only files under that folder may load while printing.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Run by Playwright from outside the page, which works with the page's scripts off (none of them can run):
# drop links to other pages of the site (they would print as file:// paths of the build folder), and lay the
# page out as Material's script would have before printing (tables in their wrappers, details open).
PRINT_LAYOUT = """() => {
    document.querySelectorAll('a[href]').forEach(a => {
        if (!/^(https?:|mailto:|#)/.test(a.getAttribute('href'))) a.removeAttribute('href');
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


FOOTER_WORDS = "Facts checked to %(date)s · page %(page)s of %(pages)s"
"""The footer's words in English; explainer.printing passes them in the build's language."""


def print_pdf(html_file: Path, pdf_file: Path, facts_date: str, chromium: str,
              site_root: Path | None = None, footer_words: str = FOOTER_WORDS) -> None:
    """Print a built page to an A4 PDF with page numbers and the facts' date, in headless Chromium.

    The browser is a sandbox: no page script runs, and only files inside the site's folder (by default the
    page's own folder) may load; other files, the network and every other scheme are refused.
    """
    from playwright.sync_api import sync_playwright

    words = html.escape(footer_words) % {"date": html.escape(facts_date), "page": '<span class="pageNumber"></span>',
                                         "pages": '<span class="totalPages"></span>'}  # the words in the build's language
    footer = f'<div style="font-size:8px;width:100%;text-align:center;color:#444">{words}</div>'
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(java_script_enabled=False, service_workers="block", accept_downloads=False)
            page = context.new_page()
            page.set_default_timeout(300_000)  # a long handout takes a while to lay out
            root = (site_root or html_file.parent).resolve()
            context.route("**/*", lambda route: route.continue_() if inside_site(route.request.url, root) else route.abort())
            page.goto(html_file.resolve().as_uri(), wait_until="load")
            page.evaluate(PRINT_LAYOUT)
            page.emulate_media(media="print")
            page.pdf(path=str(pdf_file), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=footer,
                     margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
        finally:
            browser.close()
    if pdf_file.exists():
        _pin_pdf_dates(pdf_file, facts_date)


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
    page, out, date, browser = sys.argv[1:5]
    words = {"footer_words": sys.argv[5]} if len(sys.argv) > 5 else {}  # the footer in the build's language
    print_pdf(Path(page), Path(out), date, browser, **words)
