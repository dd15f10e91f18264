"""Review fixes of the command line: errors, output files, formats, help."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import attrs
import pytest

from greenprocure.cli import main
from greenprocure.cli._common import display_width, text_table

PURCHASES = """\
구매번호,수요기관,구매일자,품목,구매금액,인증구분,인증번호
A-001,경상남도,2021.06.01,레미콘,"600,000,000원",저탄소제품,LC-2021-017
A-003,경상남도,2022.03.02,레미콘,"862,399,000원",저탄소제품,LC-2021-017
A-006,부산광역시,2021.03.03,복사용지,"1,000,000,000원",환경표지,16052
A-007,부산광역시,2022.04.04,복사용지,"787,600,000원",환경표지,16052
"=HYPERLINK(""http://evil"",""x""),y",부산광역시,2022.05.04,토너,"5,000,000원",,
A-099,부산광역시,2022.11.04,복사용지,"1,000원",환경표지,16052
"""
CERTIFICATES = """\
scheme,number,holder,product,valid_from,valid_until,status,status_date
kr-eco-label,16052,한솔제지(주),복사용지,2020-01-01,2023-12-31,active,
kr-low-carbon,LC-2021-017,세기산업(주),레미콘,2021-01-01,2023-12-31,active,
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {
        "purchases": tmp_path / "purchases.csv",
        "certificates": tmp_path / "certificates.csv",
        "baseline": tmp_path / "baseline.csv",
        "targets": tmp_path / "targets.csv",
    }
    paths["purchases"].write_text(PURCHASES, encoding="utf-8")
    paths["certificates"].write_text(CERTIFICATES, encoding="utf-8")
    paths["baseline"].write_text(
        "지방정부,연도,금액\n경상남도,2021,1000000000\n부산,2020,900\n부산,2019,800\n",
        encoding="utf-8",
    )
    paths["targets"].write_text(
        "code,year,amount,rate\n2600000000,2022,1575200000,\n2600000000,2023,1,\n",
        encoding="utf-8",
    )
    return {name: str(path) for name, path in paths.items()}


def _report(files: dict[str, str], *extra: str) -> list[str]:
    return [
        "report",
        files["purchases"],
        "--certificates",
        files["certificates"],
        "--period",
        "2022-01..2022-09",
        "--locale",
        "en",
        *extra,
    ]


# 1. rows for other years are said, not silently dropped


def test_baseline_and_target_rows_of_other_years_are_reported(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(_report(files, "--baseline", files["baseline"], "--targets", files["targets"]))
    err = capsys.readouterr().err
    assert status == 1
    assert "2 rows for other years than 2021 were not used" in err
    assert "1 rows for other years than 2022 were not used" in err


# 2. ocds: the period, the options that do not apply, the prefix and uri


def test_ocds_keeps_only_the_period_and_uses_the_prefix_and_uri(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        _report(files, "--format", "ocds", "--ocid-prefix", "ocds-213czf-", "--uri", "https://x/p")
    )
    captured = capsys.readouterr()
    assert status == 0
    package = json.loads(captured.out)
    assert package["uri"] == "https://x/p"
    assert sorted(r["ocid"] for r in package["releases"]) == [
        'ocds-213czf-=HYPERLINK("http://evil","x"),y',
        "ocds-213czf-A-003",
        "ocds-213czf-A-007",
    ]
    assert "placeholder" not in captured.err


def test_ocds_warns_about_the_placeholder_prefix(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_report(files, "--format", "ocds")) == 0
    assert "placeholder prefix ocds-xxxxxx-" in capsys.readouterr().err


@pytest.mark.parametrize(
    "extra",
    [("--level", "metro"), ("--explain", "부산"), ("--rollup",), ("--baseline", "baseline")],
)
def test_ocds_refuses_options_it_does_not_use(
    files: dict[str, str], capsys: pytest.CaptureFixture[str], extra: tuple[str, ...]
) -> None:
    args = [files.get(item, item) for item in extra]
    assert main(_report(files, "--format", "ocds", *args)) == 2
    err = capsys.readouterr().err
    assert f"{extra[0]}: not used with --format ocds" in err
    assert len(err.splitlines()) == 1


def test_ocid_prefix_is_only_for_ocds(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_report(files, "--uri", "https://x")) == 2
    assert "--uri: only used with --format ocds" in capsys.readouterr().err


# 3. one-line errors, never a traceback


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["tasks", "--output", "/nonexistent/dir/x.txt"], "no such directory"),
        (["tasks", "-o", "."], "is a directory"),
        (["demo", "--chart", "c.txt"], "--chart c.txt: the file name must end in .png / .svg"),
    ],
)
def test_bad_output_paths_are_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main([*argv, "--locale", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert expected in captured.err
    assert len(captured.err.splitlines()) == 1


def test_an_unknown_currency_is_a_usage_error(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", files["purchases"], "--currency", "XYZ", "--locale", "en"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "greenprocure validate: currency 'XYZ' is not an ISO 4217 code such as KRW or EUR\n"
    )


def test_an_unexpected_error_is_one_line_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import greenprocure.cli.tasks as tasks

    def boom(*_args: object) -> int:
        raise KeyError("oops")

    monkeypatch.setattr(tasks, "COMMAND", attrs.evolve(tasks.COMMAND, run=boom))
    assert main(["tasks", "--locale", "en"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("greenprocure tasks: unexpected error: KeyError: 'oops'")
    assert "--debug" in err
    assert len(err.splitlines()) == 1


def test_a_broken_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import greenprocure.cli.tasks as tasks

    def closed(*_args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(tasks, "COMMAND", attrs.evolve(tasks.COMMAND, run=closed))
    assert main(["tasks"]) == 141
    assert capsys.readouterr().err == ""


# 4. --output is replaced only on success


def test_a_usage_error_leaves_the_output_file_as_it_was(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = tmp_path / "keep.txt"
    keep.write_text("old report\n", encoding="utf-8")
    argv = ["report", files["purchases"], "--period", "2022-13", "-o", str(keep)]
    assert main(argv) == 2
    assert keep.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    argv[3] = "2022"
    assert main(argv) == 0
    assert "경상남도" in keep.read_text(encoding="utf-8")


# 5 and 10. CSV: quoting, formulas, and a byte order mark in files


def test_csv_explanation_is_quoted_and_neutralised(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_report(files, "--format", "csv", "--explain", "부산")) == 0
    out = capsys.readouterr().out
    block = out[out.index("rule,code,kind") :]
    rows = list(csv.reader(io.StringIO(block)))
    assert {len(row) for row in rows} == {6}
    examples = [row[5] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil","x"),y' in examples


def test_csv_files_get_a_byte_order_mark(files: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    assert main(_report(files, "--format", "csv", "-o", str(target))) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    json_target = tmp_path / "r.json"
    assert main(_report(files, "--format", "json", "-o", str(json_target))) == 0
    assert json_target.read_bytes().startswith(b"{")


# 6. help and argparse errors


@pytest.mark.parametrize(("locale", "prefix"), [("en", "usage: "), ("ko", "사용법: ")])
def test_help_has_one_usage_prefix(
    capsys: pytest.CaptureFixture[str], locale: str, prefix: str
) -> None:
    assert main(["report", "--help", "--locale", locale]) == 0
    out = capsys.readouterr().out
    assert out.startswith(prefix + "greenprocure report")
    assert prefix * 2 not in out


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "greenprocure report: error: the following arguments are required:"
            " PURCHASES, --period (see: greenprocure report --help)\n",
        ),
        (
            "ko",
            "greenprocure report: 오류: 다음 인수가 필요합니다: PURCHASES, --period"
            " (도움말: greenprocure report --help)\n",
        ),
    ],
)
def test_argparse_errors_are_one_translated_line(
    capsys: pytest.CaptureFixture[str], locale: str, expected: str
) -> None:
    assert main(["report", "--locale", locale]) == 2
    assert capsys.readouterr().err == expected


def test_an_invalid_choice_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--format", "zz", "--locale", "ko"]) == 2
    err = capsys.readouterr().err
    assert "잘못된 선택" in err
    assert "invalid choice" not in err


# 8. fields named as the user's file names them, or in the user's language


def test_validate_names_the_column_as_in_the_file(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "구매번호,수요기관,구매일자,구매금액\nA,중구,2022-03-01,1000\n", encoding="utf-8"
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("2 "))
    assert row.split()[:3] == ["2", "수요기관", "'중구'"]
    assert "구매기관 '중구'이(가) 여러 지방정부를 가리킵니다" in row


def test_missing_columns_are_named_in_korean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nobuyer.csv"
    path.write_text("구매번호,구매일자,구매금액\nA,2022-03-01,1000\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "필수 열이 없습니다: 수요기관 (" in captured.err
    assert "buyer (" not in captured.err
    assert captured.out.splitlines() == [f"구매실적: {path}"]


# 9. ambiguous names in user words


def test_jurisdictions_advises_within(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jurisdictions", "중구", "--locale", "en"]) == 1
    err = capsys.readouterr().err
    assert "give the parent with --within, or the code" in err
    assert "within=" not in err


# 11. --explain with a bad name: exit 1 before anything is written, in both


def test_a_bad_explain_name_fails_alike_in_report_and_demo(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_report(files, "--explain", "중구")) == 1
    report_captured = capsys.readouterr()
    assert main(["demo", "--explain", "중구", "--locale", "en"]) == 1
    demo_captured = capsys.readouterr()
    assert report_captured.out == demo_captured.out == ""
    for err in (report_captured.err, demo_captured.err):
        assert "중구" in err
        assert len(err.splitlines()) == 1


# 12. wording


def test_demo_says_outside_the_period(capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "--locale", "en"])
    out = capsys.readouterr().out
    assert "outside the period" in out
    assert "after the period" not in out


# 13. NFD Hangul


def test_display_width_of_nfd_hangul() -> None:
    nfd = unicodedata.normalize("NFD", "부산광역시")
    assert len(nfd) > 5
    assert display_width(nfd) == 10
    table = text_table(["지역", "n"], [[nfd, "1"], ["Busan", "12"]])
    assert table.splitlines()[2] == "부산광역시  1"


# 7. the kind of a binary file is translated


def test_a_zip_file_is_named_in_korean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "purchases.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "zip 압축 파일 또는 엑셀 통합 문서(.xlsx)로 보입니다" in err
    assert "a zip archive" not in err


def test_an_empty_cell_names_the_field_in_korean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("구매번호,수요기관,구매일자,구매금액\nA,창원시,,1000\n", encoding="utf-8")
    assert main(["validate", str(path), "--format", "json"]) == 1
    (rejection,) = json.loads(capsys.readouterr().out)["rejected"]
    assert (rejection["field"], rejection["column"]) == ("date", "구매일자")
    assert rejection["reason"].startswith("구매일자")
    assert "date" not in rejection["reason"]
