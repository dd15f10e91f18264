"""``greenprocure report``: evaluate a purchases file and print attainment, with reasons.

Reads the purchases (and a certificate list, a baseline file, a target
file), evaluates them with a rule set over a period, and prints one row per
jurisdiction: counted green amount, target, attainment, rank and status.
``--explain`` adds why one jurisdiction's figures are what they are.

Rows that a file rejects are listed on standard error with their count; the
report is still printed, and the exit status is 1. Exit status 2 is for
usage errors (an unknown rule set, a malformed period).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
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
)
from greenprocure.errors import PeriodError, RuleLoadError, RuleSetError
from greenprocure.evaluation import AttainmentReport, Explanation, evaluate
from greenprocure.i18n import N_, translate
from greenprocure.io import LoadResult, read_baseline, read_certificates, read_purchases
from greenprocure.io._csv import neutralise
from greenprocure.io.ocds import DEFAULT_OCID_PREFIX, ocds_json, ocds_package
from greenprocure.io.targets import read_targets
from greenprocure.period import Period
from greenprocure.report.attainment import (
    explanation_markdown,
    explanation_text,
    render,
)
from greenprocure.rules import Rule, RuleSet, Stage, load_rules, load_ruleset
from greenprocure.targets import Baseline

__all__ = ["COMMAND"]

_DEFAULT_RULES = "kr-priority-cities"
_SHOWN_REJECTIONS = 20


def _configure(parser: argparse.ArgumentParser, locale: str) -> None:
    add_input_options(parser, locale)
    parser.add_argument(
        "--period",
        required=True,
        metavar="PERIOD",
        help=translate(N_("the period to evaluate: 2022, 2022-03 or 2022-01..2022-09"), locale),
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help=translate(
            N_(
                "previous-year counted amounts (columns: code or name, year, amount);"
                " by default the purchases file's previous-year purchases"
            ),
            locale,
        ),
    )
    parser.add_argument(
        "--targets",
        metavar="FILE",
        help=translate(
            N_("explicit targets (columns: code or name, year, amount or rate)"), locale
        ),
    )
    parser.add_argument(
        "--rules",
        metavar="NAME_OR_PATH",
        default=_DEFAULT_RULES,
        help=translate(
            N_(
                "the rule set: a name such as {default}, or package.module:object"
                " (default: {default})"
            ),
            locale,
            default=_DEFAULT_RULES,
        ),
    )
    parser.add_argument(
        "--rule",
        metavar="MODULE:OBJECT",
        action="append",
        default=[],
        help=translate(
            N_(
                "add a rule (or replace the rule of the same id) by name or"
                " package.module:object; repeatable"
            ),
            locale,
        ),
    )
    parser.add_argument(
        "--explain",
        metavar="CODE_OR_NAME",
        help=translate(N_("also explain one jurisdiction's figures, rule by rule"), locale),
    )
    parser.add_argument(
        "--level",
        choices=("metro", "basic"),
        help=translate(
            N_("only metropolitan or only basic governments, ranked among themselves"), locale
        ),
    )
    parser.add_argument(
        "--ocid-prefix",
        metavar="PREFIX",
        default=None,
        help=translate(
            N_(
                "--format ocds: the registered OCID prefix, e.g. ocds-213czf-"
                " (default: the placeholder {default})"
            ),
            locale,
            default=DEFAULT_OCID_PREFIX,
        ),
    )
    parser.add_argument(
        "--uri",
        metavar="URI",
        default=None,
        help=translate(N_("--format ocds: where the release package will be published"), locale),
    )
    parser.add_argument(
        "--rollup",
        action="store_true",
        help=translate(
            N_("add each metro's basic governments' amounts to its row, in a column of its own"),
            locale,
        ),
    )


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise UsageError(error.msgid, **error.params) from None


def _ruleset(name: str, extra: Sequence[str]) -> RuleSet:
    try:
        ruleset = load_ruleset(name)
        added: list[Rule] = list(load_rules(extra))
    except RuleLoadError as error:
        raise UsageError(error.msgid, **error.params) from None
    if not added:
        return ruleset
    try:
        for item in added:
            if item.id in ruleset:
                ruleset = ruleset.replace(item)
            elif item.stage is Stage.SCORE and ruleset.stage(Stage.SCORE):
                ruleset = ruleset.without(ruleset.stage(Stage.SCORE)[0].id).with_rules(item)
            else:
                ruleset = ruleset.with_rules(item)
    except RuleSetError as error:
        raise UsageError(error.msgid, **error.params) from None
    # A changed set must not pass for the published one.
    return ruleset.named(ruleset.name, ruleset.version + "+" + "+".join(i.id for i in added))


def _problems(result: LoadResult[Any], what: str, locale: str) -> int:
    """Print a file's rejected rows on standard error; return how many there were."""
    count = len(result.rejected)
    if not count:
        return 0
    print(
        translate(
            N_("{file}: {count} of {read} rows rejected"),
            locale,
            file=f"{what} {result.source}",
            count=count,
            read=result.read,
        ),
        file=sys.stderr,
    )
    for rejection in result.rejected[:_SHOWN_REJECTIONS]:
        for line in rejection.render(locale).splitlines():
            print(f"  {line}", file=sys.stderr)
    if count > _SHOWN_REJECTIONS:
        print(
            "  " + translate(N_("… and {count} more"), locale, count=count - _SHOWN_REJECTIONS),
            file=sys.stderr,
        )
    return count


def _registry() -> Any:
    from greenprocure.jurisdictions import korea

    return korea()


def _explanation(explanation: Explanation, fmt: str, locale: str, report: AttainmentReport) -> str:
    if fmt == "md":
        return explanation_markdown(explanation, locale, report=report)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["rule", "code", "kind", "count", "amount", "example_purchase"])
        for rule in explanation.period.rules:
            for reason in rule.reasons:
                writer.writerow(
                    neutralise(str(cell))
                    for cell in (
                        rule.rule_id,
                        reason.code,
                        reason.kind.value,
                        reason.count,
                        reason.amount.amount,
                        reason.example_purchase or "",
                    )
                )
        return buffer.getvalue().rstrip("\n")
    return explanation_text(explanation, locale, report=report)


#: Options that ``--format ocds`` does not use, and how the parser stores them.
_NOT_FOR_OCDS = (
    ("--baseline", "baseline"),
    ("--targets", "targets"),
    ("--explain", "explain"),
    ("--level", "level"),
    ("--rollup", "rollup"),
)


def _check_options(args: argparse.Namespace) -> None:
    """Refuse options that do not apply to the chosen format."""
    if args.format == "ocds":
        unused = [option for option, dest in _NOT_FOR_OCDS if getattr(args, dest)]
        if unused:
            raise UsageError(
                N_("{options}: not used with --format ocds, which lists the purchases themselves"),
                options=", ".join(unused),
            )
    else:
        unused = [
            option
            for option, value in (("--ocid-prefix", args.ocid_prefix), ("--uri", args.uri))
            if value is not None
        ]
        if unused:
            raise UsageError(
                N_("{options}: only used with --format ocds"), options=", ".join(unused)
            )


def _other_years(what: str, source: str, count: int, year: int, locale: str) -> int:
    """Say on standard error that ``count`` rows of a file were for other years."""
    if count:
        print(
            translate(
                N_("{file}: {count} rows for other years than {year} were not used"),
                locale,
                file=f"{what} {source}",
                count=count,
                year=year,
            ),
            file=sys.stderr,
        )
    return count


def _run(args: argparse.Namespace, output: Output) -> int:
    locale = output.locale
    _check_options(args)
    period = _period(args.period)
    ruleset = _ruleset(args.rules, args.rule)
    columns = column_map(args.column)
    registry = _registry()
    problems = 0
    try:
        certificates = CertificateRegistry()
        if args.certificates:
            with read_certificates(
                args.certificates, encoding=args.certificates_encoding
            ) as loaded:
                certificates = CertificateRegistry(loaded.records)
                problems += _problems(loaded, translate(N_("certificates"), locale), locale)
        baseline = None
        if args.baseline:
            what = translate(N_("baseline"), locale)
            base = read_baseline(args.baseline, as_of=period.end, currency=ruleset.currency)
            problems += _problems(base, what, locale)
            year = period.year - 1
            problems += _other_years(
                what, base.source, sum(entry.year != year for entry in base.records), year, locale
            )
            baseline = Baseline.from_entries(base.records, year, source=base.source)
        targets = None
        if args.targets:
            what = translate(N_("targets"), locale)
            loaded_targets = read_targets(args.targets, as_of=period.end, currency=ruleset.currency)
            problems += _problems(loaded_targets, what, locale)
            problems += _other_years(
                what,
                loaded_targets.source,
                sum(target.year != period.year for target in loaded_targets.records),
                period.year,
                locale,
            )
            targets = loaded_targets.records

        progress = rows_read_progress(output)

        if args.format == "ocds":
            status = _ocds(args, output, period, ruleset, certificates, registry, columns)
            return EXIT_DATA if problems or status else EXIT_OK

        with read_purchases(
            args.purchases,
            format=args.input_format,
            encoding=args.encoding,
            column_map=columns,
            currency=ruleset.currency,
            lazy=True,
            progress=progress,
            progress_every=100_000,
        ) as purchases:
            report = evaluate(
                purchases,
                ruleset,
                period=period,
                baseline=baseline,
                targets=targets,
                certificates=certificates,
                registry=registry,
                rollup=args.rollup,
                level=args.level,
            )
            progress.finish()
            problems += _problems(purchases, translate(N_("purchases"), locale), locale)
    except FileNotFoundError as error:
        raise UsageError(N_("no such file: {path}"), path=error.filename) from None

    # Resolve --explain before anything is written: an unknown or ambiguous
    # name fails (exit status 1, with the candidates) as it does in the demo.
    explanation = report.explain(args.explain) if args.explain else None
    fmt = args.format
    if fmt == "json":
        data = report.to_dict(locale)
        if explanation is not None:
            data["explanation"] = explanation.to_dict(locale)
        output.write(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        text = render(report, fmt, locale)
        if explanation is not None:
            text = text.rstrip("\n") + "\n\n" + _explanation(explanation, fmt, locale, report)
        output.write(text)
    return EXIT_DATA if problems else EXIT_OK


def _ocds(
    args: argparse.Namespace,
    output: Output,
    period: Period,
    ruleset: RuleSet,
    certificates: CertificateRegistry,
    registry: Any,
    columns: dict[str, str | None],
) -> int:
    """Write the purchases of ``period`` as an OCDS release package; 1 if rows were rejected.

    Green purchases are marked by the rule set's eligibility stage.
    """
    locale = output.locale
    prefix = args.ocid_prefix if args.ocid_prefix is not None else DEFAULT_OCID_PREFIX
    if prefix == DEFAULT_OCID_PREFIX:
        print(
            translate(
                N_(
                    "warning: the releases' ocids use the placeholder prefix {prefix};"
                    " give your registered prefix with --ocid-prefix before publishing"
                ),
                locale,
                prefix=DEFAULT_OCID_PREFIX,
            ),
            file=sys.stderr,
        )
    with read_purchases(
        args.purchases,
        format=args.input_format,
        encoding=args.encoding,
        column_map=columns,
        currency=ruleset.currency,
        lazy=True,
    ) as loaded_purchases:
        package = ocds_package(
            (purchase for purchase in loaded_purchases if purchase.date in period),
            ruleset=ruleset,
            certificates=certificates,
            registry=registry,
            ocid_prefix=prefix,
            uri=args.uri or "",
        )
        rejected = _problems(loaded_purchases, translate(N_("purchases"), locale), locale)
    output.write(ocds_json(package))
    return EXIT_DATA if rejected else EXIT_OK


#: The ``greenprocure report`` subcommand.
COMMAND = Command(
    name="report",
    help=N_("evaluate purchases: attainment per jurisdiction, with the reasons"),
    description=N_(
        "Evaluate a purchases file with a rule set over a period and print, per"
        " jurisdiction, the counted green amount, the target, the attainment, the rank"
        " and the status. --explain shows which rules refused how many purchases and how"
        " much money, with examples, and how the target and status came about."
    ),
    formats=("table", "json", "csv", "md", "ocds"),
    configure=_configure,
    run=_run,
    examples=(
        "greenprocure report 구매실적_2022.csv --period 2022-01..2022-09"
        " --certificates 환경표지_인증목록.csv --baseline 실적_2021.csv",
        "greenprocure report 구매실적_2022.csv --period 2022-01..2022-09 --explain 부산",
        "greenprocure report 구매실적_2022.csv --period 2022 --level metro"
        " --format json --output report.json",
        "greenprocure report 구매실적_2022.csv --period 2022 --rule my_rules:exclude_small",
    ),
)
