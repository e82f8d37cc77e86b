"""Translations of the content: events.fr.yaml beside events.yaml makes a French site under fr/, linked page to page."""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import posixpath
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from explainer.cli import main
from explainer.render.text import inline, plain, safe
from explainer.translations import Untranslated
from support import FIXTURES, ROOT, author_files, start_tags, tree_hashes
from test_escaping import HOSTILE, assert_inert, html_of

TRANSLATED = FIXTURES / "translated"
MARKER = r'<span class="untranslated">\([^)<]+\)</span>'  # "(not yet translated)" in the site's language

pytestmark = pytest.mark.slow


def copy_project(folder: Path, events: Path) -> Path:
    """The project's mkdocs.yml and docs/ in a folder, with an events file as events.yaml."""
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copy(events, folder / "events.yaml")
    return folder


def translated_project(folder: Path) -> Path:
    """A project with the translated fixture: events.yaml and its French translation beside it."""
    copy_project(folder, TRANSLATED / "events.yaml")
    shutil.copy(TRANSLATED / "events.fr.yaml", folder / "events.fr.yaml")
    return folder


@dataclass
class Built:
    """The translated fixture built once, with what the build printed and the author's files before and after."""

    project: Path
    out: str
    author_files_before: dict[str, str]
    author_files_after: dict[str, str]

    @property
    def site(self) -> Path:
        return self.project / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The translated fixture built once with the real command line (`build --no-pdf`), today pinned."""
    project = translated_project(tmp_path_factory.mktemp("translated"))
    before = author_files(project)
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.setenv("EXPLAINER_TODAY", "2026-03-01")
        patch.chdir(project)
        code = main(["build", "--no-pdf"])
    assert code == 0, err.getvalue()
    return Built(project, out.getvalue(), before, author_files(project))


def pages(site: Path) -> list[str]:
    """One site's HTML pages, without another language's folder inside it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("fr/"))


def html_lang(page: Path) -> str:
    return next(attrs["lang"] for tag, attrs in start_tags(page.read_text(encoding="utf-8")) if tag == "html")


COMPLETENESS = ("Translation fr (events.fr.yaml): 23 of 34 text fields translated; not yet translated (shown in the original "
                "language): states.BB.name, events.bb-notice.summary, arguments.items.cost.claim, arguments.items.cost.summary, "
                "arguments.items.cost.speakers[0], arguments.items.harm.claim and 5 more.")


def test_the_build_reports_what_each_translation_covers(built):
    """The build says, per language, N of M text fields translated and the first untranslated ones by id."""
    assert COMPLETENESS in built.out.splitlines()
    assert re.search(r"^Built \d+ pages in 2 languages from 2 events and 3 sources into site/", built.out, re.M)


def test_check_reports_the_same_figures(cli, tmp_path):
    """`check` reads the translation too and prints the same completeness line."""
    run = cli("check", cwd=translated_project(tmp_path))
    assert run.code == 0, run.err
    assert COMPLETENESS in run.out.splitlines()


def test_the_original_is_at_the_root_and_the_translation_under_its_language(built):
    """Both sites have every page; each page's <html lang> is its site's language; the author's files are untouched."""
    root, french = pages(built.site), pages(built.site / "fr")
    assert root == french and "index.html" in root and "countries/bb.html" in root
    assert {html_lang(built.site / p) for p in root} == {"en"}
    assert {html_lang(built.site / "fr" / p) for p in french} == {"fr"}
    assert built.author_files_before == built.author_files_after


def test_the_language_selector_leads_to_the_same_page_in_the_other_language(built):
    """Every page of each site links, in Material's selector, to itself and to the same page in the other language."""
    for site, folder in ((built.site, ""), (built.site / "fr", "fr/")):
        for page in [p for p in pages(site) if p != "404.html"]:  # MkDocs writes the 404 page's links from the server's root
            links = {attrs["hreflang"]: attrs["href"] for tag, attrs in start_tags((site / page).read_text(encoding="utf-8"))
                     if tag == "a" and "md-select__link" in attrs.get("class", "")}
            assert set(links) == {"en", "fr"}, page
            for language, href in links.items():
                target = posixpath.normpath(posixpath.join(posixpath.dirname(folder + page), href))
                assert target == ("fr/" if language == "fr" else "") + page, (page, href)
                assert (built.site / target).is_file()


def test_translated_text_replaces_the_original_and_untranslated_text_is_marked(built):
    """French where the file translates; elsewhere the English text inside lang="en", with a visible marker."""
    french = (built.site / "fr" / "countries" / "bb.html").read_text(encoding="utf-8")
    assert "Notification de la Bêtalande reçue" in french  # a translated title
    assert re.search(f'<span lang="en">Betaland</span> {MARKER}', french)  # an untranslated name
    assert re.search(f"<span lang=\"en\">The depositary received Betaland's notice of withdrawal.</span> {MARKER}", french)
    alpha = (built.site / "fr" / "countries" / "aa.html").read_text(encoding="utf-8")
    assert "<h1" in alpha and re.search(r"<h1[^>]*>Alphalande<", alpha) and "Alphaland<" not in alpha
    assert "<title>Alphalande - L'Accord d'exemple</title>" in html.unescape(alpha)
    for page in pages(built.site):  # the original site marks nothing
        assert "untranslated" not in (built.site / page).read_text(encoding="utf-8"), page


def test_the_translated_sites_data_is_in_its_language(built):
    """fr/data/explainer.json carries the French text and language; the facts are the original's."""
    original = json.loads((built.site / "data" / "explainer.json").read_text(encoding="utf-8"))
    french = json.loads((built.site / "fr" / "data" / "explainer.json").read_text(encoding="utf-8"))
    assert french["content"]["explainer"]["language"] == "fr"
    assert french["content"]["states"][0]["name"] == "Alphalande"
    assert french["states"] == [dict(s, name=f["name"]) for s, f in zip(original["states"], french["states"])]


BAD = """\
events:
  aa-notic: {title: X}
  bb-notice: {title: Bien, date: 2020-01-01, colour: red}
treaty:
  summary: [{text: a}, {text: b}]
sources:
  accord-text: {title: Texte}
"""


def test_unknown_ids_fields_and_untranslatable_fields_are_located_errors(cli, tmp_path):
    """Each wrong entry of a translation file: FILE:LINE:COL, what is wrong and what would be valid; exit 1."""
    project = translated_project(tmp_path)
    (project / "events.fr.yaml").write_text(BAD, encoding="utf-8")
    (project / "events.xx.yaml").write_text("events: {}\n", encoding="utf-8")
    shutil.copy(project / "events.yaml", project / "events.en.yaml")
    run = cli("check", cwd=project)
    assert run.code == 1
    assert run.err.splitlines() == [
        'events.en.yaml:1:1: translates into "en", the events file\'s own language; name it after another language (events.fr.yaml) or remove it.',
        'events.fr.yaml:2:3: events.aa-notic: unknown id "aa-notic": the events file has none; did you mean "aa-notice"?',
        'events.fr.yaml:3:28: events.bb-notice.date: "date" is not translatable (ids, dates, addresses and sources stay as the '
        "events file has them); translatable here: title, summary.",
        'events.fr.yaml:3:46: events.bb-notice.colour: unknown key "colour"; translatable keys: summary, title.',
        "events.fr.yaml:5:24: treaty.summary[1]: the events file has 1 item here, so there is nothing to translate; remove the extra items.",
        'events.fr.yaml:7:17: sources.accord-text.title: "title" is not translatable (a source keeps the title it was published under, '
        "which is what a reader looks for); translatable here: note.",
        'events.xx.yaml:1:1: "xx" in the file\'s name is not a language the build can write dates in; valid tags include en, fr, es, de, '
        "fi, pt-BR, zh-Hant. Rename the file, or move it away from the events file.",
    ]


@pytest.mark.parametrize("text, message", [
    ('states:\n  AA: {name: "Alpha\\x1blande"}\n',
     "events.fr.yaml:2:14: states.AA.name: holds the character U+001B (escape), which text may not contain; remove it"),
    ("states:\n  AA: {name: !!python/object:os.system x}\n", 'events.fr.yaml:2:14: states.AA.name: tag "!!python/object:os.system" is not allowed'),
    ("events:\n  aa-notice: {summary: '[x](javascript:alert(1))'}\n",
     'events.fr.yaml:2:15: events.aa-notice.summary: the link "javascript:alert(1)" is a javascript: address'),
    ('states:\n  AA: {name: "two\\nlines"}\n', "events.fr.yaml:2:8: states.AA.name: holds a line break; short text is one line"),
])
def test_a_translation_file_gets_the_events_files_safety(cli, tmp_path, text, message):
    """Same reader as the events file (no tags, no control characters) and the same checks on the merged text, located in it."""
    project = translated_project(tmp_path)
    (project / "events.fr.yaml").write_text(text, encoding="utf-8")
    run = cli("check", cwd=project)
    assert run.code == 1
    assert run.err.startswith(message), run.err


def test_translated_markdown_stays_text(tmp_path):
    """Raw HTML in a translated Markdown field reaches the French page's Markdown escaped, like the original's."""
    from explainer.pipeline import check_file
    from explainer.render import render_pages

    project = translated_project(tmp_path)
    text = (project / "events.fr.yaml").read_text(encoding="utf-8").replace(
        "Le dépositaire a reçu", "<script>alert(1)</script><b>gras</b> Le dépositaire a reçu")
    (project / "events.fr.yaml").write_text(text + "misreadings: {}\n", encoding="utf-8")  # an empty section changes nothing
    checked = check_file(project / "events.yaml")
    assert not checked.errors
    timeline = next(p.markdown for p in render_pages(checked.translations[0]) if p.path == "timeline.md")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt; Le " in timeline
    assert not [tag for tag, attrs in html_of(timeline) if tag == "b" or tag == "script" and attrs.get("type") != "application/ld+json"]


def test_the_output_is_replaced_whole_every_language_at_once(cli, tmp_path):
    """A mistake in the translation leaves root and fr/ as they were; without the translation, fr/ is gone."""
    project = translated_project(tmp_path)
    assert cli("build", "--no-pdf", "--zip", "site.zip", cwd=project).code == 0
    before = tree_hashes(project / "site")
    assert any(path.startswith("fr/") for path in before)
    with zipfile.ZipFile(project / "site.zip") as packed:  # the zip a teacher downloads holds every language
        assert {"site/index.html", "site/fr/index.html", "site/fr/countries/bb.html"} <= set(packed.namelist())
    (project / "events.fr.yaml").write_text("events:\n  nope: {title: x}\n", encoding="utf-8")
    run = cli("build", "--no-pdf", cwd=project)
    assert run.code == 1 and "The previous site was left as it was." in run.err
    assert tree_hashes(project / "site") == before
    (project / "events.fr.yaml").unlink()
    run = cli("build", "--no-pdf", cwd=project)
    assert run.code == 0 and "Translation" not in run.out
    assert not (project / "site" / "fr").exists()
    assert 'class="md-select' not in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_an_author_folder_named_like_a_language_is_refused(cli, tmp_path):
    """docs/fr/ would be published where the French site goes: the build says so instead of mixing them."""
    project = translated_project(tmp_path)
    (project / "docs" / "fr").mkdir()
    run = cli("build", "--no-pdf", cwd=project)
    assert run.code == 1
    assert run.err == ("Build failed: docs/fr has the name of the folder the fr site is built into; "
                       "rename it or move it out of the docs folder.\n")


def test_each_language_has_its_handout_pdf_reused_while_unchanged(cli, tmp_path):
    """fr/handout.pdf is printed from the French handout; the next build keeps both PDFs ("PDF unchanged")."""
    from pypdf import PdfReader

    from explainer.printing import pdf_unavailable

    if pdf_unavailable():
        pytest.skip(pdf_unavailable())
    project = translated_project(tmp_path)
    first = cli("build", cwd=project)
    assert first.code == 0, first.err
    text = " ".join(page.extract_text() for page in PdfReader(project / "site" / "fr" / "handout.pdf").pages)
    assert "Alphalande" in text and "Alphalande" not in " ".join(p.extract_text() for p in PdfReader(project / "site" / "handout.pdf").pages)
    pdfs = {name: (project / "site" / name).read_bytes() for name in ("handout.pdf", "fr/handout.pdf")}
    again = cli("build", cwd=project)
    assert "PDF unchanged" in again.out
    assert pdfs == {name: (project / "site" / name).read_bytes() for name in pdfs}


def test_the_readme_example_translates_the_small_fixture(cli, tmp_path):
    """The README's translation example, pasted beside the small fixture, passes `check` and is counted."""
    from support import SMALL

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Translations", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    copy_project(tmp_path, SMALL)
    (tmp_path / "events.fr.yaml").write_text(example, encoding="utf-8")
    run = cli("check", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "Translation fr (events.fr.yaml): 9 of 35 text fields translated;" in run.out


@pytest.mark.parametrize("tag, theme", [("fr", "fr"), ("pt-BR", "pt-BR"), ("de-CH", "de"), ("fur", "en")])
def test_the_theme_gets_its_nearest_language(tag, theme):
    """Material has no words for some languages Babel knows: the nearest it has, else English, never a failed build."""
    from explainer.mkdocs_adapter import theme_language

    assert theme_language(tag) == theme


def spans_are_ours(elements: list[tuple[str, dict]]) -> bool:
    """Every <span> is one the marker wrote: lang="en" or class="untranslated", nothing else."""
    return all(attrs in ({"lang": "en"}, {"class": "untranslated"}) for tag, attrs in elements if tag == "span")


@pytest.mark.parametrize("text", HOSTILE + ["para\n\n- item *a*\n- item b\n\n1. one\n\nlast"])
def test_marked_untranslated_text_stays_inert(text):
    """The marker wraps escaped text in spans of its own: hostile text stays text, lists keep their shape."""
    for render in (safe, inline):
        elements = html_of(render(Untranslated(text, "en")))
        assert_inert([(tag, attrs) for tag, attrs in elements if tag != "span"])
        assert spans_are_ours(elements) and ("span", {"lang": "en"}) in elements
    assert {tag for tag, _ in html_of(plain(Untranslated(text, "en")))} <= {"p", "span"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<>{}[]()!#*_`:=\"' \n\tajvscriptonerorclickimg.-/\\0123456789+", max_size=60))
def test_any_marked_markdown_field_stays_inert(text):
    elements = html_of(safe(Untranslated(text, "en")))
    assert_inert([(tag, attrs) for tag, attrs in elements if tag != "span"])
    assert spans_are_ours(elements)


def test_killing_a_two_language_build_at_any_moment_leaves_both_old_sites_or_both_new(cli, tmp_path):
    """SIGKILL anywhere in a build (during either MkDocs run, the marker, the swap): the whole output is one build's."""
    project = translated_project(tmp_path)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--no-pdf", "--as-of"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    assert cli("build", "--no-pdf", "--as-of", "2025-01-01", cwd=project).code == 0  # in this process: the same bytes
    known = {"2025-01-01": tree_hashes(project / "site")}
    started = time.perf_counter()
    subprocess.run(command + ["2026-03-01"], cwd=project, env=env, capture_output=True, check=True)
    duration = time.perf_counter() - started  # kills land anywhere inside a whole build
    known["2026-03-01"] = tree_hashes(project / "site")
    assert known["2025-01-01"] != known["2026-03-01"] and all(any(p.startswith("fr/") for p in k) for k in known.values())
    rng = random.Random(13)
    for attempt in range(3):
        day = ("2025-01-01", "2026-03-01")[attempt % 2]
        process = subprocess.Popen(command + [day], cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2 * duration, duration))  # not a wait for something: this picks the moment of the kill
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert tree_hashes(project / "site") in (known["2025-01-01"], known["2026-03-01"]), f"attempt {attempt}: a mix"
    assert subprocess.run(command + ["2025-01-01"], cwd=project, env=env, capture_output=True).returncode == 0
    assert tree_hashes(project / "site") == known["2025-01-01"]
    assert list(project.glob(".explainer-tmp-*")) == []


def model_text_fields(kind: type, prefix: str = "") -> set[str]:
    """Every text field of the model (Markdown Text or one-line ShortText), as dotted names without list positions."""
    import typing

    from pydantic import AfterValidator

    from explainer import model

    def metadata(annotation) -> list:
        inner = list(getattr(annotation, "__metadata__", ())) if typing.get_origin(annotation) is typing.Annotated else []
        return inner + [item for argument in typing.get_args(annotation) for item in metadata(argument)]

    def models(annotation) -> list[type]:
        found = [annotation] if isinstance(annotation, type) and issubclass(annotation, model.Strict) else []
        return found + [m for argument in typing.get_args(annotation) for m in models(argument)]

    found = set()
    for name, info in kind.model_fields.items():
        marks = [*info.metadata, *metadata(info.annotation)]
        if model.MARKDOWN in marks or any(isinstance(m, AfterValidator) and m.func.__name__ == "_one_line" for m in marks):
            found.add(prefix + name)
        for inner in models(info.annotation):
            found |= model_text_fields(inner, prefix + name + ".")
    return found


def spec_fields(spec, prefix: str = "") -> set[str]:
    from explainer.translations import TEXT, ById, InOrder

    if spec == TEXT:
        return {prefix.rstrip(".")}
    if isinstance(spec, ById):
        return spec_fields(spec.fields, prefix)
    if isinstance(spec, InOrder):
        return spec_fields(spec.item, prefix)
    return {name for key, inner in spec.items() for name in spec_fields(inner, prefix + key + ".")}


def test_every_text_field_of_the_model_is_translatable_or_kept_for_a_reason():
    """A text field added to the model must be added to translations.SPEC, or to KEPT_AS_WRITTEN with its reason."""
    from explainer import model
    from explainer.translations import KEPT_AS_WRITTEN, SPEC

    translatable = spec_fields(SPEC)
    assert not translatable & set(KEPT_AS_WRITTEN)
    assert model_text_fields(model.Explainer) == translatable | set(KEPT_AS_WRITTEN)


def test_the_selector_marks_the_language_being_read(built):
    """Screen readers hear which language is the current one: aria-current on that site's own link only."""
    for site, language in ((built.site, "en"), (built.site / "fr", "fr")):
        links = [attrs for tag, attrs in start_tags((site / "countries" / "aa.html").read_text(encoding="utf-8"))
                 if tag == "a" and "md-select__link" in attrs.get("class", "")]
        assert [a["hreflang"] for a in links if a.get("aria-current") == "page"] == [language]


def test_serve_rebuilds_when_the_translation_is_saved(tmp_path):
    """`serve` watches events.fr.yaml too: a save there reaches the French page."""
    from test_serve import fetch, free_port, read_lines, wait_for

    project = translated_project(tmp_path)
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)], cwd=project,
                              env={**os.environ, "EXPLAINER_TODAY": "2026-03-01"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    lines: list[str] = []
    reader = read_lines(server.stdout, lines)
    try:
        assert "Alphalande" in wait_for(lambda: fetch(url + "fr/countries/aa.html"))
        build = fetch(url + "__explainer_build")
        french = project / "events.fr.yaml"
        french.write_text(french.read_text(encoding="utf-8").replace("Alphalande}", "Alphalandie}"), encoding="utf-8")
        wait_for(lambda: fetch(url + "__explainer_build") != build)
        assert "Alphalandie" in fetch(url + "fr/countries/aa.html")
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=30)


GOLDEN = ROOT / "tests" / "golden" / "translated-fr"


def french_outputs() -> dict[str, str]:
    """The French site's pages (Markdown) and explainer.json, as the renderer makes them for the translated fixture."""
    from explainer.pipeline import check_file
    from explainer.render import render_site

    pages, files = render_site(check_file(TRANSLATED / "events.yaml").translations[0], "events.yaml", None)
    return {page.path: page.markdown for page in pages} | {"data/explainer.json": files["explainer.json"].decode("utf-8")}


def test_the_french_pages_match_their_golden_files():
    """Byte for byte; refresh after an intended change with UPDATE_GOLDEN=1 and read the diff."""
    outputs = french_outputs()
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in outputs.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    assert sorted(outputs) == sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert {path: (GOLDEN / path).read_text(encoding="utf-8") for path in outputs} == outputs


def test_a_published_translation_names_its_own_addresses(cli, tmp_path):
    """With the site's address known, the French pages' canonical link, sitemap, JSON-LD and citations point under /fr/."""
    project = translated_project(tmp_path)
    events = project / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "  as_of: 2026-03-01\n", '  as_of: 2026-03-01\n  site_url: "https://example.org/accord/"\n'), encoding="utf-8")
    assert cli("build", "--no-pdf", cwd=project).code == 0
    french = html.unescape((project / "site" / "fr" / "countries" / "bb.html").read_text(encoding="utf-8"))
    assert '<link rel="canonical" href="https://example.org/accord/fr/countries/bb.html">' in french
    assert '"url":"https://example.org/accord/fr/countries/bb.html"' in french  # JSON-LD
    assert "https://example.org/accord/countries/" not in french
    assert "<loc>https://example.org/accord/fr/countries/bb.html</loc>" in (project / "site" / "fr" / "sitemap.xml").read_text()
    english = html.unescape((project / "site" / "countries" / "bb.html").read_text(encoding="utf-8"))
    assert '<link rel="canonical" href="https://example.org/accord/countries/bb.html">' in english
    assert "https://example.org/accord/fr/" not in english
    run = cli("build", "--no-pdf", "--site-url", "https://example.net/", cwd=project)  # what a publishing workflow passes
    assert run.code == 0, run.err
    assert '<link rel="canonical" href="https://example.net/fr/countries/bb.html">' in \
        (project / "site" / "fr" / "countries" / "bb.html").read_text(encoding="utf-8")
