"""Keep the message catalogs in step with the code: extract, update every language, fill English, check.

    .venv/bin/python scripts/catalogs.py          # after changing any generated word
    .venv/bin/python scripts/catalogs.py --check  # what tests/test_i18n.py checks, without writing

Then translate the new or fuzzy entries in explainer/locale/<language>/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "explainer" / "locale"
TEMPLATE = LOCALE / "messages.pot"
SOURCE_LANGUAGE = "en"


def extracted() -> Catalog:
    """Every message in the code and templates, as babel.cfg says where to look (locations by file, sorted)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog(project="explainer", copyright_holder="explainer contributors", fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(
            ROOT, method_map, options_map, comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, None)], auto_comments=comments, context=context)
    return catalog


def po_text(catalog: Catalog) -> bytes:
    """A catalog as .po text without dates, so an unchanged catalog writes the same bytes."""
    catalog.creation_date = catalog.revision_date = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=True, include_previous=False, omit_header=False)
    return out.getvalue()


def updated(path: Path, template: Catalog) -> Catalog:
    """A language's catalog with the template's messages: new ones empty, gone ones dropped; English is the source text."""
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=path.parent.parent.name)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    if catalog.locale and str(catalog.locale) == SOURCE_LANGUAGE:
        for message in catalog:
            if message.id:
                message.string = message.id
                message.flags.discard("fuzzy")
    return catalog


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="say what is out of date; write nothing")
    args = parser.parse_args(argv)
    template = extracted()
    outputs = {TEMPLATE: po_text(template)}
    for path in sorted(LOCALE.glob("*/LC_MESSAGES/messages.po")):
        outputs[path] = po_text(updated(path, template))
    stale = [path for path, text in outputs.items() if not path.is_file() or path.read_bytes() != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)}: out of date; run python scripts/catalogs.py")
        return 1 if stale else 0
    for path in stale:
        path.write_bytes(outputs[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
