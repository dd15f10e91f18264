"""Where the writers write: a new file at a path, or a file the caller opened."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import IO, Any, Final

__all__ = ["Target", "output_format", "text_output"]

#: What the writers accept: a path, or an open file (text or binary).
Target = str | os.PathLike[str] | IO[Any]


#: Suffixes that mean JSON Lines; every other path is written as CSV.
_JSONL_SUFFIXES: Final = frozenset({".jsonl", ".json-lines", ".ndjson"})


def output_format(target: Target, format: str | None) -> str:
    """The format to write ``target`` in: ``format`` if given, else by the path's suffix.

    ``.jsonl``, ``.json-lines`` and ``.ndjson`` paths get ``"jsonl"``; other
    paths and open files get ``"csv"``. An explicit ``format`` always wins.

    Raises:
        ValueError: ``format`` is neither ``"csv"`` nor ``"jsonl"``.

    Example:
        >>> output_format("p.jsonl", None), output_format("p.CSV", None)
        ('jsonl', 'csv')
        >>> output_format("p.jsonl", "csv")
        'csv'
    """
    if format is None:
        if isinstance(target, (str, os.PathLike)):
            suffix = PurePath(os.fspath(target)).suffix.lower()
            return "jsonl" if suffix in _JSONL_SUFFIXES else "csv"
        return "csv"
    if format not in ("csv", "jsonl"):
        raise ValueError(f"unknown format {format!r}: choose 'csv' or 'jsonl'")
    return format


def _is_binary(target: object) -> bool:
    if isinstance(target, io.TextIOBase):
        return False
    if isinstance(target, (io.RawIOBase, io.BufferedIOBase)):
        return True
    return "b" in str(getattr(target, "mode", ""))


@contextmanager
def text_output(target: Target, encoding: str) -> Iterator[IO[str]]:
    """A text stream on ``target``; a path is created (or replaced) in ``encoding``."""
    if isinstance(target, (str, os.PathLike)):
        with open(target, "w", encoding=encoding, newline="") as handle:
            yield handle
    elif _is_binary(target):
        wrapper = io.TextIOWrapper(target, encoding=encoding, newline="")
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()
    else:
        yield target
