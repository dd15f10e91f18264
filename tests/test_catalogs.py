"""The gettext catalogs are complete, free of duplicates, and agree with the source."""

from __future__ import annotations

import gettext
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from greenprocure.i18n import SUPPORTED_LOCALES

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "src" / "greenprocure" / "locale"
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)(?:![rsa])?(?::[^}]*)?\}")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_catalogs", ROOT / "scripts" / "update_catalogs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _po(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "greenprocure.po"


def _raw_msgids(path: Path) -> list[str]:
    """Every msgid of a .po file as written, so that duplicates are visible."""
    ids: list[str] = []
    current: list[str] | None = None
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("msgid "):
            current = [line[6:].strip()]
        elif current is not None and line.startswith('"'):
            current.append(line.strip())
        elif current is not None:
            text = "".join(part[1:-1] for part in current)
            if text:
                ids.append(text)
            current = None
    return ids


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    return {message.id for message in _script().extract() if message.id}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_has_every_source_message_and_nothing_else(
    locale: str, source_ids: set[str]
) -> None:
    with _po(locale).open("rb") as handle:
        catalog = read_po(handle)
    ids = {message.id for message in catalog if message.id}
    missing = sorted(source_ids - ids)
    stale = sorted(ids - source_ids)
    assert not missing, f"{locale}: not in catalog (run scripts/update_catalogs.py): {missing}"
    assert not stale, f"{locale}: no longer in the source: {stale}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_entries_are_translated_without_duplicates(locale: str) -> None:
    raw = _raw_msgids(_po(locale))
    duplicates = sorted({text for text in raw if raw.count(text) > 1})
    assert not duplicates, f"{locale}: duplicated entries {duplicates}"
    with _po(locale).open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert not untranslated, f"{locale}: untranslated {untranslated}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"{locale}: fuzzy entries {fuzzy}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_placeholders_match(locale: str) -> None:
    with _po(locale).open("rb") as handle:
        catalog = read_po(handle)
    mismatched = [
        (m.id, m.string)
        for m in catalog
        if m.id and set(PLACEHOLDER.findall(str(m.id))) != set(PLACEHOLDER.findall(str(m.string)))
    ]
    assert not mismatched, f"{locale}: placeholders differ: {mismatched}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_compiled_catalog_matches_the_po_file(locale: str) -> None:
    with _po(locale).open("rb") as handle:
        catalog = read_po(handle)
    with _po(locale).with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [m.id for m in catalog if m.id and compiled.gettext(str(m.id)) != m.string]
    assert not stale, f"{locale}: .mo is older than .po (run scripts/update_catalogs.py): {stale}"
