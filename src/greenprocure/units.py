"""Physical quantities through the package's own pint registry.

greenprocure owns one :class:`pint.UnitRegistry`, created on first use and
cached (building a registry costs ~150 ms). It is not pint's application
registry, and nothing here mutates a registry of the user's. It adds:

* a **CO2-equivalent** dimension: ``gCO2e``, ``kgCO2e``, ``tCO2e``,
  ``ktCO2e``, ``MtCO2e``. ``kg + kgCO2e`` raises :class:`~greenprocure.errors.UnitError`;
* procurement counting units: ``piece`` (aliases ``ea``, ``EA``, ``pcs``)
  and ``set``; ``m**3``, ``L``, ``t``, ``kg``, ``kWh`` come from pint.

Magnitudes are Decimals (the registry is built with ``non_int_type=Decimal``),
so ``120 m³`` converts to exactly ``120000 L``. A float given as a magnitude
is converted through its shortest ``repr``, never mixed in as a float.

Dimension errors from arithmetic or conversion surface as
:class:`~greenprocure.errors.UnitError` naming both units.

Example:
    >>> q = quantity("120 m**3")
    >>> q.to("L").magnitude
    Decimal('1.20E+5')
    >>> Q_(3, "tCO2e").to("kgCO2e").magnitude
    Decimal('3000')
    >>> Q_(1, "kg") + Q_(1, "kgCO2e")
    Traceback (most recent call last):
    ...
    greenprocure.errors.UnitError: cannot combine kilogram and kilogram_CO2e: ...
"""

from __future__ import annotations

import threading
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from greenprocure.errors import UnitError
from greenprocure.i18n import N_, Message

if TYPE_CHECKING:
    import pint

__all__ = ["Q_", "Quantity", "Unit", "co2e", "is_quantity", "quantity", "registry", "unit"]

# pint (about 30 MiB and 0.2 s to import) is imported when a quantity, a unit
# or the registry is first needed, not when greenprocure is imported:
# ``Quantity`` and ``Unit`` are made on first access (module ``__getattr__``).


def _dimension_name(dimension: object, units: object) -> str | Message:
    """The dimension pint names, else that of ``units``; "dimensionless" when there is none."""
    text = str(dimension) if dimension else ""
    if not text:
        try:
            text = str(registry().get_dimensionality(str(units)))
        except Exception:  # pint raises many kinds of error for what it cannot parse
            text = ""
    if not text or text == "dimensionless":
        return Message.of(N_("dimensionless"))
    return text


def _dimension_error(error: pint.DimensionalityError) -> UnitError:
    return UnitError(
        N_("cannot combine {first} and {second}: dimensions {first_dim} and {second_dim} differ"),
        first=str(error.units1),
        second=str(error.units2),
        first_dim=_dimension_name(error.dim1, error.units1),
        second_dim=_dimension_name(error.dim2, error.units2),
    )


if TYPE_CHECKING:

    class Quantity(pint.UnitRegistry.Quantity):  # type: ignore[type-arg]
        """A pint quantity of greenprocure's registry; dimension errors raise UnitError."""

        def to(self, other: Any = None, *contexts: Any, **ctx_kwargs: Any) -> Any:
            """Convert to ``other`` units; incompatible dimensions raise UnitError."""

    Unit = pint.Unit


@lru_cache(maxsize=1)
def _classes() -> tuple[type[Any], type[Any]]:
    """Import pint and build the quantity and registry classes (once)."""
    import pint

    class Quantity(pint.UnitRegistry.Quantity):  # type: ignore[type-arg]
        """A pint quantity of greenprocure's registry; dimension errors raise UnitError."""

        def _guard(self, operation: str, other: Any) -> Any:
            try:
                return getattr(super(), operation)(other)
            except pint.DimensionalityError as error:
                raise _dimension_error(error) from error

        def __add__(self, other: Any) -> Any:
            return self._guard("__add__", other)

        def __radd__(self, other: Any) -> Any:
            return self._guard("__radd__", other)

        def __sub__(self, other: Any) -> Any:
            return self._guard("__sub__", other)

        def __rsub__(self, other: Any) -> Any:
            return self._guard("__rsub__", other)

        def __lt__(self, other: Any) -> Any:
            return self._guard("__lt__", other)

        def __le__(self, other: Any) -> Any:
            return self._guard("__le__", other)

        def __gt__(self, other: Any) -> Any:
            return self._guard("__gt__", other)

        def __ge__(self, other: Any) -> Any:
            return self._guard("__ge__", other)

        def __reduce__(self) -> tuple[Any, ...]:
            # pint would unpickle into its application registry, which does not know
            # kgCO2e or piece; rebuild in the package registry instead, so that
            # ledgers cross process boundaries for parallel evaluation.
            return (Q_, (self.magnitude, str(self.units)))

        def to(self, other: Any = None, *contexts: Any, **ctx_kwargs: Any) -> Any:
            """Convert to ``other`` units; incompatible dimensions raise UnitError."""
            try:
                return super().to(other, *contexts, **ctx_kwargs)
            except pint.DimensionalityError as error:
                raise _dimension_error(error) from error

    Quantity.__module__ = __name__
    Quantity.__qualname__ = "Quantity"

    quantity_class = Quantity

    class _Registry(pint.UnitRegistry):  # type: ignore[type-arg]
        Quantity = quantity_class

    return Quantity, _Registry


def __getattr__(name: str) -> Any:
    """``Quantity`` and ``Unit``, made on first access (imports pint)."""
    if name == "Quantity":
        return _classes()[0]
    if name == "Unit":
        import pint

        return pint.Unit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_lock = threading.Lock()


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:  # type: ignore[type-arg]
    """The package's unit registry (built once, thread-safe)."""
    with _lock:
        reg = _classes()[1](non_int_type=Decimal, cache_folder=None)
        definitions = resources.files("greenprocure") / "units.txt"
        for line in definitions.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if text and not text.startswith("#"):
                reg.define(text)
        return cast("pint.UnitRegistry", reg)  # type: ignore[type-arg]


def _magnitude(value: object) -> Decimal | int:
    if isinstance(value, bool):
        raise UnitError(N_("magnitude {value!r} is a bool, not a number"), value=value)
    if isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise UnitError(N_("magnitude {value!r} is not a finite number"), value=str(value))
        return value
    if isinstance(value, float):
        # The shortest repr is what the user wrote; never carry binary noise.
        return _magnitude(Decimal(repr(value)))
    if isinstance(value, str):
        try:
            return _magnitude(Decimal(value.strip().replace(",", "")))
        except InvalidOperation:
            raise UnitError(N_("magnitude {value!r} is not a number"), value=value) from None
    raise UnitError(N_("magnitude {value!r} is not a number"), value=value)


def unit(name: str) -> pint.Unit:
    """The unit called ``name`` (``"m**3"``, ``"tCO2e"``, ``"ea"``); unknown raises UnitError."""
    import pint

    try:
        return registry().Unit(name)
    except (pint.UndefinedUnitError, ValueError, AttributeError, TypeError) as error:
        raise UnitError(N_("unknown unit {unit!r}"), unit=name) from error


def Q_(magnitude: int | Decimal | str | float, units: str | pint.Unit) -> Quantity:
    """A quantity of ``magnitude`` ``units`` from the package registry: ``Q_(120, "m**3")``."""
    the_unit = unit(units) if isinstance(units, str) else units
    return cast("Quantity", registry().Quantity(_magnitude(magnitude), the_unit))


def quantity(text: str) -> Quantity:
    """Parse ``"120 m**3"``, ``"3.5 t"`` or ``"12 ea"`` into a quantity.

    Example:
        >>> quantity("2.5 t").to("kg").magnitude
        Decimal('2.5E+3')
    """
    if not isinstance(text, str) or not text.strip():
        raise UnitError(N_("quantity {value!r} is empty or not a string"), value=text)
    number, _, rest = text.strip().partition(" ")
    if not rest.strip():
        raise UnitError(N_("quantity {value!r} has no unit: write it as '120 m**3'"), value=text)
    return Q_(number, rest.strip())


def co2e(magnitude: int | Decimal | str, units: str = "kgCO2e") -> Quantity:
    """A CO2-equivalent mass; refuses units of another dimension."""
    q = Q_(magnitude, units)
    if q.dimensionality != registry().get_dimensionality("[mass_CO2e]"):
        raise UnitError(
            N_("unit {unit!r} is not a CO2-equivalent mass (use kgCO2e or tCO2e)"), unit=str(units)
        )
    return q


def is_quantity(value: object) -> bool:
    """True if ``value`` is a quantity of the package registry."""
    if registry.cache_info().currsize == 0:
        return False  # no registry yet, so no quantity of it (and no pint import)
    import pint

    return isinstance(value, pint.Quantity) and value._REGISTRY is registry()
