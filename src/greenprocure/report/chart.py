"""A bar chart of attainment per jurisdiction, with the pro-rata and 100% lines.

:func:`plot_attainment` draws one horizontal bar per jurisdiction (its
attainment of the target), a dashed line at the period's share of the year
(75% for January–September: the pro-rata line) and a solid line at 100%,
and saves it as PNG or SVG. Published figures, when given, are drawn as
markers beside the computed bars.

It needs matplotlib, the optional extra ``plot``
(``pip install 'greenprocure[plot]'``); it is imported only when a chart is
drawn, with the non-interactive "Agg" backend.

Korean labels need a font that covers Hangul. :func:`hangul_font` looks for
one among the installed fonts (Noto Sans CJK, NanumGothic, Malgun Gothic,
AppleGothic, ...); when there is none, the chart is labelled with the
English names and a :class:`HangulFontWarning` says why.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, cast

from greenprocure.evaluation import AttainmentReport, AttainmentRow
from greenprocure.i18n import N_, check_locale, format_percent, translate

__all__ = ["CHART_FORMATS", "HangulFontWarning", "hangul_font", "plot_attainment"]

#: The file formats :func:`plot_attainment` writes.
CHART_FORMATS: Final = ("png", "svg")

#: A Korean sample the font must cover.
HANGUL_SAMPLE: Final = "경상남도 달성률"

#: Font families tried first, in order; any other installed font covering Hangul comes after.
PREFERRED_FONTS: Final = (
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "NanumGothic",
    "NanumBarunGothic",
    "Malgun Gothic",
    "AppleGothic",
    "Apple SD Gothic Neo",
    "Source Han Sans KR",
    "UnDotum",
    "Baekmuk Gulim",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
)


class HangulFontWarning(UserWarning):
    """No installed font covers Hangul, so a chart was labelled in English instead."""


def _covers(path: str, sample: str) -> bool:
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    charmap = font.get_charmap()
    return all(ord(char) in charmap for char in sample if not char.isspace())


def hangul_font(sample: str = HANGUL_SAMPLE) -> str | None:
    """The name of an installed font family that covers ``sample``, or None.

    Preferred families (:data:`PREFERRED_FONTS`) come first; after them any
    font matplotlib knows whose character map covers every character of the
    sample. Fonts installed after matplotlib built its font cache are found
    too (the system's font folders are searched once, and what fits is added).
    """
    from matplotlib import font_manager

    found = _first_covering(font_manager.fontManager.ttflist, sample)
    if found is not None:
        return found
    return _system_font(sample)


def _first_covering(entries: Any, sample: str) -> str | None:
    rank = {name.casefold(): index for index, name in enumerate(PREFERRED_FONTS)}
    ordered = sorted(entries, key=lambda e: (rank.get(e.name.casefold(), len(rank)), e.fname))
    for entry in ordered:
        # matplotlib's "Last Resort" font maps every character to a placeholder box.
        if "last resort" in entry.name.casefold():
            continue
        if entry.fname.lower().endswith((".ttf", ".otf", ".ttc")) and _covers(entry.fname, sample):
            return str(entry.name)
    return None


@lru_cache(maxsize=8)
def _system_font(sample: str) -> str | None:
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in sorted(font_manager.findSystemFonts()):
        if path in known or not path.lower().endswith((".ttf", ".otf")):
            continue
        if not _covers(path, sample):
            continue
        try:
            font_manager.fontManager.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def _published_percent(published: Any, code: str) -> Decimal | None:
    if published is None:
        return None
    lookup = getattr(published, "percent", None)
    if callable(lookup):
        value = lookup(code)
    elif isinstance(published, Mapping):
        value = published.get(code)
    else:
        raise TypeError(f"published must be a mapping or have percent(code), not {published!r}")
    return None if value is None else Decimal(str(value))


def _label(row: AttainmentRow, locale: str) -> str:
    name = row.name_ko if locale == "ko" else row.name_en
    return name or row.name_en or row.name_ko or row.code


def _format(path: Path, format: str | None) -> str:
    chosen = (format or path.suffix.lstrip(".")).lower()
    if chosen not in CHART_FORMATS:
        raise ValueError(
            f"cannot tell the chart format from {str(path)!r}: use a .png or .svg file name"
            " or format='png' / 'svg'"
        )
    return chosen


def plot_attainment(
    report: AttainmentReport,
    path: str | os.PathLike[str],
    *,
    locale: str = "ko",
    published: Any = None,
    title: str | None = None,
    format: str | None = None,
) -> Path:
    """Draw attainment per jurisdiction and save it to ``path`` (PNG or SVG).

    Args:
        report: the attainment report; rows without an attainment are left out.
        path: the file to write; its suffix (``.png``, ``.svg``) picks the format.
        locale: ``"ko"`` or ``"en"`` for the labels. Korean needs a Hangul
            font; without one the chart falls back to English with a
            :class:`HangulFontWarning`.
        published: published attainment percentages to compare with, drawn as
            markers: a mapping of jurisdiction code to percent (``Decimal("81.2")``)
            or an object with a ``percent(code)`` method, such as
            ``priority_cities_2022().published``.
        title: the chart's title (default: "Attainment, PERIOD").
        format: ``"png"`` or ``"svg"``, overriding the suffix.

    Returns:
        The path written.

    Raises:
        ValueError: the format is neither PNG nor SVG.
        ModuleNotFoundError: matplotlib is not installed (install the ``plot`` extra).
    """
    locale = check_locale(locale)
    target = Path(path)
    kind = _format(target, format)
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font: str | None = None
    if locale == "ko":
        font = hangul_font()
        if font is None:
            warnings.warn(
                HangulFontWarning(
                    "no installed font covers Hangul (install e.g. fonts-noto-cjk or"
                    " fonts-nanum); the chart is labelled in English"
                ),
                stacklevel=2,
            )
            locale = "en"

    rows = [row for row in report.rows if row.attainment is not None]
    labels = [_label(row, locale) for row in rows]
    # float ok: chart coordinates, after the figures are computed exactly
    values = [float(row.attainment * 100) for row in rows if row.attainment is not None]  # float ok
    pro_rata = report.period.share_of_year

    rc: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": "greenprocure"}
    if font is not None:
        rc["font.family"] = [font, "DejaVu Sans"]
        rc["axes.unicode_minus"] = False
    with matplotlib.rc_context(cast(Any, rc)):
        height = max(2.5, 0.45 * len(rows) + 1.5)
        figure = Figure(figsize=(8, height), dpi=100, layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(rows)))
        colours = [_colour(row.attainment, pro_rata) for row in rows]
        axes.barh(positions, values, color=colours, height=0.6, zorder=2)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        for position, value in zip(positions, values, strict=True):
            axes.text(value + 1, position, f"{value:.1f}%", va="center", fontsize=8, zorder=3)
        share_text = format_percent(pro_rata, locale)
        axes.axvline(
            float(pro_rata * 100),  # float ok: chart coordinate
            color="#57606a",
            linestyle="--",
            linewidth=1.2,
            zorder=3,
            label=translate(N_("pro rata: {share} of the year"), locale, share=share_text),
        )
        axes.axvline(
            100,
            color="#1b1f23",
            linestyle="-",
            linewidth=1.2,
            zorder=3,
            label=translate(N_("target (100%)"), locale),
        )
        marks = [
            (position, _published_percent(published, row.code))
            for position, row in zip(positions, rows, strict=True)
        ]
        shown = [(p, float(v)) for p, v in marks if v is not None]  # float ok: chart
        if shown:
            axes.scatter(
                [v for _, v in shown],
                [p for p, _ in shown],
                marker="D",
                s=24,
                color="#0969da",
                zorder=4,
                label=translate(N_("published figure"), locale),
            )
        axes.set_xlabel(translate(N_("attainment of the target (%)"), locale))
        axes.set_xlim(0, max([110.0, *(v + 12 for v in values)]))
        axes.grid(axis="x", color="#e1e4e8", zorder=0)
        figure.legend(loc="outside lower center", ncol=3, fontsize=8, frameon=False)
        axes.set_title(
            title or translate(N_("Attainment, {period}"), locale, period=str(report.period)),
        )
        with warnings.catch_warnings():
            # A Hangul title given by the caller cannot be drawn without a Hangul font.
            warnings.filterwarnings(
                "ignore", message=r"Glyph \d+ .*missing from", category=UserWarning
            )
            figure.savefig(target, format=kind, metadata=_metadata(kind))
    return target


def _colour(attainment: Fraction | None, pro_rata: Fraction) -> str:
    if attainment is None or attainment < pro_rata:
        return "#cf222e"
    return "#2da44e" if attainment >= 1 else "#bf8700"


def _metadata(kind: str) -> dict[str, Any]:
    # No creation date: the same report gives the same file.
    if kind == "svg":
        return {"Date": None}
    return {"Software": "greenprocure"}
