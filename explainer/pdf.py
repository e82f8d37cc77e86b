"""Print one built page to an A4 PDF in headless Chromium; run as a script by explainer.site.

Its own process on purpose: Playwright's sync API cannot run where an event loop already runs
(a test session driving a browser, a notebook).
Usage: python pdf.py [--wait] PAGE.html OUT.pdf FACTS-DATE CHROMIUM
With --wait it starts the browser, then waits for a line on stdin before printing (end of input: print
nothing), so the build can start it beside MkDocs and pay the browser's start-up while MkDocs works.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def print_pdf(html_file: Path, pdf_file: Path, facts_date: str, chromium: str, wait: bool = False) -> None:
    """Print a built page to an A4 PDF with page numbers and the facts' date, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    footer = ('<div style="font-size:8px;width:100%;text-align:center;color:#444">'
              f'Facts checked to {facts_date} · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            # The page is our own file; nothing outside the site may load while printing.
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
            page.set_default_timeout(300_000)  # a long handout takes a while to lay out
            if wait and not sys.stdin.readline():
                return  # the build stopped before the page was made: nothing to print
            page.goto(html_file.as_uri(), wait_until="load")
            # Links to other pages of the site would print as file:// paths of the build folder: drop them.
            page.evaluate("""() => document.querySelectorAll('a[href]').forEach(a => {
                const href = a.getAttribute('href');
                if (!/^(https?:|mailto:|#)/.test(href)) a.removeAttribute('href');
            })""")
            page.emulate_media(media="print")
            page.pdf(path=str(pdf_file), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=footer,
                     margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
        finally:
            browser.close()
    if pdf_file.exists():
        _pin_pdf_dates(pdf_file, facts_date)


def _pin_pdf_dates(pdf_file: Path, facts_date: str) -> None:
    """Replace the PDF's creation and modification times with the facts' date, byte for byte in length."""
    stamp = facts_date.replace("-", "")
    data = pdf_file.read_bytes()
    data = re.sub(rb"\(D:(\d{8})(\d{6})", lambda m: b"(D:" + stamp.encode() + b"000000", data)
    pdf_file.write_bytes(data)



if __name__ == "__main__":
    waiting = sys.argv[1:2] == ["--wait"]
    page, out, date, browser = sys.argv[1 + waiting:5 + waiting]
    print_pdf(Path(page), Path(out), date, browser, wait=waiting)
