"""Reading registry files (CSV or JSON) into records that know their line."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
from collections.abc import Iterable, Mapping
from typing import IO, Any, Final

import attrs

from greenprocure.errors import DataFileError, JurisdictionValueError
from greenprocure.i18n import N_, Message
from greenprocure.jurisdictions._model import Change, Jurisdiction, Kind, Level

__all__ = ["COLUMNS", "REQUIRED", "Located", "read_csv", "read_json"]

#: The columns of a registry file, in the order the package's own file uses.
COLUMNS: Final = (
    "code",
    "name_ko",
    "name_en",
    "level",
    "kind",
    "parent_code",
    "valid_from",
    "valid_until",
    "predecessors",
    "successors",
    "ended_by",
    "aliases",
    "agency_code",
)
#: The columns a registry file must have.
REQUIRED: Final = ("code", "name_ko", "name_en", "level", "kind", "parent_code", "valid_from")

Source = str | os.PathLike[str] | IO[str]


@attrs.frozen
class Located:
    """A record and where it was read (for error messages)."""

    record: Jurisdiction
    where: Message


def data_error(source: str, where: Message, problem: Message) -> DataFileError:
    """The error for a problem with one record of a registry file."""
    return DataFileError(
        N_("{source}, {where}: {problem}"), source=source, where=where, problem=problem
    )


def _problem(error: JurisdictionValueError) -> Message:
    return Message.of(error.msgid, **error.params)


def _text(source: Source) -> tuple[str, str]:
    """The text of ``source`` and a name for it in messages."""
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read(), os.path.basename(path)
    name = getattr(source, "name", None)
    text = source.read()
    return text.removeprefix("\ufeff"), os.path.basename(name) if isinstance(name, str) else (
        "<registry>"
    )


def _split(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(" ".join(str(item).split()) for item in value if str(item).strip())
    return tuple(" ".join(part.split()) for part in str(value).split(";") if part.strip())


def _date(value: str, field: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise JurisdictionValueError(
            N_("{field} {value!r} is not a date (YYYY-MM-DD)"), field=field, value=value
        ) from None


def parse_record(row: Mapping[str, Any]) -> Jurisdiction:
    """One record from a row of strings (CSV) or JSON values.

    Raises:
        JurisdictionValueError: a field is malformed.
    """

    def text(field: str) -> str:
        value = row.get(field)
        return "" if value is None else " ".join(str(value).split())

    level_text = text("level")
    try:
        level = Level(level_text.casefold())
    except ValueError:
        raise JurisdictionValueError(
            N_("level {value!r} is not metro or basic"), value=level_text
        ) from None
    ended_text = text("ended_by")
    ended_by = None
    if ended_text:
        try:
            ended_by = Change(ended_text.casefold())
        except ValueError:
            raise JurisdictionValueError(
                N_("ended_by {value!r} is not one of {choices}"),
                value=ended_text,
                choices=", ".join(change.value for change in Change),
            ) from None
    until = text("valid_until")
    return Jurisdiction(
        code=text("code"),
        name_ko=text("name_ko"),
        name_en=text("name_en"),
        level=level,
        kind=Kind.parse(text("kind")),
        parent_code=text("parent_code") or None,
        valid_from=_date(text("valid_from"), "valid_from"),
        valid_until=_date(until, "valid_until") if until else None,
        aliases=_split(row.get("aliases")),
        agency_code=text("agency_code") or None,
        predecessors=_split(row.get("predecessors")),
        successors=_split(row.get("successors")),
        ended_by=ended_by,
    )


def read_csv(source: Source) -> tuple[list[Located], dict[str, str], str]:
    """Records, metadata and the source's name from a registry CSV file.

    Lines starting with ``#`` are comments; those before the header of the
    form ``# key: value`` are metadata.

    Raises:
        DataFileError: naming the line and the problem.
    """
    text, name = _text(source)
    metadata: dict[str, str] = {}
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        if line.lstrip().startswith("#"):
            if not lines:
                key, sep, value = line.lstrip()[1:].partition(":")
                if sep and key.strip():
                    metadata[key.strip()] = value.strip()
            continue
        if not lines and not line.strip():
            continue
        lines.append((number, line))
    if not lines:
        raise data_error(name, Message.of(N_("line {line}"), line=1), Message.of(N_("no header")))
    reader = csv.reader(line for _, line in lines)
    header = [" ".join(column.split()).casefold() for column in next(reader)]
    header_where = Message.of(N_("line {line}"), line=lines[0][0])
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise data_error(
            name,
            header_where,
            Message.of(N_("missing columns: {columns}"), columns=", ".join(missing)),
        )
    located: list[Located] = []
    consumed = reader.line_num
    for row in reader:
        start = lines[consumed][0]
        consumed = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        where = Message.of(N_("line {line}"), line=start)
        if len(row) > len(header):
            raise data_error(
                name,
                where,
                Message.of(
                    N_("{count} cells where the header has {columns}"),
                    count=len(row),
                    columns=len(header),
                ),
            )
        values = dict(zip(header, row, strict=False))
        try:
            located.append(Located(parse_record(values), where))
        except JurisdictionValueError as error:
            raise data_error(name, where, _problem(error)) from None
    return located, metadata, name


def read_json(source: Source) -> tuple[list[Located], dict[str, str], str]:
    """Records, metadata and the source's name from a registry JSON file.

    The file holds ``{"metadata": {...}, "jurisdictions": [{...}, ...]}`` (or
    just the list), each object with the CSV columns as keys; lists may be
    JSON arrays or ``;``-separated strings.

    Raises:
        DataFileError: naming the entry (1-based) and the problem.
    """
    text, name = _text(source)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise data_error(
            name,
            Message.of(N_("line {line}"), line=error.lineno),
            Message.of(N_("not valid JSON: {reason}"), reason=error.msg),
        ) from None
    metadata: dict[str, str] = {}
    entries: Iterable[Any]
    if isinstance(document, Mapping):
        metadata = {str(k): str(v) for k, v in dict(document.get("metadata") or {}).items()}
        entries = document.get("jurisdictions") or []
    else:
        entries = document
    if not isinstance(entries, list):
        raise data_error(
            name,
            Message.of(N_("entry {entry}"), entry=0),
            Message.of(N_("expected a list of jurisdictions")),
        )
    located: list[Located] = []
    for index, entry in enumerate(entries, start=1):
        where = Message.of(N_("entry {entry}"), entry=index)
        if not isinstance(entry, Mapping):
            raise data_error(name, where, Message.of(N_("expected an object")))
        missing = [column for column in REQUIRED if column not in entry]
        if missing:
            raise data_error(
                name,
                where,
                Message.of(N_("missing columns: {columns}"), columns=", ".join(missing)),
            )
        try:
            located.append(Located(parse_record(entry), where))
        except JurisdictionValueError as error:
            raise data_error(name, where, _problem(error)) from None
    return located, metadata, name
