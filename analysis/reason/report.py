"""The claim diff as a Markdown report a reporter can paste into a document.

The report names both articles, gives the summary, then lists the conflicts
first, each with the reasons for it, then the differences to check (a figure
or date differs, but the claims may report different events), the other
compatible and the agreeing pairs, then what only one article reports.
Article text is untrusted: every piece of it is escaped
(:func:`escape_markdown`) so it shows as written and can never become a
heading, a link, a table cell border, inline HTML or code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.model import AlignmentRow, ClaimRef, Reason, RowMark
from analysis.reason.align import ArticleLike

# Characters with a meaning in CommonMark or GitHub-flavoured Markdown inline text
# wherever they are. "!" only means something before "[" (an image), "&" only as
# the start of an entity ("&amp;", "&#38;"): escaped there and nowhere else, so
# "Right?!" and "FBI & DOJ" read as written in any viewer.
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]<>#|~]|!(?=\[)|&(?=#?\w+;))")
# What only means something at the start of a line: a list item ("- ", "1. "), a rule.
_LINE_START = re.compile(r"^(?:(?P<mark>[-+=])|(?P<number>\d+)(?P<dot>\.))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_SECTIONS: tuple[tuple[RowMark, str, str], ...] = (
    ("conflict", "Conflicts", "the same subject, incompatible facts"),
    (
        "check",
        "To check",
        "a figure, date, polarity or source differs, but the claims may report different events",
    ),
    ("compatible", "Compatible", "the same fact, differing in precision, hedging or detail"),
    ("agree", "Agree", "the same fact"),
    ("only_a", "Only in A", "reported by article A only"),
    ("only_b", "Only in B", "reported by article B only"),
)


# A paired row's score is the pairing model's probability that its claims state
# one fact (analysis.reason.pairing; rows start at the model's threshold, about
# 0.8). From nine in ten on, the match reads as close; below, as loose.
CLOSE_MATCH = 0.9


def match_strength(score: float) -> str:
    """A paired row's similarity in words, for readers: "close" or "loose"."""
    return "close" if score >= CLOSE_MATCH else "loose"


def escape_markdown(text: str | None) -> str:
    """``text`` as literal Markdown inline text: one line, every markup character escaped."""
    if not text:
        return ""
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    if m.group("mark"):
        return "\\" + m.group("mark")
    return m.group("number") + "\\" + m.group("dot")


def _article_line(label: str, article: ArticleLike) -> str:
    cells = [
        _side_label(label, article),
        escape_markdown(article.title) or "(untitled)",
        escape_markdown(article.outlet) or "unknown",
        escape_markdown(article.published) or "unknown",
    ]
    return "| " + " | ".join(cells) + " |"


def _side_label(label: str, article: ArticleLike) -> str:
    """A side as the report names it: "A (NYT)" for an outlet of the outlet table, else
    "A" (the table above names every outlet in full)."""
    from analysis.lexicon.outlets import known_outlet

    known = known_outlet(article.outlet)
    return f"{label} ({escape_markdown(known.short)})" if known else label


def _quote(label: str, ref: ClaimRef | None) -> str:
    if ref is None:
        return f"- **{label}:** (not reported)"
    return f"- **{label}:** {escape_markdown(ref.text)}"


def _row_block(number: int, row: AlignmentRow, labels: tuple[str, str]) -> list[str]:
    lines = [f"{number}. {match_strength(row.score)} match (similarity {row.score:.2f})"]
    if row.status in ("only_a", "only_b"):
        ref = row.a if row.status == "only_a" else row.b
        lines = [f"{number}. {escape_markdown(ref.text if ref else '')}"]
        return lines
    lines.append("   " + _quote(labels[0], row.a))
    lines.append("   " + _quote(labels[1], row.b))
    if row.reasons:
        lines.append("   - **Why:**")
        for reason in row.reasons:
            lines.append(f"     - *{reason.kind}*: {escape_markdown(reason.note)}{_sides(reason)}")
    return lines


def _sides(reason: Reason) -> str:
    """What each side states, after a reason's note: " (“a” vs “b”)", or " (B: “b”)".

    Nothing for details, whose notes say it, nor when the note already quotes
    the one side there is ("only B hedges (potentially)").
    """
    if reason.kind == "detail" or not (reason.a or reason.b):
        return ""
    if reason.a and reason.b:
        return f" (“{escape_markdown(reason.a)}” vs “{escape_markdown(reason.b)}”)"
    label, side = ("A", reason.a) if reason.a else ("B", reason.b)
    if side in reason.note:
        return ""
    return f" ({label}: “{escape_markdown(side)}”)"


def render_markdown(
    article_a: ArticleLike, article_b: ArticleLike, rows: Sequence[AlignmentRow]
) -> str:
    """The diff of two articles as a Markdown document (see the module docstring)."""
    labels = (_side_label("A", article_a), _side_label("B", article_b))
    out = [
        "# Claim diff",
        "",
        "| | Title | Outlet | Published |",
        "|---|---|---|---|",
        _article_line("A", article_a),
        _article_line("B", article_b),
        "",
        "## Summary",
        "",
    ]
    marks = {mark: sum(1 for r in rows if r.mark == mark) for mark, _, _ in _SECTIONS}
    for mark, title, _ in _SECTIONS:
        out.append(f"- {title}: {marks[mark]}")
    for mark, title, description in _SECTIONS:
        section = [r for r in rows if r.mark == mark]
        out += ["", f"## {title} ({len(section)})", "", f"*{description}*", ""]
        if not section:
            out.append("None.")
            continue
        for number, row in enumerate(section, 1):
            out += _row_block(number, row, labels)
    return "\n".join(out) + "\n"
