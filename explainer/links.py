"""Links and embeds in author text and addresses, checked the way a browser would meet them.

Links are found by rendering each Markdown text field with the real Markdown library and the site's
extensions, then reading every element and attribute of the HTML: no pattern can miss a reference
definition split over lines or an entity-encoded scheme. Every address passes urls.py; every host is
compared with the explainer's refused hosts.
"""

from __future__ import annotations

import re
import threading
import typing
from html.parser import HTMLParser
from typing import Any, Iterator
from urllib.parse import urlsplit

import markdown

from . import model, urls
from .errors import Path

# The site's extensions (mkdocs.yml) except pymdownx.snippets, which reads files: text never includes one.
EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.tabbed"]
# Only these can start a link, an image, raw HTML or an attribute list in Markdown; text without them is skipped.
MARKUP = re.compile(r"[\[<{]")
ADDRESS_ATTRIBUTES = {"href", "action", "formaction", "cite", "xlink:href", "ping", "longdesc", "usemap"}
# Attributes and elements that make a page load something (another host, a frame) or go somewhere when it opens,
# or change where its links lead. Other raw HTML (<b>, <script> with no address) is shown as text by the pages.
LOADING_ATTRIBUTES = {"src", "srcset", "srcdoc", "data", "poster", "background", "lowsrc", "dynsrc", "manifest", "codebase", "archive"}
REFUSED_ELEMENTS = {"img", "image", "picture", "source", "video", "audio", "track", "iframe", "frame", "frameset", "object",
                    "embed", "applet", "link", "meta", "base", "form", "portal"}
MAILTO = re.compile(r"mailto:[A-Za-z0-9.!#$%&*+/=?^_~-]+@[A-Za-z0-9.-]+(\?[A-Za-z0-9=&%._-]*)?", re.IGNORECASE)


class _Elements(HTMLParser):
    """Every start tag of an HTML fragment, with its attributes (entities decoded, as a browser reads them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


_local = threading.local()


def _to_html(text: str) -> str:
    """Text as the site's Markdown makes it HTML; one converter per thread (a converter keeps state while it works)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(extensions=EXTENSIONS)
    return converter.reset().convert(text)


def text_problems(text: str, refused_hosts: list[str]) -> list[str]:
    """Why the links, embeds and attributes in one Markdown text are refused; empty when none is."""
    if not MARKUP.search(text):
        return []
    problems: list[str] = []
    html = _to_html(text)
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attributes in parser.tags:
        scheme = urls.scheme_of(tag)
        if scheme is not None and scheme not in ("http", "https", "mailto"):
            # <javascript:...> is an autolink to some Markdown readers and an odd element to this one: refused either way.
            problems.append(_scheme_problem(f"<{scheme}:...>", scheme))
        elif tag == "img":
            problems.append("an image is not allowed in text: a page never loads files from elsewhere; link to it instead")
        elif tag in REFUSED_ELEMENTS:
            problems.append(f"the HTML element <{tag}> is not allowed in text (nothing in text may load or embed a file); "
                            "describe it in words or link to it")
        if scheme is not None or tag in REFUSED_ELEMENTS:
            continue  # one message per element: its attributes would only repeat it
        for name, value in attributes:
            problem = _attribute_problem(name, value or "", refused_hosts)
            if problem:
                problems.append(problem)
    return list(dict.fromkeys(problems))


def _attribute_problem(name: str, value: str, refused_hosts: list[str]) -> str | None:
    if name.startswith("on"):
        return f"the event attribute {name}=... is not allowed in text; write plain text"
    if name == "style":
        return "a style attribute is not allowed in text; write plain text"
    if name in LOADING_ATTRIBUTES:
        return f"the attribute {name}=... loads a file when the page opens, which text may not do; link to it instead"
    if name not in ADDRESS_ATTRIBUTES:
        return None
    if value.startswith("#") or MAILTO.fullmatch(value):
        return None
    scheme = urls.scheme_of(value)
    if scheme not in urls.SCHEMES:
        return _scheme_problem(value, scheme)
    try:
        address = urls.normalise_url(value)
    except ValueError as error:
        return f'the link "{_short(value)}" is not a valid address: {error}'
    return address_problem(address, refused_hosts)


def _scheme_problem(target: str, scheme: str | None) -> str:
    what = f"a {scheme}: address" if scheme else "not a full address"
    return f'the link "{_short(target)}" is {what}; text may link only to http:// or https:// addresses, #anchors and mailto:'


def address_problem(address: str, refused_hosts: list[str]) -> str | None:
    """Why a normalised address is refused by the explainer's refused hosts, if it is."""
    host = urlsplit(address).hostname or ""
    entry = urls.host_refused(host, refused_hosts)
    if entry is None:
        return None
    return f'"{host}" is a refused host (explainer.refused_hosts: {entry}); cite another source'


def _short(value: str) -> str:
    """A link for a one-line message: line breaks and tabs shown as escapes, long ones cut."""
    value = value.replace("\n", "\\n").replace("\t", "\\t")
    return value if len(value) <= 60 else value[:57] + "..."


# ---------------------------------------------------------------- walking the model


def link_findings(explainer: model.Explainer) -> Iterator[tuple[Path, str]]:
    """(path, message) for every refused link in a Markdown text field and every address on a refused host."""
    refused = explainer.explainer.refused_hosts
    for path, kind, value in _strings(explainer, ()):
        if kind is model.MARKDOWN:
            for message in text_problems(value, refused):
                yield path, message + "."
        elif refused:
            message = address_problem(value, refused)
            if message:
                yield path, message + "."


def _strings(node: Any, path: Path) -> Iterator[tuple[Path, object, str]]:
    """(path, marker, value) for every Markdown text and address in a model tree."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _strings(item, path + (index,))
        return
    if not isinstance(node, model.Strict):
        return
    for name, marker in _marked_fields(type(node)):
        value = getattr(node, name)
        if marker is None:
            yield from _strings(value, path + (name,))
        elif isinstance(value, str):
            yield path + (name,), marker, value
        elif isinstance(value, list):
            yield from ((path + (name, i), marker, item) for i, item in enumerate(value) if isinstance(item, str))


_FIELDS: dict[type, list[tuple[str, object]]] = {}


def _marked_fields(kind: type) -> list[tuple[str, object]]:
    """A model's fields that hold Markdown text or addresses (with their marker), or models (marker None)."""
    if kind not in _FIELDS:
        found = []
        for name, info in kind.model_fields.items():
            marker = _marker(info.annotation, info.metadata)
            if marker is not None or _holds_models(info.annotation):
                found.append((name, marker))
        _FIELDS[kind] = found
    return _FIELDS[kind]


def _marker(annotation: Any, metadata: list[Any]) -> object | None:
    for item in [*metadata, *_metadata(annotation)]:
        if item is model.MARKDOWN or item is model.ADDRESS:
            return item
    return None


def _metadata(annotation: Any) -> Iterator[Any]:
    """Every Annotated metadata item inside an annotation (through Optional and list)."""
    if typing.get_origin(annotation) is typing.Annotated:
        yield from annotation.__metadata__
    for argument in typing.get_args(annotation):
        yield from _metadata(argument)


def _holds_models(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, model.Strict):
        return True
    return any(_holds_models(argument) for argument in typing.get_args(annotation))
