"""How names are compared: one normal form for every spelling of a name."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from greenprocure.jurisdictions._model import Jurisdiction

__all__ = ["normalize", "own_forms", "stems"]

# Spaces, hyphens and punctuation do not distinguish names: "대구 중구" is
# "대구중구", "Jung-gu, Daegu" is "junggudaegu".
_IGNORED: Final = re.compile(r"[\s\-‐‑–—_.,·'’]+")

#: Tiers of a match: the lower, the stronger. Only the strongest tier that
#: matches counts, so "광주" means 광주광역시 (an alias) rather than 경기도
#: 광주시 (whose short name it also is).
TIER_NAME: Final = 0
TIER_ALIAS: Final = 1
TIER_SHORT: Final = 2


def normalize(text: str) -> str:
    """The form names are compared in.

    NFKC (so that decomposed Hangul (NFD) and full-width letters compare
    equal), case-folded, without spaces, hyphens and punctuation.

    Examples:
        >>> import unicodedata
        >>> normalize(unicodedata.normalize("NFD", "대구 중구")) == normalize("대구중구")
        True
        >>> normalize(" Jung-gu, Daegu ")
        'junggudaegu'
    """
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text).casefold())


def stems(jurisdiction: Jurisdiction) -> tuple[str, ...]:
    """A basic government's names without their suffix (수원시 → 수원, Suwon-si → Suwon).

    One-syllable stems (중 of 중구) are not formed: they are too short to be names.
    """
    kind = jurisdiction.kind
    found: list[str] = []
    suffix_ko, suffix_en = kind.suffix_ko, kind.suffix_en
    if suffix_ko and jurisdiction.name_ko.endswith(suffix_ko):
        stem = jurisdiction.name_ko[: -len(suffix_ko)]
        if len(stem) >= 2:
            found.append(stem)
    if suffix_en and jurisdiction.name_en.casefold().endswith(suffix_en):
        stem = jurisdiction.name_en[: -len(suffix_en)]
        if len(stem) >= 2:
            found.append(stem)
    return tuple(found)


def own_forms(jurisdiction: Jurisdiction) -> list[tuple[int, str]]:
    """Every form a jurisdiction answers to, with its tier."""
    forms = [(TIER_NAME, jurisdiction.name_ko), (TIER_NAME, jurisdiction.name_en)]
    forms.extend((TIER_ALIAS, alias) for alias in jurisdiction.aliases)
    forms.extend((TIER_SHORT, stem) for stem in stems(jurisdiction))
    return forms
