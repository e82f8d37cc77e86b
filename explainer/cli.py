"""The command line: the only place that prints or chooses an exit code."""

from __future__ import annotations

import argparse
import builtins
import datetime as dt
import json
import os
import signal
import sys
from pathlib import Path

from . import __version__, urls
from .analysis import staleness
from .errors import BuildError, InputError, Problem, one_line, plural
from .model import MAX_YEAR, MIN_YEAR
from .new import STARTER_FILES, create_starter, schema_text
from .output import guard_zip, zip_site
from .pipeline import build_site, check_file

DEFAULT_DATA = Path("events.yaml")
DEFAULT_SITE = Path("site")
SCHEMA_FILE = Path("schema/explainer.schema.json")


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{one_line(text)}" is not a date; use YYYY-MM-DD') from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f'"{text}" is outside the years {MIN_YEAR} to {MAX_YEAR} that dates may have')
    return day


def today() -> dt.date:
    """The day staleness is judged on; EXPLAINER_TODAY=YYYY-MM-DD pins it (tests, reproducible logs)."""
    pinned = os.environ.get("EXPLAINER_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


BUILD_PY = Path(__file__).resolve().parent.parent / "build.py"


def program(folder: Path | None = None) -> str:
    """How to run this tool from a folder: `explainer` (the installed command) or this Python with build.py."""
    if Path(sys.argv[0]).name == "explainer":
        return "explainer"
    if folder is None:
        return "python build.py"
    # The Python that runs now has the dependencies; a bare `python` may not (No module named 'babel').
    return f"{os.path.relpath(sys.executable, folder)} {os.path.relpath(BUILD_PY, folder)}"


def parser() -> argparse.ArgumentParser:
    """The commands and their options."""
    main = argparse.ArgumentParser(prog=program(), description="Build a sourced explainer site from one YAML file of events.")
    main.add_argument("--version", action="version", version=f"explainer {__version__}")
    commands = main.add_subparsers(dest="command", metavar="{new,build,check,serve,schema}")
    new = commands.add_parser("new", help="start a new explainer in a new folder, from a starter that builds as it is")
    new.add_argument("folder", type=Path, metavar="FOLDER", help="the new folder (it must not exist, or be empty)")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--data", type=Path, default=DEFAULT_DATA, help="events file (default: events.yaml)")
        sub.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="compute statuses for this day instead of the file's as_of")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")

    def site_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--site-dir", type=Path, default=DEFAULT_SITE, help="output folder (default: site)")
        sub.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
        sub.add_argument("--docs-dir", type=Path, default=Path("docs"), help="hand-written pages (default: docs)")

    build = commands.add_parser("build", help="validate and build the site (the default)")
    common(build)
    site_options(build)
    build.add_argument("--no-pdf", action="store_true", help="skip printing the handout to PDF (faster)")
    build.add_argument("--site-url", type=site_url_argument, default=None, metavar="URL",
                       help="the address the site is published at, overriding explainer.site_url (sitemap, canonical links, share tags)")
    build.add_argument("--zip", type=Path, default=None, metavar="FILE",
                       help="also pack the site into a zip that opens offline by double-clicking index.html")
    check = commands.add_parser("check", help="validate only; print every problem")
    common(check)
    check.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration to check too (default: mkdocs.yml)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="json: the problems as one JSON object on standard output, for editors and CI")
    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild on every change")
    common(serve)
    site_options(serve)
    serve.add_argument("--port", type=int, default=8000)
    schema = commands.add_parser("schema", help="write the JSON Schema editors use to check events files")
    schema.add_argument("--output", type=Path, default=SCHEMA_FILE)
    schema.add_argument("--check", action="store_true", help="exit 1 if the file is not up to date")
    return main


def print(*parts: object, file=None, flush: bool = False) -> None:  # noqa: A001 - every line this tool prints passes here
    """Print a line with any control character in it (a file name's, a path's) shown as an escape, never obeyed."""
    text = " ".join(map(str, parts))
    builtins.print("\n".join(one_line(line) for line in text.split("\n")), file=file or sys.stdout, flush=flush)


def print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def print_completeness(completeness) -> None:
    """One line per translation: how many of the text fields it translates, and the first few it leaves out."""
    for language in completeness:
        print(f"Translation {language.summary()}")


def run_check(args: argparse.Namespace) -> int:
    """Validate the events file and the MkDocs config; print every problem, the notes and a one-line summary."""
    try:
        checked = check_file(args.data, args.as_of)
    except InputError as error:
        if args.format == "json":
            return print_json(args, error.problems, [], None)
        raise
    if args.config.is_file():  # what build would stop on in the MkDocs config, found now
        from .mkdocs_adapter import config_problems

        checked.problems += [Problem(str(args.config), line, column, "", message) for line, column, message in config_problems(args.config)]
    notes = [note for note in [as_of_note(checked.analysis)] if note] + staleness(checked.analysis, today())
    if args.format == "json":
        return print_json(args, checked.problems, notes, checked.analysis.explainer)
    print_problems(checked.problems)
    for note in notes:
        print(f"Note: {note}")
    print_completeness(checked.completeness)
    failed = failed_by(args, checked.problems)
    x = checked.analysis.explainer
    contents = f"{plural(len(x.events), 'event')}, {plural(len(x.sources), 'source')}, {plural(len(x.states), 'state')}"
    print(f"{args.data}: {'failed' if failed else 'ok'}: {tally(args, checked.problems)} ({contents}).")
    return 1 if failed else 0


def failed_by(args: argparse.Namespace, problems: list[Problem]) -> bool:
    """Whether these problems fail the command: any error, or with --strict any warning."""
    return any(p.severity == "error" or getattr(args, "strict", False) for p in problems)


def tally(args: argparse.Namespace, problems: list[Problem]) -> str:
    """'1 error, 2 warnings'; '2 warnings (strict), 0 errors' when only --strict made them fail."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if getattr(args, "strict", False) and warnings and not errors:
        return f"{plural(warnings, 'warning')} (strict), 0 errors"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def as_of_note(analysis) -> str | None:
    """The one note an earlier --as-of day gets, if it leaves anything out."""
    return analysis.left_out.note() if analysis.left_out is not None else None


def print_json(args: argparse.Namespace, problems: list[Problem], notes: list[str], explainer) -> int:
    """The problems as one JSON object: what editors and CI read instead of the lines; the same exit code."""
    failed = failed_by(args, problems)
    document = {
        "format_version": 1,
        "file": str(args.data),
        "ok": not failed,
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "problems": [problem_json(p) for p in problems],
        "notes": notes,
        "counts": None if explainer is None else {"events": len(explainer.events), "sources": len(explainer.sources),
                                                  "states": len(explainer.states)},
    }
    # ASCII only: a bidi or C1 control in author text reaches a terminal as an escape, never obeyed.
    builtins.print(json.dumps(document, ensure_ascii=True, indent=2))
    return 1 if failed else 0


def problem_json(problem: Problem) -> dict:
    """One problem for machines: the message split, as every message is written, into what is wrong and what would be valid."""
    message, _, suggestion = problem.message.partition("; ")
    return {"file": problem.file, "line": problem.line, "column": problem.column, "path": problem.path,
            "message": message if message.endswith((".", "?", "!")) else message + ".", "suggestion": suggestion or None,
            "severity": problem.severity}


def site_url_argument(value: str) -> str:
    """--site-url: an http(s) address, normalised as the events file's own site_url is."""
    try:
        return urls.normalise_url(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{error}; give the address the site is published at, e.g. https://example.org/explainer/") from None


def run_build(args: argparse.Namespace) -> int:
    if args.zip:
        guard_zip(args.zip, args.site_dir, args.docs_dir, [args.data, args.config])
    progress = (lambda message: print(f"{message} ...", file=sys.stderr)) if sys.stderr.isatty() else (lambda message: None)
    report = build_site(args.data, args.site_dir, args.config, args.docs_dir, args.as_of, args.strict, progress,
                        make_pdf=not args.no_pdf, site_url=args.site_url)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the new site is in place: Ctrl-C now would only hide the report
    try:
        return report_build(args, report)
    finally:
        signal.signal(signal.SIGINT, previous)


def report_build(args: argparse.Namespace, report) -> int:
    """Say what a finished build made, and pack it when asked."""
    print_problems(report.warnings)
    for note in report.notes + staleness(report.analysis, today()):
        print(f"Note: {note}")
    print_completeness(report.completeness)
    if report.reading_grades:
        levels = ", ".join(f"{path.removesuffix('.md')} {grade}" for path, grade in report.reading_grades.items())
        print(f"Reading level (Flesch-Kincaid grade): {levels}.")
    if args.zip:
        zip_site(report.site_dir, args.zip)
    s = report.seconds
    ours = s["total"] - s.get("mkdocs", 0.0) - s.get("pdf", 0.0)
    pdf = ", PDF unchanged" if report.pdf_reused else f", PDF {s['pdf']:.1f} s" if "pdf" in s else ""
    languages = f" in {len(report.completeness) + 1} languages" if report.completeness else ""
    print(f"Built {plural(report.pages, 'page')}{languages} from {plural(report.events, 'event')} and {plural(report.sources, 'source')} "
          f"into {report.site_dir}/ in {s['total']:.1f} s (explainer {ours:.2f} s, MkDocs {s.get('mkdocs', 0.0):.1f} s{pdf}); "
          f"{plural(len(report.warnings), 'warning')}.")
    if args.zip:
        print(f"Packed the site into {args.zip}: unzip it and open {report.site_dir.name}/index.html; no network needed.")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    text = schema_text()
    current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
    if current == text:
        print(f"{args.output} is up to date; nothing written.")
        return 0
    if args.check:
        print(f"{args.output} is out of date; run: {program()} schema", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote {args.output}.")
    return 0


def run_new(args: argparse.Namespace) -> int:
    """Write the starter into a new folder and say what each file is for and what to run next."""
    try:
        written = create_starter(args.folder, today())
    except OSError as error:  # a folder we may not write in, a full disk: one line, nothing half-made
        print(f"{args.folder}:1:1: could not be created ({os_problem(error)}); choose a folder you may write in.", file=sys.stderr)
        return 1
    width = max(len(str(path)) for path in written)
    print(f"Created {args.folder}/: a starter explainer that builds as it is.")
    for path, what in zip(written, STARTER_FILES.values()):
        print(f"  {str(path).ljust(width)}  {what}")
    go = "" if args.folder.resolve() == Path.cwd().resolve() else f"cd {args.folder} && "
    print(f"Next: {go}{program(args.folder)} serve   (a preview on http://127.0.0.1:8000/ that rebuilds when you save)")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    def say(line: str, problem: bool) -> None:
        print(line, file=sys.stderr if problem else sys.stdout, flush=True)

    try:
        return 0 if serve(args, say) else 1
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
        return 0


def os_problem(error: OSError) -> str:
    """An operating-system failure in one line: what failed, and on which file."""
    where = f" ({error.filename})" if error.filename else ""
    return f"{error.strerror or error}{where}"


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit code (0 ok, 1 bad input or failed build, 2 bad usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "build")
    args = parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "schema":
            return run_schema(args)
        if args.command == "new":
            return run_new(args)
        if args.command == "serve":
            return run_serve(args)
        return run_build(args)
    except InputError as error:
        print_problems(error.problems)
        where = error.problems[0].file if error.problems else args.data
        if args.command == "new":
            return 1
        if args.command == "check":
            print(f"{where}: failed: {tally(args, error.problems)}.", file=sys.stderr)
        else:
            print(f"Build failed: {tally(args, error.problems)} in {where}. The previous site was left as it was.", file=sys.stderr)
        return 1
    except BuildError as error:
        print(f"Build failed: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # disk full, a read-only or forbidden folder: one line, never a traceback
        print(f"Build failed: {os_problem(error)}. The previous site was left as it was.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted. The previous site was left as it was.", file=sys.stderr)
        return 130


def main_exit() -> None:
    """The installed `explainer` command: run, then exit with the code."""
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C cannot undo what was written
    sys.exit(code)
