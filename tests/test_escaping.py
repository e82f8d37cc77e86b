"""The one escaping point: author text reaches a page only as plain text or as Markdown the model declares,
and neither can become HTML, an attribute or a script link once Python-Markdown (with the site's extensions) reads it."""

from __future__ import annotations


import markdown
import pytest
from hypothesis import given, settings, strategies as st

from explainer.render.context import TEMPLATES, anchor
from explainer.render.text import Md, inline, plain, safe, url
from support import start_tags

EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.tabbed"]
# What light Markdown may make: paragraphs, emphasis, links, lists, quotes, code, headings, rules, tables.
ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4",
                "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "div", "sup", "abbr"}
HOSTILE = [
    '<img src=x onerror="alert(1)">', "x{onclick='alert(1)'}", "`a`{onclick=alert(1)}", "[a](javascript:alert(1))",
    "[\nofficial notice]: javascript:alert(1)//", "![p](http://127.0.0.1:8797/p.png)", "--8<-- /etc/passwd",
    "!!! danger\n    boo", '<!--<script>', "*[HTML]: x", "[^1]: x", "# heading", "<script>alert(1)</script>",
    "[a](java\tscript:alert(1))", "-\r0", "1. a list?", "+ plus", "[a](data:text/html,<script>alert(1)</script>)", "x\n{: onclick=alert(1) }",
]


def html_of(text: str) -> list[tuple[str, dict]]:
    return start_tags(markdown.markdown(text, extensions=EXTENSIONS))


def assert_inert(elements: list[tuple[str, dict]]) -> None:
    for tag, attrs in elements:
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        for name in ("href", "src"):
            if name in attrs:
                value = "".join(attrs[name].split()).lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), attrs


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_author_text_is_only_text(text):
    """A name or a title shows as typed: no element at all but the paragraph around it."""
    assert [tag for tag, _ in html_of(plain(text))] == ["p"]


@pytest.mark.parametrize("text", HOSTILE)
def test_author_markdown_cannot_make_html_attributes_script_links_or_loads(text):
    assert_inert(html_of(safe(text)))
    assert_inert(html_of(inline(text)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_any_plain_text_stays_text(text):
    assert {tag for tag, _ in html_of(plain(text))} <= {"p"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>{}[]()!#*_`:=\"' \n\tajvscriptonerorclickimg.-/\\", max_size=60))
def test_any_markdown_field_stays_inert(text):
    assert_inert(html_of(safe(text)))


def test_a_template_escapes_a_plain_value_without_any_filter():
    """A new template line is safe without remembering a filter: {{ value }} goes through the one escaping point."""
    template = TEMPLATES.from_string("{{ title }} {{ trusted }} {{ parts | join(', ') }}")
    out = template.render(title="*x* <b>{a}</b> [l](u)", trusted=Md("**ok**"), parts=[Md("*m*"), "*p*"])
    assert out == r"\*x\* &lt;b&gt;&#123;a&#125;&lt;/b&gt; \[l\](u) **ok** *m*, \*p\*"


def test_joining_trusted_markdown_with_plain_text_escapes_the_plain_text():
    assert Md("**a**") + "<b>" == "**a**&lt;b&gt;"
    assert "_x_" + Md("!") == r"\_x\_!"
    assert isinstance(Md("a") + "b", Md)


def test_anchors_and_addresses_are_checked_where_they_are_written():
    assert anchor("computed-ee-effective") == "{#computed-ee-effective}"
    with pytest.raises(ValueError):
        anchor("x} onclick=alert(1) {")
    assert url("https://example.org/a_(b) c{d}") == "https://example.org/a_%28b%29%20c%7Bd%7D"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example/"):
        with pytest.raises(ValueError):
            url(bad)
