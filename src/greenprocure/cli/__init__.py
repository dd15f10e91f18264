"""The ``greenprocure`` command line.

Each subcommand lives in its own module of this package and exports a
:class:`~greenprocure.cli._common.Command`; :data:`COMMAND_MODULES` lists
them in the order ``--help`` shows them. All subcommands share
``--locale``, ``--format``, ``--output`` and ``--debug``.

Exit status: 0 when all is well, 1 when the data has problems (rejected
rows, a lookup that failed), 2 for usage errors. Errors are printed as one
readable line; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

from greenprocure import __version__
from greenprocure.cli._common import (
    EXIT_DATA,
    EXIT_USAGE,
    Command,
    Output,
    UsageError,
    add_common_options,
    prescan_locale,
)
from greenprocure.errors import GreenprocureError
from greenprocure.i18n import DEFAULT_LOCALE, N_, SUPPORTED_LOCALES, translate

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: Modules that each define ``COMMAND``, in the order shown by ``--help``.
COMMAND_MODULES: tuple[str, ...] = (
    "greenprocure.cli.demo",
    "greenprocure.cli.report",
    "greenprocure.cli.validate",
    "greenprocure.cli.jurisdictions",
    "greenprocure.cli.procura",
    "greenprocure.cli.tasks",
)


def _commands() -> list[Command]:
    return [importlib.import_module(name).COMMAND for name in COMMAND_MODULES]


def _formatter(locale: str) -> type[argparse.RawDescriptionHelpFormatter]:
    """A help formatter whose "usage:" heading is in ``locale``."""
    prefix = translate(N_("usage: "), locale)

    class Formatter(argparse.RawDescriptionHelpFormatter):
        def add_usage(
            self,
            usage: str | None,
            actions: Any,
            groups: Any,
            prefix_: str | None = None,
        ) -> None:
            super().add_usage(usage, actions, groups, prefix)

    return Formatter


def _localise(parser: argparse.ArgumentParser, locale: str) -> None:
    """Translate argparse's own words: section titles and the help option."""
    parser._positionals.title = translate(N_("positional arguments"), locale)
    parser._optionals.title = translate(N_("options"), locale)
    parser.add_argument(
        "-h",
        "--help",
        action="help",
        help=translate(N_("show this help message and exit"), locale),
    )


def build_parser(locale: str = "en") -> argparse.ArgumentParser:
    """The argument parser, with help texts in ``locale``."""
    parser = argparse.ArgumentParser(
        prog="greenprocure",
        add_help=False,
        formatter_class=_formatter(locale),
        description=translate(
            N_(
                "Evaluate public green purchasing: local governments, green certificates,"
                " purchases, targets and attainment, with the reasons behind every figure."
            ),
            locale,
        ),
        epilog=translate(N_("Start with: greenprocure demo"), locale),
    )
    _localise(parser, locale)
    parser.add_argument(
        "--locale",
        dest="top_locale",
        choices=SUPPORTED_LOCALES,
        default=None,
        help=translate(
            N_("language of the output (default: {default})"), locale, default=DEFAULT_LOCALE
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"greenprocure {__version__}",
        help=translate(N_("show the version and exit"), locale),
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", title=translate(N_("commands"), locale)
    )
    for command in _commands():
        description = textwrap.fill(translate(command.description or command.help, locale), 78)
        epilog = None
        if command.examples:
            heading = translate(N_("examples:"), locale)
            epilog = "\n".join([heading, *(f"  {line}" for line in command.examples)])
        sub = subparsers.add_parser(
            command.name,
            help=translate(command.help, locale),
            description=description,
            epilog=epilog,
            formatter_class=_formatter(locale),
            add_help=False,
        )
        _localise(sub, locale)
        add_common_options(sub, command.formats, locale)
        command.configure(sub, locale)
        sub.set_defaults(_command=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    locale = prescan_locale(arguments)
    parser = build_parser(locale)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    command: Command | None = getattr(args, "_command", None)
    if command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    # --locale may stand before or after the command; the default is Korean.
    args.locale = args.locale or args.top_locale or DEFAULT_LOCALE
    output = Output.from_args(args)
    try:
        return command.run(args, output)
    except UsageError as error:
        if args.debug:
            raise
        print(f"greenprocure {command.name}: {error.render(args.locale)}", file=sys.stderr)
        return EXIT_USAGE
    except GreenprocureError as error:
        if args.debug:
            raise
        print(f"greenprocure {command.name}: {error.render(args.locale)}", file=sys.stderr)
        return EXIT_DATA
    except OSError as error:
        if args.debug:
            raise
        print(f"greenprocure {command.name}: {error}", file=sys.stderr)
        return EXIT_DATA
    finally:
        output.close()
