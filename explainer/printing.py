"""The printed PDFs (handout, whole explainer, worksheet, teacher's guide): printed by headless Chromium in a
child process, each only when what it is printed from changed."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .output import SITE_MARKER

CHROMIUM = os.environ.get("EXPLAINER_CHROMIUM", "/usr/bin/chromium")
HANDOUT_PDF = "handout.pdf"
PRINTED_PAGES = {"handout.md": HANDOUT_PDF, "print.md": "explainer.pdf", "worksheet.md": "worksheet.pdf",
                 "teacher.md": "teacher.pdf"}
"""Each page that is also a PDF, and its PDF's name (beside the page, in the site's top folder)."""
PRINTER = Path(__file__).with_name("pdf.py")
KEY_LINE = "pdf: "
"""The start of each line of the site's marker file that records what one PDF was printed from: `pdf: NAME KEY`."""


def pdf_unavailable() -> str | None:
    """Why the PDFs cannot be made on this machine, or None when they can."""
    if not Path(CHROMIUM).is_file():
        return f"Chromium not found at {CHROMIUM} (install Debian's chromium package, or set EXPLAINER_CHROMIUM)"
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (pip install -r requirements.txt)"
    return None


def pdf_names(page_paths) -> dict[str, str]:
    """The PDFs a site with these generated pages gets: {PDF name: its page's HTML file}."""
    return {pdf: page.removesuffix(".md") + ".html" for page, pdf in PRINTED_PAGES.items() if page in page_paths}


def pdf_key(site: Path, page: str, facts_date: str) -> str:
    """A hash of everything one PDF is printed from: its page, the site's assets, the printer, the facts' date."""
    digest = hashlib.sha256(f"{facts_date}\n".encode())
    inputs = [site / page, PRINTER, *sorted(p for p in (site / "assets").rglob("*") if p.is_file())]
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def recorded_keys(site: Path) -> dict[str, str]:
    """The key each PDF of a built site was printed from, for the PDFs it still has."""
    marker = site / SITE_MARKER
    if not marker.is_file():
        return {}
    found = {}
    for line in marker.read_text(encoding="utf-8", errors="replace").splitlines():
        name, _, key = line.removeprefix(KEY_LINE).partition(" ")
        if line.startswith(KEY_LINE) and key and (site / name).is_file():
            found[name] = key
    return found


def make_pdfs(new_site: Path, old_site: Path, pdfs: dict[str, str], facts_date: str,
              timeout: float = 600) -> tuple[dict[str, str], list[str]]:
    """Put each PDF into the new site, reusing the old site's byte for byte when nothing it shows changed.

    `pdfs` maps each PDF's name to its page. Returns the key of every PDF, to record in the site's marker,
    and the names of those reused; raises RuntimeError or TimeoutExpired when printing fails.
    """
    keys = {name: pdf_key(new_site, page, facts_date) for name, page in pdfs.items()}
    old = recorded_keys(old_site)
    reused = [name for name, key in keys.items() if old.get(name) == key]
    for name in reused:
        shutil.copyfile(old_site / name, new_site / name)
    jobs = [str(new_site / part) for name in pdfs if name not in reused for part in (pdfs[name], name)]
    if not jobs:
        return keys, reused
    # One browser prints every changed PDF: starting Chromium is most of the cost of a short page.
    command = [sys.executable, str(PRINTER), facts_date, CHROMIUM, *jobs]
    result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        for name in pdfs:
            (new_site / name).unlink(missing_ok=True)
        raise RuntimeError((result.stderr.strip().splitlines() or ["no message"])[-1])
    return keys, reused


def marker_lines(keys: dict[str, str]) -> str:
    """The marker file's lines that record what each PDF was printed from."""
    return "".join(f"{KEY_LINE}{name} {key}\n" for name, key in keys.items())
