"""The downloads and the schema read back by the programs people actually use, asserting on what those users see.

Outside CI (CI is not "true") a test skips when its program is missing; in CI a missing program fails the run
(scripts/test installs them all: pandoc, biber and BibTeX from Debian, bibtexparser 1.x beside the venv,
check-jsonschema and bibtexparser 2.x in it, ajv from npm).
"""

from __future__ import annotations

import html
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from support import need
from explainer import model
from explainer.errors import InputError
from explainer.pipeline import check_file
from explainer.render.downloads import bib_escape, downloads

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "tests" / "fixtures" / "small.yaml", ROOT / "events.yaml"]
BIBTEXPARSER_1 = Path(sys.prefix) / "bibtexparser1"
"""bibtexparser 1.x, installed with pip --target beside 2.x (one venv cannot hold both versions)."""
NEWS = {model.SourceKind.news, model.SourceKind.news_agency, model.SourceKind.state_media}
ORGANISATIONS = {model.SourceKind.depositary, model.SourceKind.government, model.SourceKind.parliament,
                 model.SourceKind.international_organisation, model.SourceKind.ngo, model.SourceKind.analysis}
"""Kinds whose publisher wrote in its own name: their entries carry it as a (corporate) author, as the CSL-JSON does."""




def run(args: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.name)
def written(request, tmp_path_factory):
    """The analysis of one events file and its downloads written to a folder, as a reader saves them."""
    analysis = check_file(request.param).analysis
    folder = tmp_path_factory.mktemp(request.param.stem)
    for name, data in downloads(analysis).items():
        (folder / name).write_bytes(data)
    return analysis, folder


# ---------------------------------------------------------------- BibTeX


def test_bibtexparser_2_reads_every_entry_with_authors_and_addresses(written):
    bibtexparser = pytest.importorskip("bibtexparser", minversion="2")
    analysis, folder = written
    library = bibtexparser.parse_file(str(folder / "sources.bib"))
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert list(entries) == [s.id for s in analysis.explainer.sources]
    for source in analysis.explainer.sources:
        entry = entries[source.id]
        assert entry.entry_type == "misc"
        assert entry["howpublished"]
        assert ("author" in entry.fields_dict) == (source.kind in ORGANISATIONS)
        if source.kind in ORGANISATIONS:
            assert entry["author"] == "{" + source.publisher + "}" or "\\" in entry["author"]
        if source.url or source.read_at:
            assert entry["url"] == (source.url or source.read_at).replace("{", "%7B").replace("}", "%7D")
        if source.published:
            assert entry["year"] == str(source.published.year)


def test_bibtexparser_1_default_parser_keeps_every_entry(written):
    need((BIBTEXPARSER_1 / "bibtexparser").is_dir(), f"bibtexparser 1.x in {BIBTEXPARSER_1}")
    analysis, folder = written
    script = ("import bibtexparser, json, sys; db = bibtexparser.load(open(sys.argv[1], encoding='utf-8'));"
              "print(json.dumps([bibtexparser.__version__, [[e['ID'], e['ENTRYTYPE'], e.get('howpublished')] for e in db.entries]]))")
    result = run([sys.executable, "-c", script, folder / "sources.bib"], folder, env={**os.environ, "PYTHONPATH": str(BIBTEXPARSER_1)})
    assert result.returncode == 0, result.stderr
    version, entries = json.loads(result.stdout)
    assert version.startswith("1.")
    assert [e[0] for e in entries] == [s.id for s in analysis.explainer.sources]
    assert all(kind == "misc" and published for _, kind, published in entries)


def test_pandoc_citeproc_lists_every_source_with_the_outlet_once_and_no_warning(written):
    need(shutil.which("pandoc") is not None, "pandoc (apt-get install pandoc)")
    analysis, folder = written
    (folder / "all.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    result = run(["pandoc", "--citeproc", "--bibliography=sources.bib", "-t", "html", "all.md"], folder)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    shown = {key: html.unescape(re.sub(r"<[^>]+>|\s+", " ", body))
             for key, body in re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', result.stdout, re.S)}
    assert sorted(shown) == sorted(s.id for s in analysis.explainer.sources)
    for source in analysis.explainer.sources:
        text = " ".join(shown[source.id].replace("’", "'").split())  # pandoc typesets ' as a curly apostrophe
        # Chicago (pandoc's default style) writes a repeated title-as-author as a 3-em dash.
        assert " ".join(source.title.split()) in text or text.startswith("———"), text
        if source.kind in NEWS:
            rest = re.sub(r"https?://\S+", "", text.replace(" ".join(source.title.split()), ""))
            assert rest.count(source.publisher) == 1, text  # the outlet once, outside the title and address


def test_biber_validates_the_data_model_without_a_warning(written):
    need(shutil.which("biber") is not None, "biber (apt-get install biber)")
    analysis, folder = written
    result = run(["biber", "--tool", "--validate-datamodel", "--output-file", "checked.bib", "sources.bib"], folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.findall(r"^(?:WARN|ERROR) .*", result.stdout, re.M) == []
    assert (folder / "checked.bib").read_text(encoding="utf-8").count("@") >= len(analysis.explainer.sources)


def test_classic_bibtex_formats_every_entry_without_a_warning(written):
    need(shutil.which("bibtex") is not None, "bibtex (apt-get install texlive-binaries texlive-base)")
    analysis, folder = written
    (folder / "cite.aux").write_text("\\citation{*}\n\\bibdata{sources}\n\\bibstyle{plain}\n", encoding="utf-8")
    result = run(["bibtex", "cite"], folder)
    log = (folder / "cite.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0 and "Warning--" not in log and "error message" not in log, log
    formatted = (folder / "cite.bbl").read_text(encoding="utf-8")
    assert formatted.count("\\bibitem{") == len(analysis.explainer.sources)
    for source in analysis.explainer.sources:
        entry = " ".join(formatted.split("\\bibitem{" + source.id + "}")[1].split("\n\n")[0].split())
        assert bib_escape(source.publisher) in entry, entry  # the publisher is shown, not the title alone


# ---------------------------------------------------------------- the JSON Schema, as editors' validators read it

SCHEMA = ROOT / "schema" / "explainer.schema.json"
VALID_FILES = [ROOT / "events.yaml", *sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))]
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
AJV = ROOT / "node_modules" / "ajv" / "dist" / "2020.js"


def check_jsonschema(*args) -> subprocess.CompletedProcess:
    need(CHECK_JSONSCHEMA.is_file(), "check-jsonschema (pip install -r requirements-dev.txt)")
    return run([CHECK_JSONSCHEMA, "--no-cache", *args], ROOT)


def test_check_jsonschema_loads_the_schema_and_passes_the_shipped_file_and_every_fixture():
    assert json.loads(SCHEMA.read_text())["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    meta = check_jsonschema("--check-metaschema", SCHEMA)
    assert meta.returncode == 0, meta.stdout + meta.stderr
    result = check_jsonschema("--schemafile", SCHEMA, *VALID_FILES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ajv_compiles_the_schema_in_strict_unicode_mode_and_passes_the_shipped_file():
    need(AJV.is_file() and shutil.which("node") is not None, "ajv (npm ci) and node")
    data = json.dumps(check_file(ROOT / "events.yaml").analysis.explainer.model_dump(mode="json", exclude_defaults=True))
    script = """
const Ajv2020 = require(process.argv[1]).default, addFormats = require("ajv-formats");
const fs = require("fs");
const ajv = new Ajv2020({strict: true, unicodeRegExp: true, allErrors: true});
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const ok = validate(JSON.parse(fs.readFileSync(0, "utf8")));
console.log(JSON.stringify({ok, errors: validate.errors}));
"""
    result = run(["node", "-e", script, AJV, SCHEMA], ROOT, input=data)
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict == {"ok": True, "errors": None}


def test_every_property_has_a_description_and_the_values_have_examples():
    schema = json.loads(SCHEMA.read_text())
    undescribed, examples = [], 0
    for name, definition in [("(top)", schema), *schema["$defs"].items()]:
        for key, value in definition.get("properties", {}).items():
            if not value.get("description"):
                undescribed.append(f"{name}.{key}")
    examples = json.dumps(schema).count('"examples"')
    assert undescribed == [] and examples >= 20


# Each case changes the small fixture; the build and check-jsonschema must give the same verdict.
AGREEMENT = {
    "bare year": ("date: 2001-05-10", "date: 2001", True),
    "year in quotes": ("date: 2001-05-10", 'date: "2001"', True),
    "yes for true": ("    key: true", "    key: yes", False),
    "on for true": ("quoted: true", "quoted: on", False),
    "true in quotes": ("    key: true", '    key: "true"', False),
    "whole number with a point": ("amount: 12,", "amount: 12.0,", True),
    "fraction": ("amount: 12,", "amount: 12.5,", False),
    "number in quotes": ("amount: 12,", 'amount: "12",', False),
    "negative count": ("count: 10,", "count: -1,", False),
    "unknown key": ("  title: The Example Accord", "  title: The Example Accord\n  subtitle: x", False),
    "missing key": ("    kind: notice_received\n    title: Alphaland's", "    title: Alphaland's", False),
    "enum typo": ("kind: notice_received", "kind: notice_recieved", False),
    "lower-case state id": ("  - id: AA", "  - id: aa", False),
    "javascript address": ('url: "https://creativecommons.org/licenses/by/4.0/"', 'url: "javascript:alert(1)"', False),
    "empty title": ("  title: The Example Accord", '  title: ""', False),
    "date with words": ("date: 2001-05-10", "date: May 2001", False),
}


@pytest.mark.parametrize("case", sorted(AGREEMENT))
def test_the_schema_and_the_build_agree(case, tmp_path):
    old, new, valid = AGREEMENT[case]
    text = (ROOT / "tests" / "fixtures" / "small.yaml").read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "events.yaml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        problems = check_file(changed).errors
    except InputError as refused:
        problems = refused.problems
    by_schema = check_jsonschema("--schemafile", SCHEMA, changed)
    assert (not problems) == valid, problems
    assert (by_schema.returncode == 0) == valid, by_schema.stdout


# ---------------------------------------------------------------- the record of changes


def test_feedparser_reads_the_changes_feed_without_a_complaint(written):
    feedparser = pytest.importorskip("feedparser")
    analysis, folder = written
    feed = feedparser.parse((folder / "changes.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title.endswith("what changed")
    changes = sorted(analysis.explainer.changes, key=lambda c: c.date, reverse=True)
    assert [e.updated[:10] for e in feed.entries] == [c.date.isoformat() for c in changes]
    assert [e.summary for e in feed.entries] == [" ".join(c.summary.split()) for c in changes]
    assert len({e.id for e in feed.entries}) == len(feed.entries) and all(e.id.startswith("urn:uuid:") for e in feed.entries)
    assert all(e.link.startswith("../changes.html#change-") for e in feed.entries)  # no site_url: relative to data/


# ---------------------------------------------------------------- an editor: yaml-language-server (VS Code's YAML extension)

YAML_SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


class LanguageServer:
    """yaml-language-server over stdio (LSP), configured with our schema as an editor would be."""

    def __init__(self) -> None:
        need(YAML_SERVER.is_file() and shutil.which("node") is not None, "yaml-language-server (npm ci) and node")
        self.process = subprocess.Popen(["node", str(YAML_SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.settings = {"validate": True, "schemas": {SCHEMA.as_uri(): ["*.yaml"]}, "schemaStore": {"enable": False}}

    def _read(self) -> None:
        while True:
            headers = {}
            while (line := self.process.stdout.readline().decode().strip()):
                name, value = line.split(":", 1)
                headers[name.lower()] = value.strip()
            if not headers:
                return
            self.messages.put(json.loads(self.process.stdout.read(int(headers["content-length"]))))

    def send(self, message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
        self.process.stdin.flush()

    def diagnostics(self, path: Path) -> list[dict]:
        """What the editor underlines in a file: the server's first diagnostics for it."""
        self.send({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": ROOT.as_uri(),
                   "capabilities": {"workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}}}})
        while True:
            message = self.messages.get(timeout=60)
            if message.get("id") == 1 and "result" in message:
                self.send({"method": "initialized", "params": {}})
                self.send({"method": "workspace/didChangeConfiguration", "params": {"settings": {"yaml": self.settings}}})
                self.send({"method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}}})
            elif "method" in message and "id" in message:  # the server asks for its settings, or registers a feature
                items = message.get("params", {}).get("items", [])
                answer = [self.settings] * len(items) if message["method"] == "workspace/configuration" else None
                self.send({"id": message["id"], "result": answer})
            elif message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == path.as_uri():
                return message["params"]["diagnostics"]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_an_editor_shows_no_error_on_the_shipped_file_and_the_fixtures(path):
    server = LanguageServer()
    try:
        assert server.diagnostics(path) == []
    finally:
        server.close()


def test_an_editor_underlines_what_the_build_refuses(tmp_path):
    text = (ROOT / "tests" / "fixtures" / "small.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "events.yaml"
    text = text.replace("$schema=../../schema/explainer.schema.json", "$schema=" + SCHEMA.as_uri())  # the copy is elsewhere
    changed.write_text(text.replace("    key: true", "    key: yes", 1), encoding="utf-8")
    server = LanguageServer()
    try:
        found = server.diagnostics(changed)
    finally:
        server.close()
    line = text.splitlines().index("    key: true")
    assert [(d["range"]["start"]["line"], d["message"]) for d in found] == [(line, 'Incorrect type. Expected "boolean".')]
