"""The printed PDFs: a two-page A4 handout, the whole explainer, a worksheet without answers and a teacher's key,
each printed again only when what it shows changed. Read back with pypdf, as a reader's PDF viewer would."""

from __future__ import annotations

import re

import pytest

from explainer.printing import pdf_unavailable

from support import ROOT

pytestmark = pytest.mark.slow


def pdf_text(path) -> str:
    """The text of a PDF, words joined by single spaces (lines break wherever the page did)."""
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def page_count(path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


@pytest.fixture
def printing():
    if pdf_unavailable():
        pytest.skip(pdf_unavailable())


def test_each_pdf_is_printed_again_only_when_its_page_changed(cli, project, printing):
    from pypdf import PdfReader

    first = cli("build", cwd=project)
    assert first.code == 0 and ", PDF " in first.out and "PDF unchanged" not in first.out
    site = project / "site"
    reader = PdfReader(site / "handout.pdf")
    width, height = (round(float(v)) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == (596, 843)  # A4 in points
    assert len(reader.pages) <= 2
    handout = pdf_text(site / "handout.pdf")
    assert f"page 1 of {len(reader.pages)}" in handout and "Facts checked to 2026-03-01" in handout
    assert "example.org/accord" in handout and "https://" not in handout and "Alphaland" in handout
    assert 'href="handout.pdf"' in (site / "handout.html").read_text()
    assert 'href="explainer.pdf"' in (site / "print.html").read_text()
    printed = {name: (site / name).read_bytes() for name in ("handout.pdf", "explainer.pdf")}

    again = cli("build", cwd=project)
    assert again.code == 0 and "PDF unchanged" in again.out
    assert all((site / name).read_bytes() == data for name, data in printed.items())

    # A summary shows only in the whole explainer: its PDF is printed again, the handout's is kept as it was.
    events = project / "events.yaml"
    events.write_text(events.read_text().replace("received Alphaland's notice of withdrawal.", "received Alphaland's notice, late."))
    changed = cli("build", cwd=project)
    assert changed.code == 0 and "PDF unchanged" not in changed.out
    assert "received Alphaland's notice, late." in pdf_text(site / "explainer.pdf")
    assert (site / "handout.pdf").read_bytes() == printed["handout.pdf"]


@pytest.fixture(scope="module")
def default_printed(tmp_path_factory):
    """The default explainer built once with every PDF, by the real command in its own process."""
    import os
    import shutil
    import subprocess
    import sys

    if pdf_unavailable():
        pytest.skip(pdf_unavailable())
    project = tmp_path_factory.mktemp("printed")
    for name in ("events.yaml", "mkdocs.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "docs", project / "docs")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", project / "overrides")
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=project, capture_output=True, text=True,
                         timeout=600, env={**os.environ, "EXPLAINER_TODAY": "2026-03-01"})
    assert run.returncode == 0, run.stderr
    return project / "site"


def answer_sentences(answer: str) -> list[str]:
    """The sentences of a quiz answer long enough to give it away (a lone "C." could be any choice)."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(answer.split()))
    return [s for s in sentences if len(s.split()) >= 4]


def test_the_handout_is_two_a4_pages_at_most_with_short_addresses(default_printed):
    assert page_count(default_printed / "handout.pdf") <= 2
    text = pdf_text(default_printed / "handout.pdf")
    for heading in ("Key facts", "The rule", "Key dates", "Arguments on both sides", "Key sources"):
        assert heading in text
    assert "https://" not in text and "http://" not in text


def test_nothing_on_paper_only_works_on_a_screen(default_printed):
    """No back arrows, no "In the list of sources", no links to other pages of the site as addresses."""
    for name in ("handout.pdf", "explainer.pdf", "worksheet.pdf", "teacher.pdf"):
        text = pdf_text(default_printed / name)
        assert "↩" not in text and "In the list of sources" not in text and "file://" not in text, name
    whole = pdf_text(default_printed / "explainer.pdf")
    assert page_count(default_printed / "explainer.pdf") > 2 and "un.org/disarmament" in whole
    assert "https://www." not in whole and "http://www." not in whole


def test_the_worksheet_holds_no_answer_and_the_teachers_key_holds_every_one(default_printed):
    import yaml

    quiz = yaml.safe_load((ROOT / "events.yaml").read_text())["classroom"]["quiz"]
    worksheet = pdf_text(default_printed / "worksheet.pdf")
    teacher = pdf_text(default_printed / "teacher.pdf")
    for item in quiz:
        question = " ".join(item["question"].split())
        assert question in worksheet and question in teacher
        for sentence in answer_sentences(item["answer"]):
            assert sentence not in worksheet, f"the worksheet gives away: {sentence}"
            assert sentence in teacher, f"the key misses: {sentence}"
    assert "Lesson plan: 45 minutes" in teacher and "37–45" in teacher
    start = (default_printed / "index.html").read_text()
    assert re.search(r'<a href="worksheet.html" class="md-nav__link">\s*<span class="md-ellipsis">\s*Worksheet\s*</span>', start)
    assert '<a href="worksheet.html">Worksheet</a>' in start and '<a href="teacher.html">' in start  # in the start page's text


def test_the_handout_of_a_large_explainer_still_fits_two_pages(cli, project, tmp_path, printing):
    """400 events, 20 states, 40 arguments: the handout keeps 6 to 8 dates, 3 arguments a side, 5 sources."""
    import subprocess
    import sys

    from explainer.printing import CHROMIUM

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate, to_yaml

    (project / "events.yaml").write_text(to_yaml(generate(400)), encoding="utf-8")
    assert cli("build", "--no-pdf", cwd=project).code == 0
    site = project / "site"
    pdf = tmp_path / "handout.pdf"
    printed = subprocess.run([sys.executable, str(ROOT / "explainer" / "pdf.py"), "2026-03-01", CHROMIUM,
                              str(site / "handout.html"), str(pdf)], capture_output=True, text=True, timeout=300)
    assert printed.returncode == 0, printed.stderr
    assert page_count(pdf) <= 2
    text = pdf_text(pdf)
    assert "Key dates" in text and "Key sources" in text and "https://" not in text
