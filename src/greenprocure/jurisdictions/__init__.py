"""Korea's metropolitan and basic local governments, as of any date.

A :class:`Jurisdiction` is one local government in one state: its official
10-digit legal-dong code (법정동코드), Korean and English names, level
(metropolitan 광역 or basic 기초), kind (특별시, 광역시, 도, 시, 군, 자치구,
...), parent and the days it is valid. Governments are renamed, recoded,
moved and merged; each state is a record linked to the ones before and after
it, so a figure of one year can be carried to the government of another.

:func:`korea` returns the registry of Korea's governments from 2019 on, built
from the ministry's code list (see ``scripts/build_jurisdictions.py``). A
:class:`Registry` answers for all dates; ``registry.on(day)`` gives the
:class:`Snapshot` of one day, which finds a government by code (2, 5 or 10
digits) or by name (Korean or English, with or without suffix, short names,
"대구 중구"), and says so when a name belongs to another date.

Examples:
    >>> from greenprocure.jurisdictions import korea
    >>> day = korea().on("2022-10-20")
    >>> day.lookup("부산진구").code
    '2623000000'
    >>> [j.code for j in (day.lookup("중구", within="대구"), day.lookup("대전 중구"))]
    ['2711000000', '3014000000']
    >>> match = korea().on("2024-01-01").resolve("강원도")
    >>> match.jurisdiction.name_ko, match.note.render("en")
    ('강원특별자치도', 'Gangwon-do was renamed Gangwon State on June 11, 2023')
    >>> [j.name_ko for j in korea().carry("2826000000", "2022-10-20", "2026-11-25")]
    ['서해구', '검단구']
"""

from __future__ import annotations

import threading
from importlib import resources
from typing import Final

from greenprocure.errors import (
    AmbiguousJurisdictionError,
    JurisdictionError,
    JurisdictionValueError,
    UnknownJurisdictionError,
)
from greenprocure.jurisdictions._load import COLUMNS, REQUIRED
from greenprocure.jurisdictions._model import (
    Change,
    Cohort,
    Jurisdiction,
    JurisdictionDataWarning,
    Kind,
    Level,
    Match,
    MatchKind,
)
from greenprocure.jurisdictions._names import normalize
from greenprocure.jurisdictions._registry import Registry, Snapshot

__all__ = [
    "COLUMNS",
    "KOREA_DATA",
    "REQUIRED",
    "AmbiguousJurisdictionError",
    "Change",
    "Cohort",
    "Jurisdiction",
    "JurisdictionDataWarning",
    "JurisdictionError",
    "JurisdictionValueError",
    "Kind",
    "Level",
    "Match",
    "MatchKind",
    "Registry",
    "Snapshot",
    "UnknownJurisdictionError",
    "korea",
    "normalize",
]

#: The file name of Korea's registry inside this package's ``data`` folder.
KOREA_DATA: Final = "kr_jurisdictions.csv"

_lock = threading.Lock()
_korea: Registry | None = None


def korea() -> Registry:
    """The registry of Korea's metropolitan and basic governments (loaded once).

    Thread-safe: the first call reads the package's data file; later calls
    return the same registry.

    Examples:
        >>> registry = korea()
        >>> registry is korea(), registry.covers_from.isoformat()
        (True, '2019-01-01')
        >>> registry.metadata["source_date"]
        '2026-07-01'
    """
    global _korea
    registry = _korea
    if registry is None:
        with _lock:
            registry = _korea
            if registry is None:
                data = resources.files(__name__) / "data" / KOREA_DATA
                with data.open("r", encoding="utf-8") as handle:
                    registry = _korea = Registry.from_csv(handle)
    return registry
