"""Records and reports as plain data (dicts, lists, strings, numbers) and back.

Apps that store greenprocure objects in a database, send them over HTTP or
keep them as JSON need a stable, documented shape. :func:`to_plain` turns a
record into JSON-ready data and :func:`from_plain` reads it back, driven by
the attrs fields and the type annotations of the class, so that
``from_plain(type(x), json.loads(json.dumps(to_plain(x)))) == x``.

The shape (see the concept page *Plain data*):

* :class:`~greenprocure.Money` → ``{"amount": "1234000", "currency": "KRW"}``
  (the amount as an exact decimal string).
* :class:`datetime.date` → ``"2022-03-14"``; :class:`~decimal.Decimal` →
  ``"1.10"``; :class:`~fractions.Fraction` → ``"3/4"``;
  :class:`~greenprocure.period.Period` → ``"2022-01..2022-09"``.
* enums → their value (``"kr-eco-label"`` kinds, ``"done"`` states).
* quantities → ``"120 meter ** 3"``; units → ``"meter ** 3"``.
* :class:`~greenprocure.i18n.Message` → ``{"msgid": ..., "params": {...}}``
  (parameters other than text, numbers and booleans carry a one-key tag:
  ``{"$money": {...}}``, ``{"$date": "..."}``, ``{"$decimal": "..."}``,
  ``{"$fraction": "..."}``, ``{"$message": {...}}``, ``{"$list": [...]}``);
  a bilingual text → ``{"ko": ..., "en": ...}``.
* attrs records → an object of their fields, by field name; tuples, lists
  and sets → arrays (sets sorted); mappings → objects; a certificate claim
  → ``{"scheme": ..., "number": ...}``.
* :class:`~greenprocure.evaluation.AttainmentReport` →
  :meth:`~greenprocure.evaluation.AttainmentReport.to_dict` (read back
  with :meth:`~greenprocure.evaluation.AttainmentReport.from_dict`).

Examples:
    >>> import datetime as dt, json
    >>> from greenprocure import Money
    >>> from greenprocure.purchases import Purchase
    >>> p = Purchase("A-1", "4812000000", dt.date(2022, 3, 14), "레미콘",
    ...              Money.krw(36_000_000), certificates=[("kr-low-carbon", "LC-17")])
    >>> data = to_plain(p)
    >>> data["amount"], data["date"]
    ({'amount': '36000000', 'currency': 'KRW'}, '2022-03-14')
    >>> data["certificates"]
    [{'scheme': 'kr-low-carbon', 'number': 'LC-17'}]
    >>> from_plain(Purchase, json.loads(json.dumps(data))) == p
    True
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
import typing
from collections import abc
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Final, TypeVar, Union

import attrs

from greenprocure.errors import GreenprocureError
from greenprocure.evaluation import AttainmentReport
from greenprocure.i18n import N_, Message
from greenprocure.money import Money
from greenprocure.period import Period
from greenprocure.units import quantity, unit

__all__ = ["PlainDataError", "from_plain", "to_plain"]

T = TypeVar("T")


class PlainDataError(GreenprocureError, ValueError):
    """Plain data that does not fit the type it is read as."""


def _fail(kind: object, data: object) -> PlainDataError:
    return PlainDataError(
        N_("plain data {value!r} does not fit {type}"),
        value=_short(data),
        type=getattr(kind, "__name__", None) or str(kind),
    )


def _short(data: object) -> str:
    text = repr(data)
    return text if len(text) <= 80 else text[:77] + "..."


def _is_bilingual(value: object) -> bool:
    return callable(getattr(value, "to_mapping", None)) and callable(
        getattr(value, "from_mapping", None)
    )


# -- to plain ---------------------------------------------------------------------


def _tag(value: Any) -> Any:
    """A message parameter, tagged when JSON alone would not bring its type back."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Money):
        return {"$money": to_plain(value)}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Fraction):
        return {"$fraction": str(value)}
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {"$date": value.isoformat()}
    if isinstance(value, Message) and not _is_bilingual(value):
        return {"$message": to_plain(value)}
    if _is_bilingual(value):
        return {"$bilingual": value.to_mapping()}
    if isinstance(value, list | tuple):
        return {"$list": [_tag(v) for v in value]}
    if isinstance(value, enum.Enum):
        return _tag(value.value)
    return {"$text": str(value)}


def _untag(data: Any) -> Any:
    if not isinstance(data, Mapping):
        return data
    if len(data) != 1:
        raise _fail("message parameter", data)
    ((tag, body),) = data.items()
    decoders: dict[str, Callable[[Any], Any]] = {
        "$money": lambda b: from_plain(Money, b),
        "$decimal": Decimal,
        "$fraction": Fraction,
        "$date": _dt.date.fromisoformat,
        "$message": lambda b: from_plain(Message, b),
        "$bilingual": _bilingual,
        "$list": lambda b: tuple(_untag(v) for v in b),
        "$text": str,
    }
    if tag not in decoders:
        raise _fail("message parameter", data)
    return decoders[tag](body)


def _bilingual(data: Any) -> Any:
    from greenprocure.policy import Bilingual

    return Bilingual.from_mapping(data)


def to_plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dicts, lists, strings, numbers, booleans and None.

    Raises:
        PlainDataError: a value of a type the converter does not know.
    """
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Decimal | Fraction | Period):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return to_plain(value.value)
    import pint  # here, not at module import (pint costs about 30 MiB)

    if isinstance(value, pint.Quantity):
        return str(value)
    if isinstance(value, pint.Unit):
        return str(value)
    if isinstance(value, AttainmentReport):
        return value.to_dict()
    if _is_bilingual(value):
        return dict(value.to_mapping())
    if isinstance(value, Message):
        data = _attrs_plain(value)
        data["params"] = {name: _tag(param) for name, param in value.params}
        return data
    if attrs.has(type(value)):
        return _attrs_plain(value)
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {name: to_plain(item) for name, item in value._asdict().items()}
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((to_plain(item) for item in value), key=repr)
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    raise _fail("plain data", value)


def _attrs_plain(value: Any) -> dict[str, Any]:
    return {field.name: to_plain(getattr(value, field.name)) for field in attrs.fields(type(value))}


# -- from plain -------------------------------------------------------------------


def _hints(cls: type) -> dict[str, Any]:
    # Model modules name Quantity only for type checkers (pint is imported
    # lazily), so it is supplied here for the annotations that mention it.
    from greenprocure.units import Quantity

    return typing.get_type_hints(cls, localns={"Quantity": Quantity})


def _union(args: tuple[Any, ...], data: Any) -> Any:
    if data is None and type(None) in args:
        return None
    errors: list[Exception] = []
    for arg in args:
        if arg is type(None):
            continue
        try:
            return from_plain(arg, data)
        except (GreenprocureError, TypeError, ValueError, KeyError, InvalidOperation) as error:
            errors.append(error)
    raise _fail(" | ".join(getattr(a, "__name__", str(a)) for a in args), data)


def _primitive(kind: type, data: Any) -> Any:
    if kind is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)  # float ok: a field declared float
    if kind is int and isinstance(data, bool):
        raise _fail(kind, data)
    if not isinstance(data, kind):
        raise _fail(kind, data)
    return data


def _text(kind: object, data: Any) -> str:
    if not isinstance(data, str):
        raise _fail(kind, data)
    return data


def from_plain(kind: type[T] | Any, data: Any) -> T:
    """Read ``data`` (as made by :func:`to_plain`) back as a ``kind``.

    ``kind`` is a class (``Purchase``, ``Money``, ``AttainmentReport``) or a
    type annotation (``tuple[Purchase, ...]``, ``Money | None``).

    Raises:
        PlainDataError: the data does not fit ``kind``.
    """
    return typing.cast(T, _from(kind, data))


def _from(kind: Any, data: Any) -> Any:
    if kind is Any or kind is object:
        return data
    if kind is None or kind is type(None):
        if data is not None:
            raise _fail("None", data)
        return None
    origin = typing.get_origin(kind)
    if origin is Union or origin is types.UnionType:
        return _union(typing.get_args(kind), data)
    if origin is not None:
        return _generic(kind, origin, data)
    if not isinstance(kind, type):
        raise _fail(kind, data)
    if kind in (str, int, bool, float):
        return _primitive(kind, data)
    if issubclass(kind, Money):
        if not isinstance(data, Mapping) or set(data) != {"amount", "currency"}:
            raise _fail(kind, data)
        return Money(_text(kind, data["amount"]), _text(kind, data["currency"]))
    if issubclass(kind, Decimal):
        return Decimal(_text(kind, data))
    if issubclass(kind, Fraction):
        return Fraction(_text(kind, data))
    if issubclass(kind, Period):
        return Period.parse(_text(kind, data))
    if issubclass(kind, _dt.datetime):
        return _dt.datetime.fromisoformat(_text(kind, data))
    if issubclass(kind, _dt.date):
        return _dt.date.fromisoformat(_text(kind, data))
    if issubclass(kind, enum.Enum):
        return kind(data)
    import pint  # here, not at module import (pint costs about 30 MiB)

    if issubclass(kind, pint.Quantity):
        return quantity(_text(kind, data))
    if issubclass(kind, pint.Unit):
        return unit(_text(kind, data))
    if issubclass(kind, AttainmentReport):
        if not isinstance(data, Mapping):
            raise _fail(kind, data)
        return AttainmentReport.from_dict(data)
    if _is_bilingual(kind):
        if not isinstance(data, Mapping):
            raise _fail(kind, data)
        return getattr(kind, "from_mapping")(data)  # noqa: B009
    if issubclass(kind, Message):
        return _message(kind, data)
    if attrs.has(kind):
        return _attrs(kind, data)
    if issubclass(kind, tuple) and hasattr(kind, "_fields"):
        if not isinstance(data, Mapping):
            raise _fail(kind, data)
        hints = _hints(kind)
        return kind(**{name: _from(hints.get(name, Any), data[name]) for name in kind._fields})
    raise _fail(kind, data)


def _message(kind: type[Message], data: Any) -> Message:
    if not isinstance(data, Mapping) or "msgid" not in data:
        raise _fail(kind, data)
    hints = _hints(kind)
    values: dict[str, Any] = {}
    for field in attrs.fields(kind):
        if field.name not in data:
            continue
        if field.name == "params":
            params = data["params"]
            if not isinstance(params, Mapping):
                raise _fail(kind, data)
            values[field.alias] = tuple((name, _untag(v)) for name, v in params.items())
        else:
            values[field.alias] = _from(hints[field.name], data[field.name])
    return kind(**values)


def _attrs(kind: type, data: Any) -> Any:
    if not isinstance(data, Mapping):
        raise _fail(kind, data)
    hints = _hints(kind)
    values: dict[str, Any] = {}
    for field in attrs.fields(kind):
        if field.name not in data:
            if field.default is attrs.NOTHING:
                raise _fail(kind, data)
            continue
        values[field.alias] = _from(hints.get(field.name, Any), data[field.name])
    return kind(**values)


_SEQUENCES: Final = (tuple, list, abc.Sequence, abc.Iterable, abc.Collection)
_SETS: Final = (frozenset, set, abc.Set, abc.MutableSet)
_MAPPINGS: Final = (dict, abc.Mapping, abc.MutableMapping)


def _generic(kind: Any, origin: Any, data: Any) -> Any:
    args = typing.get_args(kind)
    if origin in _SEQUENCES or origin in _SETS:
        if not isinstance(data, list | tuple):
            raise _fail(kind, data)
        if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(data):
                raise _fail(kind, data)
            return tuple(_from(a, item) for a, item in zip(args, data, strict=True))
        item_kind = args[0] if args else Any
        items = [_from(item_kind, item) for item in data]
        if origin is list:
            return items
        if origin in _SETS:
            return frozenset(items)
        return tuple(items)
    if origin in _MAPPINGS:
        if not isinstance(data, Mapping):
            raise _fail(kind, data)
        key_kind, value_kind = args if len(args) == 2 else (Any, Any)
        return {_from(key_kind, key): _from(value_kind, value) for key, value in data.items()}
    raise _fail(kind, data)
