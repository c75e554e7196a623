"""Reasons in words, for either order of the sides: one place for the CLI, the report and the app.

A :class:`~analysis.model.Reason` keeps what differed as data: its kind, what
each side states (``a``, ``b``), the difference and its unit where there is
one, and a note whose sides are placeholders: ``{A}`` and ``{B}`` stand for
the sides' names, ``{a}`` and ``{b}`` for what each states. :func:`describe`
fills them with the names a screen uses ("NYT", "Fox"; "A", "B" by default),
and :func:`swapped` gives the same reason seen from the other side, so a diff
shown the other way round is re-worded, never recomputed.

No Textual here: the command line and the Markdown report use it too.
"""

from __future__ import annotations

from dataclasses import replace

from analysis.model import AlignmentRow, Reason

_SWAP = {"{A}": "{B}", "{B}": "{A}", "{a}": "{b}", "{b}": "{a}", "{av}": "{bv}", "{bv}": "{av}"}


# The two sides' values compared, always in the order the sides are shown.
_VS = "{av} vs {bv}"
_VS_FLIPPED = "{bv} vs {av}"


def escape(text: str) -> str:
    """``text`` made safe to stand in a template (its braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


def describe(reason: Reason, first: str = "A", second: str = "B") -> str:
    """The reason in words, with the sides called ``first`` and ``second``."""
    return reason.worded(first, second)


def _swap_template(template: str) -> str:
    out = []
    i = 0
    while i < len(template):
        if template.startswith(("{{", "}}"), i):
            out.append(template[i : i + 2])
            i += 2
            continue
        for key, other in _SWAP.items():
            if template.startswith(key, i):
                out.append(other)
                i += len(key)
                break
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


def swapped(reason: Reason) -> Reason:
    """The same reason with the sides exchanged (worded anew, nothing recomputed).

    Every placeholder changes side with the values; "X vs Y" of the two sides'
    values is then put back in the order the sides are shown.
    """
    template = _swap_template(reason.template).replace(_VS_FLIPPED, _VS)
    return Reason(
        kind=reason.kind,
        a=reason.b,
        b=reason.a,
        template=template,
        a_value=reason.b_value,
        b_value=reason.a_value,
        difference=reason.difference,
        unit=reason.unit,
    )


def swap_row(row: AlignmentRow) -> AlignmentRow:
    """A diff row seen from the other side: sides, status and reasons exchanged."""
    status = {"only_a": "only_b", "only_b": "only_a"}.get(row.status, row.status)
    return replace(
        row,
        status=status,  # type: ignore[arg-type]
        a=row.b,
        b=row.a,
        reasons=tuple(swapped(r) for r in row.reasons),
    )
