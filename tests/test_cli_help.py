"""Every subcommand's help teaches: a description, its options and examples, in both languages."""

from __future__ import annotations

import pytest

from greenprocure import __version__
from greenprocure.cli import COMMAND_MODULES, main

COMMANDS = [name.rsplit(".", 1)[1] for name in COMMAND_MODULES]


def test_all_six_commands_are_registered() -> None:
    assert sorted(COMMANDS) == sorted(
        ["demo", "report", "validate", "jurisdictions", "tasks", "procura"]
    )


@pytest.mark.parametrize("locale", ["ko", "en"])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_shared_options_and_examples(
    command: str, locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--help", "--locale", locale]) == 0
    out = capsys.readouterr().out
    for option in ("--locale", "--format", "--output", "--debug"):
        assert option in out
    assert ("사용 예:" if locale == "ko" else "examples:") in out
    assert f"greenprocure {command}" in out.split("사용 예:" if locale == "ko" else "examples:")[1]
    if locale == "ko":
        assert "사용법: greenprocure" in out
        assert "도움말을 보여 주고 끝냅니다" in out


def test_version_and_no_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"greenprocure {__version__}"
    assert main([]) == 2
    assert "greenprocure demo" in capsys.readouterr().err
