"""The only place that touches the disk: read the events file, write pages, run MkDocs, swap the site in."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import fcntl
import html
import importlib.util
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, TypeVar

import yaml

from . import collector, wall
from .analysis import Analysis, analyse
from .errors import InputError, Problem
from .render import Page, SiteRenderer
from .render.data import explainer_json
from .render.downloads import DOWNLOADS, downloads
from .source import MAX_BYTES, Document, read_document
from .validate import parse_explainer

T = TypeVar("T")
TMP_PREFIX = ".explainer-tmp-"
SITE_MARKER = ".explainer-site"
"""A file in every site we build: only a folder holding it may be replaced."""


class BuildError(Exception):
    """A build that cannot go on for a reason outside the events file (MkDocs, folders)."""


@dataclass
class Checked:
    """A read, validated and analysed events file, with its problems."""

    document: Document
    analysis: Analysis
    problems: list[Problem]
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class BuildReport:
    """What a build made, and how long each part took."""

    site_dir: Path
    pages: int
    events: int
    sources: int
    warnings: list[Problem]
    seconds: dict[str, float]
    notes: list[str] = field(default_factory=list)
    """Things the reader of the build output should know (a PDF that could not be made)."""
    reading_grades: dict[str, float] = field(default_factory=dict)
    """Flesch-Kincaid grade of each page with enough prose to judge."""
    analysis: Analysis | None = None
    """What the build computed, for callers that report on it (staleness notes)."""


# Lists of titles and addresses are not prose: judging their reading level would only mislead.
NOT_PROSE = ("sources", "handout", "lesson", "data")


def _grades(texts: list[tuple[str, str]]) -> dict[str, float]:
    """Reading grades of pages given as (path, Markdown) pairs."""
    from .render.readability import reading_grade

    grades = {}
    for path, markdown in texts:
        grade = reading_grade(markdown)
        if grade is not None:
            grades[path] = grade
    return grades


def _prose_pages(pages: list[Page]) -> list[tuple[str, str]]:
    return [(p.path, p.markdown) for p in pages if p.path.split("/")[0].removesuffix(".md") not in NOT_PROSE]


def _render_then_grade(connection, parents_end, work: Callable[[], tuple[list[Page], dict[str, bytes]]]) -> None:
    """In the helper: render, hand the pages over, then load the syllable dictionary and grade them.

    Ends quietly when the build stops first (its end of the connection closes).
    """
    from .render.readability import warm_up

    parents_end.close()  # else our copy of it keeps the pipe open, and a build that stops early leaves us waiting
    try:
        try:
            pages, files = work()
        except Exception:  # a bug in rendering: report it rather than die silently
            connection.send((False, traceback.format_exc()))
            return
        connection.send((True, (pages, files)))
        warm_up()
        connection.send((True, _grades(_prose_pages(pages))))
    except (BrokenPipeError, EOFError, OSError):
        return


class Rendering:
    """The pages, the downloads and the pages' reading levels, made beside the rest of the build.

    A small explainer renders in a helper process while MkDocs starts up (about as long as rendering
    takes), and the helper then grades the pages beside MkDocs' build: the grader's dictionary takes
    longer to load than MkDocs needs for a small site. A big explainer renders here, in two processes
    of its own (render_site), and its grader starts once the pages exist, taking them from memory.
    """

    def __init__(self, analysis: Analysis, data_name: str, pdf_name: str | None) -> None:
        self.helper = None
        self.ready: tuple[list[Page], dict[str, bytes]] | None = None
        self.grading: Callable[[], dict[str, float]] | None = None
        work = lambda: render_site(analysis, data_name, pdf_name, parallel=False)  # noqa: E731
        if not in_two_processes(analysis):
            try:
                context = multiprocessing.get_context("fork")
                self.connection, theirs = context.Pipe(duplex=False)
                self.helper = context.Process(target=_render_then_grade, args=(theirs, self.connection, work), daemon=True)
                self.helper.start()
                theirs.close()
                return
            except (ValueError, OSError):  # no fork here: render now, grade after MkDocs
                self.helper = None
        self.ready = render_site(analysis, data_name, pdf_name)  # two processes when big, as render_site decides
        texts = _prose_pages(self.ready[0])
        self.grading = in_second_process(lambda: _grades(texts))  # where fork is unavailable: graded when asked

    def _receive(self):
        try:
            ok, value = self.connection.recv()
        except EOFError:
            raise BuildError(f"the build's helper process stopped without a result (exit code {self.helper.exitcode})") from None
        if not ok:
            raise RuntimeError(f"the build's helper process failed:\n{value}")
        return value

    def pages(self) -> tuple[list[Page], dict[str, bytes]]:
        """The pages and the downloads, once made."""
        if self.ready is None:
            self.ready = self._receive()
        return self.ready

    def grades(self) -> dict[str, float]:
        """The reading grade of each page with enough prose, once graded."""
        if self.grading is not None:
            return self.grading()
        self.pages()
        try:
            return self._receive()
        finally:
            self.close()

    def close(self) -> None:
        """Let the helper go (it stops at its next word to a closed connection)."""
        if self.helper is not None and not self.connection.closed:
            self.connection.close()
            self.helper.join()


def in_second_process(work: Callable[[], T]) -> Callable[[], T]:
    """Start work in a forked process and return a function that waits for its result.

    Where fork is unavailable the work runs in this process, when the result is asked for.
    """
    try:
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
    except (ValueError, OSError):
        return work

    def run() -> None:
        try:
            sender.send((True, work()))
        except BaseException:  # a bug in the work: report it to the parent rather than die silently
            sender.send((False, traceback.format_exc()))

    process = context.Process(target=run, daemon=True)
    process.start()
    sender.close()

    def wait() -> T:
        try:
            ok, value = receiver.recv()  # before join: a big result would otherwise block the sender forever
        except EOFError:
            raise BuildError(f"a helper process of the build stopped without a result (exit code {process.exitcode})") from None
        finally:
            receiver.close()
            process.join()
        if not ok:
            raise RuntimeError(f"a helper process of the build failed:\n{value}")
        return value

    return wait


PARALLEL_FROM_EVENTS = 300
"""From this many events the pages render in two processes; below it, starting one costs more than it saves."""


def in_two_processes(analysis: Analysis) -> bool:
    """Whether the pages render in two processes (a big explainer)."""
    return len(analysis.explainer.events) >= PARALLEL_FROM_EVENTS


def data_files(analysis: Analysis, names: Iterable[str] | None = None) -> dict[str, bytes]:
    """The downloads under data/ (or the named ones), by file name."""
    files = {"explainer.json": explainer_json(analysis).encode("utf-8")} if names is None or "explainer.json" in names else {}
    return files | downloads(analysis, names)


FIRST_PROCESS_FILES = ("explainer.json", "timeline.json")
"""Downloads made beside the timeline; the second process makes the rest beside the country pages.
At 10,000 events this splits the work into halves of about 1.2 s each (measured with bench/run.py)."""


def render_site(analysis: Analysis, data_name: str, pdf_name: str | None, parallel: bool | None = None) -> tuple[list[Page], dict[str, bytes]]:
    """Every page and download. Big explainers (or parallel=True) render in two processes, with the same result."""
    renderer = SiteRenderer(analysis, data_name, pdf_name)
    if not (in_two_processes(analysis) if parallel is None else parallel):
        files = data_files(analysis)
        renderer.download_sizes = {name: len(data) for name, data in files.items()}
        return renderer.pages(), files
    parts = renderer.parts()
    second_files = [name for name in ("explainer.json", *DOWNLOADS) if name not in FIRST_PROCESS_FILES]
    # The second process sends back where its pages cite each source, so the bibliography can link back to them.
    second = in_second_process(lambda: (data_files(analysis, second_files), parts["countries"](), dict(renderer.citations.places)))
    rendered = {name: part() for name, part in parts.items() if name != "countries"}
    first_files = data_files(analysis, FIRST_PROCESS_FILES)
    more_files, rendered["countries"], places = second()
    pages = [page for name in parts for page in rendered[name]]
    renderer.citations.merge(places, {page.path: n for n, page in enumerate(pages)})
    files = {name: (first_files | more_files)[name] for name in ("explainer.json", *DOWNLOADS)}
    renderer.download_sizes = {name: len(data) for name, data in files.items()}
    return pages + renderer.closing_pages(), files


def reading_warnings(checked: Checked, grades: dict[str, float]) -> list[Problem]:
    """A warning for each page above the reading level the events file sets."""
    limit = checked.analysis.explainer.explainer.reading_grade_max
    return [checked.document.problem(("explainer", "reading_grade_max"),
                                     f"{path} reads at grade {grade} (Flesch-Kincaid), above {limit}; use shorter sentences and plainer words.",
                                     "warning")
            for path, grade in grades.items() if limit is not None and grade > limit]


def check_file(data_file: Path, as_of: dt.date | None = None) -> Checked:
    """Read, validate and analyse an events file; raise InputError when it cannot be read or parsed."""
    seconds = {}
    started = time.perf_counter()
    try:
        with data_file.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # enough to know it is too big, never more (think /dev/zero)
    except FileNotFoundError:
        raise InputError([Problem(str(data_file), 1, 1, "", "file not found; give an events file with --data FILE.")]) from None
    except IsADirectoryError:
        raise InputError([Problem(str(data_file), 1, 1, "", "is a folder; give an events file with --data FILE.")]) from None
    document = read_document(str(data_file), raw)
    seconds["read"] = time.perf_counter() - started
    started = time.perf_counter()
    with collector.paused():  # validation and rules make many small objects that live on: see collector.py
        explainer = parse_explainer(document)
        seconds["validate"] = time.perf_counter() - started
        started = time.perf_counter()
        analysis = analyse(explainer, as_of)
        seconds["rules"] = time.perf_counter() - started
    problems = sorted(document.problem(f.path, f.message, f.severity) for f in analysis.findings)
    return Checked(document, analysis, problems, seconds)


NAV_SECTION_LIMIT = 20
"""A section with more pages than this lists only its index in the nav: every page embeds the whole nav."""


def navigation(pages: list[Page], author_pages: list[str]) -> list:
    """MkDocs nav: generated pages in reading order, sections grouped, then the author's own pages."""
    per_folder: dict[str, int] = {}
    for page in pages:
        if "/" in page.path:
            per_folder[page.path.split("/")[0]] = per_folder.get(page.path.split("/")[0], 0) + 1
    nav: list = []
    sections: dict[str, list] = {}
    for page in pages:
        folder = page.path.split("/")[0] if "/" in page.path else None
        title = html.escape(page.nav_title or page.title)  # nav titles reach the HTML unescaped, like site_name
        if folder is None:
            nav.append({title: page.path})
            continue
        if folder not in sections:
            sections[folder] = []
            nav.append({title: sections[folder]})
        if page.path.endswith("index.md"):
            sections[folder].append(page.path)
        elif per_folder[folder] <= NAV_SECTION_LIMIT:
            sections[folder].append({title: page.path})
    nav.extend(author_pages)
    return nav


def author_markdown(docs_dir: Path) -> list[str]:
    """The author's own Markdown pages, as paths relative to docs/."""
    if not docs_dir.is_dir():
        return []
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md") if not p.name.startswith("_"))


class _TolerantLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: 5x faster than PyYAML's
    """Reads mkdocs.yml, ignoring MkDocs' own tags (!ENV, !relative, python names)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _user_config(config_file: Path) -> dict:
    with config_file.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_TolerantLoader) or {}


def guard_site_dir(site_dir: Path, docs_dir: Path, keep: list[Path]) -> None:
    """Refuse a site folder that could hold or replace an author's files."""
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


def recover(site_dir: Path) -> None:
    """Finish or undo a swap that an earlier, killed build left half done; remove its temporary folders."""
    parent = site_dir.parent
    for stale in sorted(parent.glob(TMP_PREFIX + "*")):
        old = stale / "old-site"
        if not site_dir.exists() and old.is_dir():
            old.rename(site_dir)
        shutil.rmtree(stale, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
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


CHROMIUM = os.environ.get("EXPLAINER_CHROMIUM", "/usr/bin/chromium")
HANDOUT_PDF = "handout.pdf"


def pdf_unavailable() -> str | None:
    """Why the handout PDF cannot be made on this machine, or None when it can."""
    if not Path(CHROMIUM).is_file():
        return f"Chromium not found at {CHROMIUM} (install Debian's chromium package, or set EXPLAINER_CHROMIUM)"
    # Found, not imported: importing Playwright takes 0.08 s, and the printer imports it in its own process.
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (pip install -r requirements.txt)"
    return None


class HandoutPrinter:
    """Prints the handout to PDF in a child process (Playwright's sync API refuses to run inside another event loop).

    Started before MkDocs: the browser's start-up, most of the PDF's time, then overlaps MkDocs' build.
    """

    def __init__(self, html_file: Path, pdf_file: Path, facts_date: str):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("pdf.py")), "--wait", str(html_file), str(pdf_file), facts_date, CHROMIUM],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def print(self, timeout: float = 600) -> None:
        """Print the page, which exists now; RuntimeError or TimeoutExpired when that fails."""
        try:
            _, errors = self.process.communicate("print\n", timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise
        if self.process.returncode != 0:
            raise RuntimeError((errors.strip().splitlines() or ["no message"])[-1])

    def cancel(self) -> None:
        """The build stopped: let the browser go without printing."""
        if self.process.returncode is None:
            try:
                self.process.communicate("", timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()


class _CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _cache_theme_templates(config) -> None:
    """Let MkDocs load the theme's templates compiled from Jinja's cache, as ours are.

    MkDocs compiles Material's 40 templates on every build (a sixth of its time for the default explainer,
    and of each rebuild while serving). The cache checks each template's text; its file names carry the
    MkDocs and theme versions, whose Jinja settings the compiled code depends on.
    """
    from importlib.metadata import PackageNotFoundError, version

    from jinja2 import FileSystemBytecodeCache

    theme = config.theme
    make_env = getattr(theme, "get_env", None)
    if make_env is None:
        return
    try:
        versions = f"mkdocs-{version('mkdocs')}-{theme.name}-{version('mkdocs-material') if theme.name == 'material' else ''}"
        cache = FileSystemBytecodeCache(pattern=f"__{versions}_%s.cache")
    except (OSError, RuntimeError, PackageNotFoundError):
        return

    def get_env():
        env = make_env()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env


Generated = Callable[[], tuple[dict[str, str | bytes], list | None]]
"""Gives the generated files by path, and the nav (None: MkDocs' own); called once MkDocs has started up."""


def _with_generated_files(config, generated: dict[str, str | bytes] | Generated) -> None:
    """Add the generated pages and downloads to MkDocs' files from memory, before any plugin looks at the files."""
    from mkdocs.plugins import BasePlugin, event_priority
    from mkdocs.structure.files import File

    source = generated if callable(generated) else (lambda: (generated, None))

    class GeneratedFiles(BasePlugin):
        @event_priority(100)  # first: search and the rest then see these files like any other
        def on_files(self, files, config):
            made, nav = source()
            for path, content in made.items():
                files.append(File.generated(config, path, content=content))
            if nav is not None:
                config["nav"] = nav
            return files

    config.plugins["explainer-generated-files"] = GeneratedFiles()


def run_mkdocs(config_file: Path, strict: bool, generated: dict[str, str | bytes] | Generated | None = None) -> list[str]:
    """Build with MkDocs in this process, adding the generated files; return its warnings, or raise BuildError."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    handler = _CountWarnings()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False  # MkDocs' own log lines would bury our summary; we report its warnings ourselves
    try:
        config = load_config(config_file=str(config_file), strict=strict)
        _with_generated_files(config, generated or {})
        wall.install(config)  # every page audited and given its Content-Security-Policy
        _cache_theme_templates(config)
        build(config)
    except (exceptions.Abort, exceptions.ConfigurationError, exceptions.BuildError, exceptions.PluginError) as error:
        details = "\n".join(handler.messages)
        raise BuildError(f"MkDocs failed: {error}" + (f"\n{details}" if details else "")) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
    return handler.messages


@collector.paused()  # our objects live until the build ends: see collector.py
def build_site(
    data_file: Path,
    site_dir: Path,
    config_file: Path = Path("mkdocs.yml"),
    docs_dir: Path = Path("docs"),
    as_of: dt.date | None = None,
    strict: bool = False,
    progress: Callable[[str], None] = lambda message: None,
    make_pdf: bool = True,
) -> BuildReport:
    """Validate, render and build a site into site_dir, replacing the old one only when all succeeded."""
    started = time.perf_counter()
    progress(f"Checking {data_file}")
    checked = check_file(data_file, as_of)
    if checked.errors or (strict and checked.warnings):
        raise InputError(checked.problems)
    if not config_file.is_file():
        raise BuildError(f"{config_file} not found; give the MkDocs configuration with --config FILE.")
    guard_site_dir(site_dir, docs_dir, [data_file, config_file, Path.cwd()])
    seconds = dict(checked.seconds)

    notes: list[str] = []
    pdf_problem = pdf_unavailable() if make_pdf else "not made by serve"
    if make_pdf and pdf_problem:
        notes.append(f"Handout PDF not made: {pdf_problem}. The printable page handout.html is there.")
    t = time.perf_counter()
    rendering = Rendering(checked.analysis, data_file.name, None if pdf_problem else HANDOUT_PDF)
    seconds["render"] = time.perf_counter() - t
    try:
        return _build_with(checked, rendering, seconds, notes, pdf_problem, started,
                           data_file, site_dir, config_file, docs_dir, strict, progress)
    finally:
        rendering.close()


def _build_with(checked: Checked, rendering: Rendering, seconds: dict[str, float], notes: list[str], pdf_problem: str | None,
                started: float, data_file: Path, site_dir: Path, config_file: Path, docs_dir: Path, strict: bool,
                progress: Callable[[str], None]) -> BuildReport:

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = site_dir.parent / ".explainer.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        recover(site_dir)
        scratch = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=site_dir.parent)).resolve()
        printer: HandoutPrinter | None = None
        try:
            t = time.perf_counter()
            author_pages = author_markdown(docs_dir)
            config, user_nav = _write_config(config_file, scratch, _author_docs(docs_dir, scratch), checked)
            waited = 0.0

            def generated() -> tuple[dict[str, str | bytes], list | None]:
                """The generated pages and downloads, and the nav; MkDocs asks once it has started up."""
                nonlocal waited
                t = time.perf_counter()
                pages, files = rendering.pages()
                # To MkDocs from memory (File.generated), not through files: creating a file costs
                # about 1 ms on a virtual machine's disk, 0.6 s for 10,000 events' pages.
                made: dict[str, str | bytes] = {page.path: page.markdown for page in pages}
                made.update({f"data/{name}": data for name, data in files.items()})
                if not pdf_problem:
                    made[HANDOUT_PDF] = b""  # a placeholder, so MkDocs sees the link resolve; the printer fills it
                _refuse_clashes(docs_dir, made)
                waited = time.perf_counter() - t
                return made, None if user_nav else navigation(pages, author_pages)

            seconds["write"] = time.perf_counter() - t

            new_site = scratch / "site"
            if not pdf_problem:
                try:
                    printer = HandoutPrinter(new_site / "handout.html", new_site / HANDOUT_PDF, checked.analysis.as_of.isoformat())
                except OSError as error:
                    notes.append(f"Handout PDF not made: the printer did not start ({error}). The printable page handout.html is there.")
            progress("Building the site with MkDocs")
            t = time.perf_counter()
            # Dates MkDocs stamps into the sitemap follow the facts' day, so the same input builds the same bytes.
            epoch = dt.datetime.combine(checked.analysis.as_of, dt.time(), dt.timezone.utc).timestamp()
            with _environment(SOURCE_DATE_EPOCH=str(int(epoch))), collector.running_on_new_objects():
                mkdocs_warnings = run_mkdocs(config, strict, generated)
            # MkDocs waited for pages still being made: that wait is ours, not MkDocs'.
            seconds["mkdocs"] = time.perf_counter() - t - waited
            seconds["render"] += waited
            t = time.perf_counter()
            grades = rendering.grades()
            seconds["readability wait"] = time.perf_counter() - t
            too_hard = reading_warnings(checked, grades)
            if strict and too_hard:
                raise InputError(too_hard)

            if printer:
                progress("Printing the handout to PDF")
                t = time.perf_counter()
                try:
                    printer.print()
                except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
                    # A browser that fails must not cost the reader the site: no PDF, said plainly.
                    (new_site / HANDOUT_PDF).unlink(missing_ok=True)
                    notes.append(f"Handout PDF not made: printing failed ({error}). The printable page handout.html is there; "
                                 "its PDF link leads nowhere until a build prints it.")
                seconds["pdf"] = time.perf_counter() - t
            (new_site / SITE_MARKER).write_text("Built by explainer. This folder is replaced by each build.\n", encoding="utf-8")
            swap_in(new_site, site_dir, scratch)
        finally:
            if printer:
                printer.cancel()
            shutil.rmtree(scratch, ignore_errors=True)
    seconds["total"] = time.perf_counter() - started
    warnings = checked.warnings + too_hard + [Problem(str(config_file), 1, 1, "", f"MkDocs: {m}", "warning") for m in mkdocs_warnings]
    return BuildReport(site_dir, len(rendering.pages()[0]) + len(author_pages), len(checked.analysis.explainer.events),
                       len(checked.analysis.explainer.sources), warnings, seconds, notes, grades, checked.analysis)


def _author_docs(docs_dir: Path, scratch: Path) -> Path:
    """The folder MkDocs reads the author's pages from (read only; an empty one when there is none)."""
    if not docs_dir.is_dir():
        empty = scratch / "docs"
        empty.mkdir()
        return empty
    return docs_dir.resolve()


def _refuse_clashes(docs_dir: Path, generated: dict) -> None:
    """A page of the author's with the name of a generated one is an error, never an overwrite."""
    clashes = sorted(p for p in generated if (docs_dir / p).exists()) if docs_dir.is_dir() else []
    if clashes:
        raise BuildError(f"{docs_dir}/{clashes[0]} has the name of a generated page; rename your page "
                         f"(generated pages: {', '.join(sorted(generated))}).")


def _write_config(config_file: Path, scratch: Path, docs: Path, checked: Checked) -> tuple[Path, bool]:
    """A MkDocs config that inherits the author's, reads the author's docs and writes into the scratch folder.

    Also whether the author's config has a nav of its own (else the build gives MkDocs one with the pages).
    """
    info = checked.analysis.explainer.explainer
    user = _user_config(config_file)
    overrides = {
        "INHERIT": str(config_file.resolve()),
        # Material prints these into HTML without escaping: they are author text, so escape them here.
        "site_name": html.escape(info.title),
        "site_description": html.escape(info.description),
        "docs_dir": str(docs),
        "site_dir": str(scratch / "site"),
        "copyright": html.escape(f"Text: {info.license.name}. Facts checked to {checked.analysis.as_of.isoformat()}."),
    }
    custom_dir = (user.get("theme") or {}).get("custom_dir") if isinstance(user.get("theme"), dict) else None
    if custom_dir:
        # MkDocs resolves custom_dir against the config that names it; ours lives in the scratch folder.
        overrides["theme"] = {"custom_dir": str((config_file.parent / custom_dir).resolve())}
    path = scratch / "mkdocs.yml"
    path.write_text(yaml.dump(overrides, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, "nav" in user


@contextlib.contextmanager
def _environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


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
