"""Paths and helpers the tests share (imported as `support`; conftest modules are pytest's, not ours)."""

from __future__ import annotations

import hashlib
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SMALL = FIXTURES / "small.yaml"


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file below a folder with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def author_files(project: Path) -> dict[str, str]:
    """Hashes of what an author wrote: docs/, events.yaml and mkdocs.yml."""
    return {**{"docs/" + k: v for k, v in tree_hashes(project / "docs").items()},
            **{name: hashlib.sha256((project / name).read_bytes()).hexdigest() for name in ("events.yaml", "mkdocs.yml")}}


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def start_tags(html: str) -> list[tuple[str, dict]]:
    """Every start tag in a piece of HTML with its attributes, as a browser would read them."""
    parser = _StartTags()
    parser.feed(html)
    return parser.tags


IN_CI = os.environ.get("CI") == "true"


def need(available: bool, what: str) -> None:
    """Skip outside CI when a tool or client is missing; in CI it is a failure, never a silent skip."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI must run these checks (scripts/test installs it)", pytrace=False)
    pytest.skip(f"{what} is missing; run bash scripts/test to install it (CI never skips these tests)")
