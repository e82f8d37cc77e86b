"""The browser's wall: a Content-Security-Policy on every built page, and an audit of its HTML that fails the build.

The policy lets a page run only the site's own script files and, by hash, the theme's own inline scripts, so a
handler or script that reaches a page anyway does not run. The audit reads each page once with a real HTML parser
and names what must never be there: event handler attributes, script URLs, loads from other hosts, duplicate ids,
JSON-LD that does not parse, and inline scripts that are not the theme's.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import posixpath
from urllib.parse import urlsplit
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SCRIPT_SCHEMES = frozenset({"javascript", "data", "vbscript"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data",
                            "background", "cite", "ping"})
# What the browser fetches as the page opens (an <a href> is followed only when a reader chooses to).
LOADED_BY_TAG = {
    "img": {"src", "srcset"}, "script": {"src", "href", "xlink:href"}, "iframe": {"src"}, "frame": {"src"},
    "source": {"src", "srcset"}, "video": {"src", "poster"}, "audio": {"src"}, "track": {"src"},
    "object": {"data"}, "embed": {"src"}, "input": {"src"}, "image": {"href", "xlink:href"},
    "use": {"href", "xlink:href"}, "feimage": {"href", "xlink:href"}, "a": {"ping"}, "area": {"ping"},
}
LOADING_LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                               "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch"})
# The <script> types a browser runs (HTML's JavaScript MIME type essences, and modules); any other type is data.
JAVASCRIPT_TYPE = re.compile(r"|module|(?:text|application)/(?:x-)?(?:java|ecma)script|text/javascript1\.[0-5]|text/(?:jscript|livescript)")
JSON_TYPES = frozenset({"application/ld+json", "application/json"})
# A value Jinja put into one of the theme's inline scripts: it cannot leave its string literal.
TEMPLATE_VALUE = r"[^\"'`<>\\\n]*"
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)", re.S)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|(['\"])(.*?)\3", re.I | re.S)
HEAD = re.compile(r"<head(?:\s[^>]*)?>(?:\s*<meta\s+charset=[^>]*>)?", re.I)
# Material's drawer and search checkboxes carry autocomplete="off", which HTML allows only on text-like inputs.
TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
                                 r'id="__(?:drawer|search)") autocomplete="off">')


@dataclass(frozen=True)
class Problem:
    """One unsafe thing in a built page, where it is and what to do instead."""

    page: str
    line: int
    column: int
    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}:{self.column}: {self.element}: {self.message}"


@dataclass
class PageReport:
    """What the audit of one page found: its problems, its inline scripts and what it tells the browser to run."""

    problems: list[Problem] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    script_sources: list[str] = field(default_factory=list)
    theme_config: dict = field(default_factory=dict)


def browser_url(value: str) -> str:
    """The URL as a browser reads it: C0 controls and spaces trimmed, tabs and newlines dropped, \\ read as /."""
    value = value.strip("".join(map(chr, range(0x21))))
    return re.sub(r"[\t\n\r]", "", value).replace("\\", "/")


def url_scheme(value: str) -> str | None:
    """The lower-case scheme a browser would read from an attribute's (already decoded) value, if any."""
    match = SCHEME.match(browser_url(value))
    return match.group(1).lower() if match else None


def leaves_the_site(value: str) -> bool:
    """Whether a URL names anything but a file of the site itself (relative to the page)."""
    return url_scheme(value) is not None or browser_url(value).startswith("//")


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(inline_scripts: list[str]) -> str:
    """The page's policy: its own files, the given inline scripts by hash, nothing from anywhere else."""
    hashes = list(dict.fromkeys(script_hash(text) for text in inline_scripts))
    # Material and our chart set style attributes ('unsafe-inline' for styles); what CSS loads is still held to
    # img-src and font-src, and the theme's icons are data: SVGs in its stylesheet.
    return "; ".join(["default-src 'self'", " ".join(["script-src 'self'", *hashes]), "style-src 'self' 'unsafe-inline'",
                      "img-src 'self' data:", "font-src 'self' data:", "object-src 'none'", "base-uri 'none'", "form-action 'none'"])


def with_policy(page_html: str, inline_scripts: list[str]) -> str | None:
    """The page with its policy as the first element of <head> after the charset; None without a <head>."""
    head = HEAD.search(page_html)
    if head is None:
        return None
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(inline_scripts)}">'
    return page_html[:head.end()] + meta + page_html[head.end():]


def without_toggle_autocomplete(page_html: str) -> str:
    """Drop autocomplete="off" from Material's two toggle checkboxes (docs/assets/explainer.js closes them instead)."""
    return TOGGLE_AUTOCOMPLETE.sub(r"\1>", page_html)


@functools.lru_cache(maxsize=8)
def theme_scripts(template_dirs: tuple[str, ...]) -> re.Pattern:
    """A pattern matching exactly the inline scripts the theme's templates can write, whatever values they hold."""
    patterns = []
    for folder in template_dirs:
        for template in sorted(Path(folder).rglob("*.html")):
            for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S):
                if "{%" not in body and "{#" not in body:  # a script shaped by Jinja logic cannot be pinned down
                    parts = re.split(r"\{\{.*?\}\}", body, flags=re.S)
                    patterns.append(TEMPLATE_VALUE.join(map(re.escape, parts)))
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns) or r"(?!)", re.S)


class _PageAudit(HTMLParser):
    """Reads one page once, noting every problem and every script."""

    def __init__(self, page: str, allowed_scripts: re.Pattern):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.allowed_scripts = allowed_scripts
        self.report = PageReport()
        self.ids: dict[str, tuple[int, int]] = {}
        self.raw_text: tuple[str, dict[str, str], tuple[int, int], list[str]] | None = None  # inside <script>/<style>

    def problem(self, element: str, message: str, where: tuple[int, int] | None = None) -> None:
        line, column = where or self.getpos()
        self.report.problems.append(Problem(self.page, line, column + 1, element, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}  # a repeated attribute: the browser reads the first, every one is checked
        for name, value in attrs:
            values.setdefault(name, value or "")
            self.check_attribute(tag, name, value or "")
        if tag == "base":
            self.problem("<base>", "a <base> element changes where every relative link goes; leave it out")
        rels = " ".join(value or "" for name, value in attrs if name == "rel").lower().split()
        if tag == "link" and LOADING_LINK_RELS.intersection(rels):
            for name, value in attrs:
                if name == "href":
                    self.check_load(tag, "href", value or "")
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            self.problem("<meta http-equiv=refresh>", "an automatic reload or redirect; link the page instead")
        if tag in ("script", "style"):
            self.raw_text = (tag, values, self.getpos(), [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("script", "style"):  # HTML ignores the slash on <script/>: its text follows
            self.raw_text = None

    def handle_data(self, data: str) -> None:
        if self.raw_text is not None:
            self.raw_text[3].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self.raw_text is not None and tag == self.raw_text[0]:
            kind, values, where, chunks = self.raw_text
            self.raw_text = None
            # Browsers read "\r\n" and "\r" as "\n" before hashing a script's text.
            text = "".join(chunks).replace("\r\n", "\n").replace("\r", "\n")
            if kind == "script":
                self.finish_script(values, text, where)
            else:
                self.check_css("<style>", text, where)

    def check_attribute(self, tag: str, name: str, value: str) -> None:
        """Check one attribute: handlers, script URLs, inline CSS, loads and ids."""
        if name.startswith("on"):
            self.problem(f"<{tag} {name}>", "an inline event handler; behaviour belongs in the site's script files")
        elif name == "srcdoc":
            self.problem(f"<{tag} srcdoc>", "a document written into an attribute; link a page of the site instead")
        elif name in URL_ATTRIBUTES:
            for url in _attribute_urls(name, value):
                scheme = url_scheme(url)
                if scheme in SCRIPT_SCHEMES:
                    self.problem(f"<{tag} {name}>", f"a {scheme}: URL; use an http(s) address or a page of the site")
                elif name in LOADED_BY_TAG.get(tag, ()):
                    self.check_load(tag, name, url)
        elif name == "style":
            self.check_css(f"<{tag} style>", value)
        if name == "id":
            if value in self.ids:
                line, column = self.ids[value]
                self.problem(f'<{tag} id="{value}">', f"a duplicate id (first at line {line}, column {column + 1}); "
                             "every id on a page must be unique")
            else:
                self.ids[value] = self.getpos()

    def check_load(self, tag: str, name: str, url: str) -> None:
        """A URL the browser fetches on opening the page must be a file of the site."""
        if url_scheme(url) in SCRIPT_SCHEMES:
            return  # already reported as a script URL
        if leaves_the_site(url):
            self.problem(f"<{tag} {name}>", f"loads {browser_url(url)[:80]!r} from outside the site; "
                         "copy the file into the site and link it by a relative path")

    def check_css(self, element: str, css: str, where: tuple[int, int] | None = None) -> None:
        """Inline CSS may load only the site's own files (url(), @import, image-set())."""
        css = CSS_ESCAPE.sub(_css_unescape, CSS_COMMENT.sub("", css))
        for match in CSS_URL.finditer(css):
            is_url = match.group(2) is not None
            url = match.group(2) if is_url else match.group(4)
            if (is_url and leaves_the_site(url)) or (not is_url and _names_a_host(url)):
                self.problem(element, f"CSS loads {browser_url(url)[:80]!r} from outside the site; "
                             "use a file of the site", where)

    def finish_script(self, values: dict[str, str], text: str, where: tuple[int, int]) -> None:
        """Check a <script>: its JSON must parse; inline code must be one of the theme's own scripts."""
        kind = values.get("type", "").strip().lower()
        element = f'<script type="{kind}">' if kind else "<script>"
        if "<!--" in text:
            self.problem(element, "script text holding '<!--', which makes a browser read past its end; "
                         "escape '<' as \\u003c", where)
        if kind in JSON_TYPES:
            try:
                data = json.loads(text)
            except ValueError as error:
                self.problem(element, f"JSON that does not parse ({error}); write it with json.dumps", where)
                return
            if values.get("id") == "__config" and isinstance(data, dict):
                self.report.theme_config = data
        elif JAVASCRIPT_TYPE.fullmatch(kind):
            if "src" in values:
                self.report.script_sources.append(values["src"])
            elif self.allowed_scripts.fullmatch(text):
                self.report.inline_scripts.append(text)
            else:
                self.problem(element, f"an inline script that is not one of the theme's ({text[:60]!r}); "
                             "put code in a script file of the site", where)


def _attribute_urls(name: str, value: str) -> list[str]:
    """The URLs an attribute holds: one, or a srcset's candidates, or ping's list."""
    if name == "srcset":  # commas split candidates; splitting inside a data: URL only finds more to check
        return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
    if name == "ping":
        return value.split()
    return [value]


def _css_unescape(match: re.Match) -> str:
    """One CSS escape as the CSS tokenizer reads it."""
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(2)


def _names_a_host(text: str) -> bool:
    """Whether a CSS string is an absolute or host-relative address (a plain string such as 'Note:' is not)."""
    url = browser_url(text)
    return url.startswith("//") or url_scheme(url) in ("http", "https", "ftp", "file", "ws", "wss")


def audit(page_html: str, page: str, allowed_scripts: re.Pattern) -> PageReport:
    """Read one built page and report what is unsafe in it, and the inline scripts it runs."""
    reader = _PageAudit(page, allowed_scripts)
    reader.feed(page_html)
    reader.close()
    return reader.report


def iframe_worker_bootstrap(shim_source: str, worker_url: str) -> str | None:
    """The inline script the iframe-worker shim writes into its frame for this worker, or None if not found.

    From file:// the shim runs Material's search worker in a hidden same-origin frame, which inherits the page's
    policy; its bootstrap script is the shim's template with two of its functions' source and the worker's URL.
    """
    template = re.search(r"<script>(.*?)<\\/script>", shim_source, re.S)
    if template is None:
        return None
    pieces = []
    for piece in re.split(r"(\$\{[^}]*\})", template.group(1)):
        name = piece[2:-1] if piece.startswith("${") else None
        if name is None:
            pieces.append(piece)
        elif (function := _function_source(shim_source, name)) is not None:
            pieces.append(function)
        else:
            pieces.append(worker_url)  # the template's only other value: the worker script's address
    return "".join(pieces)


def _function_source(source: str, name: str) -> str | None:
    """The text of `function NAME(...){...}` in a script, as Function.prototype.toString gives it."""
    start = source.find(f"function {name}(")
    if start < 0:
        return None
    depth, quote, index = 0, "", source.index("{", start)
    while index < len(source):
        char = source[index]
        if quote:
            quote = "" if char == quote and source[index - 1] != "\\" else quote
        elif char in "\"'`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return source[start:index + 1]
        index += 1
    return None


class Guard:
    """What the plugin does to each page: audit it, give it its policy, and keep every problem found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.guarded: set[Path] = set()

    def guard(self, output: str, name: str, config) -> str:
        """Audit one page and return it with its policy."""
        self.guarded.add((Path(config.site_dir) / name).resolve())
        output = without_toggle_autocomplete(output)
        report = audit(output, name, theme_scripts(tuple(config.theme.dirs)))
        self.problems += report.problems
        scripts = report.inline_scripts + self.shim_scripts(report, name, config)
        guarded = with_policy(output, scripts)
        if guarded is None:
            self.problems.append(Problem(name, 1, 1, "<head>", "no <head> to hold the Content-Security-Policy"))
            return output
        return guarded

    def guard_file(self, html_file: Path, name: str, config) -> None:
        """Audit and guard an HTML file MkDocs copied from docs/ as it was."""
        try:
            if html_file.is_symlink() or not html_file.is_file():
                raise ValueError("not a regular file")
            html_file.write_text(self.guard(html_file.read_text(encoding="utf-8"), name, config), encoding="utf-8")
        except (ValueError, OSError) as error:  # UnicodeDecodeError is a ValueError
            self.problems.append(Problem(name, 1, 1, "file", f"cannot be checked ({error}); save it as a UTF-8 text file"))

    def guard_the_rest(self, config) -> None:
        """Guard the HTML files no page event saw (copied as they are from docs/)."""
        site = Path(config.site_dir)
        for html_file in sorted(site.rglob("*.html")):
            if html_file.resolve() not in self.guarded:
                self.guard_file(html_file, html_file.relative_to(site).as_posix(), config)

    def shim_scripts(self, report: PageReport, name: str, config) -> list[str]:
        """The bootstrap scripts of the iframe-worker shims this page loads (search from file://)."""
        worker = report.theme_config.get("search")
        scripts = []
        for src in report.script_sources:
            if "iframe-worker" not in src or not isinstance(worker, str) or leaves_the_site(src):
                continue
            # An absolute path (404.html with site_url set: "/base/assets/...") is relative to the site's own path.
            base = urlsplit(config.site_url or "/").path or "/"
            if src.startswith("/"):
                path = src.removeprefix(base) if src.startswith(base) else src.lstrip("/")
            else:
                path = posixpath.join(posixpath.dirname(name), src)
            shim = Path(config.site_dir) / posixpath.normpath(path)
            source = shim.read_text(encoding="utf-8") if shim.is_file() else ""
            bootstrap = iframe_worker_bootstrap(source, worker)
            if bootstrap is None:
                self.problems.append(Problem(name, 1, 1, f'<script src="{src}">', "the iframe-worker shim's frame "
                                             "script was not found, so search from file:// would be blocked; "
                                             "vendor the shim explainer.wall knows"))
            else:
                scripts.append(bootstrap)
        return scripts


def _build_plugin_class():
    """The MkDocs plugin, made on first use so that importing this module does not import MkDocs."""
    from mkdocs.exceptions import PluginError
    from mkdocs.plugins import BasePlugin, event_priority

    class BrowserWall(BasePlugin):
        """Audits every HTML file of the build and gives it its Content-Security-Policy."""

        def __init__(self) -> None:
            self.wall = Guard()

        @event_priority(-100)  # last: after every plugin that edits a page
        def on_post_page(self, output, page, config):
            return self.wall.guard(output, page.file.dest_uri, config)

        @event_priority(-100)
        def on_post_template(self, output, template_name, config):
            return self.wall.guard(output, template_name, config) if template_name.endswith(".html") else output

        @event_priority(-100)
        def on_post_build(self, config):
            self.wall.guard_the_rest(config)
            if self.wall.problems:
                lines = "\n".join(map(str, self.wall.problems))
                raise PluginError(f"{len(self.wall.problems)} unsafe things in the built pages:\n{lines}")

    return BrowserWall


def install(config) -> None:
    """Add the wall to an MkDocs configuration loaded in code: every page of its build is audited and guarded."""
    config.plugins["explainer-browser-wall"] = _build_plugin_class()()
