"""Purchases as an Open Contracting Data Standard (OCDS 1.1) release package.

:func:`ocds_package` builds the package as plain data and :func:`write_ocds`
writes it as JSON: one ``contract`` release per purchase, with the buyer,
the supplier, the item, the contract's value and — for purchases that count
as green — the sustainability extension's ``tender.hasSustainability`` and
``tender.sustainability`` (goal and strategies derived from the certificate
scheme). See the how-to page *Export to OCDS* for the whole mapping.

Which purchases count is decided by the rule set's eligibility stage when
``ruleset=`` is given (the same decision :func:`~greenprocure.evaluate`
makes); without a rule set, a purchase is green when one of its certificate
claims is valid on its date in ``certificates``.

Examples:
    >>> import datetime as dt, json
    >>> from greenprocure import Money
    >>> from greenprocure.certifications import Certificate, CertificateRegistry
    >>> from greenprocure.purchases import Purchase
    >>> certs = CertificateRegistry([
    ...     Certificate("kr-low-carbon", "LC-17", dt.date(2021, 1, 1), dt.date(2023, 12, 31))])
    >>> p = Purchase("A-1", "4812000000", dt.date(2022, 3, 14), "레미콘",
    ...              Money.krw(36_000_000), certificates=[("kr-low-carbon", "LC-17")])
    >>> package = ocds_package([p], certificates=certs, published_date=dt.date(2022, 10, 1),
    ...                        ocid_prefix="ocds-abc123-")
    >>> release = package["releases"][0]
    >>> release["ocid"], release["contracts"][0]["value"]
    ('ocds-abc123-A-1', {'amount': 36000000, 'currency': 'KRW'})
    >>> release["tender"]["sustainability"][0]["goal"]
    'environmental.climateChangeMitigation'
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from greenprocure.certifications import (
    CertificateRef,
    CertificateRegistry,
    CertificationScheme,
    SchemeKind,
    builtin_schemes,
)
from greenprocure.io._output import Target, text_output
from greenprocure.money import Money
from greenprocure.period import Period
from greenprocure.purchases import Purchase
from greenprocure.rules import CompiledRuleSet, Context, RuleSet

if TYPE_CHECKING:
    from greenprocure.units import Quantity

__all__ = [
    "DEFAULT_OCID_PREFIX",
    "DEFAULT_PUBLISHER",
    "OCDS_VERSION",
    "SUSTAINABILITY_EXTENSION",
    "ocds_json",
    "ocds_package",
    "write_ocds",
]

#: The OCDS version written.
OCDS_VERSION: Final = "1.1"
#: The sustainability extension's URL, listed in the package's ``extensions``.
SUSTAINABILITY_EXTENSION: Final = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_sustainability_extension/master/extension.json"
)
#: A placeholder prefix: replace it with the prefix registered for your publisher.
DEFAULT_OCID_PREFIX: Final = "ocds-xxxxxx-"
#: The publisher named when none is given.
DEFAULT_PUBLISHER: Final = "greenprocure"

_GOALS: Final = {
    SchemeKind.CARBON_FOOTPRINT: "environmental.climateChangeMitigation",
    SchemeKind.RECYCLED_CONTENT: "environmental.circularEconomy",
    SchemeKind.TYPE_I_LABEL: "environmental",
    SchemeKind.OTHER: "environmental",
}

#: UN/CEFACT Recommendation 20 codes of the package's usual units.
_UNIT_CODES: Final = {
    "meter ** 3": "MTQ",
    "kilogram": "KGM",
    "metric_ton": "TNE",
    "tonne": "TNE",
    "kilowatt_hour": "KWH",
    "liter": "LTR",
    "piece": "H87",
    "set": "SET",
}


def _datetime(day: _dt.date | _dt.datetime) -> str:
    if isinstance(day, _dt.datetime):
        moment = day if day.tzinfo is not None else day.replace(tzinfo=_dt.timezone.utc)
        return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    return f"{day.isoformat()}T00:00:00Z"


def _number(value: Decimal) -> int | Decimal:
    """An int when whole, else the exact Decimal (written as a JSON number)."""
    if value == value.to_integral_value():
        return int(value)
    return value


def _amount(money: Money) -> int | Decimal:
    if money.exponent == 0:
        return int(money.amount)
    return money.amount.quantize(Decimal(1).scaleb(-money.exponent))


def _quantity(quantity: Quantity) -> tuple[int | Decimal, dict[str, str]]:
    magnitude = quantity.magnitude
    number = _number(Decimal(magnitude)) if not isinstance(magnitude, int) else magnitude
    unit_name = str(quantity.units)
    unit: dict[str, str] = {"name": format(quantity.units, "~P") or unit_name}
    code = _UNIT_CODES.get(unit_name)
    if code is not None:
        unit = {"scheme": "UNCEFACT", "id": code, **unit}
    return number, unit


def _publisher(publisher: str | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(publisher, str):
        return {"name": publisher}
    return dict(publisher)


def _strategies(scheme: CertificationScheme) -> list[str]:
    if scheme.country == "KR":
        return ["technicalSpecifications", "nationalGPPCriteria"]
    if scheme.country == "EU":
        return ["technicalSpecifications", "euGPPCriteria"]
    return ["technicalSpecifications", "otherGPPCriteria"]


def _sustainability(refs: Iterable[CertificateRef]) -> list[dict[str, Any]]:
    schemes = builtin_schemes()
    entries: list[dict[str, Any]] = []
    for ref in refs:
        scheme = schemes.get(ref.scheme)
        if scheme is None:
            entries.append(
                {
                    "goal": "environmental",
                    "strategies": ["technicalSpecifications", "otherGPPCriteria"],
                    "description": f"{ref.scheme} certificate {ref.number}",
                }
            )
            continue
        entries.append(
            {
                "goal": _GOALS.get(scheme.kind, "environmental"),
                "strategies": _strategies(scheme),
                "description": (
                    f"{scheme.name_en} ({scheme.name_ko}) certificate {ref.number},"
                    f" issued by {scheme.issuer}"
                ),
            }
        )
    return entries


class _Names:
    """Korean names of buyers from a registry (or a snapshot), by date."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        self.snapshots: dict[_dt.date, Any] = {}

    def directory(self, day: _dt.date) -> Any:
        if self.registry is None:
            return None
        on = getattr(self.registry, "on", None)
        if not callable(on):
            return self.registry
        snapshot = self.snapshots.get(day)
        if snapshot is None:
            snapshot = self.snapshots[day] = on(day)
        return snapshot

    def name(self, code: str, day: _dt.date) -> str:
        directory = self.directory(day)
        if directory is None:
            return code
        try:
            found = directory.get(code)
        except LookupError:
            found = None
        if found is None:
            return code
        return str(getattr(found, "name_ko", "") or getattr(found, "name_en", "") or code)


class _Judge:
    """Decides whether a purchase counts as green, and on which certificates."""

    def __init__(
        self,
        ruleset: RuleSet | None,
        certificates: CertificateRegistry,
        names: _Names,
    ) -> None:
        self.ruleset = ruleset
        self.compiled: CompiledRuleSet | None = ruleset.compile() if ruleset else None
        self.certificates = certificates
        self.names = names
        self.contexts: dict[int, Context] = {}

    def _context(self, year: int, ruleset: RuleSet) -> Context:
        context = self.contexts.get(year)
        if context is None:
            context = Context(
                Period(year),
                ruleset.currency,
                self.certificates,
                builtin_schemes(),
                self.names.directory(_dt.date(year, 12, 31)),
            )
            self.contexts[year] = context
        return context

    def green(self, purchase: Purchase) -> tuple[bool, tuple[CertificateRef, ...]]:
        valid = tuple(
            ref for ref in purchase.certificates if self.certificates.valid_on(ref, purchase.date)
        )
        if self.compiled is None or self.ruleset is None:
            return bool(valid), valid
        context = self._context(purchase.date.year, self.ruleset)
        explanation = self.compiled.explain(purchase, context)
        if not explanation.counted:
            return False, ()
        return True, valid or purchase.certificates


def _release(
    purchase: Purchase, prefix: str, names: _Names, judge: _Judge, count: int
) -> dict[str, Any]:
    buyer = {"id": purchase.buyer, "name": names.name(purchase.buyer, purchase.date)}
    parties: list[dict[str, Any]] = [{**buyer, "roles": ["buyer"]}]
    supplier: dict[str, Any] | None = None
    if purchase.supplier:
        supplier = {"id": f"supplier:{purchase.supplier}", "name": purchase.supplier}
        parties.append({**supplier, "roles": ["supplier"]})
    item: dict[str, Any] = {"id": "1", "description": purchase.category}
    if purchase.quantity is not None:
        item["quantity"], item["unit"] = _quantity(purchase.quantity)
    tender: dict[str, Any] = {"id": purchase.id, "items": [item]}
    green, refs = judge.green(purchase)
    if green:
        tender["hasSustainability"] = True
        tender["sustainability"] = _sustainability(refs) or [
            {
                "goal": "environmental",
                "strategies": ["technicalSpecifications"],
                "description": "counted as green by the rule set",
            }
        ]
    else:
        tender["hasSustainability"] = False
    contract: dict[str, Any] = {
        "id": purchase.id,
        "awardID": purchase.id,
        "value": {"amount": _amount(purchase.amount), "currency": purchase.amount.currency},
        "dateSigned": _datetime(purchase.date),
        "items": [item],
    }
    if purchase.refund:
        contract["status"] = "cancelled"
    if purchase.notes:
        contract["description"] = purchase.notes
    award: dict[str, Any] = {
        "id": purchase.id,
        "status": "active",
        "date": _datetime(purchase.date),
        "value": contract["value"],
    }
    if supplier is not None:
        award["suppliers"] = [supplier]
    return {
        "ocid": f"{prefix}{purchase.id}",
        "id": f"{purchase.id}-contract-{count}" if count > 1 else f"{purchase.id}-contract",
        "date": _datetime(purchase.date),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "ko",
        "parties": parties,
        "buyer": buyer,
        "tender": tender,
        "awards": [award],
        "contracts": [contract],
    }


def ocds_package(
    purchases: Iterable[Purchase],
    *,
    ruleset: RuleSet | None = None,
    certificates: CertificateRegistry | None = None,
    registry: Any = None,
    publisher: str | Mapping[str, Any] = DEFAULT_PUBLISHER,
    ocid_prefix: str = DEFAULT_OCID_PREFIX,
    published_date: _dt.date | _dt.datetime | None = None,
    uri: str = "",
) -> dict[str, Any]:
    """The purchases as an OCDS 1.1 release package (plain data, ready for JSON).

    Args:
        purchases: any iterable of purchases (read once).
        ruleset: decides which purchases count as green (its eligibility
            stage); without it, a valid certificate claim in ``certificates`` does.
        certificates: the certificate list the claims are checked against.
        registry: a jurisdiction registry (``korea()``) or snapshot, for the
            buyers' Korean names; without it, the name is the code.
        publisher: the publisher's name, or an OCDS ``publisher`` object.
        ocid_prefix: the registered OCID prefix (``"ocds-213czf-"``); the
            purchase id follows it.
        published_date: when the package is published (default: now, UTC).
        uri: where the package will be published.

    Returns:
        ``{"uri", "version", "publishedDate", "publisher", "extensions",
        "releases"}``. Amounts are ints for currencies without minor units
        (KRW) and exact :class:`~decimal.Decimal` values otherwise;
        :func:`write_ocds` writes both as JSON numbers.
    """
    certs = certificates if certificates is not None else CertificateRegistry()
    names = _Names(registry)
    judge = _Judge(ruleset, certs, names)
    seen: dict[str, int] = {}
    releases = []
    for purchase in purchases:
        seen[purchase.id] = seen.get(purchase.id, 0) + 1
        releases.append(_release(purchase, ocid_prefix, names, judge, seen[purchase.id]))
    when = published_date or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _datetime(when),
        "publisher": _publisher(publisher),
        "extensions": [SUSTAINABILITY_EXTENSION],
        "releases": releases,
    }


def ocds_json(package: Mapping[str, Any], *, indent: int | None = 2) -> str:
    """The package as JSON text, Decimal amounts written as exact JSON numbers."""
    token = uuid.uuid4().hex
    marks: dict[str, str] = {}

    def default(value: object) -> object:
        if isinstance(value, Decimal):
            key = f"{token}:{len(marks)}"
            marks[key] = format(value, "f")
            return key
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")

    text = json.dumps(package, ensure_ascii=False, indent=indent, default=default)
    for key, number in marks.items():
        text = text.replace(f'"{key}"', number)
    return text


def write_ocds(
    purchases: Iterable[Purchase],
    target: Target,
    *,
    ruleset: RuleSet | None = None,
    certificates: CertificateRegistry | None = None,
    registry: Any = None,
    publisher: str | Mapping[str, Any] = DEFAULT_PUBLISHER,
    ocid_prefix: str = DEFAULT_OCID_PREFIX,
    published_date: _dt.date | _dt.datetime | None = None,
    uri: str = "",
) -> int:
    """Write the purchases as an OCDS 1.1 release package (UTF-8 JSON) to ``target``.

    ``target`` is a path or an open file. The arguments are those of
    :func:`ocds_package`.

    Returns:
        The number of releases written.
    """
    package = ocds_package(
        purchases,
        ruleset=ruleset,
        certificates=certificates,
        registry=registry,
        publisher=publisher,
        ocid_prefix=ocid_prefix,
        published_date=published_date,
        uri=uri,
    )
    with text_output(target, "utf-8") as handle:
        handle.write(ocds_json(package) + "\n")
    return len(package["releases"])
