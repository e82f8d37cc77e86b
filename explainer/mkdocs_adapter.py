"""The one place that calls MkDocs: load the author's config with our overrides, add the generated files, build."""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import jinja2

from . import discovery, wall
from .render import i18n
from .render.i18n import N_
from .errors import BuildError

NAV_SECTION_LIMIT = 20
"""A section with more pages than this lists only its index in the nav: every page embeds the whole nav."""


def navigation(pages: list[tuple[str, str]], author_pages: list[str]) -> list:
    """MkDocs nav from (path, title) pairs in reading order, sections grouped, then the author's own pages."""
    pages = [(path, html.escape(title)) for path, title in pages]  # MkDocs prints nav titles as HTML
    per_folder: dict[str, int] = {}
    for path, _ in pages:
        if "/" in path:
            per_folder[path.split("/")[0]] = per_folder.get(path.split("/")[0], 0) + 1
    nav: list = []
    sections: dict[str, list] = {}
    for path, title in pages:
        folder = path.split("/")[0] if "/" in path else None
        if folder is None:
            nav.append({title: path})
            continue
        if folder not in sections:
            sections[folder] = []
            nav.append({title: sections[folder]})
        if path.endswith("index.md"):
            sections[folder].append(path)
        elif per_folder[folder] <= NAV_SECTION_LIMIT:
            sections[folder].append({title: path})
    nav.extend(author_pages)
    return nav


THEME_OVERRIDES = Path(__file__).with_name("theme")
"""Our copy of Material's language selector, whose links lead to the same page in each language."""


@dataclass(frozen=True)
class SiteLanguage:
    """One site's language, and the other languages' sites for Material's selector (extra.alternate)."""

    language: str
    alternate: list[dict] = field(default_factory=list)


def languages_of(sites: list[tuple[str, str]]) -> dict[str, SiteLanguage]:
    """For (folder, language) pairs, the original's folder "" first: each folder's language and links to the others."""
    from babel import Locale

    def name(language: str) -> str:
        return Locale.parse(language.replace("-", "_")).get_display_name().capitalize()  # in its own language

    def link(to: str, start: str) -> str:
        """The other site's index.html, relative to this site's root ("index.html" for this site itself)."""
        return "index.html" if to == start else ("../" if start else "") + (to + "/" if to else "") + "index.html"

    found = {}
    for folder, language in sites:
        links = [{"name": name(lang), "lang": lang, "link": link(other, folder)} for other, lang in sites]
        found[folder] = SiteLanguage(language, links if len(sites) > 1 else [])
    return found


def _link_languages(config, site: SiteLanguage) -> None:
    """With translations, the language selector whose links lead to the same page in each language."""
    if site.alternate:
        config.extra["alternate"] = site.alternate
        config.theme.dirs.insert(0, str(THEME_OVERRIDES))


class _CollectWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[_CollectWarnings]:
    """Collect MkDocs' warnings instead of printing them: our summary reports them."""
    logger = logging.getLogger("mkdocs")
    handler = _CollectWarnings()
    logger.addHandler(handler)
    previous, logger.propagate = logger.propagate, False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
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


class _CompiledInMemory(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process (Jinja checks each against its text)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_THEME_TEMPLATES = _CompiledInMemory()


def _reuse_compiled_theme(config) -> None:
    """Compile the theme's 40 templates once per process, so serve's rebuilds skip it (about a sixth of MkDocs' time)."""
    make_env = config.theme.get_env

    def get_env():
        env = make_env()
        env.bytecode_cache = _THEME_TEMPLATES
        return env

    config.theme.get_env = get_env


def _add_generated_files(config, generated: dict[str, str | bytes]) -> None:
    """Hand MkDocs the generated pages and downloads from memory, before any plugin looks at the files."""
    from mkdocs.plugins import BasePlugin, event_priority
    from mkdocs.structure.files import File

    class GeneratedFiles(BasePlugin):
        @event_priority(100)  # first: search and the rest then see these files like any other
        def on_files(self, files, config):
            for path, content in generated.items():
                files.append(File.generated(config, path, content=content))
            return files

    config.plugins["explainer-generated-files"] = GeneratedFiles()


_HTML_LANG = re.compile(r'<html lang="[^"]*"')
PALETTE_TOGGLES = (N_("Switch to dark mode"), N_("Switch to light mode"))
"""The names mkdocs.yml gives the theme's light and dark toggle: translated when the author kept them."""


def theme_language(tag: str) -> str:
    """Material's language for a BCP 47 tag: its own (fr, pt-BR, zh-Hant), else the base language's, else English."""
    import material

    languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    for name in (tag, tag.split("-")[0]):
        if (languages / f"{name}.html").is_file():
            return name
    return "en"


def _follow_language(config, tag: str) -> None:
    """The theme's words (search, navigation, buttons) in the explainer's language, and <html lang> its exact tag."""
    from mkdocs.plugins import BasePlugin

    if config.theme.name == "material":
        config.theme["language"] = theme_language(tag)
    with i18n.language(tag):  # the titles Markdown's extensions give the links they add
        words = {"toc": {"permalink_title": i18n._("Permanent link")},
                 # Python-Markdown fills in the footnote's number for %d.
                 "footnotes": {"BACKLINK_TITLE": i18n._("Jump back to footnote %d in the text")}}
        for scheme in config.theme.get("palette") or []:  # the toggles' names, where they are the ones we ship
            toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
            shipped = toggle.get("name") if isinstance(toggle, dict) else None
            if shipped in PALETTE_TOGGLES:
                toggle["name"] = i18n._(shipped)
    for extension, settings in words.items():
        if extension in config.markdown_extensions:
            config.mdx_configs.setdefault(extension, {}).update(settings)

    class HtmlLanguage(BasePlugin):
        def on_post_page(self, output, page, config):
            # Material writes its own name for the language (pt for pt-BR, en for one it lacks): readers' tools need ours.
            return _HTML_LANG.sub(f'<html lang="{html.escape(tag)}"', output, count=1)

        def on_post_template(self, output_content, template_name, config):
            return self.on_post_page(output_content, None, config)  # 404.html

    config.plugins["explainer-html-language"] = HtmlLanguage()


def _search_without_note_numbers(config) -> None:
    """Keep footnote numbers and the notes under each page out of the search index (issue 14): otherwise a
    result reads "foreign ministry.6042", and every page matches every publisher it cites."""
    from mkdocs.plugins import BasePlugin

    class SearchText(BasePlugin):
        def on_page_content(self, html, page, config, files):
            # Material's search skips an element marked data-search-exclude; the page itself is unchanged.
            return html.replace('<sup id="fnref', '<sup data-search-exclude id="fnref').replace(
                '<div class="footnote">', '<div class="footnote" data-search-exclude>')

    config.plugins["explainer-search-text"] = SearchText()


def run_mkdocs(config_file: Path, overrides: dict, generated: dict[str, str | bytes], nav: list,
               strict: bool, epoch: int, language: SiteLanguage = SiteLanguage("en")) -> list[str]:
    """Build with MkDocs in this process; return its warnings, or raise BuildError.

    `nav` is used when the author's config has none; `epoch` pins the dates MkDocs stamps (sitemap),
    so the same input builds the same bytes; `language` sets the theme's language, <html lang> and the language selector.
    """
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _mkdocs_log() as log, _environment(SOURCE_DATE_EPOCH=str(epoch)):
        try:
            config = load_config(config_file=str(config_file), strict=strict, **overrides)
            if config.nav is None:
                config.nav = nav
            _add_generated_files(config, generated)
            _follow_language(config, language.language)
            _link_languages(config, language)
            _search_without_note_numbers(config)
            _reuse_compiled_theme(config)
            discovery.install(config)  # robots.txt, page descriptions, share tags (before the wall audits them)
            wall.install(config)  # every page audited and given its Content-Security-Policy
            with i18n.language(language.language):  # words our plugins write while MkDocs builds (404, feed link)
                build(config)
        except (exceptions.Abort, exceptions.ConfigurationError, exceptions.BuildError, exceptions.PluginError) as error:
            details = "\n".join(log.messages)
            raise BuildError(f"MkDocs failed: {error}" + (f"\n{details}" if details else "")) from None
    return log.messages


_PLACE = re.compile(r"line (\d+), column (\d+)")


def config_problems(config_file: Path) -> list[tuple[int, int, str]]:
    """What MkDocs refuses in the author's config, as (line, column, message); none when it loads."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    with _mkdocs_log() as log:
        try:
            load_config(config_file=str(config_file))
            return []
        except (exceptions.Abort, exceptions.ConfigurationError, exceptions.PluginError) as error:
            messages = log.messages or [str(error)]
    found = []
    for message in messages:
        message = " ".join(re.sub(r' in "[^"]*"', "", message).split())  # the file is named once, in front
        places = _PLACE.findall(message)
        line, column = (int(places[-1][0]), int(places[-1][1])) if places else (1, 1)  # YAML's last mark: where it gave up
        found.append((line, column, message))
    return found
