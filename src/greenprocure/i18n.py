"""Everything a person reads: translated words and locale-aware numbers.

Two kinds of text pass through here:

* **words** (statuses, rule descriptions, refusal reasons, report headers,
  error messages) are message ids in English with ``{name}`` placeholders,
  translated through gettext catalogs shipped in the package
  (``greenprocure/locale/<lang>/LC_MESSAGES/greenprocure.mo``). Mark a
  literal for extraction with :func:`N_`; render it with :func:`translate`
  or keep it as a :class:`Message` until the locale is known.
* **numbers, money and dates** are formatted with babel, always with an
  explicit locale. Percentages are rounded **half up** *before* babel sees
  them, because babel rounds half-even and must not change a published
  figure (62.05% is shown as 62.1%, never 62.0%).

The locale is always an argument (``"ko"`` or ``"en"``); nothing here reads
the environment. A locale with a region or encoding (``"ko_KR"``,
``"en-US"``, ``"ko_KR.UTF-8"``) stands for its language; any other raises
:class:`~greenprocure.errors.LocaleError`.

Example:
    >>> from decimal import Decimal
    >>> from greenprocure import Money
    >>> from greenprocure.i18n import format_money, format_percent, translate
    >>> format_money(Money.krw(1_234_000), "ko")
    '1,234,000원'
    >>> format_money(Money.krw(1_234_000), "en")
    '₩1,234,000'
    >>> format_percent(Decimal("0.6205"), "en")
    '62.1%'
"""

from __future__ import annotations

import datetime as _dt
import gettext
import re
import threading
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final, Literal, SupportsIndex

import attrs

from greenprocure.errors import LocaleError, TextError

if TYPE_CHECKING:
    from greenprocure.money import Money

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAIN",
    "N_",
    "SUPPORTED_LOCALES",
    "Bilingual",
    "Message",
    "MoneyStyle",
    "check_locale",
    "format_date",
    "format_decimal",
    "format_money",
    "format_percent",
    "percent_text",
    "translate",
]

#: The gettext domain of the package's catalogs.
DOMAIN: Final = "greenprocure"
#: Locales with a complete catalog.
SUPPORTED_LOCALES: Final = ("ko", "en")
#: The locale used for Korean data when the caller does not choose one.
DEFAULT_LOCALE: Final = "ko"

#: How money is written: ``"suffix"`` gives ``1,234,000원`` (Korean usage, KRW
#: only), ``"symbol"`` gives ``₩1,234,000``, ``"code"`` gives ``KRW 1,234,000``;
#: ``"auto"`` is ``"suffix"`` in Korean and ``"symbol"`` otherwise.
MoneyStyle = Literal["auto", "suffix", "symbol", "code"]


def N_(message: str) -> str:
    """Mark ``message`` for extraction into the catalogs; returns it unchanged."""
    return message


# What separates the language from the region, encoding or modifier of a locale name.
_LOCALE_SEPARATORS: Final = re.compile(r"[-_.@]")


def check_locale(locale: str) -> str:
    """The supported language ``locale`` stands for: ``"ko"`` or ``"en"``.

    The region and encoding are ignored (``"ko_KR"``, ``"ko-KR"`` and
    ``"ko_KR.UTF-8"`` are ``"ko"``); the locale is never read from the environment.

    Raises:
        LocaleError: (a ``ValueError``) ``locale`` is not a string or its
            language has no catalog; the message names it and the supported ones.

    Examples:
        >>> check_locale("ko_KR"), check_locale("en-US"), check_locale("EN")
        ('ko', 'en', 'en')
        >>> check_locale("fr_FR")
        Traceback (most recent call last):
        ...
        greenprocure.errors.LocaleError: unsupported locale 'fr_FR': choose one of ko, en
    """
    if locale in SUPPORTED_LOCALES:
        return locale
    if isinstance(locale, str):
        language = _LOCALE_SEPARATORS.split(locale.strip(), maxsplit=1)[0].lower()
        if language in SUPPORTED_LOCALES:
            return language
    raise LocaleError(
        N_("unsupported locale {locale!r}: choose one of {supported}"),
        locale=locale,
        supported=", ".join(SUPPORTED_LOCALES),
    )


_catalog_lock = threading.Lock()


@cache
def _catalog(locale: str) -> gettext.NullTranslations:
    with _catalog_lock:
        localedir = resources.files("greenprocure") / "locale"
        mo = localedir / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not mo.is_file():
            return gettext.NullTranslations()
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(msgid: str, locale: str, /, **params: Any) -> str:
    """Translate ``msgid`` into ``locale`` and fill in its ``{name}`` placeholders.

    Parameters are formatted for the locale: :class:`~greenprocure.Money` with
    :func:`format_money`, dates with :func:`format_date`, nested
    :class:`Message` objects by rendering them; other values with ``str``
    (or ``repr`` where the message asks for ``{name!r}``).

    Example:
        >>> translate("year {value} is outside 1–9999", "ko", value=0)
        '연도 0이(가) 1–9999 범위를 벗어납니다'
    """
    locale = check_locale(locale)
    text = _catalog(locale).gettext(msgid)
    if not params:
        return text
    values = _KeepMissing({name: _format_param(value, locale) for name, value in params.items()})
    return text.format_map(values)


def _format_param(value: Any, locale: str) -> Any:
    from greenprocure.money import Money

    if isinstance(value, Message):
        return value.render(locale)
    if isinstance(value, Money):
        return format_money(value, locale)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return format_date(value, locale)
    return value


def _freeze_params(
    params: Mapping[str, Any] | tuple[tuple[str, Any], ...],
) -> tuple[tuple[str, Any], ...]:
    items = params.items() if isinstance(params, Mapping) else params
    return tuple(sorted(items))


@attrs.frozen
class Message:
    """A translatable message whose locale is chosen later, when it is shown.

    Model code keeps :class:`Message` objects (reasons, descriptions); the
    edges render them with the locale the user asked for.

    Example:
        >>> reason = Message.of("certificate {number} expired on {date}", number="16052",
        ...                     date=__import__("datetime").date(2022, 3, 1))
        >>> reason.render("en")
        'certificate 16052 expired on March 1, 2022'
    """

    #: The English message id, with ``{name}`` placeholders.
    msgid: str
    #: The parameters, as ``(name, value)`` pairs in the order given.
    params: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_freeze_params)

    @classmethod
    def of(cls, msgid: str, /, **params: Any) -> Message:
        """Build a message from a message id and keyword parameters."""
        return cls(msgid, tuple(params.items()))

    def render(self, locale: str = "en") -> str:
        """The message translated into ``locale``."""
        return translate(self.msgid, locale, **dict(self.params))

    def __str__(self) -> str:
        return self.render("en")

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # A Message as its two fields, not attrs' state dict: a worker process
        # sends the examples of thousands of reasons (see greenprocure._fork).
        # Subclasses (Bilingual, a user's) keep their own way.
        if type(self) is Message:
            return (_message, (self.msgid, self.params))
        return super().__reduce_ex__(protocol)


def _message(msgid: str, params: tuple[tuple[str, Any], ...]) -> Message:
    """A :class:`Message` of fields it already had (unpickling)."""
    message: Message = object.__new__(Message)
    object.__setattr__(message, "msgid", msgid)
    object.__setattr__(message, "params", params)
    return message


@attrs.frozen(init=False)
class Bilingual(Message):
    """A text that comes with the data in Korean and English, usable as a :class:`Message`.

    Catalog messages are translated through gettext; a kind's name, a place or
    a comparison's description comes with the data instead, in both
    languages. A :class:`Bilingual` is a message whose English text is its
    ``msgid`` and which renders its Korean text for ``"ko"``; it can be a
    parameter of another message.

    Args:
        ko: the Korean text.
        en: the English text.

    Examples:
        >>> place = Bilingual("제주도", "Jeju")
        >>> place.render("ko"), place.render("en"), place.en
        ('제주도', 'Jeju', 'Jeju')
        >>> Message.of("held in {place}", place=place).render("en")
        'held in Jeju'
    """

    ko: str = attrs.field(kw_only=True)

    def __init__(self, ko: str, en: str) -> None:
        for name, text in (("ko", ko), ("en", en)):
            if not isinstance(text, str) or not text.strip():
                raise TextError(
                    N_("the {language} text {value!r} is empty or not a string"),
                    language=name,
                    value=text,
                )
        self.__attrs_init__(en, (), ko=ko)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Bilingual, (self.ko, self.msgid))

    @property
    def en(self) -> str:
        """The English text."""
        return self.msgid

    def render(self, locale: str = "en") -> str:
        """The text in ``locale`` (``"ko"`` or ``"en"``)."""
        return self.ko if check_locale(locale) == "ko" else self.msgid

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Bilingual:
        """Build from ``{"ko": ..., "en": ...}`` (the form used in data files)."""
        if not isinstance(data, Mapping):
            raise TextError(N_("text {value!r} is not of the form {{ko, en}}"), value=data)
        return cls(data.get("ko", ""), data.get("en", ""))

    def to_mapping(self) -> dict[str, str]:
        """``{"ko": ..., "en": ...}``, the inverse of :meth:`from_mapping`."""
        return {"ko": self.ko, "en": self.msgid}

    def __str__(self) -> str:
        return self.msgid


# -- numbers ------------------------------------------------------------------


def _half_up(value: Decimal | Fraction | int, places: int) -> Decimal:
    from greenprocure.money import round_half_up

    return round_half_up(value, places)


def format_decimal(value: Decimal | int, locale: str, *, places: int | None = None) -> str:
    """Format a number with the locale's grouping; with ``places``, round half up first."""
    from babel.numbers import format_decimal as _babel_format_decimal  # imported on first use

    locale = check_locale(locale)
    if places is None:
        return str(_babel_format_decimal(value, locale=locale, decimal_quantization=False))
    rounded = _half_up(value, places)
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return str(_babel_format_decimal(rounded, format=pattern, locale=locale))


def percent_text(ratio: Decimal | Fraction | int, places: int = 1) -> str:
    """A ratio as a plain percentage string rounded half up, without a sign.

    This is the form used in JSON and CSV output (``"78.4"``).

    Example:
        >>> percent_text(Decimal("0.7835"))
        '78.4'
        >>> percent_text(Fraction(1, 8), places=0)
        '13'
    """
    return str(_half_up(Fraction(ratio) * 100, places))


def format_percent(ratio: Decimal | Fraction | int, locale: str, *, places: int = 1) -> str:
    """A ratio (``0.784``) as a percentage for people (``78.4%``), rounded half up."""
    from babel.numbers import format_percent as _babel_format_percent  # imported on first use

    locale = check_locale(locale)
    # Quantise the ratio so that babel's ×100 is exact and its half-even
    # rounding has nothing left to round.
    rounded = _half_up(Fraction(ratio), places + 2)
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "") + "%"
    return str(_babel_format_percent(rounded, format=pattern, locale=locale))


def format_money(money: Money, locale: str, *, style: MoneyStyle = "auto") -> str:
    """Format an amount for people.

    Korean readers expect ``3,300,000원``; English readers ``₩3,300,000``.
    The amount is already exact to the currency's minor unit, so formatting
    never rounds.

    Example:
        >>> from greenprocure import Money
        >>> format_money(Money("1234.5", "EUR"), "en")
        '€1,234.50'
        >>> format_money(Money.krw(-500), "ko")
        '-500원'
        >>> format_money(Money.krw(3_300_000), "en", style="code")
        'KRW 3,300,000'
    """
    from babel.numbers import format_currency as _babel_format_currency
    from babel.numbers import format_decimal as _babel_format_decimal

    locale = check_locale(locale)
    if style == "auto":
        style = "suffix" if locale == "ko" else "symbol"
    if style == "suffix" and money.currency == "KRW":
        digits = _babel_format_decimal(money.amount, format="#,##0", locale=locale)
        return f"{digits}원"
    if style == "code":
        places = money.exponent
        pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
        digits = _babel_format_decimal(money.amount, format=pattern, locale=locale)
        return f"{money.currency} {digits}"
    return str(_babel_format_currency(money.amount, money.currency, locale=locale))


def format_date(value: _dt.date, locale: str) -> str:
    """A date in the locale's long form: ``2022년 10월 20일`` / ``October 20, 2022``."""
    from babel.dates import format_date as _babel_format_date  # imported on first use

    locale = check_locale(locale)
    return str(_babel_format_date(value, format="long", locale=locale))
