"""What a load returns: the accepted records, every rejected row, and warnings."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, Generic, TypeVar, cast

import attrs

from greenprocure._gc import paused_gc
from greenprocure.errors import LoadError
from greenprocure.i18n import N_, Message

__all__ = ["LoadResult", "LoadWarning", "Problem", "Rejection"]

T = TypeVar("T")


@attrs.frozen
class Problem:
    """One thing wrong with one field of a row.

    Attributes:
        field: the library's field name (``"amount"``), or ``"row"`` for a
            problem with the whole row (wrong number of cells, bad encoding).
        value: the raw cell as read (after the file's decoding).
        code: a stable reason code (``"ambiguous-amount"``); see
            :data:`greenprocure.io.REASON_CODES`.
        reason: the translatable reason.
    """

    field: str
    value: str
    code: str
    reason: Message


@attrs.frozen
class Rejection:
    """A row that was read but not accepted, with every problem found in it.

    Attributes:
        line: the physical line (1-based, counting the header) where the
            record starts; a record with quoted newlines spans several lines.
        problems: what is wrong, at least one entry, in column order.
        end_line: the last physical line of the record.
        record: the record's id, when it could be read.
    """

    line: int
    problems: tuple[Problem, ...]
    end_line: int = 0
    record: str = ""

    @property
    def field(self) -> str:
        """The field of the first problem."""
        return self.problems[0].field

    @property
    def value(self) -> str:
        """The raw value of the first problem."""
        return self.problems[0].value

    @property
    def code(self) -> str:
        """The reason code of the first problem."""
        return self.problems[0].code

    @property
    def reason(self) -> Message:
        """The reason of the first problem."""
        return self.problems[0].reason

    def render(self, locale: str = "en") -> str:
        """One line per problem: ``line 4, amount '1.234.000': <reason>``."""
        return "\n".join(
            Message.of(
                N_("line {line}, {field} {value!r}: {reason}"),
                line=self.line,
                field=problem.field,
                value=problem.value,
                reason=problem.reason,
            ).render(locale)
            for problem in self.problems
        )


@attrs.frozen
class LoadWarning:
    """Something worth knowing about a load that rejected nothing by itself.

    Attributes:
        code: a stable code (``"unknown-column"``, ``"blank-lines"``, ...).
        message: the translatable text.
        line: the line it concerns, if one.
    """

    code: str
    message: Message
    line: int | None = None

    def render(self, locale: str = "en") -> str:
        """The warning's text in ``locale``."""
        return self.message.render(locale)


class RecordBlock(list):  # type: ignore[type-arg]
    """The records of consecutive lines, one per line (private).

    What a converter's ``fast_block`` returns when its records need no
    columns of their own (certificates): an eager load takes them whole.
    """

    __slots__ = ()


class LoadResult(Generic[T]):
    """The outcome of reading a file: records, rejections, warnings, counts.

    ``read == accepted + len(rejected)`` always holds for a complete load.

    An **eager** result (the default) has read the whole file: :attr:`records`
    holds the accepted records in file order. A **lazy** result
    (``lazy=True``) reads as you iterate over it: each record is yielded as
    soon as its row is accepted, and the counts, rejections and warnings
    grow as the file is read; they are complete once :attr:`complete` is
    True, which happens when the iteration is exhausted. A lazy result can
    be iterated once; use it as a context manager (or call :meth:`close`)
    to release the file if you stop early.

    Example:
        >>> import io
        >>> from greenprocure.io import as_given, read_purchases
        >>> data = io.StringIO(
        ...     "id,buyer,date,amount\\n"
        ...     "p1,4812000000,2022-03-01,\\"1,234,000원\\"\\n"
        ...     "p2,4812000000,2022-02-30,5000\\n"
        ... )
        >>> result = read_purchases(data, buyers=as_given)
        >>> result.read, result.accepted, [(r.line, r.field, r.code) for r in result.rejected]
        (2, 1, [(3, 'date', 'no-such-date')])
        >>> result.records[0].amount
        Money('1234000', 'KRW')
    """

    def __init__(
        self,
        rows: Iterator[tuple[int, T]],
        *,
        source: str,
        encoding: str,
        format: str,
        lazy: bool,
        close: Callable[[], None] | None = None,
    ) -> None:
        #: Where the records came from (a file name, or ``"<stream>"``).
        self.source = source
        #: The text encoding used (``"utf-8"``, ``"utf-8-sig"``, ``"cp949"``).
        self.encoding = encoding
        #: The format read (``"csv"``, ``"jsonl"`` or ``"json"``).
        self.format = format
        #: True for a lazy result.
        self.lazy = lazy
        #: Field → the header as written in the file (CSV files), for messages.
        self.headers: dict[str, str] = {}
        #: Rows read so far (records, not counting the header or blank lines).
        self.read = 0
        #: Rows accepted so far.
        self.accepted = 0
        #: Every rejected row so far, in file order.
        self.rejected: list[Rejection] = []
        #: Warnings recorded so far.
        self.warnings: list[LoadWarning] = []
        #: True once every row has been read.
        self.complete = False
        self._rows = rows
        self._close = close
        self._started = False
        # Set by __greenprocure_blocks__: the loader may hand over blocks of records.
        self._blocks_wanted = False
        # Set by a loader that can read its file in parts (see Loader.split).
        self._splitter: Any = None
        self._records: tuple[T, ...] = ()
        self._lines: tuple[int, ...] = ()
        # Set by a loader whose reading runs no user code (see Loader).
        self._own_code_only = False

    def _load_all(self) -> None:
        """Read every row now (for an eager result)."""
        records: list[T] = []
        lines: list[int] = []
        # A loader whose converter reads plain lines in blocks may hand over a
        # RecordBlock: the records of that many consecutive lines.
        self._blocks_wanted = True
        # Every record read stays: the garbage collector would walk them all
        # again and again as they pile up, and find no cycle (see _gc). Not
        # while user code (a progress callback, a buyer resolver) runs.
        with paused_gc() if self._own_code_only else contextlib.nullcontext():
            for line, record in self._stream():
                if type(record) is RecordBlock:
                    block = cast(RecordBlock, record)
                    lines.extend(range(line, line + len(block)))
                    records.extend(block)
                    continue
                lines.append(line)
                records.append(record)
        self._records = tuple(records)
        self._lines = tuple(lines)

    def _stream(self) -> Iterator[tuple[int, T]]:
        if self._started:
            raise LoadError(
                N_("the lazy load of {source} has already been read: load the file again"),
                source=self.source,
            )
        self._start()
        try:
            yield from self._rows
            self.complete = True
        finally:
            self.close()

    def _start(self) -> None:
        """Mark the rows as being read: they cannot be read again, nor in parts.

        The result lets go of its loader's splitter (a bound method), which
        refers back to the loader, which refers to this result: such a
        cycle would keep the result, its records and its caches alive until
        the garbage collector runs instead of freeing them as soon as
        nothing uses them.
        """
        self._started = True
        self._splitter = None

    @property
    def records(self) -> tuple[T, ...]:
        """The accepted records, in file order (eager results only).

        Raises:
            LoadError: the result is lazy; iterate over it instead.
        """
        if self.lazy:
            raise LoadError(
                N_("a lazy load of {source} has no list of records: iterate over it"),
                source=self.source,
            )
        return self._records

    @property
    def lines(self) -> tuple[int, ...]:
        """The line where each accepted record starts, parallel to :attr:`records`."""
        if self.lazy:
            raise LoadError(
                N_("a lazy load of {source} has no list of records: iterate over it"),
                source=self.source,
            )
        return self._lines

    def numbered(self) -> Iterator[tuple[int, T]]:
        """``(line, record)`` pairs: from memory when eager, from the file when lazy."""
        if self.lazy:
            return self._stream()
        return zip(self._lines, self._records, strict=True)

    def __iter__(self) -> Iterator[T]:
        for _line, record in self.numbered():
            yield record

    def __greenprocure_split__(self, parts: int) -> Any:
        """This lazy load as ``parts`` parts of its file, or None (for ``evaluate``).

        Private protocol, like :meth:`__greenprocure_blocks__`: the parts are
        read in separate processes and summed up into this result.
        """
        if not self.lazy or self._started or self._splitter is None:
            return None
        return self._splitter(parts)

    def __greenprocure_blocks__(self) -> Iterator[Any]:
        """The records, with runs of plain ones as blocks in columns (for ``evaluate``).

        Private protocol between the loaders and
        :func:`~greenprocure.evaluation.evaluate`: a lazy load not yet
        started reads the library's own CSV layout in blocks, which the
        evaluation counts without building a record per row; the counts,
        rejections and warnings are those of iterating over the result.
        Anything else is the same as iterating.
        """
        if not self.lazy or self._started:
            return iter(self)
        self._blocks_wanted = True
        return (record for _line, record in self._stream())

    @property
    def ok(self) -> bool:
        """True when the load is complete and rejected nothing."""
        return self.complete and not self.rejected

    def summary(self) -> Message:
        """``12 rows read: 9 accepted, 3 rejected`` as a translatable message."""
        return Message.of(
            N_("{read} rows read: {accepted} accepted, {rejected} rejected"),
            read=self.read,
            accepted=self.accepted,
            rejected=len(self.rejected),
        )

    def close(self) -> None:
        """Release the file, if this result opened it (safe to call twice)."""
        close, self._close = self._close, None
        if close is not None:
            close()

    def __enter__(self) -> LoadResult[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "complete" if self.complete else "in progress"
        return (
            f"<LoadResult {self.source!r} {self.format} {self.encoding}: read={self.read}"
            f" accepted={self.accepted} rejected={len(self.rejected)} ({state})>"
        )
