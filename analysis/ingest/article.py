"""From a source document to an :class:`Article`: clean text, blocks, metadata."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from analysis.errors import InputError
from analysis.ingest.clean import find_page_meta, segment
from analysis.ingest.formats import SourceDocument
from analysis.ingest.sanitize import strip_control
from analysis.model import Article, Block, article_id


def clean_text(text: str) -> str:
    """Untrusted text made safe to store: NFC, no control characters, no trailing blanks."""
    text = unicodedata.normalize("NFC", strip_control(text))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def build_article(
    doc: SourceDocument,
    *,
    source: str,
    fallback_title: str,
    overrides: Mapping[str, str | None] | None = None,
) -> Article:
    """Clean a document's text, split it into blocks and settle its metadata.

    Precedence for each metadata field: explicit ``overrides`` (command-line
    flags), then the document's own metadata (sidecar, front matter, HTML meta,
    JSON fields, already merged into ``doc.meta``), then what the page text says
    about itself (headline, wire prefix, dateline). An article with no
    headline is titled by the first words of its lead, and one with no body
    by ``fallback_title`` (the file's name).
    """
    text = clean_text(doc.text)
    if not text.strip():
        raise InputError("no text left after removing control characters")
    blocks = tuple(segment(text))
    page = find_page_meta(text, blocks)
    given = {k: v for k, v in (overrides or {}).items() if v}

    def pick(key: str, found: str | None) -> str | None:
        return given.get(key) or doc.meta.get(key) or found

    title = pick("title", page.title) or _lead_title(text, blocks) or fallback_title
    return Article(
        id=article_id(text),
        title=" ".join(title.split()),
        outlet=pick("outlet", page.outlet),
        published=pick("published", page.published),
        source=source,
        text=text,
        blocks=blocks,
        byline=pick("byline", page.byline),
        url=pick("url", None),
    )


# How many words of the lead title an article that has no headline.
_LEAD_TITLE_WORDS = 12


def _lead_title(text: str, blocks: Sequence[Block]) -> str | None:
    """The first words of the first body paragraph, marked as cut: "SALEM — The mayor said …"."""
    for block in blocks:
        if block.role != "body":
            continue
        words = text[block.start : block.end].split()
        if words:
            cut = len(words) > _LEAD_TITLE_WORDS
            return " ".join(words[:_LEAD_TITLE_WORDS]) + (" …" if cut else "")
    return None
