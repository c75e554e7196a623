"""Reading the supported input formats into text plus the metadata they carry.

Each reader takes the file's bytes and name and returns a :class:`SourceDocument`;
none of them touches the file system. Bad input raises :class:`InputError` with
a one-line reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from analysis.errors import InputError
from analysis.ingest.decode import decode_bytes
from analysis.ingest.sanitize import clean_field

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json")
METADATA_KEYS = ("title", "outlet", "published", "url", "byline")

# JSON deeper than this is not an article; refusing it early keeps a hostile
# file from exhausting the stack in the parser.
_MAX_JSON_DEPTH = 64


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """What a file holds: its text and whatever metadata it states about itself."""

    text: str
    meta: Mapping[str, str] = field(default_factory=dict)
    format: str = "txt"


def normalize_published(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from the many ways metadata states one, or None.

    The calendar date is taken as written (no time-zone conversion): a story
    stamped 2024-11-05T08:00+09:00 was published on the 5th where it was written.
    """
    if value is None:
        return None
    if not isinstance(value, str | int | float | date):
        # A list or mapping is no date; and str() of one built from YAML aliases
        # can be exponentially long.
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _clean_meta(raw: Mapping[str, Any]) -> dict[str, str]:
    """Keep known keys with string values; map the common synonyms onto ours."""
    synonyms = {
        "title": ("title", "headline"),
        "outlet": ("outlet", "source", "publisher", "sitename", "site_name"),
        "published": ("published", "date", "published_at", "pubdate"),
        "url": ("url", "link", "canonical_url"),
        "byline": ("byline", "author", "authors"),
    }
    out: dict[str, str] = {}
    for key, names in synonyms.items():
        for name in names:
            value = raw.get(name)
            if value is None or value == "" or value == []:
                continue
            if key == "published":
                iso = normalize_published(value)
                if iso:
                    out[key] = iso
                    break
                continue
            if isinstance(value, list):
                value = ", ".join(str(v).strip() for v in value if isinstance(v, str | int))
            if isinstance(value, dict):
                value = value.get("name")
            if isinstance(value, str | int | float) and clean_field(str(value)):
                # Metadata is shown like the text: no control characters either.
                out[key] = clean_field(str(value))
                break
    return out


def _json_depth_ok(text: str) -> bool:
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > _MAX_JSON_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def parse_json_text(text: str, what: str = "JSON") -> Any:
    """json.loads with the failures a hostile file can cause turned into InputError."""
    if not _json_depth_ok(text):
        raise InputError(f"malformed {what}: nested deeper than {_MAX_JSON_DEPTH} levels")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed {what}: {exc.msg} at line {exc.lineno}") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer too long to convert
        if "integer string conversion" in str(exc):
            raise InputError(f"malformed {what}: a number too long to read") from None
        raise InputError(f"malformed {what}: {str(exc).splitlines()[0][:80]}") from None


def read_txt(data: bytes, name: str) -> SourceDocument:
    """Raw page text, as copied from a browser."""
    return SourceDocument(text=decode_bytes(data, name), format="txt")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


@lru_cache(maxsize=1)
def _front_matter_loader() -> type:
    """YAML's safe loader, but dates stay the text they are written as.

    The safe loader makes ``date`` objects of date-like values and fails on
    one that is no real day ("2024-02-30"); read as text, such a date is
    dropped like a bad date in JSON metadata, and the article still imports.
    """
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        pass

    def as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
        return str(loader.construct_scalar(node))  # type: ignore[arg-type]

    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", as_text)
    return FrontMatterLoader


def read_markdown(data: bytes, name: str) -> SourceDocument:
    """Markdown with optional YAML front matter; markup is reduced to plain text."""
    import yaml

    text = decode_bytes(data, name)
    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            front = yaml.load(m.group(1), Loader=_front_matter_loader())  # noqa: S506 - a safe loader
        except yaml.YAMLError as exc:
            reason = str(exc).splitlines()[0]
            raise InputError(f"malformed YAML front matter: {reason}", name) from None
        except RecursionError:  # the YAML parser recurses once per level of nesting
            raise InputError("malformed YAML front matter: nested too deeply", name) from None
        if front is not None and not isinstance(front, dict):
            raise InputError("malformed YAML front matter: not a mapping", name)
        meta = _clean_meta(front or {})
        text = text[m.end() :]
    heading = re.search(r"^#[ \t]+(.+)$", text, re.MULTILINE)
    if heading and "title" not in meta and clean_field(heading.group(1)):
        meta["title"] = clean_field(heading.group(1))
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    if not text.strip():
        raise InputError("no article text after the front matter", name)
    return SourceDocument(text=text, meta=meta, format="md")


def read_html(data: bytes, name: str) -> SourceDocument:
    """The main text of a web page and its metadata, extracted by trafilatura."""
    import trafilatura

    html = decode_bytes(data, name)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except (RecursionError, ValueError, TypeError) as exc:
        raise InputError(f"malformed HTML: {type(exc).__name__}", name) from None
    if doc is None:
        raise InputError("no article text found in the HTML", name)
    fields = doc if isinstance(doc, dict) else doc.as_dict()
    text = fields.get("text") or ""
    if not text.strip():
        raise InputError("no article text found in the HTML", name)
    meta = _clean_meta(
        {
            "title": fields.get("title"),
            "outlet": fields.get("sitename"),
            "published": fields.get("date"),
            "url": fields.get("url"),
            "byline": fields.get("author"),
        }
    )
    return SourceDocument(text=text, meta=meta, format="html")


def read_json(data: bytes, name: str) -> SourceDocument:
    """An object with ``title`` and ``text``; outlet, published, url, authors optional."""
    raw = decode_bytes(data, name)
    try:
        obj = parse_json_text(raw)
    except InputError as exc:
        raise InputError(exc.reason, name) from None
    if not isinstance(obj, dict):
        raise InputError(
            f"expected a JSON object with title and text, got {type(obj).__name__}", name
        )
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError('JSON object has no "text" string', name)
    return SourceDocument(text=body, meta=_clean_meta(obj), format="json")


_READERS: dict[str, Callable[[bytes, str], SourceDocument]] = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
}


def read_document(data: bytes, name: str) -> SourceDocument:
    """Dispatch on the file name's suffix; unknown suffixes are refused."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = _READERS.get(suffix)
    if reader is None:
        raise InputError(
            f"unsupported file type {suffix or '(none)'} (use .txt, .md, .html or .json)", name
        )
    return reader(data, name)


def read_sidecar(data: bytes, name: str) -> dict[str, str]:
    """Metadata from a ``NAME.meta.json`` sidecar: outlet, title, published, url, byline."""
    raw = decode_bytes(data, name)
    try:
        obj = parse_json_text(raw, "metadata sidecar")
    except InputError as exc:
        raise InputError(exc.reason, name) from None
    if not isinstance(obj, dict):
        raise InputError("metadata sidecar must be a JSON object", name)
    return _clean_meta(obj)
