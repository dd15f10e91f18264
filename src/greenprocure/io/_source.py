"""Opening what the user gives us and turning it into numbered text lines.

Files are read as bytes in blocks of about 64 KiB (lazy loads stay
streaming: at most one block is read ahead). A block is decoded whole when it
can be; one that does not decode is decoded **line by line**, so that one
line in the wrong encoding rejects one row instead of ending the load.
Lines are split where Python's universal newlines split them (``\\n``,
``\\r\\n`` and a lone ``\\r``), which is also where the :mod:`csv` module
expects them: line numbers are physical line numbers.
"""

from __future__ import annotations

import codecs
import io
import itertools
import os
import re
from collections.abc import Iterator
from typing import IO, Any, Final

from greenprocure.errors import LoadError
from greenprocure.i18n import N_, Message

__all__ = ["Source", "SourceArg", "normalise_encoding", "open_source"]

#: What the readers accept: a path, or an open file (binary or text).
SourceArg = str | os.PathLike[str] | IO[bytes] | IO[str]

_HEAD: Final = 64 * 1024
_BLOCK: Final = 64 * 1024
#: The size of a raw block. A block's columns are converted and counted
#: together, so a block costs less per row the more rows it holds; but all
#: of a block's cells (about six times its bytes as Python objects) are
#: walked column by column, so a block larger than a core's cache is read
#: from memory again at every pass. 64 KiB (about 700 rows, 0.4 MB of
#: cells) was fastest on a 1 MiB L2 cache; 256 KiB took 12% longer there.
RAW_BLOCK = 64 * 1024
# Line breaks of str.splitlines that bytes.splitlines (and the csv module) do not break at.
_OTHER_BREAKS: Final = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BOM: Final = codecs.BOM_UTF8
_WIDE_BOMS: Final = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
_MAGIC: Final = (
    (b"PK\x03\x04", N_("a zip archive or an Excel workbook (.xlsx)")),
    (b"\xd0\xcf\x11\xe0", N_("an old Excel workbook (.xls)")),
    (b"%PDF", N_("a PDF document")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"\x89PNG", N_("an image")),
    (b"\xff\xd8\xff", N_("an image")),
)
_LONE_CR: Final = re.compile(r"(?<=\r)(?!\n)")

# Korean systems label the same code page several ways; CP949 is the
# superset that Windows and Excel actually write, so EUC-KR is read as CP949.
_ALIASES: Final = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf8sig": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "cp949": "cp949",
    "ms949": "cp949",
    "uhc": "cp949",
    "euckr": "cp949",
    "euc-kr": "cp949",
    "ksc5601": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc56011987": "cp949",
}


def normalise_encoding(encoding: str) -> str:
    """The codec name used for ``encoding`` (EUC-KR is read as its superset CP949).

    Raises:
        LoadError: Python knows no such encoding.
    """
    key = encoding.strip().lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    if key.replace("-", "") in _ALIASES:
        return _ALIASES[key.replace("-", "")]
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise LoadError(N_("unknown encoding {encoding!r}"), encoding=encoding) from None


class Source:
    """Decoded physical lines of one input, with the lines that failed to decode."""

    def __init__(
        self,
        lines: Iterator[str],
        *,
        name: str,
        encoding: str,
        head_text: str,
        handle: IO[Any] | None,
    ) -> None:
        self.lines = lines
        self.name = name
        self.encoding = encoding
        #: The start of the text, for sniffing the format and delimiter.
        self.head_text = head_text
        #: Physical line numbers (1-based) that were not valid in the encoding.
        self.bad_lines: set[int] = set()
        #: Physical lines decoded so far (of a binary file).
        self.lines_read = 0
        #: False while a binary file's encoding is not known yet (ASCII so far).
        self.decided = False
        self._handle = handle
        self._blocks: Iterator[bytes] = iter(())
        self._raw_wanted = False
        self._raw = False

    def want_raw(self) -> None:
        """Ask for the rest of a UTF-8 file as raw blocks of whole lines.

        The decoded :attr:`lines` then end after the block being read when
        the file allows it (UTF-8, no quote so far); :meth:`raw_blocks` has
        the rest. When it does not, the lines go on to the end as usual.
        """
        self._raw_wanted = True

    def raw_blocks(self) -> Iterator[bytes]:
        """The rest of the file in blocks of whole lines, once :attr:`lines` ended early."""
        return self._blocks if self._raw else iter(())

    def decode_block(self, block: bytes, number: int) -> list[str]:
        """The physical lines of a raw block that comes after ``number`` lines."""
        return _decode_block(self, block, number, "utf-8", False)[0]

    def decoded_from(self, block: bytes, number: int) -> Iterator[str]:
        """The lines of a raw block and of every block after it, decoded."""

        def lines() -> Iterator[list[str]]:
            count = number
            for item in itertools.chain((block,), self._blocks):
                decoded = self.decode_block(item, count)
                count += len(decoded)
                yield decoded

        return itertools.chain.from_iterable(lines())

    def close(self) -> None:
        """Close the file if the source opened it."""
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()


def _name_of(source: object) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def _split_cr(line: str) -> list[str]:
    return _LONE_CR.split(line)


def _text_lines(first: str, stream: IO[str]) -> Iterator[str]:
    def raw() -> Iterator[str]:
        if first:
            yield first
        yield from stream

    for line in raw():
        if "\r" in line and not (line.count("\r") == 1 and line.endswith("\r\n")):
            yield from (part for part in _split_cr(line) if part)
        else:
            yield line


def _is_text(stream: object) -> bool:
    if isinstance(stream, io.TextIOBase):
        return True
    read = getattr(stream, "read", None)
    return callable(read) and isinstance(read(0), str)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _errors(data: bytes, encoding: str) -> int:
    return codecs.getincrementaldecoder(encoding)("replace").decode(data).count("\ufffd")


def _refuse_binary(head: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise LoadError(
                N_("{source} is not a CSV or JSON text file: it looks like {kind}; save it as CSV"),
                source=name,
                kind=Message.of(kind),
            )
    for bom in _WIDE_BOMS:
        if head.startswith(bom):
            raise LoadError(
                N_(
                    "{source} is in UTF-16 or UTF-32, which is not supported:"
                    " save it as CSV in UTF-8 or CP949"
                ),
                source=name,
            )
    # A stray NUL in a cell is text; a NUL in the header, or many NULs, is a
    # binary file (or UTF-16 without a byte order mark).
    first_line = head.split(b"\n", 1)[0]
    if b"\x00" in first_line or head.count(b"\x00") * 8 > len(head):
        raise LoadError(
            N_("{source} is not a text file (it contains NUL bytes): save it as CSV"),
            source=name,
        )


def _detect(head: bytes) -> tuple[str, bool]:
    """The encoding of ``head`` and whether it was undecided (pure ASCII so far)."""
    if head.startswith(_BOM):
        return "utf-8-sig", False
    if head.isascii():
        return "utf-8", True
    if _decodes(head, "utf-8"):
        return "utf-8", False
    if _decodes(head, "cp949"):
        return "cp949", False
    # Neither decodes cleanly: keep the one with fewer bad characters; the
    # lines that do not decode are rejected one by one.
    return ("cp949", False) if _errors(head, "cp949") < _errors(head, "utf-8") else ("utf-8", False)


def open_source(source: SourceArg, encoding: str | None) -> Source:
    """Open ``source`` and decode it line by line.

    Args:
        source: a path, a binary file or a text file.
        encoding: the encoding, or None to detect UTF-8 (with or without a
            byte order mark) or CP949/EUC-KR from the first 64 KiB.

    Raises:
        LoadError: the file is binary (zip, Excel, PDF, NUL bytes), UTF-16,
            or ``encoding`` is unknown.
        OSError: the file cannot be opened.
    """
    name = _name_of(source)
    codec = normalise_encoding(encoding) if encoding is not None else None
    handle: IO[Any] | None = None
    if isinstance(source, (str, os.PathLike)):
        stream: IO[Any] = open(source, "rb")  # noqa: SIM115 - closed by Source.close
        handle = stream
    else:
        stream = source
    try:
        if _is_text(stream):
            first = stream.readline().lstrip("\ufeff")
            return Source(
                _text_lines(first, stream),
                name=name,
                encoding=getattr(stream, "encoding", None) or "text",
                head_text=first,
                handle=handle,
            )
        head = stream.read(_HEAD)
        if not isinstance(head, bytes):
            raise LoadError(N_("{source} is neither a binary nor a text file"), source=name)
        _refuse_binary(head, name)
        undecided = False
        if codec is None:
            codec, undecided = _detect(head)
        elif codec == "utf-8" and head.startswith(_BOM):
            codec = "utf-8-sig"
        result = Source(iter(()), name=name, encoding=codec, head_text="", handle=handle)
        result.decided = not undecided
        result.lines = itertools.chain.from_iterable(
            _decoded(result, head, stream, codec, undecided)
        )
        result.head_text = head.decode(
            "utf-8" if codec == "utf-8-sig" else codec, errors="replace"
        ).lstrip("\ufeff")
        return result
    except BaseException:
        if handle is not None:
            handle.close()
        raise


def _byte_blocks(head: bytes, stream: IO[bytes], source: Source) -> Iterator[bytes]:
    """The bytes in blocks, each ending just after a ``\\n`` (but the last).

    The first block is the head's whole lines (so that raw blocks, when
    wanted, start as early as they can); then blocks are about 64 KiB while
    the lines are decoded, and about ``RAW_BLOCK`` once raw blocks are read
    (:meth:`Source.want_raw`).
    """
    pending = head
    cut = pending.rfind(b"\n") + 1
    if cut:
        yield pending[:cut]
        pending = pending[cut:]
    while True:
        data = stream.read(RAW_BLOCK if source._raw else _BLOCK)
        if not data:
            break
        pending += data
        cut = pending.rfind(b"\n") + 1
        if cut:
            yield pending[:cut]
            pending = pending[cut:]
    if pending:
        yield pending


def _decode_block(
    source: Source, block: bytes, number: int, codec: str, undecided: bool
) -> tuple[list[str], str, bool]:
    """One block's decoded physical lines, its codec and whether it is still undecided.

    A block that decodes whole and has no line break but ``\\n`` and
    ``\\r\\n`` is split as text (all in C); any other block is split and
    decoded line by line, as ``bytes.splitlines`` splits, so that line
    numbers stay physical and a line in the wrong encoding is only that
    line (its number, counted from ``number`` lines before the block, goes
    to ``source.bad_lines``).
    """
    if not undecided or block.isascii():
        try:
            text = block.decode(codec)
        except UnicodeDecodeError:
            pass
        else:
            if block.count(b"\r") == block.count(b"\r\n") and not _OTHER_BREAKS.search(text):
                return text.splitlines(keepends=True), codec, undecided
    decoded: list[str] = []
    for raw in block.splitlines(keepends=True):
        number += 1
        if undecided and not raw.isascii():
            # Everything so far was ASCII, which UTF-8 and CP949 share: the
            # first line that is not decides, and nothing read is misread.
            undecided = False
            if not _decodes(raw, "utf-8") and _decodes(raw, "cp949"):
                codec = source.encoding = "cp949"
        try:
            decoded.append(raw.decode(codec))
        except UnicodeDecodeError:
            source.bad_lines.add(number)
            decoded.append(raw.decode(codec, errors="replace"))
    return decoded, codec, undecided


def _decoded(
    source: Source, head: bytes, stream: IO[bytes], codec: str, undecided: bool
) -> Iterator[list[str]]:
    """The decoded physical lines, one list per block.

    When the reader has asked for raw bytes (:meth:`Source.want_raw`), the
    lines stop after the block being read, if the file is UTF-8 and nothing
    so far had a quote (so that no row runs on into the next block); the
    rest is then read with :meth:`Source.raw_blocks`.
    """
    if codec == "utf-8-sig":
        head = head[len(_BOM) :]
        codec = "utf-8"
    blocks = _byte_blocks(head, stream, source)
    source._blocks = blocks
    number = 0  # physical lines before this block
    quoted = False
    for block in blocks:
        quoted = quoted or b'"' in block
        lines, codec, undecided = _decode_block(source, block, number, codec, undecided)
        number += len(lines)
        source.lines_read = number
        yield lines
        if source._raw_wanted and codec == "utf-8" and not undecided and not quoted:
            source._raw = True
            return
