"""The store's one error: what went wrong, with which input, in one line."""

from __future__ import annotations


class StoreError(RuntimeError):
    """A store operation failed; the message names the input and the problem in one line."""


def one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return " ".join(text.split("\n")[0].split()) or type(exc).__name__
