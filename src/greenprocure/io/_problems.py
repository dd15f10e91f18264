"""Helpers the loaders share to describe a rejected cell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from greenprocure.certifications import SchemeRegistry
from greenprocure.errors import CertificateError
from greenprocure.i18n import N_, Message
from greenprocure.io._columns import field_label
from greenprocure.io._parse import CellError
from greenprocure.io._result import Problem

__all__ = ["empty", "problem", "scheme_id"]


def problem(field: str, value: str, code: str, msgid: str, /, **params: Any) -> Problem:
    """A :class:`Problem` whose reason is ``msgid`` with ``params``.

    Example:
        >>> problem("amount", "x", "bad-amount", "amount {value!r} is not a number",
        ...         value="x").reason.render("en")
        "amount 'x' is not a number"
    """
    return Problem(field, value, code, Message.of(msgid, **params))


def empty(field: str) -> Problem:
    """The problem of an empty required cell, naming the field for people.

    Example:
        >>> empty("date").reason.render("en")
        'purchase date is empty'
    """
    return problem(field, "", "empty", N_("{field} is empty"), field=field_label(field))


def scheme_id(schemes: SchemeRegistry) -> Callable[[str], str]:
    """A parser of certification scheme cells: the scheme's id, or a :class:`CellError`.

    Example:
        >>> from greenprocure.certifications import builtin_schemes
        >>> scheme_id(builtin_schemes())("환경표지")
        'kr-eco-label'
    """

    def parse(raw: str) -> str:
        try:
            return schemes.lookup(raw).id
        except CertificateError as error:
            raise CellError("unknown-scheme", Message.of(error.msgid, **error.params)) from None

    return parse
