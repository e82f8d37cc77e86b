"""The output folder: refuse folders that are not ours, swap a finished site in atomically, pack a zip."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Iterator

from .errors import BuildError

TMP_PREFIX = ".explainer-tmp-"
SITE_MARKER = ".explainer-site"
"""A file in every site we build: only a folder holding it may be replaced."""


def guard_site_dir(site_dir: Path, docs_dir: Path, keep: list[Path]) -> None:
    """Refuse a site folder that could hold or replace an author's files."""
    if site_dir.is_symlink():
        # The swap replaces the folder's entry itself: through a link it would replace the link, not the folder.
        raise BuildError(f"--site-dir {site_dir} is a symbolic link; give the folder it points to ({site_dir.resolve()}) instead.")
    site = site_dir.resolve()
    docs = docs_dir.resolve()
    if site == docs or docs in site.parents:
        raise BuildError(f"--site-dir {site_dir} is inside {docs_dir}; choose a folder of its own, such as site/.")
    for path in [docs, *(p.resolve() for p in keep)]:
        if site == path or site in path.parents:
            raise BuildError(f"--site-dir {site_dir} would replace {path}; choose a folder of its own, such as site/.")
    if site_dir.exists() and (not site_dir.is_dir() or (any(site_dir.iterdir()) and not (site_dir / SITE_MARKER).exists())):
        raise BuildError(f"{site_dir} exists and was not made by explainer ({SITE_MARKER} is missing); "
                         "choose another --site-dir or move that folder away.")


@contextlib.contextmanager
def scratch_folder(site_dir: Path) -> Iterator[Path]:
    """A temporary folder beside the site, held under a lock; an earlier build's leftovers are cleared first."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with (site_dir.parent / ".explainer.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two builds into one folder take turns
        recover(site_dir)
        scratch = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=site_dir.parent)).resolve()
        try:
            yield scratch
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def recover(site_dir: Path) -> None:
    """Finish or undo a swap that an earlier, killed build left half done; remove its temporary folders."""
    for stale in sorted(site_dir.parent.glob(TMP_PREFIX + "*")):
        old = stale / "old-site"
        if not site_dir.exists() and old.is_dir():
            old.rename(site_dir)
        shutil.rmtree(stale, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new_site: Path, site_dir: Path, scratch: Path) -> None:
    """Put a finished site in place: readers see the old site or the new one, never a mix."""
    if not site_dir.exists():
        new_site.rename(site_dir)
        return
    if _exchange(new_site, site_dir):
        return  # new_site now holds the old site, removed with the scratch folder
    site_dir.rename(scratch / "old-site")  # recover() puts it back if we die before the next line
    new_site.rename(site_dir)


def guard_zip(zip_file: Path, site_dir: Path, docs_dir: Path, author_files: list[Path]) -> None:
    """Refuse a zip path that would overwrite an author's file, land inside docs/ or the site, or replace a folder."""
    target = zip_file.resolve()
    if zip_file.is_dir():
        raise BuildError(f"--zip {zip_file} is a folder; give a file name such as site.zip.")
    if any(target == path.resolve() for path in author_files):
        raise BuildError(f"--zip {zip_file} would overwrite {zip_file.name}, an author's file; give a new file name such as site.zip.")
    for folder in (docs_dir, site_dir):
        if folder.resolve() in target.parents:
            raise BuildError(f"--zip {zip_file} is inside {folder}; put the zip beside it, such as site.zip.")


def zip_site(site_dir: Path, zip_file: Path) -> None:
    """Pack a built site into a zip with fixed timestamps (same site, same bytes), written atomically."""
    zip_file.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_file.with_name(zip_file.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.name != SITE_MARKER):
            info = zipfile.ZipInfo(f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    os.replace(partial, zip_file)
