"""Making untrusted text safe to store and show."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls. ESC (\x1b) is in C0,
# so escape sequences lose their introducer; the OSC/CSI payload that follows
# is removed too when it is recognisably a sequence (see _ESCAPE_SEQUENCE). A string
# sequence left unterminated ends at the line's end: no real one spans lines, and
# the rest of the article must not vanish with it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?   # OSC ... BEL / ST
    | \x9d[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?   # C1 OSC
    | \x1b\[[0-?]*[ -/]*[@-~]                        # CSI
    | \x9b[0-?]*[ -/]*[@-~]                          # C1 CSI
    | \x1b[PX^_][^\x1b\x9c\n]*(?:\x1b\\|\x9c)?       # DCS, SOS, PM, APC
    | \x1b[@-Z\\-_]                                # two-byte escapes
    """,
    re.VERBOSE,
)
_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Lone surrogates (from "\ud800" escapes in JSON, or undecodable file names) are
# not text: no terminal can show them and UTF-8 output refuses them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping ``\\n`` and ``\\t``.

    Line endings (``\\r\\n``, ``\\r``, Unicode line separators) become ``\\n``
    first, so no line break is lost. Lone surrogates become U+FFFD.
    """
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub("", text)


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character other than newline and tab."""
    return _CONTROL.search(text) is not None


def clean_field(text: str) -> str:
    """A one-line metadata value (title, outlet, byline, URL) safe to store and show.

    Escape sequences and control characters are removed as in
    :func:`strip_control`, and runs of whitespace (line breaks too) become
    one space.
    """
    return " ".join(strip_control(text).split())


_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def mask_control(text: str) -> str:
    """``text`` for one line of a report: control characters (newlines too) and lone
    surrogates each shown as ``?``.

    For names the user must still recognise, such as a file's path: nothing
    is removed, so the name keeps its shape, but nothing reaches the terminal
    as a command.
    """
    return _ANY_CONTROL.sub("?", text)
