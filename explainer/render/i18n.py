"""The one place generated words are translated: `_` and `ngettext` for Python and templates alike.

Catalogs are Babel `.po` files in explainer/locale/<language>/LC_MESSAGES/messages.po, compiled in memory
the first time a build asks for a language (no binary files in git; about 10 ms a catalog). The active
translations are a context variable: `render_site` sets its explainer's language around rendering, so the
build (or any worker process that renders) gets the same words.
"""

from __future__ import annotations

import functools
import gettext
import io
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
TEMPLATE = LOCALE_DIR / "messages.pot"
SOURCE_LANGUAGE = "en"
"""The language the source strings are written in: it needs no catalog to be complete."""

_active: ContextVar[gettext.NullTranslations] = ContextVar("translations", default=gettext.NullTranslations())


def _(message: str) -> str:
    """The message in the build's language."""
    return _active.get().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message in the build's language, in the plural form `count` asks for."""
    return _active.get().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (tables built at import, translated where used)."""
    return message


@contextmanager
def translations(catalog: gettext.NullTranslations) -> Iterator[None]:
    """Use `catalog` for every message while the block runs."""
    token = _active.set(catalog)
    try:
        yield
    finally:
        _active.reset(token)


def catalog_languages() -> list[str]:
    """The languages with a catalog, as folder names (fr, pt_BR)."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))


def catalog_file(language: str) -> Path | None:
    """The .po file for a BCP 47 tag: the exact tag (pt-BR), else its base language (pt); None when neither exists."""
    parts = language.replace("-", "_").split("_")
    for name in ("_".join(parts), parts[0]):
        path = LOCALE_DIR / name / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            return path
    return None


@functools.lru_cache(maxsize=None)  # serve rebuilds and the tests build the same language many times
def catalog(language: str) -> gettext.NullTranslations:
    """The translations for a language, compiled from its .po file; English (the source strings) when it has none."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = catalog_file(language)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as stream:
        messages = read_po(stream, locale=path.parent.parent.name)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def missing_catalog_note(language: str) -> str | None:
    """What to tell the author when the explainer's language has no catalog (the pages then fall back to English)."""
    if language.split("-")[0].lower() == SOURCE_LANGUAGE or catalog_file(language) is not None:
        return None
    from babel import Locale

    try:
        name = Locale.parse(language.replace("-", "_")).english_name
    except (ValueError, LookupError):
        name = language
    base = language.replace("-", "_").split("_")[0]
    return (f"no message catalog for {name} ({language}): the generated words (headings, statuses, sentences) are in English. "
            f"To add one: pybabel init -i explainer/locale/messages.pot -d explainer/locale -l {base}, "
            f"then translate explainer/locale/{base}/LC_MESSAGES/messages.po (see README, Languages).")


@contextmanager
def language(tag: str) -> Iterator[None]:
    """Render in the language of a BCP 47 tag (its catalog, or English when it has none)."""
    with translations(catalog(tag)):
        yield
