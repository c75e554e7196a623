"""Reading .txt, .md, .html and .json inputs and their metadata."""

from __future__ import annotations

import json

import pytest

from analysis.errors import InputError
from analysis.ingest.formats import normalize_published, read_document, read_sidecar

HTML = """<html><head><title>Missiles fired - The Daily</title>
<meta property="og:site_name" content="The Daily">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-11-05T09:00:00+09:00">
</head><body><nav>Home | World | Sports</nav><article><h1>Missiles fired before the vote</h1>
<p>North Korea fired at least seven ballistic missiles on Tuesday, Japan's defence minister said
in a statement to reporters in Tokyo.</p>
<p>The missiles flew up to 400 kilometers before landing in waters off the east coast, officials
said, adding that none had reached Japan's exclusive economic zone.</p>
</article><footer>Copyright 2024 The Daily</footer></body></html>"""


def test_markdown_front_matter_and_markup() -> None:
    md = (
        "---\ntitle: Front title\noutlet: The Outlet\npublished: 2024-11-05\n"
        "url: https://example.com/a\nauthors: [Ann, Bob]\n---\n"
        "# Heading\n\nA **bold** claim with a [link](https://x.example) in it.\n"
    )
    doc = read_document(md.encode(), "a.md")
    assert doc.meta == {
        "title": "Front title",
        "outlet": "The Outlet",
        "published": "2024-11-05",
        "url": "https://example.com/a",
        "byline": "Ann, Bob",
    }
    assert "A bold claim with a link in it." in doc.text
    assert "---" not in doc.text


def test_markdown_without_front_matter_takes_heading_as_title() -> None:
    doc = read_document(b"# The title\n\nBody text here.", "b.md")
    assert doc.meta["title"] == "The title"


def test_markdown_bad_front_matter() -> None:
    with pytest.raises(InputError, match="front matter"):
        read_document(b"---\ntitle: [unclosed\n---\nBody", "c.md")


def test_markdown_date_that_is_no_real_day_is_dropped_like_json() -> None:
    # YAML reads 2024-02-30 as a date and fails on it; the article still reads,
    # without the date, as the same metadata in JSON does.
    md = "---\ntitle: Leap\npublished: 2024-02-30\ntimed: 2024-11-05 09:00:00\n---\nBody text."
    doc = read_document(md.encode(), "leap.md")
    assert doc.meta == {"title": "Leap"} and doc.text.strip() == "Body text."
    as_json = json.dumps({"title": "Leap", "published": "2024-02-30", "text": "Body text."})
    assert "published" not in read_document(as_json.encode(), "leap.json").meta
    timed = "---\npublished: 2024-11-05 09:00:00\n---\nBody text."
    assert read_document(timed.encode(), "t.md").meta["published"] == "2024-11-05"


def test_html_main_text_and_metadata() -> None:
    doc = read_document(HTML.encode(), "page.html")
    assert "at least seven ballistic missiles" in doc.text
    assert "Home | World" not in doc.text
    assert doc.meta["outlet"] == "The Daily"
    assert doc.meta["published"] == "2024-11-05"
    assert doc.meta["byline"] == "Jane Doe"


@pytest.mark.parametrize(
    "html", [b"<html><body></body></html>", b"<div><p>unclosed <b>tags", b"<<<>>>"]
)
def test_html_without_article_text_fails_clearly(html: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_document(html, "empty.html")
    assert str(info.value).startswith("empty.html: ")


def test_json_article() -> None:
    obj = {
        "title": "T",
        "text": "Body of the article.",
        "source": "Wire",
        "date": "2024-11-05T10:00:00Z",
        "url": "https://example.com/x",
        "authors": ["A. Writer"],
    }
    doc = read_document(json.dumps(obj).encode(), "x.json")
    assert doc.text == "Body of the article."
    assert doc.meta == {
        "title": "T",
        "outlet": "Wire",
        "published": "2024-11-05",
        "url": "https://example.com/x",
        "byline": "A. Writer",
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"title": "x", "text": ', "malformed JSON"),
        (b'["a", "b"]', "expected a JSON object"),
        (b'{"title": "x"}', 'no "text"'),
        (b'{"text": 5}', 'no "text"'),
        (b"[" * 200_000 + b"]" * 200_000, "nested deeper"),
        (b'{"text": "t", "n": ' + b"9" * 50_000 + b"}", "malformed JSON"),
    ],
    ids=["truncated", "array", "no-text", "text-not-string", "deep", "huge-int"],
)
def test_bad_json_fails_with_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        read_document(data, "bad.json")
    message = str(info.value)
    assert reason in message
    assert message.startswith("bad.json: ")
    assert "\n" not in message


def test_unsupported_suffix() -> None:
    with pytest.raises(InputError, match="unsupported file type .pdf"):
        read_document(b"x", "paper.pdf")


def test_sidecar() -> None:
    meta = read_sidecar(b'{"outlet": "Bloomberg", "published": "2024-11-05"}', "a.meta.json")
    assert meta == {"outlet": "Bloomberg", "published": "2024-11-05"}
    with pytest.raises(InputError, match="a.meta.json"):
        read_sidecar(b"[1]", "a.meta.json")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-11-05", "2024-11-05"),
        ("2024-11-05T23:30:00-05:00", "2024-11-05"),
        ("Tue, 05 Nov 2024 09:00:00 +0900", "2024-11-05"),
        ("November 5, 2024", "2024-11-05"),
        ("5 Nov 2024", "2024-11-05"),
        ("2024-02-30", None),
        ("soon", None),
        ("", None),
    ],
)
def test_normalize_published(value: str, iso: str | None) -> None:
    assert normalize_published(value) == iso
