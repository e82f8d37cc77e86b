"""Shared fixtures: paths, a project folder to build in, and the CLI with its output captured."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from explainer.cli import main

from support import ROOT, SMALL


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
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    shutil.copy(SMALL, tmp_path / "events.yaml")
    return tmp_path

