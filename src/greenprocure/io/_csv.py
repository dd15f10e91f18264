"""CSV cells that a spreadsheet would run, and how the library writes them safely.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is taken by Excel, LibreOffice and Google Sheets as a formula (CSV
injection). The writers prefix such cells with an apostrophe, which
spreadsheets show as text. Two exceptions and one addition keep the round
trip exact:

* a cell that is a plain number (``-5000``, ``-2.5``) is left alone: a
  spreadsheet reads it as a number, never as a formula, and negative refund
  amounts stay numbers;
* a cell that already starts with an apostrophe followed by one of those
  characters or by another apostrophe gets one more apostrophe, so that
  :func:`restore` can tell the library's prefix from the user's text.

:func:`restore` undoes :func:`neutralise`; the readers apply it to the
library's own files only (files whose headers are all the library's field
names).

Example:
    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5000"), neutralise("@sum")
    ('\\'=HYPERLINK("http://x")', '-5000', "'@sum")
    >>> restore(neutralise("'=1+1")) == "'=1+1"
    True
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["FORMULA_TRIGGERS", "neutralise", "restore"]

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_ESCAPED: Final = (*FORMULA_TRIGGERS, "'")


def neutralise(cell: str) -> str:
    """``cell`` made safe to open in a spreadsheet (see the module docs)."""
    if not cell:
        return cell
    first = cell[0]
    if first in FORMULA_TRIGGERS:
        if first == "-" and _PLAIN_NUMBER.fullmatch(cell):
            return cell
        return "'" + cell
    if first == "'" and len(cell) > 1 and cell[1] in _ESCAPED:
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The cell :func:`neutralise` was given."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _ESCAPED:
        return cell[1:]
    return cell
