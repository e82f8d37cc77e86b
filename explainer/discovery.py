"""What search engines and link previews read: the sitemap's and canonical addresses (MkDocs' site_url),
robots.txt, one description per page, Open Graph and Twitter card tags, and a share card made at build time.

All of it needs the site's public address (explainer.site_url): without it the build makes robots.txt and the
descriptions only, and says what it could not make.
"""

from __future__ import annotations

import html
import posixpath
import re
import textwrap

FEED = "data/changes.atom"
"""The record of changes as an Atom feed (render/changes.py writes it)."""
SHARE_CARD = "assets/share-card.svg"
"""The share image, made from the explainer's title and description (an SVG: no image library needed)."""
DESCRIPTION_LENGTH = 160
"""Search engines show about this many characters of a page's description."""

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
_FOOTNOTE_MARK = re.compile(r"<sup[^>]*>.*?</sup>", re.S)


def mkdocs_settings(site_url: str | None) -> dict:
    """What MkDocs needs to write absolute addresses: with site_url, the sitemap gets <loc> and pages a canonical link."""
    return {"site_url": site_url.rstrip("/") + "/"} if site_url else {}


def missing_address_note(site_url: str | None) -> str | None:
    """What the build cannot make without the site's address, for the build summary."""
    if site_url:
        return None
    return ("explainer.site_url is not set: sitemap.xml lists no addresses, and pages have no canonical link, "
            "share tags (Open Graph, Twitter) or absolute addresses in JSON-LD; set it to the address the site is published at.")


def robots_txt(site_url: str | None) -> str:
    """Every page may be crawled; the sitemap's address when it is known (robots.txt wants it absolute)."""
    text = "User-agent: *\nAllow: /\n"
    return text + (f"Sitemap: {site_url.rstrip('/')}/sitemap.xml\n" if site_url else "")


def page_description(content_html: str) -> str | None:
    """The page's first paragraph of its own words as plain text, cut to DESCRIPTION_LENGTH at a word."""
    for body in _PARAGRAPH.findall(content_html):
        if re.fullmatch(r"\s*<em>.*</em>\s*", body, re.S):
            continue  # the "Facts checked to ..." line every page starts with
        text = " ".join(html.unescape(_TAG.sub("", _FOOTNOTE_MARK.sub("", body))).split())
        if len(text) >= 40:
            return text if len(text) <= DESCRIPTION_LENGTH else textwrap.shorten(text, DESCRIPTION_LENGTH, placeholder=" …")
    return None


def share_tags(title: str, description: str, url: str, site_name: str, site_url: str, locale: str) -> str:
    """Open Graph and Twitter card tags for one page, every value escaped for an attribute."""
    values = [
        ("property", "og:type", "website"), ("property", "og:site_name", site_name), ("property", "og:title", title),
        ("property", "og:description", description), ("property", "og:url", url),
        ("property", "og:locale", locale.replace("-", "_")),
        ("property", "og:image", site_url.rstrip("/") + "/" + SHARE_CARD), ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "630"), ("property", "og:image:alt", site_name),
        ("name", "twitter:card", "summary_large_image"), ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    return "".join(f'<meta {kind}="{name}" content="{html.escape(value, quote=True)}">' for kind, name, value in values)


def share_card_svg(title: str, description: str) -> str:
    """A 1200x630 card with the title and description, for link previews and JSON-LD's image; text escaped for XML."""
    title_lines = textwrap.wrap(title, 30)[:3]
    description_lines = textwrap.wrap(description, 60)[:3]
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">',
             '<rect width="1200" height="630" fill="#3f51b5"/>',
             '<g font-family="Helvetica, Arial, sans-serif" fill="#ffffff">']
    y = 150
    for line in title_lines:
        parts.append(f'<text x="80" y="{y}" font-size="64" font-weight="bold">{html.escape(line)}</text>')
        y += 80
    y += 30
    for line in description_lines:
        parts.append(f'<text x="80" y="{y}" font-size="32">{html.escape(line)}</text>')
        y += 46
    parts.append("</g></svg>")
    return "\n".join(parts) + "\n"


def with_feed_link(page_html: str, page_path: str) -> str:
    """The changes feed announced in the page's head, so a feed reader given any page's address finds it."""
    from .render.i18n import _

    start = '<link rel="alternate" type="application/atom+xml"'
    if start in page_html:
        return page_html  # already announced (an author's own page may do it)
    href = posixpath.relpath(FEED, posixpath.dirname(page_path) or ".")
    link = f'{start} title="{html.escape(_("What changed"), quote=True)}" href="{html.escape(href, quote=True)}">'
    return page_html.replace("</head>", link + "</head>", 1)


def with_web_page_data(page_html: str, title: str, site_name: str, url: str | None) -> str:
    """A page without JSON-LD (an author's own page) gets a WebPage block, so every page says what it is."""
    if "application/ld+json" in page_html or "</body>" not in page_html:
        return page_html
    from .render.structured import script, web_page

    return page_html.replace("</body>", script(web_page(title, site_name, url)) + "</body>", 1)


def _plugin_class():
    """The MkDocs plugin, made on first use so that importing this module does not import MkDocs."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class Discovery(BasePlugin):
        """robots.txt and the share card among the files; one description and one title per page; share tags."""

        def on_files(self, files, config):
            extra = {"robots.txt": robots_txt(config.site_url)}
            if config.site_url:
                extra[SHARE_CARD] = share_card_svg(html.unescape(config.site_name), html.unescape(config.site_description or ""))
            for path, content in extra.items():
                if files.get_file_from_path(path) is None:  # an author's own file wins
                    files.append(File.generated(config, path, content=content))
            return files

        def __init__(self) -> None:
            self.descriptions: set[str] = set()

        def on_page_content(self, content, page, config, files):
            if not page.meta.get("description"):
                found = page_description(content)
                if found in self.descriptions:  # pages that open alike (two states' status) are told apart by title
                    found = textwrap.shorten(f"{html.unescape(page.title or '')}: {found}", DESCRIPTION_LENGTH, placeholder=" …")
                if found:
                    self.descriptions.add(found)
                    page.meta["description"] = html.escape(found, quote=True)  # Material prints it unescaped
            if page.is_homepage:
                page.meta.pop("title", None)  # Material then titles the start page "Site", not "Site - Site"
            return content

        def on_post_template(self, output, template_name, config):
            if template_name != "404.html":
                return output
            from .render.i18n import _

            return with_web_page_data(output, _("Page not found"), html.unescape(config.site_name), None)

        def on_post_page(self, output, page, config):
            output = with_feed_link(output, page.file.dest_uri)
            output = with_web_page_data(output, html.unescape(page.title or config.site_name), html.unescape(config.site_name),
                                        page.canonical_url)
            if not config.site_url or not page.canonical_url:
                return output
            title = html.unescape(page.meta.get("title") or page.title or config.site_name)
            description = html.unescape(page.meta.get("description") or config.site_description or "")
            tags = share_tags(title, description, page.canonical_url, html.unescape(config.site_name), config.site_url,
                              config.theme.get("language") or "en")
            return output.replace("</head>", tags + "</head>", 1)

    return Discovery


def install(config) -> None:
    """Add discovery to an MkDocs configuration loaded in code."""
    config.plugins["explainer-discovery"] = _plugin_class()()
