"""The exceptions of greenprocure.

Every error carries a translatable message: a message id (English source
text with ``{name}`` placeholders) and its parameters. ``str(error)`` gives
the English text; :meth:`GreenprocureError.render` gives it in another
locale through the catalogs of :mod:`greenprocure.i18n`. Each message names
the offending value and the reason.

Errors also inherit from the built-in exception a Python user would expect
(``ValueError``, ``TypeError``, ``LookupError``), so ``except ValueError``
keeps working.

Example:
    >>> from greenprocure import Money
    >>> from greenprocure.errors import CurrencyMismatchError
    >>> try:
    ...     Money.krw(1) + Money("1", "EUR")
    ... except CurrencyMismatchError as error:
    ...     print(error)
    cannot combine KRW and EUR amounts: convert one currency first
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "AmbiguousJurisdictionError",
    "AmountTypeError",
    "CertificateError",
    "CurrencyError",
    "CurrencyMismatchError",
    "DataFileError",
    "EvaluationError",
    "FloatAmountError",
    "GreenprocureError",
    "ImpactError",
    "InvalidAmountError",
    "JurisdictionError",
    "JurisdictionValueError",
    "LoadError",
    "LocaleError",
    "PeriodError",
    "PolicyError",
    "ProcuraError",
    "RecordError",
    "RuleError",
    "RuleLoadError",
    "RuleSetError",
    "TextError",
    "UnitError",
    "UnknownJurisdictionError",
]


class GreenprocureError(Exception):
    """Base class of every error raised by greenprocure.

    Args:
        msgid: the message id, English text with ``{name}`` placeholders;
            wrap the literal in :func:`greenprocure.i18n.N_` at the raise
            site so that it is extracted into the catalogs.
        **params: the values for the placeholders.
    """

    msgid: str
    params: Mapping[str, Any]

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.msgid = msgid
        self.params = dict(params)
        super().__init__(self.render("en"))

    def render(self, locale: str = "en") -> str:
        """The message in ``locale`` (``"ko"`` or ``"en"``)."""
        from greenprocure.i18n import translate

        return translate(self.msgid, locale, **self.params)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword parameters do not survive the default pickling of exceptions;
        # errors cross process boundaries when ledgers are evaluated in parallel.
        return (_rebuild_error, (type(self), self.msgid, self.params))


def _rebuild_error(
    cls: type[GreenprocureError], msgid: str, params: Mapping[str, Any]
) -> GreenprocureError:
    return cls(msgid, **params)


# -- values -------------------------------------------------------------------


class AmountTypeError(GreenprocureError, TypeError):
    """An amount of a type money cannot be made from (money takes int, Decimal or str)."""


class FloatAmountError(AmountTypeError):
    """A float was given where money must be exact (use int, Decimal or str)."""


class InvalidAmountError(GreenprocureError, ValueError):
    """An amount is not a finite decimal number, or is finer than the currency's minor unit."""


class CurrencyError(GreenprocureError, ValueError):
    """A currency code is not a known ISO 4217 code."""


class CurrencyMismatchError(GreenprocureError, ValueError):
    """Two amounts of different currencies were combined."""


class PeriodError(GreenprocureError, ValueError):
    """A period is not a span of whole months inside one calendar year."""


class TextError(GreenprocureError, ValueError):
    """A text given in Korean and English is empty or malformed."""


class UnitError(GreenprocureError, ValueError):
    """A unit is unknown, or two quantities have incompatible dimensions."""


class LocaleError(GreenprocureError, ValueError):
    """A locale is not one greenprocure has catalogs for (``ko`` and ``en``)."""


# -- model --------------------------------------------------------------------


class JurisdictionError(GreenprocureError, LookupError):
    """Base class of the errors raised when looking up a jurisdiction."""


class UnknownJurisdictionError(JurisdictionError):
    """No jurisdiction has this name or code (on this date)."""

    @property
    def suggestions(self) -> tuple[str, ...]:
        """The closest known names (the ``suggestions`` parameter), best first."""
        return tuple(self.params.get("suggestions", ()))


class AmbiguousJurisdictionError(JurisdictionError):
    """Several jurisdictions share this name; the message lists every candidate."""

    @property
    def candidates(self) -> tuple[Any, ...]:
        """Every jurisdiction the name could mean (``Jurisdiction`` objects), by code."""
        return tuple(self.params.get("candidates", ()))


class JurisdictionValueError(JurisdictionError, ValueError):
    """A jurisdiction query or record is malformed (empty name, bad code, date out of range)."""


class DataFileError(GreenprocureError, ValueError):
    """A reference data file (registry, catalog, factor set) is malformed."""


class CertificateError(GreenprocureError, ValueError):
    """A certificate or certification scheme is invalid or unknown."""


class PolicyError(GreenprocureError, ValueError):
    """A policy-task record is invalid (unknown kind, outside the cohort or period)."""


class ProcuraError(GreenprocureError, LookupError, ValueError):
    """A PROCURA+ fact, comparison or scheme mapping is invalid, or has no such entry."""


class ImpactError(GreenprocureError, ValueError):
    """An emission factor or an impact input is invalid (no source or unit, negative quantity)."""


# -- loading ------------------------------------------------------------------


class RecordError(GreenprocureError, ValueError):
    """One record (row) is invalid: names the record, the field and the reason."""


class LoadError(GreenprocureError, ValueError):
    """A whole file cannot be read (encoding, format, missing required columns)."""


# -- rules and evaluation -----------------------------------------------------


class RuleError(GreenprocureError, RuntimeError):
    """A rule raised an exception; names the rule id and the purchase id."""


class RuleLoadError(GreenprocureError, LookupError):
    """A rule or rule set could not be loaded by name, dotted path or entry point."""


class RuleSetError(GreenprocureError, ValueError):
    """A rule or rule set is ill-defined: unknown stage, duplicate id, unknown parameter."""


class EvaluationError(GreenprocureError, ValueError):
    """An evaluation cannot be carried out as asked (e.g. merging unlike reports)."""
