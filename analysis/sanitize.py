"""Making untrusted text safe to store and show."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls. ESC (\x1b) is in C0,
# so escape sequences lose their introducer; the OSC/CSI payload that follows
# is removed too when it is recognisably a sequence (see _ESCAPE_SEQUENCE).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC ... BEL / ST
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # C1 OSC
    | \x1b\[[0-?]*[ -/]*[@-~]                      # CSI
    | \x9b[0-?]*[ -/]*[@-~]                        # C1 CSI
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?       # DCS, SOS, PM, APC
    | \x1b[@-Z\\-_]                                # two-byte escapes
    """,
    re.VERBOSE,
)
_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping ``\\n`` and ``\\t``.

    Line endings (``\\r\\n``, ``\\r``, Unicode line separators) become ``\\n``
    first, so no line break is lost.
    """
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character other than newline and tab."""
    return _CONTROL.search(text) is not None
