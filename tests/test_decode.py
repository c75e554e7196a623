"""Decoding input bytes: every encoding class imports or fails with a reason."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.ingest.decode import decode_bytes
from analysis.ingest.sanitize import has_control, strip_control

TEXT = "Café “quoted” — Seoul’s missiles flew 400 km.\nSecond line."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (TEXT.encode("utf-16"), TEXT),  # with BOM
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        ("plain ascii, no BOM, utf-16".encode("utf-16-le"), "plain ascii, no BOM, utf-16"),
        ("plain ascii, no BOM, utf-16".encode("utf-16-be"), "plain ascii, no BOM, utf-16"),
        (TEXT.encode("cp1252"), TEXT),
        ("Zürich, Mañana, façade".encode("latin-1"), "Zürich, Mañana, façade"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "cp1252",
        "latin1",
    ],
)
def test_encodings_decode(data: bytes, expected: str) -> None:
    assert decode_bytes(data, "x.txt") == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "empty file"),
        (b"\x00" * 64, "only NUL bytes"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (bytes(range(256)) * 8, "binary"),
    ],
    ids=["empty", "blank", "nul", "pdf", "png", "binary"],
)
def test_bad_bytes_refused_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "bad.txt")
    assert reason in str(info.value)
    assert str(info.value).startswith("bad.txt: ")
    assert "\n" not in str(info.value)


def test_stray_nul_bytes_are_dropped() -> None:
    data = ("A long enough article text. " * 20).encode() + b"\x00" + b" More."
    assert "\x00" not in decode_bytes(data)


def test_strip_control_keeps_newlines_and_tabs() -> None:
    raw = "a\tb\r\nc\x1b[2Jd\x1b]52;c;aGk=\x07e\x9b31mf\x07g\x7fh"
    assert strip_control(raw) == "a\tb\ncdefgh"


@given(st.binary(max_size=2000))
def test_decode_never_fails_unexpectedly(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz.txt")
    except InputError:
        return
    assert isinstance(text, str)


@given(st.text(max_size=500))
def test_stripped_text_holds_no_control(text: str) -> None:
    assert not has_control(strip_control(text))
