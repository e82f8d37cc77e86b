"""The build, top to bottom: read and check the events file, render, run MkDocs, print the handout, swap the site in."""

from __future__ import annotations

import ctypes
import datetime as dt
import html
import multiprocessing
import os
import signal
import subprocess
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import discovery
from .analysis import Analysis, analyse
from .errors import BuildError, InputError, Problem
from .mkdocs_adapter import languages_of, navigation, run_mkdocs
from .output import SITE_MARKER, guard_site_dir, scratch_folder, swap_in
from .printing import HANDOUT_PDF, make_pdfs, marker_lines, pdf_names, pdf_unavailable
from .render import Page, render_site
from .render import i18n
from .source import MAX_BYTES, Document, read_document
from .translations import Completeness, language_problem, translate, translation_language
from .validate import parse_explainer

__all__ = ["BuildError", "BuildReport", "Checked", "build_site", "check_file"]


@dataclass
class Checked:
    """A read, validated and analysed events file, with its problems."""

    document: Document
    analysis: Analysis
    problems: list[Problem]
    seconds: dict[str, float] = field(default_factory=dict)
    translations: list[Analysis] = field(default_factory=list)
    """The explainer in each language a translation file beside it gives, analysed like the original."""
    completeness: list[Completeness] = field(default_factory=list)
    """How much of the text each translation file translates."""

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
    pdf_reused: bool = False
    """No printed page had changed, so the last build's PDFs were kept."""
    completeness: list[Completeness] = field(default_factory=list)
    """How much of the text each translated site has in its own language."""


def check_file(data_file: Path, as_of: dt.date | None = None, site_url: str | None = None) -> Checked:
    """Read, validate and analyse an events file (site_url, when given, replaces its explainer.site_url);
    raise InputError when it cannot be read or parsed."""
    seconds = {}
    started = time.perf_counter()
    raw = read_events_file(data_file)
    document = read_document(str(data_file), raw)
    seconds["read"] = time.perf_counter() - started
    started = time.perf_counter()
    explainer = parse_explainer(document)
    if site_url:  # build --site-url: the address a publishing workflow knows (already normalised by the CLI)
        explainer = explainer.model_copy(update={"explainer": explainer.explainer.model_copy(update={"site_url": site_url})})
    seconds["validate"] = time.perf_counter() - started
    started = time.perf_counter()
    analysis = analyse(explainer, as_of)
    seconds["rules"] = time.perf_counter() - started
    problems = sorted(document.problem(f.path, f.message, f.severity) for f in analysis.findings)
    checked = Checked(document, analysis, problems, seconds)
    started = time.perf_counter()
    add_translations(checked, data_file, as_of)
    seconds["translations"] = time.perf_counter() - started
    return checked


def translation_files(data_file: Path) -> dict[str, Path]:
    """The translation files beside an events file, by language: events.fr.yaml translates events.yaml into fr.

    Found by their name, not listed in the events file: a translator adds a file without touching the author's,
    and the name says both what it translates and into which language.
    """
    folder = data_file.parent
    found = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        language = translation_language(path.name, data_file.name)
        if language is not None and path != data_file:
            found.setdefault(language, path)
    return found


def add_translations(checked: Checked, data_file: Path, as_of: dt.date | None) -> None:
    """Read and apply each translation file; its problems join the events file's, located in it."""
    for language, path in translation_files(data_file).items():
        wrong_name = language_problem(str(path), language)
        if wrong_name:
            checked.problems = sorted(checked.problems + [wrong_name])
            continue
        try:
            translation = read_document(str(path), read_events_file(path))
            result = translate(checked.document, checked.analysis.explainer, language, translation)
        except InputError as error:
            checked.problems = sorted(checked.problems + list(error.problems))
            continue
        checked.translations.append(analyse(result.explainer, as_of))
        checked.completeness.append(result.completeness)


def read_events_file(data_file: Path) -> bytes:
    """The bytes of an events file; InputError for anything that is not a readable regular file."""
    def refuse(message: str) -> InputError:
        return InputError([Problem(str(data_file), 1, 1, "", message)])

    try:
        if data_file.is_dir():
            raise refuse("is a folder; give an events file with --data FILE.")
        if data_file.exists() and not data_file.is_file():
            # A pipe or a device could block the build or never end (think /dev/zero).
            raise refuse("is not a regular file (a pipe or a device?); give an events file with --data FILE.")
        with data_file.open("rb") as stream:
            return stream.read(MAX_BYTES + 1)  # enough to know it is too big, never more
    except FileNotFoundError:
        raise refuse("file not found; give an events file with --data FILE, or start one with: explainer new FOLDER") from None
    except OSError as error:  # a symbolic-link loop, no permission, a read error
        raise refuse(f"cannot be read ({error.strerror or error}); give a readable events file with --data FILE.") from None


# Lists of titles and addresses are not prose: judging their reading level would only mislead.
NOT_PROSE = ("sources", "handout", "print", "lesson", "worksheet", "teacher", "data")


def reading_grades(texts: list[tuple[str, str]], language: str = "en") -> dict[str, float]:
    """Reading grades of pages given as (path, Markdown) pairs, for those with enough prose."""
    from .render.readability import reading_grade

    grades = {path: reading_grade(markdown, language) for path, markdown in texts}
    return {path: grade for path, grade in grades.items() if grade is not None}


def grade_beside(pages: list[Page], pool: ProcessPoolExecutor, language: str = "en") -> Future:
    """Start grading the prose pages in the worker: its dictionary loads (0.7 s) while MkDocs builds."""
    texts = [(p.path, p.markdown) for p in pages if p.path.split("/")[0].removesuffix(".md") not in NOT_PROSE]
    return pool.submit(reading_grades, texts, language)


def language_notes(language: str) -> list[str]:
    """What the author should know about the explainer's language: a missing catalog, no reading-level grader."""
    from .render.readability import grader_note

    return [note for note in (i18n.missing_catalog_note(language), grader_note(language)) if note]


def reading_warnings(checked: Checked, grades: dict[str, float]) -> list[Problem]:
    """A warning for each page above the reading level the events file sets."""
    from .render.readability import grader

    limit = checked.analysis.explainer.explainer.reading_grade_max
    formula = (grader(checked.analysis.explainer.explainer.language) or ("Flesch-Kincaid",))[0].removesuffix(" grade")
    return [checked.document.problem(("explainer", "reading_grade_max"),
                                     f"{path} reads at grade {grade} ({formula}), above {limit}; use shorter sentences and plainer words.",
                                     "warning")
            for path, grade in grades.items() if limit is not None and grade > limit]


def author_markdown(docs_dir: Path) -> list[str]:
    """The author's own Markdown pages, as paths relative to docs/."""
    if not docs_dir.is_dir():
        return []
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md") if not p.name.startswith("_"))


def check_docs(docs_dir: Path, generated: dict) -> None:
    """The author's folder may not replace a generated file, nor publish what lies outside it through a link."""
    if not docs_dir.is_dir():
        return
    # A page named like a generated one, or its HTML (timeline.html beside the generated timeline.md).
    names = {*generated, *(p[:-3] + ".html" for p in generated if p.endswith(".md"))}
    clashes = sorted(p for p in names if (docs_dir / p).exists() or (docs_dir / p).is_symlink())
    if clashes:
        raise BuildError(f"{docs_dir}/{clashes[0]} has the name of a generated page; rename your page "
                         f"(generated pages: {', '.join(sorted(generated))}).")
    root = docs_dir.resolve()
    # realpath, not Path.resolve: a link that loops is then simply outside, not an exception.
    outside = sorted(str(p) for p in docs_dir.rglob("*") if p.is_symlink() and root not in Path(os.path.realpath(p)).parents)
    if outside:
        raise BuildError(f"{outside[0]} is a link to a file outside {docs_dir}, which the site would publish; "
                         f"copy the file into {docs_dir} or remove the link ({len(outside)} such link{'s' if len(outside) > 1 else ''}).")


def mkdocs_overrides(analysis: Analysis, docs: Path, site: Path) -> dict:
    """What the build sets in the author's MkDocs config: names from the events file, our folders."""
    info = analysis.explainer.explainer
    with i18n.language(info.language):
        footer = i18n._("Text: %(license)s. Facts checked to %(date)s.") % {"license": info.license.name,
                                                                            "date": analysis.as_of.isoformat()}
    return {
        # Material prints these into HTML without escaping: they are author text, so escape them here.
        "site_name": html.escape(info.title),
        "site_description": html.escape(info.description),
        "copyright": html.escape(footer),
        "docs_dir": str(docs),
        "site_dir": str(site),
        **discovery.mkdocs_settings(info.site_url),  # the sitemap's <loc> and canonical links need the address
    }


@dataclass
class LanguageSite:
    """One language's site: its folder in the output ("" for the original, at the root), pages and files."""

    folder: str
    analysis: Analysis
    pages: list[Page]
    generated: dict[str, str | bytes]
    nav: list
    pdfs: dict[str, str] = field(default_factory=dict)
    """The PDFs printed for this site: {PDF name: its page's HTML file}."""

    @property
    def language(self) -> str:
        return self.analysis.explainer.explainer.language


def language_site(analysis: Analysis, folder: str, data_file: Path, docs_dir: Path, printing: bool) -> LanguageSite:
    """Render one language's pages and downloads, and its navigation."""
    pages, files = render_site(analysis, data_file.name, HANDOUT_PDF if printing else None)
    generated: dict[str, str | bytes] = {page.path: page.markdown for page in pages}
    generated.update({f"data/{name}": data for name, data in files.items()})
    pdfs = pdf_names(generated) if printing else {}
    for name in pdfs:
        generated[name] = b""  # a placeholder, so MkDocs sees the link resolve; the printer fills it
    check_docs(docs_dir, generated)
    nav = navigation([(page.path, page.nav_title or page.title) for page in pages], author_markdown(docs_dir))
    return LanguageSite(folder, analysis, pages, generated, nav, pdfs)


def check_language_folders(docs_dir: Path, languages: list[str]) -> None:
    """A translated site lives in a folder named after its language: the author's docs/ may not hold one."""
    for language in languages:
        if (docs_dir / language).exists() or (docs_dir / language).is_symlink():
            raise BuildError(f"{docs_dir}/{language} has the name of the folder the {language} site is built into; "
                             "rename it or move it out of the docs folder.")


def build_site(
    data_file: Path,
    site_dir: Path,
    config_file: Path = Path("mkdocs.yml"),
    docs_dir: Path = Path("docs"),
    as_of: dt.date | None = None,
    strict: bool = False,
    progress: Callable[[str], None] = lambda message: None,
    make_pdf: bool = True,
    site_url: str | None = None,
) -> BuildReport:
    """Validate, render and build a site (and one per translation) into site_dir, replacing the old one only when all succeeded."""
    started = time.perf_counter()
    progress(f"Checking {data_file}")
    checked = check_file(data_file, as_of, site_url)
    if checked.errors or (strict and checked.warnings):
        raise InputError(checked.problems)
    if not config_file.is_file():
        raise BuildError(f"{config_file} not found; give the MkDocs configuration with --config FILE.")
    guard_site_dir(site_dir, docs_dir, [data_file, config_file, Path.cwd()])
    run = Run(checked, site_dir, config_file, docs_dir, strict, progress, seconds=dict(checked.seconds))
    if checked.analysis.left_out is not None and checked.analysis.left_out.note():
        run.notes.append(checked.analysis.left_out.note())  # once, and not a warning: the author asked for that day
    pdf_problem = pdf_unavailable() if make_pdf else None
    if pdf_problem:
        run.notes.append(f"Handout PDF not made: {pdf_problem}. The printable pages (handout.html...) are there.")
    run.printing = make_pdf and not pdf_problem
    address_note = discovery.missing_address_note(checked.analysis.explainer.explainer.site_url)
    if address_note:
        run.notes.append(address_note)
    run.notes += language_notes(checked.analysis.explainer.explainer.language)
    run.notes += [note for a in checked.translations if (note := i18n.missing_catalog_note(a.explainer.explainer.language))]

    t = time.perf_counter()
    check_language_folders(docs_dir, [a.explainer.explainer.language for a in checked.translations])
    sites = [language_site(checked.analysis, "", data_file, docs_dir, run.printing)]
    sites += [language_site(a, a.explainer.explainer.language, data_file, docs_dir, run.printing) for a in checked.translations]
    run.seconds["render"] = time.perf_counter() - t

    # The grader forks before the output folder's lock is taken, so it can never hold that lock.
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=_grader_start) as pool:
            # The grader knows the original's pages (translations are graded as their original).
            grading = grade_beside(sites[0].pages, pool, checked.analysis.explainer.explainer.language)
            with scratch_folder(site_dir) as scratch:
                warnings, grades = run.build_in(scratch, sites, grading)
    finally:
        run.late_interrupts.close()
    run.seconds["total"] = time.perf_counter() - started
    author_pages = len(author_markdown(docs_dir))
    return BuildReport(site_dir, sum(len(site.pages) + author_pages for site in sites), len(checked.analysis.explainer.events),
                       len(checked.analysis.explainer.sources), warnings, run.seconds, run.notes, grades, checked.analysis,
                       run.pdf_reused, checked.completeness)


@dataclass
class Run:
    """One build's settings and what it has found so far."""

    checked: Checked
    site_dir: Path
    config_file: Path
    docs_dir: Path
    strict: bool
    progress: Callable[[str], None]
    seconds: dict[str, float]
    notes: list[str] = field(default_factory=list)
    printing: bool = False
    pdf_reused: bool = False
    late_interrupts: "LateInterrupts" = field(default_factory=lambda: LateInterrupts())

    def build_in(self, scratch: Path, sites: list[LanguageSite], grading: Future) -> tuple[list[Problem], dict]:
        """MkDocs for every language into the scratch folder, the reading grades, the PDFs, then one swap."""
        new_site = scratch / "site"
        docs = self.docs_dir.resolve() if self.docs_dir.is_dir() else _empty_folder(scratch / "docs")
        languages = languages_of([(site.folder, site.language) for site in sites])
        mkdocs_warnings: list[str] = []
        t = time.perf_counter()
        for site in sites:  # the original first: MkDocs empties its site folder before building into it
            self.progress(f"Building the {site.language} site with MkDocs" if site.folder else "Building the site with MkDocs")
            epoch = int(dt.datetime.combine(site.analysis.as_of, dt.time(), dt.timezone.utc).timestamp())
            overrides = mkdocs_overrides(site.analysis, docs, new_site / site.folder)
            mkdocs_warnings += run_mkdocs(self.config_file, overrides, site.generated, site.nav, self.strict, epoch,
                                          languages[site.folder])
        self.seconds["mkdocs"] = time.perf_counter() - t
        t = time.perf_counter()
        grades = grading.result()
        self.seconds["readability wait"] = time.perf_counter() - t
        too_hard = reading_warnings(self.checked, grades)
        if self.strict and too_hard:
            raise InputError(too_hard)
        for site in sites:
            marker = "Built by explainer. This folder is replaced by each build.\n"
            if self.printing:
                marker += self.print_pdfs(new_site / site.folder, self.site_dir / site.folder, site)
            (new_site / site.folder / SITE_MARKER).write_text(marker, encoding="utf-8")
        self.late_interrupts.begin()  # from here on the new site is in place: Ctrl-C can no longer undo the build
        swap_in(new_site, self.site_dir, scratch)  # every language at once: readers never see a mix
        config_warnings = [Problem(str(self.config_file), 1, 1, "", f"MkDocs: {m}", "warning") for m in dict.fromkeys(mkdocs_warnings)]
        return self.checked.warnings + too_hard + config_warnings, grades

    def print_pdfs(self, new_site: Path, old_site: Path, site: "LanguageSite") -> str:
        """Print (or keep) one site's handout and other PDFs; the marker lines that record what each was printed from."""
        self.progress("Printing the handout to PDF")
        t = time.perf_counter()
        try:
            keys, reused = make_pdfs(new_site, old_site, site.pdfs, site.analysis.as_of.isoformat(),
                                     language=site.analysis.explainer.explainer.language)
            # "PDF unchanged" only when every language's PDFs were kept (the original's are printed first).
            self.pdf_reused = len(reused) == len(keys) and (self.pdf_reused or old_site == self.site_dir)
            return marker_lines(keys)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            # A browser that fails must not cost the reader the site: no PDF, said plainly.
            for name in site.pdfs:
                (new_site / name).unlink(missing_ok=True)
            self.notes.append(f"Handout PDF not made: printing failed ({error}). The printable pages (handout.html...) are there; "
                              "their PDF links lead nowhere until a build prints them.")
            return ""
        finally:
            self.seconds["pdf"] = self.seconds.get("pdf", 0.0) + time.perf_counter() - t


class LateInterrupts:
    """Ctrl-C once the new site is being swapped in: too late to keep the old site, so the build finishes.

    Without this, an interrupt while the scratch folder is cleaned up would end the command with
    "the previous site was left as it was" although the new one is in place.
    """

    def __init__(self) -> None:
        self.previous = None

    def begin(self) -> None:
        if threading.current_thread() is threading.main_thread():  # only the main thread may set handlers
            self.previous = signal.signal(signal.SIGINT, lambda number, frame: None)

    def close(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None


def _grader_start() -> None:
    """In the grader: Ctrl-C is the build's to handle; end when the build's process ends, even killed (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _empty_folder(path: Path) -> Path:
    """An empty docs folder for MkDocs, when the author has none."""
    path.mkdir()
    return path
