"""``greenprocure validate``: check a purchases file (and a certificate list) before use.

Prints how many rows were read, accepted and rejected, every rejected row
with its line, field, raw value and reason, the load's warnings, and, with
``--certificates``, the certificate list's rejections and conflicts and
every purchase claim that the list does not confirm for the purchase date
(as warnings: a claim the list cannot confirm is not a rejected row).

Exit status: 0 when every row of every file was accepted, 1 when some were
rejected or a file cannot be read at all, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from greenprocure.certifications import CertificateRegistry
from greenprocure.cli._common import (
    EXIT_DATA,
    EXIT_OK,
    Command,
    Output,
    UsageError,
    add_input_options,
    column_map,
    rows_read_progress,
    text_table,
)
from greenprocure.errors import LoadError
from greenprocure.i18n import N_, Message, translate
from greenprocure.io import (
    LoadResult,
    read_certificates,
    read_purchases,
)
from greenprocure.io._columns import field_label
from greenprocure.io._parse import CellError, parse_currency

__all__ = ["COMMAND"]

_PROGRESS_EVERY = 100_000


def _configure(parser: argparse.ArgumentParser, locale: str) -> None:
    add_input_options(parser, locale)
    parser.add_argument(
        "--currency",
        default="KRW",
        metavar="CODE",
        help=translate(N_("currency of amounts without a currency column (default: KRW)"), locale),
    )


def _rejections(result: LoadResult[Any], locale: str) -> list[dict[str, Any]]:
    out = []
    for rejection in result.rejected:
        entry: dict[str, Any] = {
            "line": rejection.line,
            "field": rejection.field,
            "column": field_label(rejection.field, result.headers).render(locale),
            "value": rejection.value,
            "reason": rejection.reason.render(locale),
            "code": rejection.code,
        }
        if len(rejection.problems) > 1:
            entry["problems"] = [
                {
                    "field": problem.field,
                    "column": field_label(problem.field, result.headers).render(locale),
                    "value": problem.value,
                    "reason": problem.reason.render(locale),
                    "code": problem.code,
                }
                for problem in rejection.problems
            ]
        out.append(entry)
    return out


def _warnings(result: LoadResult[Any], locale: str) -> list[dict[str, Any]]:
    return [
        {"line": warning.line, "code": warning.code, "message": warning.render(locale)}
        for warning in result.warnings
    ]


def _report(result: LoadResult[Any], locale: str) -> dict[str, Any]:
    return {
        "source": result.source,
        "encoding": result.encoding,
        "format": result.format,
        "read": result.read,
        "accepted": result.accepted,
        "rejected": _rejections(result, locale),
        "warnings": _warnings(result, locale),
    }


def _failed(source: str, error: LoadError, locale: str) -> dict[str, Any]:
    """A file that cannot be read at all; the error goes to standard error too."""
    print(f"greenprocure validate: {error.render(locale)}", file=sys.stderr)
    return {
        "source": source,
        "read": 0,
        "accepted": 0,
        "rejected": [],
        "warnings": [],
        "error": error.render(locale),
    }


def _currency(text: str) -> str:
    """The ``--currency`` code, or a usage error naming what is wrong."""
    try:
        return parse_currency(text)
    except CellError as error:
        raise UsageError(error.reason.msgid, **dict(error.reason.params)) from None


def _run(args: argparse.Namespace, output: Output) -> int:
    locale = output.locale
    columns = column_map(args.column)
    currency = _currency(args.currency)
    report: dict[str, Any] = {}
    status = EXIT_OK
    registry: CertificateRegistry | None = None
    if args.certificates:
        try:
            with read_certificates(
                args.certificates, encoding=args.certificates_encoding
            ) as certificates:
                registry = CertificateRegistry(certificates.records)
                report["certificates"] = _report(certificates, locale)
                report["certificates"]["conflicts"] = [
                    conflict.message.render(locale) for conflict in registry.conflicts
                ]
                if certificates.rejected:
                    status = EXIT_DATA
        except FileNotFoundError as error:
            raise UsageError(N_("no such file: {path}"), path=error.filename) from None
        except LoadError as error:
            report["certificates"] = _failed(args.certificates, error, locale)
            status = EXIT_DATA

    progress = rows_read_progress(output)
    claims: list[dict[str, Any]] = []
    checked = 0
    try:
        with read_purchases(
            args.purchases,
            format=args.input_format,
            encoding=args.encoding,
            column_map=columns,
            currency=currency,
            lazy=True,
            progress=progress,
            progress_every=_PROGRESS_EVERY,
        ) as purchases:
            for line, purchase in purchases.numbered():
                if registry is None:
                    continue
                for ref in purchase.certificates:
                    checked += 1
                    check = registry.check(ref, purchase.date)
                    if check.valid or check.reason is None:
                        continue
                    claims.append(
                        {
                            "line": line,
                            "purchase": purchase.id,
                            "scheme": ref.scheme,
                            "number": ref.number,
                            "code": check.code,
                            "reason": check.reason.render(locale),
                        }
                    )
            progress.finish()
            purchase_report = _report(purchases, locale)
            if purchases.rejected:
                status = EXIT_DATA
    except FileNotFoundError as error:
        raise UsageError(N_("no such file: {path}"), path=error.filename) from None
    except LoadError as error:
        progress.finish()
        purchase_report = _failed(args.purchases, error, locale)
        status = EXIT_DATA
    report = {**purchase_report, **report}
    if registry is not None:
        report["claims"] = {"checked": checked, "unconfirmed": claims}
    if args.format == "json":
        output.write(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        output.write(_table(report, locale))
    return status


def _section(report: dict[str, Any], locale: str, title: str) -> list[str]:
    lines = [title]
    if "error" in report:  # said on standard error
        return lines
    lines.append(
        translate(
            N_("{read} rows read: {accepted} accepted, {rejected} rejected ({encoding}, {format})"),
            locale,
            read=report["read"],
            accepted=report["accepted"],
            rejected=len(report["rejected"]),
            encoding=report["encoding"],
            format=report["format"],
        )
    )
    rows = []
    for rejection in report["rejected"]:
        for problem in rejection.get("problems", [rejection]):
            rows.append(
                [
                    str(rejection["line"]),
                    problem["column"],
                    repr(problem["value"]),
                    problem["reason"],
                ]
            )
    if rows:
        lines.append("")
        lines.append(
            text_table(
                [
                    translate(N_("line"), locale),
                    translate(N_("field"), locale),
                    translate(N_("value"), locale),
                    translate(N_("reason"), locale),
                ],
                rows,
                max_width=70,
            )
        )
    if report["warnings"]:
        lines.append("")
        lines.append(translate(N_("warnings:"), locale))
        for warning in report["warnings"]:
            where = (
                translate(N_("line {line}: "), locale, line=warning["line"])
                if warning["line"]
                else ""
            )
            lines.append(f"  {where}{warning['message']}")
    return lines


def _table(report: dict[str, Any], locale: str) -> str:
    lines = _section(
        report, locale, translate(N_("purchases: {source}"), locale, source=report["source"])
    )
    certificates = report.get("certificates")
    if certificates is not None:
        lines.append("")
        lines.extend(
            _section(
                certificates,
                locale,
                translate(N_("certificates: {source}"), locale, source=certificates["source"]),
            )
        )
        if certificates.get("conflicts"):
            lines.append("")
            lines.append(translate(N_("conflicts:"), locale))
            lines.extend(f"  {conflict}" for conflict in certificates["conflicts"])
    claims = report.get("claims")
    if claims is not None:
        lines.append("")
        lines.append(
            translate(
                N_("certificate claims checked: {checked}, not confirmed by the list: {count}"),
                locale,
                checked=claims["checked"],
                count=len(claims["unconfirmed"]),
            )
        )
        for claim in claims["unconfirmed"]:
            lines.append(
                "  "
                + Message.of(
                    N_("line {line}, purchase {purchase}: {reason}"),
                    line=claim["line"],
                    purchase=claim["purchase"],
                    reason=claim["reason"],
                ).render(locale)
            )
    return "\n".join(lines)


#: The ``greenprocure validate`` subcommand.
COMMAND = Command(
    name="validate",
    help=N_("check a purchases file (and a certificate list): rows read, accepted, rejected"),
    description=N_(
        "Read a purchases file as greenprocure would, and report every rejected row with its"
        " line, field, value and reason. Exit status: 0 all rows accepted, 1 some rejected,"
        " 2 usage error."
    ),
    formats=("table", "json"),
    configure=_configure,
    run=_run,
    examples=(
        "greenprocure validate 구매실적_2022.csv",
        "greenprocure validate 구매실적_2022.csv --certificates 환경표지_인증목록.csv"
        " --format json",
        "greenprocure validate export.csv --encoding cp949 --column 구매처=buyer",
    ),
)
