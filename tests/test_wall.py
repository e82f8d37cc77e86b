"""The build's HTML audit and Content-Security-Policy (explainer/wall.py), on hostile HTML and on real builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explainer import wall

from support import ROOT

MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates"
THEME = wall.theme_scripts((str(MATERIAL_TEMPLATES),))
PALETTE_SCRIPT = re.search(r"<script>(.*?)</script>", (MATERIAL_TEMPLATES / "partials/javascripts/palette.html").read_text()).group(1)


def problems(body: str) -> list[str]:
    """The audit's problems for a page with this body, as the build prints them."""
    return [str(problem) for problem in wall.audit(f"<!doctype html><html><head></head><body>\n{body}\n</body></html>",
                                                   "page.html", THEME).problems]


@pytest.mark.parametrize("body, expected", [
    ('<img src="x" onerror="alert(1)">', "page.html:2:1: <img onerror>: an inline event handler"),
    ("<svg><g ONLOAD='alert(1)'></g></svg>", "page.html:2:6: <g onload>: an inline event handler"),
    ('<a href="javascript:alert(1)">x</a>', "page.html:2:1: <a href>: a javascript: URL"),
    ('<a href="&#x20;java&#x09;script&colon;alert(1)">x</a>', "<a href>: a javascript: URL"),
    ('<a href="\x01JaVaScRiPt:alert(1)">x</a>', "<a href>: a javascript: URL"),
    ('<a href="java\nscript:alert(1)">x</a>', "<a href>: a javascript: URL"),
    ('<form action="vbscript:msgbox(1)"></form>', "<form action>: a vbscript: URL"),
    ('<button formaction="javascript:alert(1)">x</button>', "<button formaction>: a javascript: URL"),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "<a xlink:href>: a javascript: URL"),
    ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', "<img src>: a data: URL"),
    ('<img srcset="ok.png 1x, javascript:alert(1) 2x">', "<img srcset>: a javascript: URL"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe srcdoc>: a document written into an attribute"),
    ('<base href="https://evil.example/">', "<base>: a <base> element changes where every relative link goes"),
    ('<meta http-equiv="Refresh" content="0; url=https://evil.example/">', "<meta http-equiv=refresh>: an automatic"),
])
def test_script_in_attributes_is_found_and_named(body: str, expected: str):
    """Each way to run script from an attribute is reported with the page, the place and the element."""
    found = problems(body)
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize("body, element", [
    ('<img src="https://evil.example/p.png">', "<img src>"),
    ('<img src="http://127.0.0.1:8797/p.png">', "<img src>"),
    ('<script src="//evil.example/x.js"></script>', "<script src>"),
    ('<img src="/\\evil.example/p.png">', "<img src>"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link href>"),
    ('<link rel="shortcut icon" href="https://evil.example/x.ico">', "<link href>"),
    ('<link rel="stylesheet" href="https://evil.example/x.css" href="ok.css">', "<link href>"),
    ('<link rel="preload" as="image" href="https://evil.example/x.png">', "<link href>"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe src>"),
    ('<picture><source srcset="a.png 1x, https://evil.example/b.png 2x"></picture>', "<source srcset>"),
    ('<video poster="https://evil.example/p.png"></video>', "<video poster>"),
    ('<audio src="https://evil.example/a.mp3"></audio>', "<audio src>"),
    ('<object data="https://evil.example/x.swf"></object>', "<object data>"),
    ('<embed src="https://evil.example/x.swf">', "<embed src>"),
    ('<svg><image href="https://evil.example/p.png"/></svg>', "<image href>"),
    ('<a href="https://source.example/" ping="https://evil.example/track">x</a>', "<a ping>"),
    ('<p style="background: url(https://evil.example/p.png)">x</p>', "<p style>"),
    ("<p style=\"background: \\75 rl('//evil.example/p.png')\">x</p>", "<p style>"),
    ('<p style="background-image: image-set(\'https://evil.example/p.png\' 1x)">x</p>', "<p style>"),
    ('<style>@import/**/"https://evil.example/x.css";</style>', "<style>"),
])
def test_a_load_from_another_host_is_found_and_named(body: str, element: str):
    """Anything the browser fetches on opening the page must come from the site's own folder."""
    found = problems(body)
    assert len(found) == 1 and f": {element}: " in found[0] and "from outside the site" in found[0], found


def test_links_to_sources_and_the_sites_own_files_are_fine():
    """Plain links may lead anywhere; loads by a relative path, and CSS text that only looks like a scheme, are fine."""
    assert problems('<a href="https://source.example/report.pdf">report</a> <a href="mailto:a@b.example">mail</a>'
                    '<link rel="canonical" href="https://site.example/"><link rel="stylesheet" href="assets/x.css">'
                    '<img src="../assets/images/chart.png" srcset="a.png 1x, b.png 2x"><a href="#top">top</a>'
                    '<p style="fill: var(--md-primary-fg-color, #3f51b5)">x</p><style>p::before{content:"Note: "}</style>') == []


def test_duplicate_ids_and_broken_json_are_found_and_named():
    """Two elements with one id, JSON-LD that does not parse and a script that reads past its end are reported."""
    found = problems('<h2 id="c">C</h2>\n<p id="c">C++</p>\n'
                     '<script type="application/ld+json">{"name": "x",}</script>\n'
                     '<script type="application/ld+json">{"name": "<!--<script>"}</script>')
    assert found[0] == ('page.html:3:1: <p id="c">: a duplicate id (first at line 2, column 1); every id on a page must be unique')
    assert found[1].startswith('page.html:4:1: <script type="application/ld+json">: JSON that does not parse')
    assert found[2].startswith("page.html:5:1: <script type=\"application/ld+json\">: script text holding '<!--'")
    assert len(found) == 3


def test_only_the_themes_own_inline_scripts_pass():
    """An inline script is allowed only when it is one of the theme's templates' scripts, whatever values they hold."""
    scope = '__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),' \
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),' \
            '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
    report = wall.audit(f"<head></head><script>{PALETTE_SCRIPT}</script><script>{scope}</script>"
                        '<script type="module">alert(1)</script><script>window.pwned=1</script>'
                        '<script type="text/plain">not run</script>', "p.html", THEME)
    assert report.inline_scripts == [PALETTE_SCRIPT, scope]
    assert [p.element for p in report.problems] == ['<script type="module">', "<script>"]
    assert "not one of the theme's" in report.problems[0].message
    breakout = scope.replace('"../.."', '"x",alert(1),"')
    assert wall.audit(f"<script>{breakout}</script>", "p.html", THEME).problems


def test_the_policy_allows_exactly_the_given_scripts_and_nothing_else():
    """The policy: own files, hashes of the given scripts, no inline handlers or eval, no objects, no base, no forms."""
    policy = wall.content_security_policy(["a()", "b()", "a()"])
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["script-src"] == f"'self' {wall.script_hash('a()')} {wall.script_hash('b()')}"
    assert wall.script_hash("a()") == "'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"  # openssl dgst -sha256 -binary | base64
    assert "unsafe" not in directives["script-src"] and directives["default-src"] == "'self'"
    assert (directives["object-src"], directives["base-uri"], directives["form-action"]) == ("'none'",) * 3
    guarded = wall.with_policy('<html><head>\n<meta charset="utf-8"><title>t</title></head></html>', ["a()"])
    assert guarded.startswith('<html><head>\n<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="')
    assert wall.with_policy("<p>no head</p>", []) is None


def test_the_iframe_worker_bootstrap_is_the_shims_template_filled_in():
    """Search from file:// runs in a frame whose one inline script the policy must allow by its exact text."""
    shim = (ROOT / "docs/assets/vendor/iframe-worker-shim.js").read_text(encoding="utf-8")
    script = wall.iframe_worker_bootstrap(shim, "../assets/javascripts/workers/search.js")
    assert script.startswith('postMessage=function c(s,n){parent.postMessage(s,n||"*")};importScripts=function d(...s){')
    assert script.endswith('{filename:"../assets/javascripts/workers/search.js",error}))})')
    assert wall.iframe_worker_bootstrap("var x = 1;", "w.js") is None


def built_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_a_clean_build_passes_and_every_page_lists_exactly_its_inline_scripts(cli, project: Path):
    """Material's output for the small fixture passes the audit; each page's policy hashes exactly its inline scripts."""
    (project / "docs" / "plain.html").write_text("<!doctype html><html><head><title>t</title></head><body>hi</body></html>")
    run = cli("build", "--no-pdf", cwd=project)
    assert run.code == 0, run.err
    shim = (project / "site/assets/vendor/iframe-worker-shim.js").read_text(encoding="utf-8")
    pages = built_pages(project / "site")
    assert {"index.html", "404.html", "countries/aa.html", "plain.html"} <= set(pages)
    for name, html in pages.items():
        [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert wall.audit(html, name, THEME).problems == [], name
        inline = re.findall(r"<script>(.*?)</script>", html, re.S)
        worker = re.search(r'"search": "([^"]*)"', html)
        if worker:
            inline.append(wall.iframe_worker_bootstrap(shim, worker.group(1)))
        assert set(re.findall(r"'sha256-[^']*'", policy)) == {wall.script_hash(s) for s in inline}, name
    index = pages["index.html"]
    assert 'id="__drawer">' in index and 'id="__search">' in index and 'autocomplete="off"' in index  # the search box keeps it


def test_a_page_with_unsafe_html_fails_the_build_naming_every_problem(cli, project: Path):
    """Raw HTML in an author's page that would run script or load from elsewhere stops the build; the old site stays."""
    assert cli("build", "--no-pdf", cwd=project).code == 0
    before = built_pages(project / "site")
    (project / "docs" / "evil.md").write_text('# Evil\n\n<img src="x" onerror="alert(1)">\n\n<script>alert(2)</script>\n\n'
                                             '<img src="https://evil.example/p.png" alt="p">\n', encoding="utf-8")
    run = cli("build", "--no-pdf", cwd=project)
    assert run.code == 1
    assert "evil.html:" in run.err and "<img onerror>: an inline event handler" in run.err
    assert "<script>: an inline script that is not one of the theme's ('alert(2)')" in run.err
    assert "<img src>: loads 'https://evil.example/p.png' from outside the site" in run.err
    assert "Traceback" not in run.err
    assert built_pages(project / "site") == before
