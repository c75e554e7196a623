"""Turning the bytes of an input file into text, or a one-line reason why not."""

from __future__ import annotations

import codecs

from analysis.errors import InputError

# Signatures of common binary formats people drop into a folder of articles.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the pattern of NUL bytes in ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """Too many characters that never occur in prose: decoded garbage, not text."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(
        1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7F <= ord(ch) < 0xA0
    )
    return bad / len(sample) > 0.05


def decode_bytes(data: bytes, name: str | None = None) -> str:
    """Decode an input file's bytes to text.

    Handles UTF-8 (with or without BOM), UTF-32 with BOM, UTF-16 (with BOM, or
    without it when the NUL pattern is unmistakable), and falls back to cp1252
    then latin-1 for legacy files. Raises :class:`InputError` for empty and
    binary input.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        only_nul = data and not data.strip(b"\x00")
        raise InputError("file holds only NUL bytes" if only_nul else "empty file", name)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"not a text file: looks like {what}", name)

    if data.startswith(codecs.BOM_UTF8):
        encodings: list[str] = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # Tested before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
        encodings = ["utf-32"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is None:
            nul_share = data.count(0) / len(data)
            if nul_share > 0.01:
                raise InputError("not a text file: binary data (NUL bytes)", name)
            # A few stray NULs in otherwise good text (a broken export): drop them.
            data = data.replace(b"\x00", b"")
            encodings = ["utf-8", "cp1252", "latin-1"]
        else:
            encodings = [guess]
    else:
        encodings = ["utf-8", "cp1252", "latin-1"]

    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError("not a text file: binary data", name)
        if not text.strip():
            raise InputError("empty file", name)
        return text
    raise InputError(f"cannot decode text (tried {', '.join(encodings)})", name)
