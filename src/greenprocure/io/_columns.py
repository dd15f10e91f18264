"""Which header means which field: English and Korean aliases, and user mappings.

Headers are matched after normalisation (:func:`header_key`): Unicode NFKC,
case folded, without spaces, ``_``, ``-``, ``.`` or ``·``, and without a
trailing parenthesis such as ``(원)`` or ``(KRW)``. So ``구매금액(원)``,
``구매 금액`` and ``구매금액`` are one header, as are ``Purchase Date``,
``purchase_date`` and ``PURCHASE-DATE``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from greenprocure.errors import LoadError
from greenprocure.i18n import N_, Message

__all__ = [
    "CERTIFICATE_COLUMNS",
    "FIELD_LABELS",
    "IGNORED_CERTIFICATE_HEADERS",
    "IGNORED_PURCHASE_HEADERS",
    "PURCHASE_COLUMNS",
    "Column",
    "Layout",
    "field_label",
    "header_key",
]

_PAREN: Final = re.compile(r"\s*[(\[（][^)\]）]*[)\]）]\s*$")
_DROP: Final = str.maketrans("", "", " \t_-.·")


def header_key(header: str) -> str:
    """The normalised form of a header used for matching.

    Example:
        >>> header_key("구매금액(원)"), header_key("Purchase Date"), header_key(" 인증 번호 ")
        ('구매금액', 'purchasedate', '인증번호')
    """
    text = unicodedata.normalize("NFKC", header).strip().lstrip("\ufeff")
    text = _PAREN.sub("", text) or text
    return "".join(text.split()).translate(_DROP).casefold()


@attrs.frozen
class Column:
    """A field of a file layout and the headers that mean it.

    Attributes:
        field: the library's field name, also the header the library writes.
        headers: every header accepted for it, English first, then Korean.
        required: True if a file without this column cannot be read.
    """

    field: str
    headers: tuple[str, ...]
    required: bool = False


#: What each field is called for people (message ids), for messages that name
#: a field the file has no column for.
FIELD_LABELS: Final[Mapping[str, str]] = {
    "id": N_("purchase number"),
    "buyer": N_("buyer"),
    "date": N_("purchase date"),
    "category": N_("purchased item"),
    "amount": N_("amount"),
    "currency": N_("currency"),
    "quantity": N_("quantity"),
    "unit": N_("unit"),
    "certificate_scheme": N_("certificate scheme"),
    "certificate_number": N_("certificate number"),
    "eco_label": N_("eco-label"),
    "refund": N_("refund"),
    "supplier": N_("supplier"),
    "notes": N_("notes"),
    "scheme": N_("certification scheme"),
    "number": N_("certificate number"),
    "holder": N_("certificate holder"),
    "product": N_("product"),
    "product_group": N_("product group"),
    "valid_from": N_("valid from"),
    "valid_until": N_("valid until"),
    "status": N_("status"),
    "status_date": N_("status date"),
    "jurisdiction": N_("jurisdiction"),
    "year": N_("year"),
    "rate": N_("rate"),
    "basis": N_("basis"),
    "row": N_("row"),
}


def field_label(field: str, headers: Mapping[str, str] | None = None) -> Message:
    """What to call ``field`` for a person: the file's own header, else a label.

    Args:
        field: the library's field name (``"buyer"``).
        headers: field → header as it appears in the user's file, if known.

    Example:
        >>> field_label("buyer", {"buyer": "수요기관"}).render("en")
        '수요기관'
        >>> field_label("buyer").render("ko")
        '수요기관'
        >>> field_label("date").render("en")
        'purchase date'
    """
    header = (headers or {}).get(field)
    if header:
        return Message.of(header)
    return Message.of(FIELD_LABELS.get(field, field))


#: Purchase columns. The first header of each is the one the library writes.
PURCHASE_COLUMNS: Final = (
    Column(
        "id",
        (
            "id",
            "purchase_id",
            "purchase id",
            "구매번호",
            "구매ID",
            "계약번호",
            "납품요구번호",
            "주문번호",
            "거래번호",
            "실적번호",
        ),
    ),
    Column(
        "buyer",
        (
            "buyer",
            "buyer_code",
            "jurisdiction",
            "수요기관",
            "수요기관명",
            "수요기관코드",
            "구매기관",
            "구매기관명",
            "기관명",
            "기관코드",
            "지자체",
            "지방자치단체",
            "자치단체",
            "자치단체명",
        ),
        required=True,
    ),
    Column(
        "date",
        (
            "date",
            "purchase_date",
            "구매일자",
            "구매일",
            "계약일자",
            "계약일",
            "납품일자",
            "납품요구일자",
            "거래일자",
            "일자",
        ),
        required=True,
    ),
    Column(
        "category",
        (
            "category",
            "item",
            "품목",
            "품목명",
            "품명",
            "물품명",
            "물품분류명",
            "세부품명",
            "제품분류",
        ),
    ),
    Column(
        "amount",
        (
            "amount",
            "구매금액",
            "금액",
            "계약금액",
            "구매액",
            "납품금액",
            "거래금액",
            "총금액",
            "합계금액",
        ),
        required=True,
    ),
    Column("currency", ("currency", "통화", "통화코드", "화폐")),
    Column("quantity", ("quantity", "qty", "수량", "구매수량", "납품수량")),
    Column("unit", ("unit", "단위")),
    Column(
        "certificate_scheme",
        (
            "certificate_scheme",
            "scheme",
            "certification",
            "인증구분",
            "인증종류",
            "인증제도",
            "인증명",
            "인증유형",
            "녹색제품구분",
        ),
    ),
    Column(
        "certificate_number",
        (
            "certificate_number",
            "certificate",
            "certificates",
            "인증번호",
            "인증서번호",
        ),
    ),
    Column(
        "supplier",
        (
            "supplier",
            "vendor",
            "공급업체",
            "공급업체명",
            "업체명",
            "업체",
            "공급자",
            "계약업체",
            "상호",
            "판매자",
        ),
    ),
    Column("notes", ("notes", "note", "remarks", "비고", "메모", "특이사항")),
    Column(
        "refund",
        ("refund", "환불", "환불여부", "취소여부", "반품", "반품여부"),
    ),
)

#: Headers of purchase exports that are known and deliberately not read.
IGNORED_PURCHASE_HEADERS: Final = ("순번", "번호", "no", "연번", "rnum")

#: Certificate columns, for the library's layout and KEITI's eco-label lists.
CERTIFICATE_COLUMNS: Final = (
    Column(
        "scheme",
        ("scheme", "certificate_scheme", "인증구분", "인증종류", "인증제도", "인증명"),
    ),
    Column(
        "number",
        (
            "number",
            "certificate_number",
            "인증번호",
            "환경표지인증번호",
            "EL번호",
            "인증서번호",
        ),
        required=True,
    ),
    Column(
        "holder",
        ("holder", "company", "업체명", "인증기업명", "기업명", "회사명", "인증업체", "제조사"),
    ),
    Column("product", ("product", "제품명", "인증제품명", "모델명", "상품명", "품명")),
    Column(
        "product_group",
        ("product_group", "대상제품군", "제품군", "인증기준번호", "제품분류코드"),
    ),
    Column(
        "valid_from",
        (
            "valid_from",
            "start",
            "인증시작일",
            "환경표지인증시작일",
            "유효기간시작일",
            "유효기간시작일자",
            "인증일자",
            "인증일",
        ),
        required=True,
    ),
    Column(
        "valid_until",
        (
            "valid_until",
            "end",
            "인증종료일",
            "환경표지인증종료일",
            "유효기간종료일",
            "유효기간종료일자",
            "만료일",
            "만료일자",
        ),
    ),
    Column("status", ("status", "인증상태", "상태", "현재인증유효여부", "인증유효여부")),
    Column(
        "status_date",
        (
            "status_date",
            "인증해지/취소일",
            "해지/취소일",
            "해지취소일",
            "해지일",
            "취소일",
            "포기일",
            "상태변경일",
        ),
    ),
    Column("eco_label", ("eco_label", "환경표지여부")),
)

#: Headers of KEITI's lists that are known and deliberately not read.
IGNORED_CERTIFICATE_HEADERS: Final = (
    "순번",
    "번호",
    "no",
    "rnum",
    "용도",
    "제품용도명",
    "인증제품용도",
    "홈페이지",
    "제품번호",
    "분류번호",
    "식별번호",
    "규격",
    "지역",
    "인증사유",
    "환경표지인증심사일",
)


class Layout:
    """The columns of one file: which position holds which field.

    Args:
        columns: the fields of the layout and their headers.
        headers: the file's header row.
        column_map: extra ``{header: field}`` pairs for headers the library
            does not know; a field of None ignores the header silently.
        ignored: headers known to carry nothing the library reads.

    Raises:
        LoadError: ``column_map`` names a field the layout does not have.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        headers: Sequence[str],
        column_map: Mapping[str, str | None] | None = None,
        ignored: Sequence[str] = (),
    ) -> None:
        fields = {column.field for column in columns}
        explicit: dict[str, str | None] = {}
        for header, field in (column_map or {}).items():
            if field is not None and field not in fields:
                raise LoadError(
                    N_("column map: {field!r} is not a field; the fields are {fields}"),
                    field=field,
                    fields=", ".join(column.field for column in columns),
                )
            explicit[header_key(header)] = field
        aliases = {
            header_key(alias): column.field for column in columns for alias in column.headers
        }
        skip = {header_key(header) for header in ignored}
        #: Field name → position of the column that holds it.
        self.index: dict[str, int] = {}
        #: ``(position, header)`` of columns the library does not know.
        self.unknown: list[tuple[int, str]] = []
        #: ``(header, field, header used)`` for columns that repeat a field.
        self.repeated: list[tuple[str, str, str]] = []
        chosen: dict[str, str] = {}
        # Explicitly mapped headers take their field first, wherever they are.
        order = sorted(range(len(headers)), key=lambda i: header_key(headers[i]) not in explicit)
        for position in order:
            header = headers[position]
            key = header_key(header)
            if not key:
                if position < len(headers) - 1 or header.strip():
                    self.unknown.append((position, header))
                continue
            if key in explicit:
                field = explicit[key]
                if field is None:
                    continue
            elif key in aliases:
                field = aliases[key]
            else:
                if key not in skip:
                    self.unknown.append((position, header))
                continue
            if field in self.index:
                self.repeated.append((header, field, chosen[field]))
                continue
            self.index[field] = position
            chosen[field] = header
        self.unknown.sort()
        #: Required fields with no column.
        self.missing = [
            column for column in columns if column.required and column.field not in self.index
        ]
        #: True when every header is one the library writes (its own files).
        self.own = bool(headers) and all(header in fields for header in headers)
        self.width = len(headers)
