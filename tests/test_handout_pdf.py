"""The handout PDF: A4 with page numbers and full addresses, printed only when what it shows changed."""

from __future__ import annotations

import pytest

from explainer.printing import pdf_unavailable

pytestmark = pytest.mark.slow


def test_the_handout_prints_to_a4_and_is_printed_again_only_when_it_changed(cli, project):
    from pypdf import PdfReader

    if pdf_unavailable():
        pytest.skip(pdf_unavailable())
    first = cli("build", cwd=project)
    assert first.code == 0 and ", PDF " in first.out and "PDF unchanged" not in first.out
    printed = (project / "site" / "handout.pdf").read_bytes()
    reader = PdfReader(project / "site" / "handout.pdf")
    width, height = (round(float(v)) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == (596, 843)  # A4 in points
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"page 1 of {len(reader.pages)}" in text and "Facts checked to 2026-03-01" in text
    assert "https://example.org/accord" in text and "Alphaland" in text
    assert 'href="handout.pdf"' in (project / "site" / "handout.html").read_text()

    again = cli("build", cwd=project)
    assert again.code == 0 and "PDF unchanged" in again.out
    assert (project / "site" / "handout.pdf").read_bytes() == printed

    events = project / "events.yaml"
    events.write_text(events.read_text().replace("received Alphaland's notice of withdrawal.", "received Alphaland's notice, late."))
    changed = cli("build", cwd=project)
    assert changed.code == 0 and "PDF unchanged" not in changed.out
    text = "\n".join(page.extract_text() for page in PdfReader(project / "site" / "handout.pdf").pages)
    assert "received Alphaland's notice, late." in " ".join(text.split())
