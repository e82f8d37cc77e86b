"""Shared fixtures: paths, a project folder to build in, the CLI with its output captured, and sites built once."""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from explainer.cli import main

from support import ROOT, SMALL, author_files

TODAY = "2026-03-01"  # staleness notes depend on the day


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class Built:
    """A project built once by the real command line, with what the build printed and the author's files around it."""

    project: Path
    run: Run
    author_files_before: dict[str, str]
    author_files_after: dict[str, str]

    @property
    def site(self) -> Path:
        return self.project / "site"


def copy_project(folder: Path, events: Path = SMALL) -> Path:
    """Copy the project's site files (mkdocs.yml, docs/, overrides/) into a folder, with an events file as events.yaml."""
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", folder / "overrides")
    shutil.copy(events, folder / "events.yaml")
    return folder


def run_cli(args: list[str], cwd: Path) -> Run:
    """Run the real command line in this process, in a folder, with today pinned; capture its exact output."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.setenv("EXPLAINER_TODAY", TODAY)
        patch.chdir(cwd)
        code = main(args)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run the real command line in a folder; return exit code and exact output."""

    monkeypatch.setenv("EXPLAINER_TODAY", TODAY)

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
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Built:
    """The small fixture built once for the session with `build --no-pdf`, for tests that only read the result."""
    project = copy_project(tmp_path_factory.mktemp("small-site"))
    before = author_files(project)
    run = run_cli(["build", "--no-pdf"], project)
    assert run.code == 0, run.err
    return Built(project, run, before, author_files(project))
