"""The loading loop shared by every reader: rows in, records and rejections out.

A :class:`Loader` turns a :class:`~greenprocure.io._source.Source` into
``cells`` dictionaries (field name → raw text) with the physical line where
each record starts, hands them to a converter, and keeps the count: every
row read is either accepted or rejected, never dropped.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Final, Generic, TypeVar, cast

import attrs

from greenprocure._fork import QUEUE_LIMIT
from greenprocure.errors import LoadError, RecordError
from greenprocure.i18n import N_, Message
from greenprocure.io._columns import Column, Layout, field_label, header_key
from greenprocure.io._csv import restore
from greenprocure.io._problems import problem as _problem
from greenprocure.io._result import LoadResult, LoadWarning, Problem, Rejection
from greenprocure.io._source import Source, SourceArg, open_source

__all__ = ["FORMATS", "Cells", "Context", "Converter", "Loader", "load"]

T = TypeVar("T")

#: Raw cells of one row: field → text; a structured value for JSON certificates.
Cells = dict[str, Any]
#: A row read: its first and last line, its cells (or, with problems None, the
#: record the fast path made of it) and its problems.
_Row = tuple[int, int, Any, "list[Problem] | None"]
#: Formats the readers accept.
FORMATS: Final = ("csv", "jsonl", "json")
_SUFFIXES: Final = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_PREAMBLE_LIMIT: Final = 10
#: The problems of a row that is a block of records (see ``fast_block``).
_BLOCK: Final[list[Problem]] = []
#: The size of the smallest pieces of a split file (see _piece_cuts)...
_PIECE_BYTES: Final = 1 << 20
#: ... or this part of the file, when that is larger: a long file is not
#: cut into more pieces than this (fewer than a shared queue hands out).
_MOST_PIECES: Final = 128


def _piece_cuts(body: int, parts: int) -> list[int]:
    """Where a file body of ``body`` bytes is cut into pieces for ``parts`` processes.

    The pieces get smaller towards the end (guided self-scheduling): each
    is what one of ``2 * parts`` would take of what is left, but never less
    than ``_PIECE_BYTES`` and a ``_MOST_PIECES``-th of the body, so that
    the process that takes the last piece does not work alone for long
    while the others wait (with equal pieces, that wait averaged half a
    piece). The last piece is less than twice the smallest size. A body
    shorter than ``2 * parts`` pieces of that size is cut into ``parts``
    equal pieces. Offsets, to be moved to the next line's start.
    """
    smallest = max(_PIECE_BYTES, body // _MOST_PIECES, 1)
    if body < 2 * parts * smallest:
        return [body * part // parts for part in range(1, parts)]
    cuts: list[int] = []
    start = 0
    while body - start >= 2 * smallest:
        start += max(smallest, (body - start) // (2 * parts))
        cuts.append(start)
    return cuts


def _joined(messages: Iterable[Message]) -> Message:
    """Messages shown one after another, separated by semicolons."""
    items = list(messages)
    joined = items[0]
    for item in items[1:]:
        joined = Message.of(N_("{first}; {second}"), first=joined, second=item)
    return joined


class Context:
    """What a converter may ask of its load: its result, and one-time warnings."""

    def __init__(self, result: LoadResult[Any]) -> None:
        self.result = result
        self._warned: set[str] = set()

    def warn_once(
        self, code: str, message: Message, line: int | None = None, *, key: str = ""
    ) -> None:
        """Record a warning the first time ``code`` (and ``key``) comes up."""
        seen = f"{code}\x00{key}"
        if seen not in self._warned:
            self._warned.add(seen)
            self.result.warnings.append(LoadWarning(code, message, line))


#: Converts one row's cells (and its line) into a record or its problems.
Converter = Callable[[Cells, int], "T | list[Problem]"]


def _format_of(source: Source, format: str | None) -> str:
    if format is not None:
        if format not in FORMATS:
            raise LoadError(
                N_("unknown format {format!r}: choose one of {formats}"),
                format=format,
                formats=", ".join(FORMATS),
            )
        return format
    first = source.head_text.lstrip()[:1]
    by_name = _SUFFIXES.get(PurePath(source.name).suffix.lower())
    if by_name in ("json", "jsonl") or by_name is None:
        if first == "{":
            return "jsonl"
        if first == "[":
            return "json"
    return by_name or "csv"


def _delimiter(head: str) -> str:
    for line in head.splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in (",", "\t", ";")}
            best = max(counts, key=lambda d: (counts[d], d == ","))
            return best if counts[best] else ","
    return ","


class Loader(Generic[T]):
    """One load of one file."""

    def __init__(
        self,
        source_arg: SourceArg,
        *,
        columns: Sequence[Column],
        ignored: Sequence[str],
        make_converter: Callable[[Context], Converter[T]],
        format: str | None,
        encoding: str | None,
        delimiter: str | None,
        column_map: Mapping[str, str | None] | None,
        strict: bool,
        lazy: bool,
        progress: Callable[[int], None] | None,
        progress_every: int,
        own_code_only: bool = False,
    ) -> None:
        self.columns = columns
        self.ignored = ignored
        self.column_map = column_map
        self.strict = strict
        self.progress = progress
        self.progress_every = max(1, progress_every)
        self.source = open_source(source_arg, encoding)
        # What a part of the same file needs to be read the same way (see split).
        self._source_arg = source_arg
        self._part_options: dict[str, Any] = {
            "columns": columns,
            "ignored": ignored,
            "make_converter": make_converter,
            "format": format,
            "column_map": column_map,
            "progress_every": progress_every,
            "own_code_only": own_code_only,
        }
        self._simple_header = False
        try:
            self.format = _format_of(self.source, format)
            rows = self._csv_rows(delimiter) if self.format == "csv" else self._json_rows()
            self.result: LoadResult[T] = LoadResult(
                self._records(rows),
                source=self.source.name,
                encoding=self.source.encoding,
                format=self.format,
                lazy=lazy,
                close=self.source.close,
            )
            # No user code (a progress callback, a converter's user function)
            # runs while this load is read: the library may pause the
            # garbage collector for it (see greenprocure._gc).
            self.result._own_code_only = own_code_only and progress is None
            # Blank lines are counted, not kept: a file may have millions.
            self.blank_count = 0
            self.first_blank = 0
            self.context = Context(self.result)
            self.convert = make_converter(self.context)
            # Read the header now: a file that cannot be read fails at once,
            # even when the rows are read lazily.
            self._header = next(rows)
            self.header_warnings = len(self.result.warnings)
            self.result._splitter = self.split
        except BaseException:
            self.source.close()
            raise

    def _blank(self, line: int) -> None:
        if not self.blank_count:
            self.first_blank = line
        self.blank_count += 1

    # -- the loop ----------------------------------------------------------------

    def _records(self, rows: Iterator[_Row]) -> Iterator[tuple[int, T]]:
        result = self.result
        convert = self.convert
        progress = self.progress
        every = self.progress_every
        for line, end, cells, problems in rows:
            if problems is _BLOCK:  # a block of records in columns
                before = result.read
                result.read += len(cells)
                result.accepted += len(cells)
                if progress is not None:
                    # Every multiple of ``every`` the block passed, as row by row.
                    for mark in range(before - before % every + every, result.read + 1, every):
                        progress(mark)
                yield line, cells
                continue
            result.read += 1
            if problems is None:  # converted on the fast path
                result.accepted += 1
                if progress is not None and result.read % every == 0:
                    progress(result.read)
                yield line, cells
                continue
            if not problems:
                record = convert(cells, line)
                if not isinstance(record, list):
                    result.accepted += 1
                    if progress is not None and result.read % every == 0:
                        progress(result.read)
                    yield line, record
                    continue
                problems = record
            rejection = Rejection(line, tuple(problems), end, str(cells.get("id", "")))
            if self.strict:
                raise _strict_error(self.source.name, rejection)
            result.rejected.append(rejection)
            if progress is not None and result.read % every == 0:
                progress(result.read)
        if self.blank_count:
            result.warnings.append(
                LoadWarning(
                    "blank-lines",
                    Message.of(
                        N_("{count} blank line(s) skipped, the first on line {line}"),
                        count=self.blank_count,
                        line=self.first_blank,
                    ),
                    self.first_blank,
                )
            )
        # The encoding is decided late when the first 64 KiB were plain ASCII.
        result.encoding = self.source.encoding
        if progress is not None:
            progress(result.read)

    # -- CSV ---------------------------------------------------------------------

    def _csv_rows(self, delimiter: str | None) -> Iterator[_Row]:
        source = self.source
        delimiter = delimiter or _delimiter(source.head_text)
        # strict: a quote left open to the end of the file, or text after a
        # closing quote, is an error (a rejected row) instead of silently
        # swallowing the rows that follow into one cell.
        reader = csv.reader(source.lines, delimiter=delimiter, strict=True)
        layout, pending = self._find_header(reader)
        self._simple_header = reader.line_num == 1 and not pending and layout.own
        yield 0, 0, {}, []  # the header has been read (see __init__)
        for start, end, row in pending:
            item = self._csv_row(layout, start, end, row)
            if item is not None:
                yield item
        fast = self._fast_converter(layout)
        block = getattr(self.convert, "fast_block", None) if fast is not None else None
        if not self.result.lazy and not getattr(self.convert, "eager_blocks", False):
            block = None  # an eager load takes only blocks of whole records (RecordBlock)
        if block is not None and delimiter == "," and self.result._blocks_wanted:
            source.want_raw()
        yield from self._csv_loop(reader, 0, layout, fast)
        # The rest of a UTF-8 file without quotes comes in raw blocks of whole lines.
        number = source.lines_read
        for data in source.raw_blocks():
            made = block(data, number + 1) if block is not None else None
            if made is not None:
                yield number + 1, number + len(made), made, _BLOCK
                number += len(made)
                continue
            if b'"' in data:
                # A quoted cell may run on into the next block: read the rest as text.
                reader = csv.reader(
                    source.decoded_from(data, number), delimiter=delimiter, strict=True
                )
                yield from self._csv_loop(reader, number, layout, fast)
                return
            lines = source.decode_block(data, number)
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            yield from self._csv_loop(reader, number, layout, fast)
            number += len(lines)

    def _csv_loop(
        self,
        reader: Any,
        offset: int,
        layout: Layout,
        fast: Callable[[list[str], int], Any] | None,
    ) -> Iterator[_Row]:
        """The rows of a CSV reader whose first line is line ``offset + 1``."""
        bad = self.source.bad_lines
        width = layout.width
        while True:
            start = offset + reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                end = offset + reader.line_num
                problems = [
                    _problem(
                        "row", "", "csv", N_("the row is not valid CSV: {error}"), error=str(error)
                    )
                ]
                if end > start:
                    problems.append(_spans(start, end))
                yield start, end, {}, problems
                continue
            end = offset + reader.line_num
            if fast is not None and end == start and len(row) == width and not bad:
                record = fast(row, start)
                if record is not None:
                    yield start, end, record, None
                    continue
            item = self._csv_row(layout, start, end, row)
            if item is not None:
                yield item

    def split(self, parts: int) -> _Split | None:
        """This lazy load as pieces of its file for ``parts`` processes (None: it cannot split).

        A long file is cut into more pieces than processes, smaller towards
        the end (see :func:`_piece_cuts`), so that a process slowed down by
        the machine takes fewer of them and none is left working alone for
        long at the end.

        A file splits when every row is one line and the rows can be read
        anywhere: a UTF-8 file (by name) in the library's own layout with
        commas, its header on line 1, read without the duplicate-id check,
        strictness or progress callbacks; and no quote anywhere, which the
        parts find out as they read (:meth:`_Split.whole`).
        """
        source_arg = self._source_arg
        if (
            parts < 2
            or not isinstance(source_arg, (str, os.PathLike))
            or self.format != "csv"
            or not self._simple_header
            or self.strict
            or self.progress is not None
            or getattr(self.convert, "check_duplicates", True) is not False
            or getattr(self.convert, "fast_block", None) is None
            or self.source.encoding not in ("utf-8", "utf-8-sig")
            or not self.source.decided
            or _delimiter(self.source.head_text) != ","
        ):
            return None
        path = os.fspath(source_arg)
        with open(path, "rb") as handle:
            prefix = handle.readline()
            size = os.fstat(handle.fileno()).st_size
            if not prefix.endswith(b"\n") or size <= len(prefix):
                return None
            # A quoted cell may hold a line break, so a piece could start inside
            # one: the pieces look out for quotes as they read (_Part.quoted),
            # and a file with any is then read whole (see _Split.whole).
            body = size - len(prefix)
            bounds = [len(prefix)]
            for cut in _piece_cuts(body, parts)[: QUEUE_LIMIT - 1]:  # what a queue hands out
                handle.seek(len(prefix) + cut)
                handle.readline()
                if handle.tell() > bounds[-1] and handle.tell() < size:
                    bounds.append(handle.tell())
            bounds.append(size)
        if len(bounds) < 3:
            return None
        return _Split(self, path, prefix, bounds, parts)

    def _fast_converter(self, layout: Layout) -> Callable[[list[str], int], Any] | None:
        """The converter's fast path, if it has one and the file is in its exact layout.

        A converter may offer ``fast_row(row, line)`` for the library's own
        layout (its ``fast_fields``, in order): it returns the record of a
        plain row or None, and a row it declines takes the general path.
        Rows that span lines, have another number of cells or come after a
        line that did not decode always take the general path.
        """
        fast = getattr(self.convert, "fast_row", None)
        fields = getattr(self.convert, "fast_fields", None)
        if fast is None or fields is None or not layout.own or layout.width != len(fields):
            return None
        if layout.index != {field: position for position, field in enumerate(fields)}:
            return None
        return cast(Callable[[list[str], int], Any], fast)

    def _csv_row(
        self, layout: Layout, start: int, end: int, row: list[str]
    ) -> tuple[int, int, Cells, list[Problem]] | None:
        if not any(cell.strip() for cell in row):
            self._blank(start)
            return None
        if layout.own:
            cells = {
                field: restore(row[i].strip()) if i < len(row) else ""
                for field, i in layout.index.items()
            }
        else:
            cells = {
                field: row[i].strip() if i < len(row) else "" for field, i in layout.index.items()
            }
        problems: list[Problem] = []
        bad = self.source.bad_lines
        if bad and any(number in bad for number in range(start, end + 1)):
            problems.append(
                _problem(
                    "row",
                    ",".join(row),
                    "encoding",
                    N_(
                        "the row is not valid {encoding}: is the file in another encoding?"
                        " (give the encoding, e.g. cp949 or utf-8)"
                    ),
                    encoding=self.source.encoding,
                )
            )
        width = layout.width
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            problems.append(
                _problem(
                    "row",
                    ",".join(row),
                    "column-count",
                    N_(
                        "the row has {cells} cells but the header has {columns}: an unquoted"
                        " comma (as in 1,234,000) splits a cell; quote such cells"
                    ),
                    cells=len(row),
                    columns=width,
                )
            )
        if end > start and problems:
            problems.append(_spans(start, end))
        return start, end, cells, problems

    def _find_header(self, reader: Any) -> tuple[Layout, list[tuple[int, int, list[str]]]]:
        """The header row, and the records read after it while looking for it.

        The header is the first non-blank record, unless a title precedes it:
        Korean exports often put one (``2022년 녹색제품 구매실적``) above the
        header. When the first record names fewer than two known columns, the
        first of the next few records that names two or more is the header,
        and the records above it are reported in a warning.
        """
        seen: list[tuple[int, int, list[str]]] = []
        while len(seen) < _PREAMBLE_LIMIT:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise LoadError(
                    N_("{source}, line {line}: the header is not valid CSV: {error}"),
                    source=self.source.name,
                    line=start,
                    error=str(error),
                ) from None
            if not any(cell.strip() for cell in row):
                continue  # blank lines above the header are not rows
            seen.append((start, reader.line_num, row))
            if self._known(row) >= 2:
                break
        if not seen:
            raise LoadError(N_("{source} is empty: it has no header row"), source=self.source.name)
        chosen = next((i for i, (_s, _e, row) in enumerate(seen) if self._known(row) >= 2), 0)
        line, _end, header = seen[chosen]
        if line in self.source.bad_lines:
            raise LoadError(
                N_(
                    "{source}: the header (line {line}) is not valid {encoding}; the file may"
                    " be in another encoding (cp949 for Korean Excel exports)"
                ),
                source=self.source.name,
                line=line,
                encoding=self.source.encoding,
            )
        layout = Layout(self.columns, header, self.column_map, self.ignored)
        self.result.headers = {field: header[index] for field, index in layout.index.items()}
        self._report_layout(layout, header, line)
        if chosen:
            self.result.warnings.append(
                LoadWarning(
                    "preamble",
                    Message.of(
                        N_("lines {first} to {last} above the header were skipped: {text}"),
                        first=seen[0][0],
                        last=line - 1,
                        text=" / ".join(
                            ",".join(cell for cell in row if cell.strip())
                            for _s, _e, row in seen[:chosen]
                        ),
                    ),
                    seen[0][0],
                )
            )
        return layout, seen[chosen + 1 :]

    def _known(self, row: Sequence[str]) -> int:
        known = {header_key(alias) for column in self.columns for alias in column.headers}
        known.update(header_key(header) for header in (self.column_map or {}))
        return sum(1 for cell in row if header_key(cell) in known)

    def _report_layout(self, layout: Layout, header: Sequence[str], line: int) -> None:
        if layout.missing:
            raise LoadError(
                N_("{source}: missing required column(s): {missing}; the header has: {found}"),
                source=self.source.name,
                missing=_joined(
                    Message.of(
                        N_("{label} (headers: {headers})"),
                        label=field_label(column.field),
                        headers=" / ".join(column.headers),
                    )
                    for column in layout.missing
                ),
                found=", ".join(header),
            )
        for position, name in layout.unknown:
            self.result.warnings.append(
                LoadWarning(
                    "unknown-column",
                    Message.of(
                        N_(
                            "column {position} {header!r} is not known and was not read"
                            " (map it with column_map / --column HEADER=FIELD)"
                        ),
                        position=position + 1,
                        header=name,
                    ),
                    line,
                )
            )
        for name, field, used in layout.repeated:
            self.result.warnings.append(
                LoadWarning(
                    "repeated-column",
                    Message.of(
                        N_("column {header!r} also means {field}; column {used!r} was read"),
                        header=name,
                        field=field,
                        used=used,
                    ),
                    line,
                )
            )

    # -- JSON --------------------------------------------------------------------

    def _json_rows(self) -> Iterator[_Row]:
        yield 0, 0, {}, []  # nothing to read ahead: JSON has no header
        aliases: dict[str, str | None] = {
            header_key(alias): column.field for column in self.columns for alias in column.headers
        }
        for header, field in (self.column_map or {}).items():
            aliases[header_key(header)] = field
        skip = {header_key(header) for header in self.ignored}
        keys: dict[str, str | None] = {}
        objects = self._json_objects() if self.format == "jsonl" else self._json_array()
        for start, end, value, problems in objects:
            if problems:
                yield start, end, {}, problems
                continue
            cells: Cells = {}
            row_problems: list[Problem] = []
            if not isinstance(value, dict):
                row_problems.append(
                    _problem(
                        "row",
                        _short(value),
                        "not-an-object",
                        N_("the record is not a JSON object with field names"),
                    )
                )
                yield start, end, cells, row_problems
                continue
            for key, raw in value.items():
                if key not in keys:
                    norm = header_key(str(key))
                    field = aliases.get(norm)
                    if field is None and norm not in aliases and norm not in skip:
                        self.context.warn_once(
                            "unknown-column",
                            Message.of(
                                N_(
                                    "field {header!r} is not known and was not read (map it"
                                    " with column_map / --column HEADER=FIELD)"
                                ),
                                header=key,
                            ),
                            start,
                            key=str(key),
                        )
                    keys[key] = field
                field = keys[key]
                if field is None or field in cells:
                    continue
                cell = _json_cell(field, raw)
                if cell is None:
                    row_problems.append(
                        _problem(
                            field,
                            _short(raw),
                            "bad-value",
                            N_("{field} must be text or a number, not {value}"),
                            field=field,
                            value=_short(raw),
                        )
                    )
                    continue
                cells[field] = cell
            for column in self.columns:
                if column.required and column.field not in cells:
                    row_problems.append(
                        _problem(
                            column.field,
                            "",
                            "missing-field",
                            N_("the record has no {field} ({headers})"),
                            field=column.field,
                            headers=" / ".join(column.headers),
                        )
                    )
            yield start, end, cells, row_problems

    def _json_objects(self) -> Iterator[tuple[int, int, Any, list[Problem]]]:
        bad = self.source.bad_lines
        for number, line in enumerate(self.source.lines, 1):
            if not line.strip():
                self._blank(number)
                continue
            if number in bad:
                yield (
                    number,
                    number,
                    None,
                    [
                        _problem(
                            "row",
                            line.strip(),
                            "encoding",
                            N_(
                                "the row is not valid {encoding}: is the file in another encoding?"
                                " (give the encoding, e.g. cp949 or utf-8)"
                            ),
                            encoding=self.source.encoding,
                        )
                    ],
                )
                continue
            try:
                value = json.loads(line, parse_float=Decimal)
            except ValueError as error:
                yield (
                    number,
                    number,
                    None,
                    [
                        _problem(
                            "row",
                            line.strip()[:200],
                            "json",
                            N_("the line is not valid JSON: {error}"),
                            error=str(error),
                        )
                    ],
                )
                continue
            yield number, number, value, []

    def _json_array(self) -> Iterator[tuple[int, int, Any, list[Problem]]]:
        # A JSON array has to be read whole; JSON Lines streams.
        text = "".join(self.source.lines)
        decoder = json.JSONDecoder(parse_float=Decimal)
        position = _skip(text, 0)
        if text[position : position + 1] != "[":
            raise LoadError(N_("{source} is not a JSON array of objects"), source=self.source.name)
        position = _skip(text, position + 1)
        line = 1 + text.count("\n", 0, position)
        counted = position
        if text[position : position + 1] == "]":
            return
        while True:
            line += text.count("\n", counted, position)
            counted = position
            try:
                value, after = decoder.raw_decode(text, position)
            except ValueError as error:
                raise LoadError(
                    N_("{source}, line {line}: not valid JSON: {error}"),
                    source=self.source.name,
                    line=line,
                    error=str(error),
                ) from None
            end = line + text.count("\n", position, after)
            problems: list[Problem] = []
            if any(number in self.source.bad_lines for number in range(line, end + 1)):
                problems.append(
                    _problem(
                        "row",
                        "",
                        "encoding",
                        N_(
                            "the row is not valid {encoding}: is the file in another encoding?"
                            " (give the encoding, e.g. cp949 or utf-8)"
                        ),
                        encoding=self.source.encoding,
                    )
                )
            yield line, end, value, problems
            position = _skip(text, after)
            mark = text[position : position + 1]
            if mark == "]":
                return
            if mark != ",":
                raise LoadError(
                    N_("{source}, line {line}: expected ',' or ']' after a record"),
                    source=self.source.name,
                    line=1 + text.count("\n", 0, position),
                )
            position = _skip(text, position + 1)


def _spans(start: int, end: int) -> Problem:
    return _problem(
        "row",
        "",
        "multi-line",
        N_("the record spans lines {start} to {end}: check for a quote that is not closed"),
        start=start,
        end=end,
    )


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n\ufeff":
        position += 1
    return position


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:199] + "…"


def _json_cell(field: str, raw: Any) -> Any:
    """A JSON value as the cell text the converters expect (None if it cannot be one)."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, Decimal):
        return format(raw, "f")  # 1.5e6 from JavaScript is 1500000, not "1.5E+6"
    if field == "certificate_number" and isinstance(raw, list):
        return raw  # structured claims: [{"scheme": ..., "number": ...}, ...]
    return None


def _strict_error(source: str, rejection: Rejection) -> RecordError:
    return RecordError(
        N_("{source}, line {line}, {field} {value!r}: {reason}"),
        source=source,
        line=rejection.line,
        field=rejection.field,
        value=rejection.value,
        reason=rejection.reason,
        code=rejection.code,
        record=rejection.record,
    )


class _Part:
    """Bytes ``start`` to ``end`` of a file, after ``prefix`` (its header line).

    The first read of some bytes returns the prefix alone (a short read):
    the piece's load reads the header as text, and then every row of the
    piece in raw blocks. ``quoted`` tells whether the part's bytes held a quote.
    """

    def __init__(self, path: str, prefix: bytes, start: int, end: int) -> None:
        self.name = path
        self._prefix = prefix
        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._file.seek(start)
        self._left = end - start
        self.quoted = False

    def read(self, size: int = -1) -> bytes:
        data = b""
        if self._prefix:
            if size > 0:  # the short read
                data, self._prefix = self._prefix[:size], self._prefix[size:]
                return data
            if size < 0:
                data, self._prefix = self._prefix, b""
        take = self._left if size < 0 else min(size, self._left)
        if take:
            more = self._file.read(take)
            self._left -= len(more)
            if b'"' in more:
                self.quoted = True
            data += more
        return data

    def close(self) -> None:
        self._file.close()


#: What a part's load sends back: rows read and accepted, rejections, row
#: warnings, blank lines and the first of them (line numbers of the part),
#: and whether its bytes held a quote.
_Summary = tuple[int, int, list[Rejection], list[LoadWarning], int, int, bool]


class _Split:
    """A lazy load read as pieces of its file by a few processes, then summed up.

    Each piece is read by a load of its own over the header line and the
    piece's bytes; its line numbers are shifted by the lines of the pieces
    before it when the pieces are summed up into the original load. The
    loads of one process share their converter's caches (see
    ``share_caches``): a piece does not pay to fill them again.
    """

    def __init__(
        self, loader: Loader[Any], path: str, prefix: bytes, bounds: list[int], workers: int
    ) -> None:
        self.loader = loader
        self.path = path
        self.prefix = prefix
        self.bounds = bounds
        #: How many pieces, and how many processes they are for.
        self.count = len(bounds) - 1
        self.workers = workers
        self._parts: dict[int, tuple[Loader[Any], _Part]] = {}
        # This process's last converter, whose caches the next piece takes.
        self._warm: Any = None

    def open(self, part: int) -> Iterator[Any]:
        """The records (and blocks of them) of piece ``part``."""
        stream = _Part(self.path, self.prefix, self.bounds[part], self.bounds[part + 1])
        options = self.loader._part_options
        loader: Loader[Any] = Loader(
            cast(Any, stream),
            encoding="utf-8",
            delimiter=",",
            strict=False,
            lazy=True,
            progress=None,
            **options,
        )
        self._parts[part] = (loader, stream)
        share = getattr(loader.convert, "share_caches", None)
        if share is not None:
            if self._warm is not None:
                share(self._warm)
            self._warm = loader.convert
        return loader.result.__greenprocure_blocks__()

    def summary(self, part: int) -> _Summary:
        """What piece ``part`` read, once its records have all been taken."""
        loader, stream = self._parts.pop(part)
        stream.close()
        result = loader.result
        warnings = [w for w in result.warnings[loader.header_warnings :] if w.code != "blank-lines"]
        return (
            result.read,
            result.accepted,
            result.rejected,
            warnings,
            loader.blank_count,
            loader.first_blank,
            stream.quoted,
        )

    def close(self) -> None:
        """Close the files of the pieces this process opened and did not finish (after an error)."""
        for _loader, stream in self._parts.values():
            stream.close()
        self._parts.clear()

    @staticmethod
    def whole(summaries: Sequence[_Summary]) -> bool:
        """Whether the pieces read the file as a whole load would (no quote in any piece).

        A quoted cell may hold a line break, so a piece may have started
        inside one: the file must then be read whole, in one process.
        """
        return not any(summary[6] for summary in summaries)

    def finish(self, summaries: Sequence[_Summary]) -> None:
        """Sum the pieces up (``summaries`` in file order) into the load, as if read whole."""
        result = self.loader.result
        result._start()
        result._rows = iter(())  # never read: its pieces were
        offset = 0
        blanks = first_blank = 0
        seen: set[tuple[str, Message]] = set()
        for read, accepted, rejected, warnings, blank_count, first, _quoted in summaries:
            result.read += read
            result.accepted += accepted
            result.rejected.extend(
                attrs.evolve(item, line=item.line + offset, end_line=item.end_line + offset)
                for item in rejected
            )
            for warning in warnings:
                if (warning.code, warning.message) not in seen:
                    seen.add((warning.code, warning.message))
                    line = None if warning.line is None else warning.line + offset
                    result.warnings.append(attrs.evolve(warning, line=line))
            if blank_count:
                first_blank = first_blank or first + offset
                blanks += blank_count
            offset += read + blank_count
        if blanks:
            result.warnings.append(
                LoadWarning(
                    "blank-lines",
                    Message.of(
                        N_("{count} blank line(s) skipped, the first on line {line}"),
                        count=blanks,
                        line=first_blank,
                    ),
                    first_blank,
                )
            )
        result.complete = True
        result.close()


def load(loader: Loader[T], lazy: bool) -> LoadResult[T]:
    """The loader's result, read whole unless ``lazy``."""
    if not lazy:
        loader.result._load_all()
    return loader.result
