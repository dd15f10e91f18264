"""What every subcommand shares: options, output, exit codes."""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import IO, Final

import attrs

from greenprocure.errors import GreenprocureError
from greenprocure.i18n import DEFAULT_LOCALE, N_, SUPPORTED_LOCALES, translate

__all__ = [
    "EXIT_DATA",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROGRESS_DELAY",
    "Command",
    "Output",
    "RowsReadProgress",
    "UsageError",
    "add_common_options",
    "add_input_options",
    "column_map",
    "display_width",
    "markdown_table",
    "prescan_locale",
    "rows_read_progress",
    "text_table",
]

EXIT_OK: Final = 0
EXIT_DATA: Final = 1
EXIT_USAGE: Final = 2


class UsageError(GreenprocureError, ValueError):
    """The command line asks for something that cannot be done (exit status 2)."""


@attrs.frozen
class Command:
    """One subcommand.

    Attributes:
        name: the subcommand's name (``"report"``).
        help: a one-line message id shown in ``greenprocure --help``.
        formats: the output formats it accepts; the first is the default.
        configure: adds the subcommand's own arguments to its parser
            (``configure(parser, locale)``).
        run: carries it out (``run(args, output) -> exit status``).
        description: a longer message id shown in ``greenprocure NAME --help``.
        examples: command lines shown under "examples" in ``--help``.
    """

    name: str
    help: str
    formats: tuple[str, ...]
    configure: Callable[[argparse.ArgumentParser, str], None]
    run: Callable[[argparse.Namespace, Output], int]
    description: str = ""
    examples: tuple[str, ...] = ()


def prescan_locale(argv: Sequence[str], default: str = "en") -> str:
    """The ``--locale`` given on the command line, else ``default``.

    Help texts use the default English; error messages pass
    :data:`~greenprocure.i18n.DEFAULT_LOCALE`, the output's default.

    Example:
        >>> prescan_locale(["demo", "--locale=ko"]), prescan_locale(["demo"], default="ko")
        ('ko', 'ko')
    """
    for index, argument in enumerate(argv):
        if argument == "--locale" and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith("--locale="):
            value = argument.partition("=")[2]
        else:
            continue
        if value in SUPPORTED_LOCALES:
            return value
    return default


def add_common_options(
    parser: argparse.ArgumentParser, formats: Sequence[str], locale: str
) -> None:
    """Add ``--locale``, ``--format``, ``--output`` and ``--debug`` to a subcommand."""
    parser.add_argument(
        "--locale",
        choices=SUPPORTED_LOCALES,
        default=None,
        help=translate(
            N_("language of the output (default: {default})"), locale, default=DEFAULT_LOCALE
        ),
    )
    if formats:
        parser.add_argument(
            "--format",
            choices=tuple(formats),
            default=formats[0],
            help=translate(N_("output format (default: {default})"), locale, default=formats[0]),
        )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        default=None,
        help=translate(N_("write to FILE instead of standard output"), locale),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help=translate(N_("show the full traceback of an error"), locale),
    )


@attrs.define
class Output:
    """Where a subcommand writes: standard output or the ``--output`` file.

    An ``--output`` file is written to a temporary file beside it and renamed
    into place by :meth:`commit`, so that a command that fails leaves an
    existing file as it was. A CSV file gets a UTF-8 byte order mark, so that
    spreadsheets (Korean Excel among them) read it as UTF-8.
    """

    locale: str
    format: str
    stream: IO[str]
    _owned: bool = False
    _path: str | None = None
    _temporary: str | None = None
    written: bool = False
    _progress_open: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Output:
        """The output chosen by ``--output``, ``--locale`` and ``--format``.

        Raises:
            UsageError: the ``--output`` path is a directory or its directory
                does not exist or cannot be written.
        """
        path = getattr(args, "output", None)
        fmt = getattr(args, "format", "") or ""
        if not path or path == "-":
            return cls(args.locale, fmt, sys.stdout)
        if os.path.isdir(path):
            raise UsageError(N_("--output {path}: is a directory, not a file"), path=path)
        folder, name = os.path.split(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise UsageError(
                N_("--output {path}: no such directory: {folder}"), path=path, folder=folder
            )
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        try:
            stream = open(temporary, "x", encoding=encoding, newline="")  # noqa: SIM115
        except OSError as error:
            raise UsageError(
                N_("--output {path}: cannot write there: {reason}"),
                path=path,
                reason=error.strerror or str(error),
            ) from None
        return cls(args.locale, fmt, stream, owned=True, path=path, temporary=temporary)

    def write(self, text: str) -> None:
        """Write ``text``, adding a final newline if it has none."""
        self.written = True
        self.stream.write(text if text.endswith("\n") else text + "\n")

    def progress(self, message: str) -> None:
        """A progress line on standard error, only when it is a terminal.

        Each call overwrites the line; :meth:`end_progress` ends it.
        """
        if sys.stderr.isatty():
            print(f"\r{message}", end="", file=sys.stderr, flush=True)
            self._progress_open = True

    def end_progress(self) -> None:
        """End a progress line with a newline, so that what follows starts on its own line."""
        if self._progress_open:
            self._progress_open = False
            print(file=sys.stderr, flush=True)

    def close(self, *, commit: bool = True) -> None:
        """Finish writing: flush standard output, or close the ``--output`` file.

        With ``commit`` the file replaces the ``--output`` path; without, it is
        removed and an existing file at that path is left as it was.
        """
        if not self._owned:
            self.stream.flush()
            return
        self.stream.close()
        temporary, self._temporary = self._temporary, None
        if temporary is None or self._path is None:
            return
        if commit:
            os.replace(temporary, self._path)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


# -- tables -------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Hangul and other wide characters take two.

    Example:
        >>> display_width("서울 Seoul")
        10
        >>> display_width(unicodedata.normalize("NFD", "부산광역시"))
        10
    """
    width = 0
    for char in unicodedata.normalize("NFC", text):
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _wrap(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` columns, at spaces where possible."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if display_width(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:
                if display_width(line + char) > width and line:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int | None = None
) -> str:
    """A plain-text table whose columns line up, Hangul included.

    Cells wider than ``max_width`` columns are wrapped onto several lines.

    Example:
        >>> print(text_table(["지역", "n"], [["서울", "1"], ["Busan", "12"]]))
        지역   n
        -----  --
        서울   1
        Busan  12
    """
    wrapped = [
        [
            _wrap(nfc, max_width) if max_width else nfc.splitlines() or [""]
            for nfc in (unicodedata.normalize("NFC", cell) for cell in row)
        ]
        for row in [list(headers), *[list(row) for row in rows]]
    ]
    widths = [
        max(display_width(line) for row in wrapped for line in row[column])
        for column in range(len(headers))
    ]
    out: list[str] = []
    for index, row in enumerate(wrapped):
        for line_no in range(max(len(cell) for cell in row)):
            parts = []
            for column, cell in enumerate(row):
                line = cell[line_no] if line_no < len(cell) else ""
                parts.append(line + " " * (widths[column] - display_width(line)))
            out.append("  ".join(parts).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; ``|`` and line breaks inside cells are escaped.

    Example:
        >>> print(markdown_table(["a", "b"], [["x|y", "1"]]))
        | a | b |
        |---|---|
        | x\\|y | 1 |
    """

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", "<br>")

    lines = [
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)


# -- input files shared by the commands that read purchases ---------------------


def add_input_options(parser: argparse.ArgumentParser, locale: str) -> None:
    """The purchases file and how to read it: ``PURCHASES``, ``--certificates``,
    ``--encoding``, ``--certificates-encoding``, ``--column`` and ``--input-format``."""
    from greenprocure.io import PURCHASE_FIELDS
    from greenprocure.io._reader import FORMATS

    parser.add_argument(
        "purchases",
        metavar="PURCHASES",
        help=translate(N_("the purchases file (CSV, JSON Lines or a JSON array)"), locale),
    )
    parser.add_argument(
        "--certificates",
        metavar="FILE",
        help=translate(
            N_(
                "a certificate list (the library's layout or KEITI's eco-label list)"
                " to check the purchases' claims against"
            ),
            locale,
        ),
    )
    parser.add_argument(
        "--encoding",
        metavar="ENC",
        help=translate(
            N_("the purchases file's encoding (default: detect UTF-8 or CP949)"), locale
        ),
    )
    parser.add_argument(
        "--certificates-encoding",
        metavar="ENC",
        help=translate(
            N_("the certificate list's encoding (default: detect UTF-8 or CP949)"), locale
        ),
    )
    parser.add_argument(
        "--column",
        metavar="HEADER=FIELD",
        action="append",
        default=[],
        help=translate(
            N_(
                "read the column HEADER as FIELD (repeatable; an empty FIELD ignores the column);"
                " purchase fields: {fields}"
            ),
            locale,
            fields=", ".join(PURCHASE_FIELDS),
        ),
    )
    parser.add_argument(
        "--input-format",
        choices=FORMATS,
        default=None,
        help=translate(N_("the purchases file's format (default: detect)"), locale),
    )


def column_map(pairs: Sequence[str]) -> dict[str, str | None]:
    """``--column HEADER=FIELD`` pairs as a ``column_map`` for the loaders.

    Example:
        >>> column_map(["구매처=buyer", "비고2="])
        {'구매처': 'buyer', '비고2': None}
    """
    from greenprocure.io import PURCHASE_FIELDS

    mapping: dict[str, str | None] = {}
    for pair in pairs:
        header, sep, field = pair.partition("=")
        if not sep or not header.strip():
            raise UsageError(
                N_("--column {value!r} is not HEADER=FIELD (e.g. --column 구매처=buyer)"),
                value=pair,
            )
        field = field.strip()
        if field and field not in PURCHASE_FIELDS:
            raise UsageError(
                N_(
                    "--column {value!r}: {field!r} is not a purchase field; the fields are {fields}"
                ),
                value=pair,
                field=field,
                fields=", ".join(PURCHASE_FIELDS),
            )
        mapping[header.strip()] = field or None
    return mapping


#: The clock progress is timed by (a name of its own, so that tests can replace it).
_monotonic: Callable[[], float] = time.monotonic

#: Seconds a load runs before its progress is shown.
PROGRESS_DELAY: Final = 2.0


class RowsReadProgress:
    """A progress callback for the loaders: "N rows read" on a terminal's stderr.

    Nothing is shown during the first :data:`PROGRESS_DELAY` seconds after
    it is made (a quick load stays silent), nor when standard error is not a
    terminal. Call :meth:`finish` when the load ends, before anything else
    is written to standard error: it ends the progress line.
    """

    def __init__(self, output: Output, delay: float = PROGRESS_DELAY) -> None:
        self._output = output
        self._delay = delay
        self._start = _monotonic()

    def __call__(self, rows: int) -> None:
        """Show that ``rows`` rows were read, once the load has taken long enough."""
        if _monotonic() - self._start < self._delay:
            return
        self._output.progress(translate(N_("{rows} rows read"), self._output.locale, rows=rows))

    def finish(self) -> None:
        """End the progress line (if one was shown) with a newline."""
        self._output.end_progress()


def rows_read_progress(output: Output) -> RowsReadProgress:
    """A :class:`RowsReadProgress` on ``output``, timed from now."""
    return RowsReadProgress(output)
