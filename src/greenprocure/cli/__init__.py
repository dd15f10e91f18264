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
import os
import re
import sys
import textwrap
import warnings
from collections.abc import Sequence
from typing import Any, NoReturn

from greenprocure import __version__
from greenprocure.cli._common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    Output,
    UsageError,
    add_common_options,
    prescan_locale,
)
from greenprocure.errors import GreenprocureError
from greenprocure.i18n import DEFAULT_LOCALE, N_, SUPPORTED_LOCALES, translate
from greenprocure.jurisdictions import JurisdictionDataWarning

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
            # argparse passes its own prefix for the usage line of an error
            # message; keep it when given, so that "usage:" is not doubled.
            super().add_usage(usage, actions, groups, prefix if prefix_ is None else prefix_)

    return Formatter


#: argparse's own error messages (as of Python 3.10–3.13) and their message ids.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"the following arguments are required: (?P<names>.*)"),
        N_("the following arguments are required: {names}"),
    ),
    (
        re.compile(r"unrecognized arguments: (?P<names>.*)"),
        N_("unrecognized arguments: {names}"),
    ),
    (
        re.compile(
            r"argument (?P<name>[^:]+): invalid choice: (?P<value>.*?)"
            r" \(choose from (?P<choices>.*)\)"
        ),
        N_("argument {name}: invalid choice: {value} (choose from {choices})"),
    ),
    (
        re.compile(r"argument (?P<name>[^:]+): expected one argument"),
        N_("argument {name}: expected one argument"),
    ),
    (
        re.compile(r"argument (?P<name>[^:]+): expected (?P<detail>.*)"),
        N_("argument {name}: expected {detail}"),
    ),
    (
        re.compile(r"argument (?P<name>[^:]+): invalid (?P<type>\S+) value: (?P<value>.*)"),
        N_("argument {name}: invalid {type} value: {value}"),
    ),
    (
        re.compile(r"argument (?P<name>[^:]+): not allowed with argument (?P<other>.*)"),
        N_("argument {name}: not allowed with argument {other}"),
    ),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)"),
        N_("ambiguous option: {option} could match {matches}"),
    ),
)


def _translate_argparse(message: str, locale: str) -> str:
    """One of argparse's English error messages in ``locale`` (as is when unknown)."""
    for pattern, msgid in _ARGPARSE_ERRORS:
        match = pattern.fullmatch(message)
        if match:
            return translate(msgid, locale, **match.groupdict())
    return message


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one translated line (exit status 2)."""

    def __init__(self, *args: Any, locale: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locale = locale

    def error(self, message: str) -> NoReturn:
        """Print ``message`` in the parser's locale as one line and exit with status 2."""
        text = translate(
            N_("{prog}: error: {message} (see: {prog} --help)"),
            self.locale,
            prog=self.prog,
            message=_translate_argparse(message, self.locale),
        )
        self.exit(EXIT_USAGE, text + "\n")


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


def build_parser(locale: str = "en", *, error_locale: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with help texts in ``locale`` and its own error
    messages in ``error_locale`` (default: ``locale``)."""
    errors = error_locale or locale
    parser = _Parser(
        prog="greenprocure",
        locale=errors,
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
            locale=errors,
        )
        _localise(sub, locale)
        add_common_options(sub, command.formats, locale)
        command.configure(sub, locale)
        sub.set_defaults(_command=command)
    return parser


def _notes(caught: list[warnings.WarningMessage], locale: str) -> None:
    """Print each distinct jurisdiction-data warning as one note; re-issue any other."""
    seen: set[str] = set()
    for record in caught:
        message = record.message
        if isinstance(message, JurisdictionDataWarning):
            text = message.render(locale)
            if text not in seen:
                seen.add(text)
                print(translate(N_("note: {note}"), locale, note=text), file=sys.stderr)
        else:
            warnings.warn_explicit(
                message, record.category, record.filename, record.lineno, source=record.source
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    # Help texts follow --locale and are English without it; argparse's own
    # error messages, like every other message, default to DEFAULT_LOCALE.
    locale = prescan_locale(arguments)
    parser = build_parser(locale, error_locale=prescan_locale(arguments, DEFAULT_LOCALE))
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
    try:
        return _run(command, args)
    except BrokenPipeError:
        # The reader went away (``greenprocure ... | head``): stop quietly, as
        # a command killed by SIGPIPE would, without a message.
        _silence_stdout()
        return _EXIT_BROKEN_PIPE


#: The exit status of a command ended by SIGPIPE (128 + 13).
_EXIT_BROKEN_PIPE = 141


def _silence_stdout() -> None:
    """Point standard output at the null device, so that the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests, IDEs)
        pass


def _fail(command: Command, args: argparse.Namespace, message: str) -> None:
    print(f"greenprocure {command.name}: {message}", file=sys.stderr)


def _run(command: Command, args: argparse.Namespace) -> int:
    """Run ``command``, turning every error into one line on standard error."""
    output: Output | None = None
    status: int | None = None
    try:
        output = Output.from_args(args)
        try:
            with warnings.catch_warnings(record=True) as caught:
                # The registry's "data is older than this date" warning becomes one
                # translated note line, not Python's two-line English warning.
                warnings.simplefilter("always", JurisdictionDataWarning)
                status = command.run(args, output)
            _notes(caught, args.locale)
        except BaseException:
            output.end_progress()  # the error (or traceback) starts on a line of its own
            raise
        return status
    except BrokenPipeError:
        raise
    except UsageError as error:
        if args.debug:
            raise
        _fail(command, args, error.render(args.locale))
        return EXIT_USAGE
    except GreenprocureError as error:
        if args.debug:
            raise
        _fail(command, args, error.render(args.locale))
        return EXIT_DATA
    except OSError as error:
        if args.debug:
            raise
        _fail(command, args, str(error))
        return EXIT_DATA
    except Exception as error:
        if args.debug:
            raise
        _fail(
            command,
            args,
            translate(
                N_("unexpected error: {error} (run again with --debug to see the traceback)"),
                args.locale,
                error=f"{type(error).__name__}: {error}",
            ),
        )
        return EXIT_DATA
    finally:
        if output is not None:
            output.end_progress()
            output.close(commit=status == EXIT_OK or (status == EXIT_DATA and output.written))
