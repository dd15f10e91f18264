"""Where the writers write: a new file at a path, or a file the caller opened."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["Target", "text_output"]

#: What the writers accept: a path, or an open file (text or binary).
Target = str | os.PathLike[str] | IO[Any]


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
