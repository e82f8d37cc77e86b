"""The translated fixture in real Chromium: the language selector leads to the same page, and marked fallbacks pass axe."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser_support import AXE, ROOT, made_once, need
from test_accessibility import axe_violations

pytestmark = pytest.mark.browser
TRANSLATED = ROOT / "tests" / "fixtures" / "translated"


@pytest.fixture(scope="session")
def translated_site(tmp_path_factory) -> Path:
    """The translated fixture built with the real command line (--no-pdf), opened from file:// as a zip reader would."""

    def build(out: Path) -> None:
        for name in ("events.yaml", "events.fr.yaml"):
            shutil.copy(TRANSLATED / name, out / name)
        run = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-pdf", "--data", str(out / "events.yaml"),
                              "--site-dir", str(out / "site"), "--config", str(ROOT / "mkdocs.yml"), "--docs-dir", str(ROOT / "docs")],
                             cwd=out, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stdout + run.stderr

    return made_once(tmp_path_factory, "site-translated", build) / "site"


def test_the_selector_goes_to_the_same_page_in_the_other_language(translated_site, open_context):
    """From the French page of a state, English leads to that state's English page, and back; no request leaves the site."""
    context, guard = open_context("file", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto((translated_site / "fr" / "countries" / "bb.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"
    page.hover(".md-select")
    page.click("a.md-select__link[hreflang=en]")
    page.wait_for_url("**/site/countries/bb.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.hover(".md-select")
    page.click("a.md-select__link[hreflang=fr]")
    page.wait_for_url("**/site/fr/countries/bb.html")
    assert not guard.blocked


def test_phone_cards_label_each_cell_with_the_languages_punctuation(translated_site, open_context):
    """On a phone the status table becomes cards; their labels read "Statut : ..." in French, "Status: ..." in English."""
    context, guard = open_context("file", viewport={"width": 390, "height": 844})
    page = context.new_page()
    labels = "() => [...document.querySelectorAll('table[data-cards] td')].map(td => getComputedStyle(td, '::before').content)"
    page.goto((translated_site / "fr" / "index.html").as_uri())
    assert '"Statut\u00a0: "' in page.evaluate(labels)
    page.goto((translated_site / "index.html").as_uri())
    assert '"Status: "' in page.evaluate(labels)
    assert not guard.blocked


@pytest.mark.parametrize("path", ["fr/countries/bb.html", "fr/timeline.html", "fr/index.html"])
def test_pages_with_untranslated_text_pass_axe(translated_site, open_context, path):
    """Text in the original language inside a French page (lang="en", with its marker) breaks no WCAG rule."""
    need(AXE.is_file(), "node_modules/axe-core (npm ci)")
    context, _ = open_context("file", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto((translated_site / path).as_uri())
    assert page.locator('span[lang="en"]').count() > 0 or path == "fr/index.html"
    assert axe_violations(page, path) == []


def test_the_french_pages_are_valid_html(translated_site):
    """The Nu HTML Checker finds no error in the French site (marked fallbacks, the selector's links)."""
    from browser_support import VNU

    need(shutil.which("java") is not None, "java (default-jre-headless)")
    need(VNU.is_file(), "node_modules/vnu-jar (npm ci)")
    pages = sorted(str(p) for p in (translated_site / "fr").rglob("*.html"))
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages], capture_output=True, text=True, timeout=300)
    errors = json.loads(run.stderr or run.stdout)["messages"]
    assert not [f"{m.get('url', '').rsplit('/site/', 1)[-1]}: {m['message']}" for m in errors]
