"""The demo output shown on the docs' home page is the demo's real output (it cannot rot)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greenprocure.cli import main

INDEX = Path(__file__).resolve().parent.parent / "docs" / "index.md"


def _blocks() -> list[tuple[list[str], list[str]]]:
    text = INDEX.read_text("utf-8")
    found = []
    for block in re.findall(r"```text\n(.*?)```", text, re.S):
        lines = block.splitlines()
        if lines and lines[0].startswith("$ greenprocure demo"):
            found.append((lines[0][2:].split()[1:], lines[1:]))
    return found


def test_the_home_page_shows_the_demo_in_both_languages() -> None:
    commands = [args for args, _ in _blocks()]
    assert ["demo"] in commands
    assert ["demo", "--locale", "en"] in commands


@pytest.mark.parametrize("index", range(2))
def test_every_shown_line_is_in_the_real_output(
    index: int, capsys: pytest.CaptureFixture[str]
) -> None:
    args, shown = _blocks()[index]
    assert main(args) == 0
    real = capsys.readouterr().out.splitlines()
    stale = [line for line in shown if line.strip() not in {"", "..."} and line not in real]
    assert not stale, f"docs/index.md shows lines the demo no longer prints: {stale}"
