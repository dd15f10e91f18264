"""The README's Python example runs, on files made from the package's sample data."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from greenprocure.datasets import priority_cities_2022
from greenprocure.io import write_certificates, write_purchases

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = README.read_text("utf-8")
    match = re.search(r"## Ten lines of Python\n\n```python\n(.*?)```", text, re.S)
    assert match is not None, "README has no Python example under 'Ten lines of Python'"
    code = match.group(1)
    assert len([line for line in code.splitlines() if line.strip()]) <= 10
    data = priority_cities_2022()
    # The README's files, as a Korean system would export them: CP949.
    buffer = io.StringIO()
    write_purchases(data.sample_ledger(), buffer)
    (tmp_path / "구매실적_2022.csv").write_bytes(buffer.getvalue().encode("cp949"))
    buffer = io.StringIO()
    write_certificates(data.sample_certificates(), buffer)
    (tmp_path / "환경표지_인증목록.csv").write_bytes(buffer.getvalue().encode("cp949"))
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(README), "exec"), {})
    out = capsys.readouterr().out
    assert "경상남도" in out
    assert "부산광역시 (2600000000)" in out
    assert "S22-BS-R01" in out  # an example of a refused purchase, in the explanation
