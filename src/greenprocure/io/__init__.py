"""Loading and writing the files users really have.

Purchases and certificate lists are read from CSV (UTF-8, UTF-8 with a byte
order mark, CP949/EUC-KR; English or Korean headers; Korean amount and date
formats) and JSON Lines, and written back to CSV or JSON Lines.

Every load returns a :class:`LoadResult`: the accepted records **and** every
rejected row with its line, field, raw value and reason. Rows read =
accepted + rejected, always; nothing vanishes. ``strict=True`` raises at the
first bad row instead; ``lazy=True`` streams records as you iterate.

Example:
    >>> import io
    >>> from greenprocure.io import as_given, read_purchases
    >>> data = io.StringIO(
    ...     "구매번호,수요기관,구매일자,품목,구매금액,인증구분,인증번호\\n"
    ...     "A-1,4812000000,2022. 3. 14.,레미콘,\\"36,000,000원\\",저탄소제품,LC-2021-017\\n"
    ...     "A-2,4812000000,2022.03.15,복사용지,1.234.000,,\\n"
    ... )
    >>> result = read_purchases(data, buyers=as_given)
    >>> result.read, result.accepted
    (2, 1)
    >>> p = result.records[0]
    >>> p.date, p.amount
    (datetime.date(2022, 3, 14), Money('36000000', 'KRW'))
    >>> p.certificates
    (CertificateRef(scheme='kr-low-carbon', number='LC-2021-017'),)
    >>> bad = result.rejected[0]
    >>> bad.line, bad.field, bad.value, bad.code
    (3, 'amount', '1.234.000', 'ambiguous-amount')
    >>> print(bad.reason.render("en"))
    amount '1.234.000' is ambiguous: dots may be thousands separators or a decimal point; ...

Reason codes (:attr:`Problem.code`), stable across versions and locales:

``empty``, ``bad-date``, ``no-such-date``, ``bad-amount``,
``ambiguous-amount``, ``too-many-decimals``, ``amount-too-large``,
``currency-conflict``, ``bad-currency``, ``negative-amount``, ``positive-refund``, ``bad-flag``,
``unknown-buyer``, ``ambiguous-buyer``, ``unknown-scheme``, ``missing-scheme``,
``missing-certificate-number``, ``certificate-count``, ``bad-certificate``,
``bad-quantity``, ``bad-unit``, ``missing-unit``, ``duplicate-id``,
``bad-status``, ``not-eco-label``, ``invalid`` (the model refused the record),
and for whole rows ``column-count``, ``encoding``, ``csv``, ``json``,
``not-an-object``, ``missing-field``, ``bad-value``, ``multi-line``.
"""

from __future__ import annotations

from greenprocure.io._buyers import (
    BuyerResolver,
    CachedBuyers,
    ResolvedBuyer,
    as_given,
    korea_buyers,
)
from greenprocure.io._columns import (
    CERTIFICATE_COLUMNS,
    PURCHASE_COLUMNS,
    Column,
    header_key,
)
from greenprocure.io._csv import neutralise, restore
from greenprocure.io._parse import STATUS_WORDS, UNIT_WORDS
from greenprocure.io._result import LoadResult, LoadWarning, Problem, Rejection
from greenprocure.io.certificates import CERTIFICATE_FIELDS, read_certificates, write_certificates
from greenprocure.io.purchases import (
    NO_CERTIFICATE,
    PURCHASE_FIELDS,
    read_purchases,
    write_purchases,
)

__all__ = [
    "CERTIFICATE_COLUMNS",
    "CERTIFICATE_FIELDS",
    "NO_CERTIFICATE",
    "PURCHASE_COLUMNS",
    "PURCHASE_FIELDS",
    "REASON_CODES",
    "STATUS_WORDS",
    "UNIT_WORDS",
    "BuyerResolver",
    "CachedBuyers",
    "Column",
    "LoadResult",
    "LoadWarning",
    "Problem",
    "Rejection",
    "ResolvedBuyer",
    "as_given",
    "header_key",
    "korea_buyers",
    "neutralise",
    "read_certificates",
    "read_purchases",
    "restore",
    "write_certificates",
    "write_purchases",
]

#: Every reason code a rejection can carry.
REASON_CODES: tuple[str, ...] = (
    "empty",
    "bad-date",
    "no-such-date",
    "bad-amount",
    "ambiguous-amount",
    "too-many-decimals",
    "amount-too-large",
    "currency-conflict",
    "bad-currency",
    "negative-amount",
    "positive-refund",
    "bad-flag",
    "unknown-buyer",
    "ambiguous-buyer",
    "unknown-scheme",
    "missing-scheme",
    "missing-certificate-number",
    "certificate-count",
    "bad-certificate",
    "bad-quantity",
    "bad-unit",
    "missing-unit",
    "duplicate-id",
    "bad-status",
    "not-eco-label",
    "invalid",
    "column-count",
    "encoding",
    "csv",
    "json",
    "not-an-object",
    "missing-field",
    "bad-value",
    "multi-line",
)

# Baseline and target files (greenprocure.io.targets), OCDS export (greenprocure.io.ocds)
# and plain data (greenprocure.io.plain).
from greenprocure.io.ocds import write_ocds as write_ocds  # noqa: E402
from greenprocure.io.plain import from_plain as from_plain  # noqa: E402
from greenprocure.io.plain import to_plain as to_plain  # noqa: E402
from greenprocure.io.targets import read_baseline as read_baseline  # noqa: E402
from greenprocure.io.targets import read_targets as read_targets  # noqa: E402
