"""Shared fixtures: paths, a project folder to build in, and the CLI with its output captured."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from explainer.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SMALL = FIXTURES / "small.yaml"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the real command line in a folder; return exit code and exact output."""

    monkeypatch.setenv("EXPLAINER_TODAY", "2026-03-01")  # staleness notes depend on the day

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's site files (mkdocs.yml, docs/) with the small fixture as events.yaml."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(SMALL, tmp_path / "events.yaml")
    return tmp_path


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file below a folder with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}
