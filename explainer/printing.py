"""The handout PDF: printed by headless Chromium in a child process, and only when the handout changed."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .output import SITE_MARKER
from .render import i18n
from .render.i18n import N_

CHROMIUM = os.environ.get("EXPLAINER_CHROMIUM", "/usr/bin/chromium")
HANDOUT_PDF = "handout.pdf"
PRINTER = Path(__file__).with_name("pdf.py")
KEY_LINE = "handout-pdf: "
"""The line of the site's marker file that records what the handout PDF was printed from."""


def pdf_unavailable() -> str | None:
    """Why the handout PDF cannot be made on this machine, or None when it can."""
    if not Path(CHROMIUM).is_file():
        return f"Chromium not found at {CHROMIUM} (install Debian's chromium package, or set EXPLAINER_CHROMIUM)"
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (pip install -r requirements.txt)"
    return None


def handout_key(site: Path, facts_date: str) -> str:
    """A hash of everything the PDF is printed from: the handout page, the site's assets, the printer, the facts' date."""
    digest = hashlib.sha256(f"{facts_date}\n".encode())
    inputs = [site / "handout.html", PRINTER, *sorted(p for p in (site / "assets").rglob("*") if p.is_file())]
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def recorded_key(site: Path) -> str | None:
    """The key a built site's PDF was printed from, if it has one."""
    marker = site / SITE_MARKER
    if not (marker.is_file() and (site / HANDOUT_PDF).is_file()):
        return None
    lines = marker.read_text(encoding="utf-8", errors="replace").splitlines()
    return next((line.removeprefix(KEY_LINE) for line in lines if line.startswith(KEY_LINE)), None)


FOOTER = N_("Facts checked to %(date)s · page %(page)s of %(pages)s")
"""The PDF's footer on every page; pdf.py fills in the date and Chromium's page numbers."""


def make_handout_pdf(new_site: Path, old_site: Path, facts_date: str, timeout: float = 600,
                     language: str = "en") -> tuple[str, bool]:
    """Put handout.pdf into the new site, reusing the old site's PDF byte for byte when nothing it shows changed.

    Returns the key to record in the site's marker and whether the old PDF was reused;
    raises RuntimeError or TimeoutExpired when printing fails.
    """
    with i18n.language(language):
        footer = i18n._(FOOTER)
    key = handout_key(new_site, f"{facts_date}\n{footer}" if footer != FOOTER else facts_date)
    if recorded_key(old_site) == key:
        shutil.copyfile(old_site / HANDOUT_PDF, new_site / HANDOUT_PDF)
        return key, True
    command = [sys.executable, str(PRINTER), str(new_site / "handout.html"), str(new_site / HANDOUT_PDF), facts_date, CHROMIUM, footer]
    result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        (new_site / HANDOUT_PDF).unlink(missing_ok=True)
        raise RuntimeError((result.stderr.strip().splitlines() or ["no message"])[-1])
    return key, False
