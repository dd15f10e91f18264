from __future__ import annotations

from decimal import Decimal

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import units
from greenprocure.errors import UnitError


def test_registry_is_built_once_and_is_not_pints_application_registry() -> None:
    assert units.registry() is units.registry()
    assert units.registry() is not pint.get_application_registry()
    assert units.is_quantity(units.Q_(1, "kg"))
    assert not units.is_quantity(pint.UnitRegistry().Quantity(1, "kg"))


def test_co2e_is_its_own_dimension() -> None:
    three = units.Q_(3, "tCO2e")
    assert three.to("kgCO2e").magnitude == Decimal(3000)
    assert (units.Q_(500, "kgCO2e") + units.Q_(1, "tCO2e")).to("kgCO2e").magnitude == 1500
    with pytest.raises(UnitError, match=r"kilogram and kilogram_CO2e.*\[mass\] and \[mass_CO2e\]"):
        units.Q_(1, "kg") + units.Q_(1, "kgCO2e")
    with pytest.raises(UnitError, match="kilogram_CO2e and kilogram"):
        units.Q_(1, "kgCO2e").to("kg")
    with pytest.raises(UnitError):
        assert units.Q_(1, "kg") < units.Q_(1, "kgCO2e")


def test_procurement_units() -> None:
    assert units.Q_(3, "ea") == units.Q_(3, "piece")
    assert units.Q_(3, "EA").to("piece").magnitude == 3
    assert units.quantity("120 m**3").to("L").magnitude == Decimal(120000)
    assert units.quantity("2.5 t").to("kg").magnitude == Decimal(2500)
    assert units.quantity("1,200 kWh").magnitude == Decimal(1200)


def test_float_magnitudes_are_carried_as_their_decimal_repr() -> None:
    assert units.Q_(0.1, "t").magnitude == Decimal("0.1")
    assert units.Q_(0.1, "t").to("kg").magnitude == Decimal(100)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("120", "has no unit"),
        ("", "is empty"),
        ("abc m**3", "is not a number"),
        ("12 furlongz", "unknown unit 'furlongz'"),
        ("nan kg", "not a finite number"),
    ],
)
def test_bad_quantities_name_the_value(text: str, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        units.quantity(text)


def test_co2e_refuses_other_dimensions() -> None:
    assert units.co2e(5, "tCO2e").to("kgCO2e").magnitude == 5000
    with pytest.raises(UnitError, match="not a CO2-equivalent mass"):
        units.co2e(5, "kg")


@given(st.decimals(min_value=0, max_value=10**9, places=3))
def test_conversions_round_trip_exactly(value: Decimal) -> None:
    q = units.Q_(value, "m**3")
    assert q.to("L").to("m**3").magnitude == value
    t = units.Q_(value, "tCO2e")
    assert t.to("kgCO2e").to("tCO2e").magnitude == value


def test_a_dimensionless_side_is_named_dimensionless() -> None:
    with pytest.raises(UnitError) as caught:
        units.Q_(1, "t") + 1
    assert str(caught.value) == (
        "cannot combine metric_ton and dimensionless: dimensions [mass] and dimensionless differ"
    )
    assert "차원 [mass]과(와) 무차원" in caught.value.render("ko")
    with pytest.raises(UnitError, match=r"dimensions \[mass\] and \[length\] \*\* 3 differ"):
        units.Q_(1, "t").to("m**3")
