"""Generated words in the explainer's language: complete catalogs, a French build with no English left, fallbacks."""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from support import ROOT, SMALL, start_tags
from explainer.cli import main
from explainer.model import Period
from explainer.pipeline import check_file
from explainer.render import i18n, render_pages, wording

LOCALE = ROOT / "explainer" / "locale"
TEMPLATE = LOCALE / "messages.pot"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/messages.po"))
# What a French explainer adds to the small fixture, so the lesson and misreadings pages are built too.
FRENCH_EXTRAS = """
misreadings:
  - {id: myth, claim: Alphaland left at once., seen_in: one report, correction: The withdrawal took twelve months., sources: [news-report]}
classroom:
  learning_goals: [Explain the rule.]
  discussion_questions: ["Is leaving right?"]
  quiz:
    - {question: "How long is the period?", choices: [6 months, 12 months], answer: 12 months., sources: [accord-text]}
  teacher_notes: [Invented.]
"""


def build_in(folder: Path, events_text: str, pdf: bool = False) -> tuple[Path, str]:
    """Build a copy of the project with these events by the real command line; the project folder and what it printed."""
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    (folder / "events.yaml").write_text(events_text, encoding="utf-8")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        patch.setenv("EXPLAINER_TODAY", "2026-03-01")
        patch.chdir(folder)
        code = main(["build"] if pdf else ["build", "--no-pdf"])
    assert code == 0, out.getvalue()
    return folder, out.getvalue()


def in_language(language: str, extra: str = "") -> str:
    """The small fixture written in another language."""
    return SMALL.read_text(encoding="utf-8").replace("  as_of: 2026-03-01\n", f"  as_of: 2026-03-01\n  language: {language}\n") + extra


def read_catalog(path: Path):
    with path.open("rb") as stream:
        return read_po(stream)


def catalog_problems(po: Path, template: Path = TEMPLATE) -> list[str]:
    """Every message of the template the catalog lacks, leaves empty or fuzzy, or fills with other placeholders."""
    catalog = read_catalog(po)
    problems = []
    for message in read_catalog(template):
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None and isinstance(found.string, tuple) else (found.string if found else "",)
        if found is None or not all(strings) or found.fuzzy:
            problems.append(f"{po.parent.parent.name}: not translated: {message.id!r}")
    problems += [f"{po.parent.parent.name}: {error}" for _message, errors in catalog.check() for error in errors]
    return problems


# ---------------------------------------------------------------- the catalogs


def test_there_are_catalogs_for_english_and_french():
    assert {p.parent.parent.name for p in CATALOGS} >= {"en", "fr"}


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated(po):
    """Every msgid of the .pot has a translation (every plural form), none fuzzy, placeholders as in the msgid."""
    assert catalog_problems(po) == []


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_msgfmt_accepts_the_catalog(po, tmp_path):
    """GNU msgfmt --check: the header, plural forms and every python-format placeholder as gettext tools read them."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt not installed (apt-get install gettext)")
    result = subprocess.run([msgfmt, "--check", "--statistics", "-o", str(tmp_path / "messages.mo"), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


def test_a_catalog_missing_a_message_is_caught(tmp_path):
    """The completeness check fails when a translation is dropped, or left empty."""
    text = (LOCALE / "fr" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    dropped = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    dropped.parent.mkdir(parents=True)
    dropped.write_text(text.replace('msgid "Cite this page"\nmsgstr "Citer cette page"\n', ""), encoding="utf-8")
    assert catalog_problems(dropped) == ["fr: not translated: 'Cite this page'"]
    dropped.write_text(text.replace('msgstr "Citer cette page"', 'msgstr ""'), encoding="utf-8")
    assert catalog_problems(dropped) == ["fr: not translated: 'Cite this page'"]


def test_the_template_is_up_to_date_with_the_code():
    """Re-extracting every _(), ngettext() and N_() gives the committed .pot and catalogs (run scripts/catalogs.py)."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "catalogs.py"), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


_CALL_IN_FSTRING = re.compile(r"""\bf(["']).*\{[^}]*\b(?:N_|_|ngettext)\(""")


def test_no_message_hides_inside_an_f_string():
    """pybabel (on Python 3.11) reads an f-string as one token: a _() inside one is never extracted, so never translated."""
    hidden = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "explainer").rglob("*.py"))
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if _CALL_IN_FSTRING.search(line)]
    assert hidden == []


def test_english_catalog_is_the_source_text():
    for message in read_catalog(LOCALE / "en" / "LC_MESSAGES" / "messages.po"):
        if message.id:
            assert message.string == message.id


# ---------------------------------------------------------------- words in Python


@pytest.mark.parametrize(("language", "amount", "unit", "expected"), [
    ("en", 1, "months", "1 month"), ("en", 6, "months", "6 months"), ("en", 90, "days", "90 days"), ("en", 1, "years", "1 year"),
    ("fr", 1, "months", "1 mois"), ("fr", 1, "years", "1 an"), ("fr", 3, "years", "3 ans"), ("fr", 0, "days", "0 jour"),
])
def test_periods_take_the_plural_their_number_asks_for(language, amount, unit, expected):
    with i18n.language(language):
        assert wording.period_text(Period(amount=amount, unit=unit)) == expected


def test_a_language_without_a_catalog_says_so_and_falls_back_to_english():
    assert i18n.missing_catalog_note("en-GB") is None and i18n.missing_catalog_note("fr-CA") is None
    note = i18n.missing_catalog_note("de")
    assert note.startswith("no message catalog for German (de)") and "pybabel init" in note and "-l de" in note
    with i18n.language("de"):
        assert i18n._("Cite this page") == "Cite this page"


def _render_in_worker(path: str) -> dict[str, str]:
    """Render the French fixture in another process: the language comes with the analysis, not from the parent's state."""
    return {page.path: page.markdown for page in render_pages(check_file(Path(path)).analysis)}


def test_a_worker_process_renders_in_the_explainers_language(tmp_path):
    events = tmp_path / "events.yaml"
    events.write_text(in_language("fr"), encoding="utf-8")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:  # as the build's grader
        pages = pool.submit(_render_in_worker, str(events)).result(timeout=120)
    assert "## Divergences entre les sources" in pages["countries/bb.md"]
    assert "Retrait en cours (106 jours restants)" in pages["index.md"]
    assert "## Where sources disagree" not in pages["countries/bb.md"]


# ---------------------------------------------------------------- a French site


class _Text(HTMLParser):
    """The text a reader sees in a page's article and footer, and the chart's title and description."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0  # inside <article> or the footer's copyright
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if self.depth or tag == "article" or "md-copyright" in classes:
            self.depth += 1
        if tag in ("script", "style"):
            self.hidden += 1
        if self.depth and dict(attrs).get("title"):
            self.parts.append(dict(attrs)["title"])

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.parts.append(data)


def reader_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def author_strings(events: Path) -> list[str]:
    """Every string the author wrote, longest first (what the check removes before looking for English)."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.append(" ".join(value.split()))

    walk(yaml.safe_load(events.read_text(encoding="utf-8")))
    return sorted(set(found), key=len, reverse=True)


_FILE_NAMES = re.compile(r"\S+\.(?:html|csv|json|bib|ics|pdf|atom)\b")
_PIECES = re.compile(r"%\(\w+\)[sd]|[*`\[\]()<>“”\n]|\]\(|: |; |\. |, ")


def english_pieces() -> dict[str, str]:
    """The words of every English msgid between its placeholders and marks, each with its msgid (none the French shares)."""
    french = read_catalog(LOCALE / "fr" / "LC_MESSAGES" / "messages.po")
    french_text = " ".join(" ".join(s) if isinstance(s, tuple) else s for s in (m.string for m in french if m.id))
    pieces = {}
    for message in french:
        if not message.id:
            continue
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in _PIECES.split(msgid):
                piece = piece.strip(" .,;:?!+–/☐")
                if re.search(r"[A-Za-z]{2}", piece) and not re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", french_text):
                    pieces[piece] = msgid
    return pieces


@pytest.fixture(scope="module")
def french_site(tmp_path_factory):
    return build_in(tmp_path_factory.mktemp("french"), in_language("fr", FRENCH_EXTRAS))


def generated_pages(site: Path) -> list[Path]:
    """The pages the build generated (not the author's own pages from docs/)."""
    own = {p.with_suffix(".html").relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    return [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).as_posix() not in own and "assets" not in p.parts]


@pytest.mark.slow
def test_no_english_word_of_the_catalog_is_left_in_a_french_build(french_site):
    """Every page's text, less the author's own words, holds no English phrase of any msgid."""
    project, _run = french_site
    pieces = english_pieces()
    assert len(pieces) > 300  # the check looks for something: most msgids have words of their own
    authored = author_strings(project / "events.yaml")
    # The author's words are theirs to translate: a phrase they also use is no proof of a leftover.
    pieces = {piece: msgid for piece, msgid in pieces.items()
              if not any(re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", words) for words in authored)}
    left = {}
    pages = generated_pages(project / "site")
    assert {"lesson.html", "misreadings.html", "handout.html", "countries/bb.html"} <= {p.relative_to(project / "site").as_posix() for p in pages}
    for page in pages:
        text = _FILE_NAMES.sub(" ", reader_text(page.read_text(encoding="utf-8")))  # data.html, states.csv: names
        for words in authored:
            text = text.replace(words, " ")
        for piece, msgid in pieces.items():
            if re.search(rf"(?<![\w']){re.escape(piece)}(?![\w'])", text):
                left.setdefault(page.relative_to(project / "site").as_posix(), []).append(f"{piece!r} (from {msgid!r})")
    assert left == {}


@pytest.mark.slow
def test_a_french_build_tells_browsers_search_and_theme_its_language(french_site):
    project, out = french_site
    site = project / "site"
    for page in generated_pages(site):
        html = page.read_text(encoding="utf-8")
        assert ("html", {"lang": "fr", "class": "no-js"}) in start_tags(html[:400]), page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Aller au contenu" in index and "Skip to content" not in index  # the theme's own words
    assert "Passer au mode sombre" in index and "Switch to" not in index  # mkdocs.yml's toggle names, as we ship them
    bb = (site / "countries" / "bb.html").read_text(encoding="utf-8")
    assert 'title="Lien permanent"' in bb and "Revenir à l’appel de note 1 dans le texte" in bb  # Markdown's link titles
    assert json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["lang"] == ["fr"]
    assert "Faits vérifiés au 1er mars 2026." in index  # French writes the first of the month 1er
    assert "Statut au 1er mars 2026\u00a0:" in (site / "countries" / "bb.html").read_text(encoding="utf-8")
    assert "Note: reading level not graded: textstat has no school-grade formula for fr" in out
    assert "Reading level (Flesch-Kincaid grade)" not in out


@pytest.mark.slow
def test_french_downloads_speak_french(french_site):
    project, _run = french_site
    data = project / "site" / "data"
    calendar = (data / "key-dates.ics").read_text(encoding="utf-8")
    assert "SUMMARY:Alphaland\u00a0: le retrait prend effet (calcul)" in calendar
    assert "DESCRIPTION:Dates clés\\, faits vérifiés au 2026-03-01." in calendar
    timeline = json.loads((data / "timeline.json").read_text(encoding="utf-8"))
    headlines = {slide["unique_id"]: slide["text"]["headline"] for slide in timeline["events"]}
    assert headlines["computed-aa-effective"] == "Alphaland\u00a0: le retrait prend effet (calcul)"
    states = (data / "states.csv").read_text(encoding="utf-8-sig").splitlines()
    assert states[0].startswith("id,name,")  # column names are for programs: they stay as documented
    assert "Retiré" in states[1] and "Retrait en cours" in states[2]


@pytest.mark.slow
def test_the_handout_pdf_is_french_to_its_footer(tmp_path):
    from pypdf import PdfReader

    from explainer.printing import pdf_unavailable

    if pdf_unavailable():
        pytest.skip(pdf_unavailable())
    project, _out = build_in(tmp_path, in_language("fr"), pdf=True)
    reader = PdfReader(project / "site" / "handout.pdf")
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    text = text.replace("\ufb01", "fi")  # the PDF keeps the font's fi ligature
    assert f"Faits vérifiés au 2026-03-01 · page 1 sur {len(reader.pages)}" in text
    assert "Document à distribuer" in text and "Facts checked" not in text and " page 1 of " not in text


@pytest.mark.slow
def test_a_language_without_a_catalog_builds_in_english_with_a_note(tmp_path):
    project, out = build_in(tmp_path, in_language("de-CH"))
    assert ("Note: no message catalog for German (Switzerland) (de-CH): the generated words (headings, statuses, sentences) "
            "are in English.") in out
    assert "Note: reading level graded with the Wiener Sachtextformel (de-CH) instead of Flesch-Kincaid." in out
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Zum Inhalt" in index  # the theme speaks German (Material has de, not de-CH); our words fall back
    assert "Where things stand on 1. März 2026" in index  # our words in English, the date as German writes it
    for page in ("index.html", "404.html", "countries/aa.html"):  # <html lang> is the exact tag, not the theme's
        assert '<html lang="de-CH"' in (project / "site" / page).read_text(encoding="utf-8"), page


def test_a_tag_with_a_region_renders_every_page(tmp_path):
    """pt-BR: Babel wants pt_BR (the chart's month labels once crashed on the hyphen)."""
    events = tmp_path / "events.yaml"
    events.write_text(in_language("pt-BR"), encoding="utf-8")
    pages = {page.path: page.markdown for page in render_pages(check_file(events).analysis)}
    assert ">out.</text>" in pages["withdrawal.md"]  # October on the chart's axis, as Brazilian Portuguese abbreviates it
    assert ">15 de jun. de 2025 → 15 de jun. de 2026</text>" in pages["withdrawal.md"]
