"""Impact estimates: CO2e avoided by buying the green product instead of the usual one.

The estimate follows the usual green public procurement method: for each
product group, compare the emissions per **functional unit** (1 m³ of
ready-mixed concrete, 1 t of steel) of the standard product (the
*baseline*) with those of the green one, and multiply the difference by the
quantity bought:

    avoided = quantity × (baseline − green)

There are no official default factors. Every :class:`EmissionFactor` must
carry its unit, its baseline and green values in kgCO2e per unit, its scope
(e.g. ``A1-A3``, cradle to gate), its source and date; a factor without a
source or a unit is an error. Factors come in a :class:`FactorSet`, built
from data (:meth:`FactorSet.from_mapping`).
:func:`example_concrete_factors` ships one for ready-mixed concrete (레미콘)
whose values are **illustrative examples**, not official defaults.

:func:`estimate` takes the **green purchases**, those counted as green
(anything with ``id``, ``buyer``, ``category`` and ``quantity``, such as
:class:`greenprocure.purchases.Purchase`, or :class:`QuantityRecord` objects),
matches each to a factor by category, and returns an :class:`ImpactReport`
with avoided emissions in tCO2e per jurisdiction and product group. It does
not know which purchases are green: pass only those, or pass a whole ledger
with ``counted=``, a test of each record (such as
``lambda p: ruleset.explain(p, context).counted``); the records it refuses
are skipped. A record with no quantity, with no factor for its category, or
with a quantity whose dimension does not fit the factor's unit (t against
m³) is *skipped* and listed with a reason, never guessed. A refund line
(``refund=True``) subtracts the quantity it returns; a negative quantity on
any other record is an :class:`~greenprocure.errors.ImpactError` naming the record.

Examples:
    >>> from greenprocure.units import Q_
    >>> factors = example_concrete_factors()
    >>> report = estimate(
    ...     [
    ...         QuantityRecord("p1", "4812000000", "레미콘", Q_(120, "m**3")),
    ...         QuantityRecord("p2", "4812000000", "레미콘", Q_(30_000, "L")),
    ...         QuantityRecord("p3", "4812000000", "레미콘", Q_(5, "t")),
    ...     ],
    ...     factors,
    ... )
    >>> report.total_avoided
    <Quantity(7.5, 'tonne_CO2e')>
    >>> report.rows[0].quantity
    <Quantity(150, 'meter ** 3')>
    >>> print(report.skipped[0].reason.render("en"))
    record 'p3' has a quantity in t, which cannot be converted to m³, the functional unit of the
    'ready-mixed-concrete' factor
"""

from __future__ import annotations

import datetime as _dt
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, Protocol, TypeVar

import attrs
import pint

from greenprocure.errors import DataFileError, GreenprocureError, ImpactError
from greenprocure.i18n import N_, Message
from greenprocure.money import round_half_up
from greenprocure.policy import Bilingual
from greenprocure.units import Q_, Quantity, is_quantity, quantity, unit

__all__ = [
    "EmissionFactor",
    "FactorSet",
    "ImpactReport",
    "ImpactRow",
    "Measured",
    "QuantityRecord",
    "SkippedRecord",
    "estimate",
    "example_concrete_factors",
]


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def _kg(value: object, what: str, group: object) -> Decimal:
    if isinstance(value, (bool, float)):
        raise ImpactError(
            N_(
                "emission factor {factor!r}: {what} {value!r} must be an int, a Decimal or a"
                " string, not a float"
            ),
            factor=group,
            what=what,
            value=value,
        )
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or number < 0:
        raise ImpactError(
            N_("emission factor {factor!r}: {what} {value!r} is not a number of at least 0"),
            factor=group,
            what=what,
            value=value,
        )
    return number


@attrs.frozen(init=False)
class EmissionFactor:
    """Emissions per functional unit of a product group, for the usual and the green product.

    Args:
        product_group: an identifier of the product group (``"ready-mixed-concrete"``).
        unit: the functional unit, a unit of :mod:`greenprocure.units`
            (``"m**3"``, ``"t"``, ``"kWh"``).
        baseline: kgCO2e per unit of the usual product.
        green: kgCO2e per unit of the green product.
        scope: the life-cycle stages covered (``"A1-A3"``, cradle to gate).
        source: where the values come from (required, not empty).
        date: the date of the values (required).
        name: the product group's name for people.
        categories: purchase categories (품목) that match this factor, besides
            ``product_group`` itself; matching ignores case and spacing at the ends.
        note: anything a reader should know about the values.

    Raises:
        ImpactError: a missing unit, source, scope or date, a float or a
            negative value; the message names the product group.

    Examples:
        >>> import datetime
        >>> f = EmissionFactor("steel", "t", 1900, "600", "A1-A3", "an EPD",
        ...                    datetime.date(2022, 1, 1))
        >>> f.avoided_per_unit, format(f.unit, "~P")
        (Decimal('1300'), 't')
        >>> EmissionFactor("steel", "t", 1900, 600, "A1-A3", "", None)
        Traceback (most recent call last):
        ...
        greenprocure.errors.ImpactError: emission factor 'steel' has no source: ...
    """

    product_group: str
    unit: pint.Unit
    baseline: Decimal
    green: Decimal
    scope: str
    source: str
    date: _dt.date
    name: Bilingual | None
    categories: tuple[str, ...]
    note: str

    def __init__(
        self,
        product_group: str,
        unit: str | pint.Unit | None,
        baseline: Decimal | int | str,
        green: Decimal | int | str,
        scope: str,
        source: str | None,
        date: _dt.date | None,
        *,
        name: Bilingual | None = None,
        categories: Iterable[str] = (),
        note: str = "",
    ) -> None:
        if not isinstance(product_group, str) or not product_group.strip():
            raise ImpactError(
                N_("emission factor product group {value!r} is empty or not a string"),
                value=product_group,
            )
        group = product_group.strip()
        if not isinstance(source, str) or not source.strip():
            raise ImpactError(
                N_(
                    "emission factor {factor!r} has no source: every factor must say where its"
                    " values come from"
                ),
                factor=group,
            )
        the_unit = _functional_unit(unit, group)
        if not isinstance(scope, str) or not scope.strip():
            raise ImpactError(
                N_("emission factor {factor!r} has no scope (e.g. A1-A3, cradle to gate)"),
                factor=group,
            )
        if not isinstance(date, _dt.date) or isinstance(date, _dt.datetime):
            raise ImpactError(
                N_("emission factor {factor!r} has no date: {value!r} is not a date"),
                factor=group,
                value=date,
            )
        texts = tuple(categories)
        if not all(isinstance(text, str) and text.strip() for text in texts):
            raise ImpactError(
                N_("emission factor {factor!r} has an empty or non-text category in {value!r}"),
                factor=group,
                value=texts,
            )
        self.__attrs_init__(
            group,
            the_unit,
            _kg(baseline, "baseline", group),
            _kg(green, "green", group),
            scope.strip(),
            source.strip(),
            date,
            name,
            texts,
            note,
        )

    @property
    def avoided_per_unit(self) -> Decimal:
        """kgCO2e avoided per functional unit: baseline − green (negative if green is higher)."""
        return self.baseline - self.green

    @property
    def keys(self) -> tuple[str, ...]:
        """The normalised category names this factor matches."""
        return tuple(dict.fromkeys(_key(text) for text in (self.product_group, *self.categories)))

    def per_unit(self, which: str = "avoided") -> Quantity:
        """``baseline``, ``green`` or ``avoided`` as a quantity in kgCO2e per functional unit."""
        values = {
            "baseline": self.baseline,
            "green": self.green,
            "avoided": self.avoided_per_unit,
        }
        if which not in values:
            raise ImpactError(N_("{value!r} is not one of baseline, green, avoided"), value=which)
        return Q_(values[which], "kgCO2e") / Q_(1, self.unit)  # type: ignore[no-any-return]


def _functional_unit(value: object, group: str) -> pint.Unit:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ImpactError(
            N_("emission factor {factor!r} has no functional unit: give one such as 'm**3' or 't'"),
            factor=group,
        )
    if isinstance(value, str):
        try:
            return unit(value.strip())
        except GreenprocureError:
            raise ImpactError(
                N_("emission factor {factor!r} has an unknown unit {unit!r}"),
                factor=group,
                unit=value,
            ) from None
    if isinstance(value, pint.Unit) and value._REGISTRY is unit("m**3")._REGISTRY:
        return value
    raise ImpactError(
        N_("emission factor {factor!r}: {unit!r} is not a unit of greenprocure's registry"),
        factor=group,
        unit=value,
    )


def _factors(value: Iterable[EmissionFactor]) -> tuple[EmissionFactor, ...]:
    return tuple(value)


@attrs.frozen
class FactorSet:
    """Emission factors, one per product group, with lookup by purchase category.

    Attributes:
        id: an identifier of the set.
        factors: the factors; two may not match the same category.
        name: the set's name for people.
        illustrative: True when the values are examples, not measured data.
        note: what a reader should know about the set.

    Examples:
        >>> s = example_concrete_factors()
        >>> s.illustrative, s.factor_for(" 레미콘 ").product_group, s.factor_for("paper")
        (True, 'ready-mixed-concrete', None)
    """

    id: str
    factors: tuple[EmissionFactor, ...] = attrs.field(converter=_factors)
    name: Bilingual | None = None
    illustrative: bool = False
    note: Bilingual | None = None

    def __attrs_post_init__(self) -> None:
        owner: dict[str, str] = {}
        for factor in self.factors:
            if not isinstance(factor, EmissionFactor):
                raise ImpactError(N_("{value!r} is not an emission factor"), value=factor)
            for key in factor.keys:
                if key in owner:
                    raise ImpactError(
                        N_(
                            "factor set {set!r}: category {category!r} matches both"
                            " {first!r} and {second!r}"
                        ),
                        set=self.id,
                        category=key,
                        first=owner[key],
                        second=factor.product_group,
                    )
                owner[key] = factor.product_group

    def factor_for(self, category: str) -> EmissionFactor | None:
        """The factor matching a purchase category (or product group), or ``None``."""
        wanted = _key(category)
        for factor in self.factors:
            if wanted in factor.keys:
                return factor
        return None

    def __iter__(self) -> Iterator[EmissionFactor]:
        return iter(self.factors)

    def __len__(self) -> int:
        return len(self.factors)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "factor set") -> FactorSet:
        """Build from the structure of ``impact_data/example_ready_mixed_concrete.json``.

        Each factor has ``product_group``, ``unit``, ``baseline_kgco2e``,
        ``green_kgco2e``, ``scope``, ``source``, ``date`` (ISO) and optionally
        ``name`` (``{ko, en}``), ``categories`` and ``note``. A missing or
        invalid field raises :class:`~greenprocure.errors.DataFileError`
        naming the factor.
        """
        factors = []
        for index, item in enumerate(data.get("factors", ())):
            label = f"factors[{index}]"
            if isinstance(item, Mapping) and isinstance(item.get("product_group"), str):
                label += f" ({item['product_group']})"
            with _reading(where, label):
                date = item.get("date")
                factors.append(
                    EmissionFactor(
                        item.get("product_group"),
                        item.get("unit"),
                        item.get("baseline_kgco2e"),
                        item.get("green_kgco2e"),
                        item.get("scope"),
                        item.get("source"),
                        _dt.date.fromisoformat(date) if isinstance(date, str) else date,
                        name=None
                        if item.get("name") is None
                        else Bilingual.from_mapping(item["name"]),
                        categories=item.get("categories", ()),
                        note=item.get("note", ""),
                    )
                )
        with _reading(where, "set"):
            return cls(
                data["id"],
                factors,
                name=None if data.get("name") is None else Bilingual.from_mapping(data["name"]),
                illustrative=bool(data.get("illustrative", False)),
                note=None if data.get("note") is None else Bilingual.from_mapping(data["note"]),
            )


@contextmanager
def _reading(where: str, record: str) -> Iterator[None]:
    try:
        yield
    except DataFileError:
        raise
    except (GreenprocureError, KeyError, TypeError, ValueError) as error:
        reason = error.render("en") if isinstance(error, GreenprocureError) else repr(error)
        raise DataFileError(
            N_("{file}: record {record} is invalid: {reason}"),
            file=where,
            record=record,
            reason=reason,
        ) from error


@cache
def example_concrete_factors() -> FactorSet:
    """An **illustrative** factor set for ready-mixed concrete (레미콘), not official defaults.

    Baseline 300 and green 250 kgCO2e per m³ (A1-A3), chosen inside the 120 to
    330 kgCO2e/m³ range that generic EPDs of ready-mixed concrete report. Use
    the values of the products actually bought for any real estimate.
    """
    path = resources.files("greenprocure") / "impact_data" / "example_ready_mixed_concrete.json"
    where = "impact_data/example_ready_mixed_concrete.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataFileError(
            N_("{file}: cannot be read: {reason}"), file=where, reason=str(error)
        ) from error
    return FactorSet.from_mapping(data, where=where)


# -- records ---------------------------------------------------------------------------


class Measured(Protocol):
    """What :func:`estimate` reads from a record: a purchase satisfies it."""

    @property
    def id(self) -> str:
        """The record's id, used to name it in reasons and errors."""

    @property
    def buyer(self) -> str:
        """The code of the jurisdiction that bought."""

    @property
    def category(self) -> str:
        """The item category, matched to a factor."""

    @property
    def quantity(self) -> Quantity | None:
        """The physical quantity bought, if known."""


def _quantity(value: Quantity | str | None) -> Quantity | None:
    if isinstance(value, str):
        return quantity(value)
    return value


@attrs.frozen
class QuantityRecord:
    """A plain quantity bought, when there is no full purchase record.

    Attributes:
        id: the record's id.
        buyer: the code of the jurisdiction that bought.
        category: the item category or product group.
        quantity: the quantity (a quantity of :mod:`greenprocure.units`, or
            text such as ``"120 m**3"``), or ``None`` if unknown.
        refund: True for a refund or cancellation line, whose quantity
            :func:`estimate` subtracts.
    """

    id: str
    buyer: str
    category: str
    quantity: Quantity | None = attrs.field(converter=_quantity)
    refund: bool = attrs.field(default=False, kw_only=True)


# -- the report ------------------------------------------------------------------------


@attrs.frozen
class SkippedRecord:
    """A record the estimate could not use, and why.

    Attributes:
        record: the record's id.
        jurisdiction: its buyer.
        category: its category.
        reason: why it was skipped, for people.
    """

    record: str
    jurisdiction: str
    category: str
    reason: Message


@attrs.frozen
class ImpactRow:
    """Avoided emissions of one jurisdiction in one product group.

    Attributes:
        jurisdiction: the buyer's code.
        product_group: the factor's product group.
        quantity: the total quantity, in the factor's functional unit.
        records: how many records it sums.
        baseline: tCO2e had the usual product been bought.
        green: tCO2e of the green product bought.
        avoided: baseline − green, in tCO2e.
    """

    jurisdiction: str
    product_group: str
    quantity: Quantity
    records: int
    baseline: Quantity
    green: Quantity
    avoided: Quantity


def _tonnes(values: Iterable[Quantity]) -> Quantity:
    total = sum((Decimal(q.to("tCO2e").magnitude) for q in values), Decimal(0))
    return Q_(_tidy(total), "tCO2e")


@attrs.frozen
class ImpactReport:
    """Avoided emissions per jurisdiction and product group, with the factors used.

    Attributes:
        rows: one row per (jurisdiction, product group), sorted.
        factors: the factors that were applied, sorted by product group.
        skipped: the records that could not be used, with reasons, in input order.
        records_read: how many records were read (= counted + skipped).
    """

    rows: tuple[ImpactRow, ...]
    factors: tuple[EmissionFactor, ...]
    skipped: tuple[SkippedRecord, ...]
    records_read: int

    @property
    def records_counted(self) -> int:
        """How many records contributed to the rows."""
        return sum(row.records for row in self.rows)

    @property
    def total_avoided(self) -> Quantity:
        """All avoided emissions, in tCO2e."""
        return _tonnes(row.avoided for row in self.rows)

    @property
    def total_baseline(self) -> Quantity:
        """All baseline emissions, in tCO2e."""
        return _tonnes(row.baseline for row in self.rows)

    @property
    def total_green(self) -> Quantity:
        """All green-product emissions, in tCO2e."""
        return _tonnes(row.green for row in self.rows)

    def avoided(
        self, jurisdiction: str | None = None, product_group: str | None = None
    ) -> Quantity:
        """Avoided tCO2e of one jurisdiction and/or product group (all when not given)."""
        return _tonnes(
            row.avoided
            for row in self.rows
            if (jurisdiction is None or row.jurisdiction == jurisdiction)
            and (product_group is None or row.product_group == product_group)
        )

    def jurisdictions(self) -> tuple[str, ...]:
        """The codes of the jurisdictions with rows, sorted."""
        return tuple(sorted({row.jurisdiction for row in self.rows}))

    def __add__(self, other: ImpactReport) -> ImpactReport:
        """Merge the reports of two parts of a ledger (with the same factors)."""
        if not isinstance(other, ImpactReport):
            return NotImplemented
        factors: dict[str, EmissionFactor] = {f.product_group: f for f in self.factors}
        for factor in other.factors:
            known = factors.setdefault(factor.product_group, factor)
            if known != factor:
                raise ImpactError(
                    N_("cannot merge impact reports that used different factors for {group!r}"),
                    group=factor.product_group,
                )
        sums: dict[tuple[str, str], _Sum] = {}
        for row in (*self.rows, *other.rows):
            factor = factors[row.product_group]
            entry = sums.setdefault((row.jurisdiction, row.product_group), _Sum(factor))
            entry.add(Decimal(row.quantity.to(factor.unit).magnitude), row.records)
        return ImpactReport(
            rows=_rows(sums),
            factors=tuple(factors[key] for key in sorted(factors)),
            skipped=self.skipped + other.skipped,
            records_read=self.records_read + other.records_read,
        )

    def describe(self) -> Message:
        """One line for people: how much was avoided, from how many records."""
        tonnes = Decimal(self.total_avoided.magnitude)
        return Message.of(
            N_("{avoided} tCO2e avoided, from {counted} of {read} record(s); {skipped} skipped"),
            avoided=str(_tidy(round_half_up(tonnes, 3))),
            counted=self.records_counted,
            read=self.records_read,
            skipped=len(self.skipped),
        )


class _Sum:
    __slots__ = ("factor", "quantity", "records")

    def __init__(self, factor: EmissionFactor) -> None:
        self.factor = factor
        self.quantity = Decimal(0)
        self.records = 0

    def add(self, magnitude: Decimal, records: int = 1) -> None:
        self.quantity += magnitude
        self.records += records


def _tidy(value: Decimal) -> Decimal:
    """The same number without trailing zeros or an exponent (``7.500000`` → ``7.5``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _rows(sums: Mapping[tuple[str, str], _Sum]) -> tuple[ImpactRow, ...]:
    rows = []
    for (jurisdiction, group), entry in sorted(sums.items()):
        factor = entry.factor
        # kgCO2e → tCO2e by moving the decimal point: exact for any Decimal.
        baseline = _tidy((entry.quantity * factor.baseline).scaleb(-3))
        green = _tidy((entry.quantity * factor.green).scaleb(-3))
        rows.append(
            ImpactRow(
                jurisdiction=jurisdiction,
                product_group=group,
                quantity=Q_(_tidy(entry.quantity), factor.unit),
                records=entry.records,
                baseline=Q_(baseline, "tCO2e"),
                green=Q_(green, "tCO2e"),
                avoided=Q_(_tidy(baseline - green), "tCO2e"),
            )
        )
    return tuple(rows)


_Record = TypeVar("_Record", bound=Measured)


def _is_refund(record: object) -> bool:
    return getattr(record, "refund", False) is True


def estimate(
    records: Iterable[_Record],
    factors: FactorSet | Iterable[EmissionFactor],
    *,
    counted: Callable[[_Record], bool] | None = None,
) -> ImpactReport:
    """Estimate the emissions avoided by the green purchases in ``records``.

    ``estimate`` does not decide what is green: every record it is given
    counts, unless ``counted`` refuses it. Pass only the purchases counted
    as green, or a whole ledger with ``counted``.

    Args:
        records: the purchases counted as green, or :class:`QuantityRecord`
            objects (anything with ``id``, ``buyer``, ``category`` and
            ``quantity``), read once.
        factors: a :class:`FactorSet`, or emission factors to make one of.
        counted: if given, a test of each record: True when it counts as
            green (e.g. ``lambda p: ruleset.explain(p, context).counted``).
            The records it refuses are skipped with the reason "not counted
            as green".

    Returns:
        An :class:`ImpactReport`: avoided tCO2e per jurisdiction and product
        group, the factors used, and the skipped records with reasons. A
        refund line (a record whose ``refund`` is True) subtracts the
        quantity it returns, whether written as ``-10 m**3`` or ``10 m**3``.

    Raises:
        ImpactError: a record that is not a refund has a negative quantity,
            or a record has a quantity that is not a quantity of
            greenprocure's unit registry; the message names it.

    Examples:
        >>> from greenprocure.units import Q_
        >>> lines = [QuantityRecord("p1", "4812000000", "레미콘", Q_(100, "m**3")),
        ...          QuantityRecord("p2", "4812000000", "레미콘", Q_(100, "m**3")),
        ...          QuantityRecord("r1", "4812000000", "레미콘", Q_(-10, "m**3"), refund=True)]
        >>> report = estimate(lines, example_concrete_factors(), counted=lambda r: r.id != "p2")
        >>> report.total_avoided
        <Quantity(4.5, 'tonne_CO2e')>
        >>> print(report.skipped[0].reason.render("en"))
        record 'p2' is not counted as green, so it avoided no emissions
    """
    factor_set = factors if isinstance(factors, FactorSet) else FactorSet("custom", factors)
    sums: dict[tuple[str, str], _Sum] = {}
    used: dict[str, EmissionFactor] = {}
    skipped: list[SkippedRecord] = []
    read = 0
    for record in records:
        read += 1
        amount = record.quantity
        refund = _is_refund(record)
        if amount is not None:
            if not is_quantity(amount):
                raise ImpactError(
                    N_(
                        "record {record!r} has quantity {quantity!r}, which is not a quantity"
                        " of greenprocure's unit registry (use greenprocure.units.Q_)"
                    ),
                    record=record.id,
                    quantity=amount,
                )
            if amount.magnitude < 0 and not refund:
                raise ImpactError(
                    N_(
                        "record {record!r} has a negative quantity {quantity}: a quantity bought"
                        " cannot be below zero (only a refund line may be negative)"
                    ),
                    record=record.id,
                    quantity=str(amount),
                )
        factor = factor_set.factor_for(record.category)
        if counted is not None and not counted(record):
            reason = Message.of(
                N_("record {record!r} is not counted as green, so it avoided no emissions"),
                record=record.id,
            )
        elif factor is None:
            reason = Message.of(
                N_("record {record!r}: no emission factor for category {category!r}"),
                record=record.id,
                category=record.category,
            )
        elif amount is None:
            reason = Message.of(
                N_(
                    "record {record!r} has no quantity, so its avoided emissions cannot be"
                    " estimated"
                ),
                record=record.id,
            )
        elif amount.dimensionality != factor.unit.dimensionality:
            reason = Message.of(
                N_(
                    "record {record!r} has a quantity in {unit}, which cannot be converted to"
                    " {factor_unit}, the functional unit of the {group!r} factor"
                ),
                record=record.id,
                unit=format(amount.units, "~P"),
                factor_unit=format(factor.unit, "~P"),
                group=factor.product_group,
            )
        else:
            used[factor.product_group] = factor
            magnitude = Decimal(amount.to(factor.unit).magnitude)
            if refund:
                magnitude = -abs(magnitude)
            sums.setdefault((record.buyer, factor.product_group), _Sum(factor)).add(magnitude)
            continue
        skipped.append(SkippedRecord(record.id, record.buyer, record.category, reason))
    return ImpactReport(
        rows=_rows(sums),
        factors=tuple(used[key] for key in sorted(used)),
        skipped=tuple(skipped),
        records_read=read,
    )
