"""Golden Markdown: the pages generated from the small fixture, byte for byte.

Refresh after an intended change with: UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
then read the diff before committing it.
"""

from __future__ import annotations

import os

import pytest

from support import ROOT, SMALL
from explainer.render import render_pages
from explainer.pipeline import check_file

GOLDEN = ROOT / "tests" / "golden" / "small"
PAGES = {page.path: page.markdown for page in render_pages(check_file(SMALL).analysis)}


def test_the_same_pages_are_generated():
    if os.environ.get("UPDATE_GOLDEN"):
        for stale in GOLDEN.rglob("*.md"):
            stale.unlink()
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")) if GOLDEN.exists() else []
    if not os.environ.get("UPDATE_GOLDEN"):
        assert sorted(PAGES) == expected


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_golden(path):
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(PAGES[path], encoding="utf-8")
    assert PAGES[path] == golden.read_text(encoding="utf-8")
