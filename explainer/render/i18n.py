"""The one place generated words are translated: `_` and `ngettext` for Python and templates alike.

Until message catalogs exist every language reads the English source strings. The active translations are a
context variable, so a build (or a worker process) sets its language once and every phrase follows.
"""

from __future__ import annotations

import gettext
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

_active: ContextVar[gettext.NullTranslations] = ContextVar("translations", default=gettext.NullTranslations())


def _(message: str) -> str:
    """The message in the build's language."""
    return _active.get().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message in the build's language, in the plural form `count` asks for."""
    return _active.get().ngettext(singular, plural, count)


@contextmanager
def translations(catalog: gettext.NullTranslations) -> Iterator[None]:
    """Use `catalog` for every message while the block runs."""
    token = _active.set(catalog)
    try:
        yield
    finally:
        _active.reset(token)
