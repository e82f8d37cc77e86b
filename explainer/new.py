"""`explainer new FOLDER`: a complete starter explainer that builds as it is."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import InputError, Problem
from .model import Explainer

STARTER = Path(__file__).parent / "starter"
SCHEMA_IN_PROJECT = Path("schema/explainer.schema.json")
"""Where the schema sits in a project; the starter's first line points there (`$schema=schema/explainer.schema.json`)."""
AS_OF_LINE = re.compile(r"^(  as_of: )\d{4}-\d{2}-\d{2}", re.MULTILINE)

# What each file is for, in the order an author meets them; the first is the one to edit first.
STARTER_FILES = {
    "events.yaml": "your facts: edit this first, top to bottom (explainer, treaty, states, events, sources)",
    "docs/about.md": "a page you write by hand",
    "mkdocs.yml": "the site's settings (theme, colours)",
    str(SCHEMA_IN_PROJECT): "lets an editor check events.yaml as you type",
}


def schema_text() -> str:
    """The JSON Schema of the events file, as `schema` writes it."""
    return json.dumps(Explainer.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def refuse(folder: Path, message: str) -> InputError:
    """A one-line problem about the folder, which the command line prints as it prints any input problem."""
    return InputError([Problem(str(folder), 1, 1, "", message)])


def create_starter(folder: Path, today: dt.date) -> list[Path]:
    """Copy the starter into a new or empty folder, dated today; the files written, the one to edit first first."""
    if folder.is_symlink() or folder.exists() and not folder.is_dir():
        raise refuse(folder, "exists and is not a folder; give the name of a new folder for the explainer.")
    if folder.is_dir() and any(folder.iterdir()):
        raise refuse(folder, "is a folder that is not empty; give the name of a new folder "
                             "(new never writes into a folder that holds files, so nothing was changed).")
    if folder.is_dir():  # empty: nothing in it to keep, and it may be the current folder, which cannot be renamed onto
        _fill(folder, today)
        return [folder / name for name in STARTER_FILES]
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Made beside the folder and renamed into place at once: a failure half-way (a full disk) leaves no half starter.
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".new", dir=folder.parent))
    try:
        _fill(scratch, today)
        scratch.chmod(0o777 & ~_umask())
        os.rename(scratch, folder)  # fails if a folder with files (or a file) appeared meanwhile: nothing is overwritten
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [folder / name for name in STARTER_FILES]


def _fill(target: Path, today: dt.date) -> None:
    """Write the starter's files into an empty folder, dated today, with the schema its first line points at."""
    shutil.copytree(STARTER, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    events = target / "events.yaml"
    events.write_text(AS_OF_LINE.sub(rf"\g<1>{today.isoformat()}", events.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    (target / SCHEMA_IN_PROJECT).parent.mkdir(exist_ok=True)
    (target / SCHEMA_IN_PROJECT).write_text(schema_text(), encoding="utf-8")


def _umask() -> int:
    """The process's umask (mkdtemp makes a private folder; the starter gets the usual permissions)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
