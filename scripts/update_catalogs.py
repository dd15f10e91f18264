"""Extract, update and compile greenprocure's gettext catalogs with babel's tools.

Run from the repository root after changing any user-visible text:

    python scripts/update_catalogs.py          # extract + update .po + compile .mo
    python scripts/update_catalogs.py --check  # fail if the .po/.mo files are stale

Every message id in the source is a literal wrapped in ``N_()`` (see
``greenprocure.i18n``). New entries arrive in ``ko`` with an empty
translation, which the catalog test reports until someone translates them.
English entries are filled with the message id itself.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "greenprocure"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "greenprocure"
LOCALES = ("ko", "en")
KEYWORDS = {"N_": None}
METHOD_MAP = [("**.py", "python")]


def extract() -> Catalog:
    """All ``N_()`` literals of the package, as a template catalog."""
    template = Catalog(project="greenprocure", domain=DOMAIN, charset="utf-8", version="0.1")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(
            message,
            None,
            [(f"src/greenprocure/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def updated(locale: str, template: Catalog) -> Catalog:
    path = po_path(locale)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, domain=DOMAIN)
    else:
        catalog = Catalog(
            locale=locale, domain=DOMAIN, project="greenprocure", charset="utf-8", version="0.1"
        )
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.copyright_holder = "greenprocure developers"
    catalog.msgid_bugs_address = "https://github.com/greenprocure/greenprocure/issues"
    catalog.last_translator = "greenprocure developers"
    catalog.language_team = f"{locale} <https://github.com/greenprocure/greenprocure>"
    catalog.creation_date = catalog.revision_date = template.creation_date.replace(
        year=2022, month=10, day=20, hour=0, minute=0, second=0, microsecond=0
    )
    for message in catalog:
        if message.id and locale == "en" and not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.add_argument(
        "--merge",
        metavar="JSON",
        action="append",
        default=[],
        help="a JSON object {msgid: Korean translation} to write into the ko catalog",
    )
    args = parser.parse_args(argv)
    template = extract()
    translations: dict[str, str] = {}
    for path in args.merge:
        translations.update(json.loads(Path(path).read_text("utf-8")))
    stale: list[str] = []
    for locale in LOCALES:
        # Catalog.update shares message objects with the template: give each its own.
        catalog = updated(locale, copy.deepcopy(template))
        if locale == "ko":
            for message in catalog:
                if message.id in translations:
                    message.string = translations[message.id]
        files = {
            po_path(locale): _po_bytes(catalog),
            po_path(locale).with_suffix(".mo"): _mo_bytes(catalog),
        }
        for path, content in files.items():
            if not path.exists() or path.read_bytes() != content:
                stale.append(str(path.relative_to(ROOT)))
                if not args.check:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(content)
    if args.check and stale:
        print("stale catalogs (run python scripts/update_catalogs.py):", *stale, sep="\n  ")
        return 1
    for path in stale:
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
