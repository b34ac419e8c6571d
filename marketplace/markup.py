"""User-written Markdown rendered to safe HTML: markdown-it-py (CommonMark, linear in the text's
length: Python-Markdown took 25 s on 16 000 repeated ``[``) first, then nh3 keeps an allow-list."""

import re
from functools import lru_cache
from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
# Raw HTML is escaped by the parser (nh3 cleans what Markdown itself makes); tables and ~~strike~~ on.
_parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML without scripts, styles, iframes, event handlers or ``javascript:`` links.

    A pure function of the text, so each process keeps the last few thousand results: list pages and
    API lists render the same descriptions over and over, and Markdown costs about 1 ms a text."""
    return _render(text or "")


@lru_cache(maxsize=4096)
def _render(text: str) -> SafeString:
    html = _parser.render(text)
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 output is the sanitised allow-list


def markdown_text(text: str) -> str:
    """The words of a Markdown text without its marks (``**주차**`` → ``주차``): what search indexes
    and what its snippets show. Block ends become line breaks."""
    html = _parser.render(text or "")
    html = re.sub(r"</(p|li|h[1-6]|blockquote|pre|tr)>|<br\s*/?>", "\n", html)
    plain = unescape(nh3.clean(html, tags=set()))
    return re.sub(r"\n{2,}", "\n", plain).strip()
