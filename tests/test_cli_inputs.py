"""The input options ``report`` and ``validate`` share: --column, --encoding, --input-format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenprocure.cli import main

ROWS = (
    "번호,구매처,구매일자,품목,금액,인증구분,인증번호\n"
    'P1,경상남도,2022.03.02,복사용지,"1,000,000원",환경표지,16052\n'
    'P2,부산광역시,2022.04.05,사무용 가구,"2,000,000원",,\n'
)


@pytest.fixture
def cp949_file(tmp_path: Path) -> Path:
    path = tmp_path / "purchases.csv"
    path.write_bytes(ROWS.encode("cp949"))
    return path


@pytest.mark.parametrize("command", ["validate", "report"])
def test_an_unknown_header_needs_a_column_mapping(
    command: str, cp949_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--period", "2022-01..2022-09"] if command == "report" else []
    assert main([command, str(cp949_file), *extra, "--format", "json"]) != 0
    capsys.readouterr()
    status = main(
        [
            command,
            str(cp949_file),
            *extra,
            "--format",
            "json",
            "--column",
            "구매처=buyer",
            "--encoding",
            "cp949",
            "--locale",
            "en",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    if command == "validate":
        assert (out["read"], out["accepted"], out["rejected"]) == (2, 2, [])
    else:
        assert out["purchases"]["read"] == 2
        assert {row["code"] for row in out["rows"]} == {"4800000000", "2600000000"}


@pytest.mark.parametrize("command", ["validate", "report"])
def test_a_bad_column_mapping_is_a_usage_error(
    command: str, cp949_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--period", "2022"] if command == "report" else []
    assert main([command, str(cp949_file), *extra, "--column", "구매처"]) == 2
    assert "HEADER=FIELD" in capsys.readouterr().err
    assert (
        main([command, str(cp949_file), *extra, "--column", "구매처=payer", "--locale", "en"]) == 2
    )
    assert "'payer' is not a purchase field" in capsys.readouterr().err
