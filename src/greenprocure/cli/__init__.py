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
from collections.abc import Sequence

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
from greenprocure.i18n import N_, translate

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


def build_parser(locale: str = "en") -> argparse.ArgumentParser:
    """The argument parser, with help texts in ``locale``."""
    parser = argparse.ArgumentParser(
        prog="greenprocure",
        description=translate(
            N_(
                "Evaluate public green purchasing: local governments, green certificates,"
                " purchases, targets and attainment, with the reasons behind every figure."
            ),
            locale,
        ),
        epilog=translate(N_("Start with: greenprocure demo"), locale),
    )
    parser.add_argument("--version", action="version", version=f"greenprocure {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in _commands():
        sub = subparsers.add_parser(
            command.name,
            help=translate(command.help, locale),
            description=translate(command.description or command.help, locale),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
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
