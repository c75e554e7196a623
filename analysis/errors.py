"""Errors that analysis raises for input it cannot use."""

from __future__ import annotations


class InputError(Exception):
    """An input file (or text) that cannot be imported, with a one-line reason."""

    def __init__(self, reason: str, name: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.name = name

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}" if self.name else self.reason
