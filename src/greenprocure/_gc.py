"""Pausing the cyclic garbage collector around the library's own bulk work (private)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the block runs, if it is on.

    Reference counting still frees every object as soon as nothing uses it;
    only the search for unreachable reference cycles waits until the block
    ends. It is used around the library's own bulk work, where no user code
    runs and no cycles are made but tens of thousands of objects are: there
    every collection walks all the objects alive (the certificate list, the
    caches) and finds nothing. A pause inside a pause leaves the collector
    to the outer one. Like :func:`gc.disable`, it holds for the whole process.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
