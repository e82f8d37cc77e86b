"""The handout PDF is printed only when what it shows changed; an unchanged one is kept byte for byte."""

from __future__ import annotations

import pytest

from explainer.printing import pdf_unavailable

pytestmark = pytest.mark.slow


def test_an_unchanged_handout_keeps_its_pdf_and_a_changed_one_is_printed_again(cli, project):
    from pypdf import PdfReader

    if pdf_unavailable():
        pytest.skip(pdf_unavailable())
    first = cli("build", cwd=project)
    assert first.code == 0 and ", PDF " in first.out and "PDF unchanged" not in first.out
    printed = (project / "site" / "handout.pdf").read_bytes()

    again = cli("build", cwd=project)
    assert again.code == 0 and "PDF unchanged" in again.out
    assert (project / "site" / "handout.pdf").read_bytes() == printed

    events = project / "events.yaml"
    events.write_text(events.read_text().replace("received Alphaland's notice of withdrawal.", "received Alphaland's notice, late."))
    changed = cli("build", cwd=project)
    assert changed.code == 0 and "PDF unchanged" not in changed.out
    text = "\n".join(page.extract_text() for page in PdfReader(project / "site" / "handout.pdf").pages)
    assert "received Alphaland's notice, late." in " ".join(text.split())
