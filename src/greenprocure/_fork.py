"""Running a few tasks at once in forked processes (private).

Used by :func:`~greenprocure.evaluate` with ``workers=`` for a file that can
be read in pieces: the first task runs in this process, each other one in a
child forked from it (which shares the loaded library, rule set and
certificate list without copying them), and the children send their results
back pickled through a pipe. The tasks take the pieces from a
:func:`shared_queue`. Nothing here is used where ``os.fork`` is missing
(Windows) or while other threads run (forking them is unsafe).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["can_fork", "run_forked", "shared_queue"]

#: The most items a shared queue hands out (one byte each).
QUEUE_LIMIT = 256


def can_fork() -> bool:
    """True when tasks may run in forked children here and now."""
    return hasattr(os, "fork") and threading.active_count() == 1


@contextlib.contextmanager
def shared_queue(count: int) -> Iterator[Callable[[], Iterator[int]]]:
    """The numbers ``0`` to ``count - 1``, each handed out once, to whichever process asks first.

    Yields ``take``: ``take()`` iterates over the numbers this process gets,
    in increasing order, until none is left. The queue is a pipe holding
    one byte per number, filled before any child is forked: the processes
    forked inside the ``with`` block share it, and a read of one byte from
    a pipe is atomic, so no number is handed out twice. A process that is
    slowed down (by the machine's other work) simply takes fewer.
    """
    if not 0 <= count <= QUEUE_LIMIT:
        raise ValueError(f"a shared queue holds 0 to {QUEUE_LIMIT} items, not {count}")
    read, write = os.pipe()
    try:
        os.write(write, bytes(range(count)))  # far below a pipe's buffer: never blocks
    finally:
        os.close(write)  # no writer left: an empty queue reads as the end

    def take() -> Iterator[int]:
        while got := os.read(read, 1):
            yield got[0]

    try:
        yield take
    finally:
        os.close(read)


def _child(task: Callable[[], Any], write: int) -> None:  # pragma: no cover - in the child
    try:
        try:
            payload = pickle.dumps((True, task()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # sent to the parent, which raises it
            try:
                payload = pickle.dumps((False, error), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                payload = pickle.dumps((False, RuntimeError(repr(error))))
        with os.fdopen(write, "wb") as out:
            out.write(payload)
    finally:
        os._exit(0)


def run_forked(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """The tasks' results in order: the first task here, the others in forked children.

    An exception of any task is raised here (the first one's first); the
    children are always waited for.

    Raises:
        RuntimeError: a child ended without sending its result.
    """
    children: list[tuple[int, int]] = []
    try:
        for task in tasks[1:]:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - in the child
                os.close(read)
                _child(task, write)
            os.close(write)
            children.append((pid, read))
        results = [tasks[0]()]
    except BaseException:
        for pid, read in children:
            os.close(read)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        raise
    failure: BaseException | None = None
    for pid, read in children:
        with os.fdopen(read, "rb") as incoming:
            data = incoming.read()
        try:
            # Unpickled while the child exits (the kernel frees its memory).
            outcome = pickle.loads(data) if data else None
        finally:
            os.waitpid(pid, 0)
        if outcome is None:
            failure = failure or RuntimeError("a worker process ended without its result")
            continue
        ok, value = outcome
        if ok:
            results.append(value)
        else:
            failure = failure or value
    if failure is not None:
        raise failure
    return results
