"""Author addresses parsed, checked and normalised, so a link reaches the host it names and nothing else.

Parsed with urllib.parse and read as a browser reads them: the host is decoded, lower-cased and
IDNA-encoded (full-width dots become dots), a trailing dot goes, and a user name before "@" is refused
because it disguises the real host. Nothing is stripped silently: whitespace, control characters and
backslashes are refused, not cleaned. Characters Markdown or attr_list could read are percent-encoded,
so the result can be written inside [text](url) or a table cell as it is.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import Iterable
from urllib.parse import quote, unquote, urlsplit

import idna

SCHEMES = ("http", "https")
MAX_LENGTH = 2000
DEFAULT_PORTS = {"http": 80, "https": 443}
# Read by Markdown (link syntax, code, tables) or attr_list in a link target: percent-encoded.
MARKDOWN_ACTIVE = frozenset("()[]{}<>\"'`| ")
# Unicode categories a browser would strip, ignore or show as nothing: never in an address.
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Zs", "Zl", "Zp"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_NUMERIC_LABEL = re.compile(r"(?:0[xX][0-9A-Fa-f]*|[0-9]+)")


def normalise_url(text: str) -> str:
    """The author's http(s) address, normalised; raise ValueError with a plain reason when it is not one."""
    _refuse_invisible(text)
    if "\\" in text:
        raise ValueError("it holds a backslash, which browsers read as /; write / or %5C")
    scheme = scheme_of(text)
    if scheme not in SCHEMES:
        named = f"a {scheme}: address" if scheme else "not an address"
        raise ValueError(f"it is {named}; only http:// and https:// addresses are allowed")
    if not text[len(scheme) + 1:].startswith("//"):
        raise ValueError("the scheme must be followed by //, as in https://example.org/")
    try:
        parts = urlsplit(text)
    except ValueError:
        raise ValueError("its host has an unbalanced [ or ]") from None
    if "@" in parts.netloc:
        raise ValueError('it has a user name before "@", which can disguise the real host; remove it')
    host_text, _, port_text = parts.netloc.rpartition(":") if _has_port(parts.netloc) else (parts.netloc, "", "")
    host = normalise_host(host_text)
    port = _port(port_text, scheme)
    url = f"{scheme}://{host}{port}{_encode(parts.path)}"
    url += f"?{_encode(parts.query)}" if parts.query else ""
    url += f"#{_encode(parts.fragment)}" if parts.fragment else ""
    if len(url) > MAX_LENGTH:
        raise ValueError(f"it is longer than {MAX_LENGTH:,} characters once normalised")
    return url


def scheme_of(text: str) -> str | None:
    """The scheme an address starts with, lower-cased, or None for a relative one."""
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def normalise_host(text: str) -> str:
    """A host as a browser resolves it: decoded, lower-cased, IDNA-encoded, without a trailing dot."""
    if not text:
        raise ValueError("it has no host; write the address as https://example.org/...")
    if text.startswith("["):
        return _ipv6(text)
    if "%" in text:
        try:
            text = unquote(text, errors="strict")
        except UnicodeDecodeError:
            raise ValueError("its host holds percent-escapes that are not UTF-8 text; write the host plainly") from None
        if "%" in text:
            raise ValueError("its host is percent-encoded twice; write the host plainly")
        _refuse_invisible(text)
    host = text if text.isascii() else _idna(text)
    host = host.lower()
    host = host[:-1] if host.endswith(".") else host
    labels = host.split(".")
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        return _ipv4(host)
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f'its host "{host}" is not a valid name (letters, digits and hyphens between dots)')
    if any(label.startswith("xn--") for label in labels):
        _idna_decodes(host)
    if len(labels) < 2:
        raise ValueError(f'its host "{host}" has no dot; a public address names a domain such as example.org')
    return host


def host_refused(host: str, refused_hosts: Iterable[str]) -> str | None:
    """The entry of refused_hosts that covers host, itself or one of its parent domains, if any."""
    labels = host.split(".")
    covering = {".".join(labels[index:]) for index in range(len(labels))}
    for entry in refused_hosts:
        if entry.removeprefix("*.") in covering:
            return entry
    return None


def _refuse_invisible(text: str) -> None:
    for char in text:
        if unicodedata.category(char) in INVISIBLE:
            what = "a space" if char == " " else f"the invisible character U+{ord(char):04X}"
            raise ValueError(f"it holds {what}; write it percent-encoded (%20 for a space)")


def _has_port(netloc: str) -> bool:
    return ":" in netloc.rpartition("]")[2]


def _port(text: str, scheme: str) -> str:
    if not text:
        return ""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f'its port "{text}" is not a number from 1 to 65535')
    return "" if int(text) == DEFAULT_PORTS[scheme] else f":{int(text)}"


def _idna(text: str) -> str:
    try:
        return idna.encode(text, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise ValueError(f'its host "{text}" is not a valid international domain name') from None


def _idna_decodes(host: str) -> None:
    try:
        idna.decode(host)
    except (idna.IDNAError, UnicodeError):
        raise ValueError(f'its host "{host}" has an xn-- label that is not valid punycode') from None


def _ipv4(host: str) -> str:
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        raise ValueError(f'its host "{host}" ends in a number but is not an IPv4 address written as four decimal numbers') from None
    return _public(address, str(address))


def _ipv6(text: str) -> str:
    if not text.endswith("]"):
        raise ValueError("its IPv6 host has no closing ]")
    try:
        address = ipaddress.IPv6Address(text[1:-1])
    except ValueError:
        raise ValueError(f'its host "{text}" is not an IPv6 address') from None
    return _public(address, f"[{address.compressed}]")


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address, written: str) -> str:
    # A reader's own machine or network is no place for an explainer to send them.
    if not address.is_global:
        raise ValueError(f"its host {written} is a private or local address; link to a public address")
    return written


def _encode(part: str) -> str:
    """Percent-encode what Markdown could read, non-ASCII text and a "%" that starts no escape."""
    out = []
    for index, char in enumerate(part):
        if char == "%":
            out.append("%" if _HEX_PAIR.match(part, index + 1) else "%25")
        elif char in MARKDOWN_ACTIVE or not char.isascii():
            out.append(quote(char, safe=""))
        else:
            out.append(char)
    return "".join(out)
