"""What makes a product green: certification schemes and their certificates.

A purchase counts as green when it carries a certificate of a *counting*
scheme that is valid on the purchase date. This module knows the schemes
(Korea Eco-label 환경표지, Low-carbon product 저탄소제품, Good Recycled GR
우수재활용제품, and the European Type I labels) and decides, exactly, whether
a certificate was valid on a given day.

Validity is a closed interval ``valid_from..valid_until`` (both days count),
cut short by a revocation, cancellation or giving-up from the day that
status took effect. A certificate revoked with no known date is never
treated as valid: the library cannot prove it was.

Example:
    >>> import datetime as dt
    >>> cert = Certificate("kr-eco-label", "16052", dt.date(2021, 3, 1), dt.date(2024, 2, 29))
    >>> cert.valid_on(dt.date(2024, 2, 29)), cert.valid_on(dt.date(2024, 3, 1))
    (True, False)
    >>> revoked = cert.with_status(CertificateStatus.REVOKED, dt.date(2022, 6, 1))
    >>> revoked.valid_on(dt.date(2022, 5, 31)), revoked.valid_on(dt.date(2022, 6, 1))
    (True, False)
    >>> print(revoked.check(dt.date(2022, 7, 1)).reason)
    certificate kr-eco-label 16052 was revoked on June 1, 2022
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import operator
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any, Final, NamedTuple

import attrs

from greenprocure._gc import paused_gc
from greenprocure.errors import CertificateError
from greenprocure.i18n import N_, Message

__all__ = [
    "BLUE_ANGEL",
    "BUILTIN_SCHEMES",
    "EU_ECOLABEL",
    "GOOD_RECYCLED",
    "KOREA_ECO_LABEL",
    "LOW_CARBON",
    "NORDIC_SWAN",
    "Certificate",
    "CertificateCheck",
    "CertificateConflict",
    "CertificateRef",
    "CertificateRegistry",
    "CertificateStatus",
    "CertificationScheme",
    "SchemeKind",
    "SchemeRegistry",
    "ValidityTerm",
    "add_years",
    "builtin_schemes",
    "check_entries",
]


def add_years(day: _dt.date, years: int) -> _dt.date:
    """``day`` moved by whole years; 29 February becomes 28 February in common years."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


class SchemeKind(enum.Enum):
    """What kind of claim a scheme certifies."""

    #: An ISO 14024 Type I environmental label (Korea Eco-label, EU Ecolabel, ...).
    TYPE_I_LABEL = "type-i-label"
    #: A recycled-content or recycling-quality mark (Good Recycled, GR).
    RECYCLED_CONTENT = "recycled-content"
    #: A carbon-footprint / low-carbon certification (ISO 14067, EPD stage 2).
    CARBON_FOOTPRINT = "carbon-footprint"
    #: Any other scheme a user defines.
    OTHER = "other"

    @property
    def label(self) -> Message:
        """The kind's translatable label."""
        return _KIND_LABELS[self]


_KIND_LABELS: Final = {
    SchemeKind.TYPE_I_LABEL: Message.of(N_("ISO 14024 Type I environmental label")),
    SchemeKind.RECYCLED_CONTENT: Message.of(N_("recycled-content mark")),
    SchemeKind.CARBON_FOOTPRINT: Message.of(N_("carbon-footprint / low-carbon certification")),
    SchemeKind.OTHER: Message.of(N_("other certification")),
}


@attrs.frozen
class ValidityTerm:
    """Certificates issued on or after ``issued_from`` are valid for ``years`` years.

    Attributes:
        issued_from: the first issue date the term applies to (None: from the start).
        years: how many years a certificate is valid.
    """

    issued_from: _dt.date | None
    years: int


@attrs.frozen
class CertificationScheme:
    """A certification scheme: who issues it, what it certifies, how long it lasts.

    Attributes:
        id: a stable lower-case id (``"kr-eco-label"``).
        name_ko: the Korean name (환경표지).
        name_en: the English name (Korea Eco-label).
        issuer: the body that certifies.
        country: ISO 3166-1 alpha-2 code, or a region (``"EU"``, ``"Nordic"``).
        kind: what the scheme certifies.
        validity: the default validity terms by issue date, oldest first; empty
            when the scheme has no fixed term.
        aliases: other names users write for it (short names, marks).
        since: the year the scheme started.
        note: a caveat about the data (e.g. an uncertain term).
    """

    id: str
    name_ko: str
    name_en: str
    issuer: str
    country: str
    kind: SchemeKind
    validity: tuple[ValidityTerm, ...] = ()
    aliases: tuple[str, ...] = ()
    since: int | None = None
    note: str = ""

    def validity_years(self, issued: _dt.date) -> int | None:
        """The default validity in years of a certificate issued on ``issued``.

        Example:
            >>> import datetime as dt
            >>> GOOD_RECYCLED.validity_years(dt.date(2024, 1, 21))
            3
            >>> GOOD_RECYCLED.validity_years(dt.date(2024, 1, 22))
            4
        """
        years: int | None = None
        for term in self.validity:
            if term.issued_from is None or issued >= term.issued_from:
                years = term.years
        return years

    def default_valid_until(self, issued: _dt.date) -> _dt.date | None:
        """The last valid day of a certificate issued on ``issued``, by the default term."""
        years = self.validity_years(issued)
        if years is None:
            return None
        return add_years(issued, years) - _dt.timedelta(days=1)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the scheme answers to: id, Korean and English names, aliases."""
        return (self.id, self.name_ko, self.name_en, *self.aliases)


#: Korea Eco-label (환경표지, KEITI): a type I label, valid 3 years.
KOREA_ECO_LABEL: Final = CertificationScheme(
    id="kr-eco-label",
    name_ko="환경표지",
    name_en="Korea Eco-label",
    issuer="KEITI (한국환경산업기술원)",
    country="KR",
    kind=SchemeKind.TYPE_I_LABEL,
    validity=(ValidityTerm(None, 3),),
    aliases=("환경표지인증", "환경마크", "친환경표지", "Eco-label", "Korea Ecolabel", "EL"),
    since=1992,
)
#: Low-carbon product (저탄소제품, KEITI): stage 2 of the carbon footprint label.
LOW_CARBON: Final = CertificationScheme(
    id="kr-low-carbon",
    name_ko="저탄소제품",
    name_en="Low-carbon product",
    issuer="KEITI (한국환경산업기술원)",
    country="KR",
    kind=SchemeKind.CARBON_FOOTPRINT,
    validity=(ValidityTerm(None, 3),),
    aliases=("저탄소", "저탄소제품인증", "저탄소인증", "low-carbon", "low carbon"),
    since=2011,
    note=N_("stage 2 of the carbon footprint label; the current validity term is uncertain"),
)
#: Good Recycled product (우수재활용제품, GR, KATS): 3 years, 4 for those issued
#: from 2024-01-22.
GOOD_RECYCLED: Final = CertificationScheme(
    id="kr-gr",
    name_ko="우수재활용제품",
    name_en="Good Recycled product",
    issuer="KATS (국가기술표준원)",
    country="KR",
    kind=SchemeKind.RECYCLED_CONTENT,
    validity=(ValidityTerm(None, 3), ValidityTerm(_dt.date(2024, 1, 22), 4)),
    aliases=("GR", "GR인증", "우수재활용", "우수재활용제품인증", "Good Recycled"),
    since=1997,
)
#: The EU Ecolabel (Regulation (EC) No 66/2010).
EU_ECOLABEL: Final = CertificationScheme(
    id="eu-ecolabel",
    name_ko="EU 에코라벨",
    name_en="EU Ecolabel",
    issuer="European Commission (Regulation (EC) No 66/2010)",
    country="EU",
    kind=SchemeKind.TYPE_I_LABEL,
    aliases=("EU Eco-label", "EU 에코 라벨"),
    since=1992,
    note=N_("a licence lasts as long as the product group's criteria are in force"),
)
#: The Nordic Swan Ecolabel (Nordic Ecolabelling).
NORDIC_SWAN: Final = CertificationScheme(
    id="nordic-swan",
    name_ko="노르딕 스완",
    name_en="Nordic Swan Ecolabel",
    issuer="Nordic Ecolabelling",
    country="Nordic",
    kind=SchemeKind.TYPE_I_LABEL,
    validity=(ValidityTerm(None, 3),),
    aliases=("Nordic Swan", "Svanen", "노르딕스완"),
    since=1989,
    note=N_("licences usually last 3 years, following the criteria's term"),
)
#: Germany's Blue Angel (Blauer Engel).
BLUE_ANGEL: Final = CertificationScheme(
    id="blue-angel",
    name_ko="블루엔젤",
    name_en="Blue Angel",
    issuer="German Environment Agency (Umweltbundesamt) and RAL gGmbH",
    country="DE",
    kind=SchemeKind.TYPE_I_LABEL,
    aliases=("Blauer Engel", "블루 엔젤"),
    since=1978,
    note=N_("contracts end with the criteria version they were awarded under"),
)

#: The schemes greenprocure knows out of the box.
BUILTIN_SCHEMES: Final = (
    KOREA_ECO_LABEL,
    LOW_CARBON,
    GOOD_RECYCLED,
    EU_ECOLABEL,
    NORDIC_SWAN,
    BLUE_ANGEL,
)


def _fold(name: str) -> str:
    """Case-, width-, space- and normalisation-insensitive key for names."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split()).replace("-", "")


class SchemeRegistry:
    """An immutable set of schemes, looked up by id or by any of their names.

    Example:
        >>> schemes = builtin_schemes()
        >>> schemes.lookup("환경표지").id, schemes.lookup("GR").id, schemes.lookup("저탄소").id
        ('kr-eco-label', 'kr-gr', 'kr-low-carbon')
        >>> custom = CertificationScheme("us-green-seal", "그린실", "Green Seal", "Green Seal",
        ...                              "US", SchemeKind.TYPE_I_LABEL)
        >>> schemes.with_schemes(custom).lookup("green seal").id
        'us-green-seal'
    """

    def __init__(self, schemes: Iterable[CertificationScheme] = BUILTIN_SCHEMES) -> None:
        self._by_id: dict[str, CertificationScheme] = {}
        self._by_name: dict[str, CertificationScheme] = {}
        for scheme in schemes:
            if scheme.id in self._by_id:
                raise CertificateError(
                    N_("scheme id {scheme!r} is defined twice"), scheme=scheme.id
                )
            self._by_id[scheme.id] = scheme
        for scheme in self._by_id.values():
            for name in scheme.names:
                key = _fold(name)
                other = self._by_name.get(key)
                if other is not None and other.id != scheme.id:
                    raise CertificateError(
                        N_("scheme name {name!r} is used by both {first} and {second}"),
                        name=name,
                        first=other.id,
                        second=scheme.id,
                    )
                self._by_name[key] = scheme

    def get(self, scheme_id: str) -> CertificationScheme | None:
        """The scheme with this exact id, or None."""
        return self._by_id.get(scheme_id)

    def lookup(self, name: str) -> CertificationScheme:
        """The scheme called ``name`` (id, Korean or English name, or alias).

        Raises:
            CertificateError: no scheme has that name; the message lists the known ones.
        """
        scheme = self._by_id.get(name) or self._by_name.get(_fold(name)) if name else None
        if scheme is None:
            raise CertificateError(
                N_("unknown certification scheme {name!r}; known schemes: {known}"),
                name=name,
                known=", ".join(self._by_id),
            )
        return scheme

    def with_schemes(self, *schemes: CertificationScheme) -> SchemeRegistry:
        """A new registry with ``schemes`` added."""
        return SchemeRegistry((*self._by_id.values(), *schemes))

    def __iter__(self) -> Iterator[CertificationScheme]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, scheme_id: object) -> bool:
        return scheme_id in self._by_id


_BUILTIN_REGISTRY: SchemeRegistry | None = None


def builtin_schemes() -> SchemeRegistry:
    """The registry of :data:`BUILTIN_SCHEMES`."""
    global _BUILTIN_REGISTRY
    if _BUILTIN_REGISTRY is None:
        _BUILTIN_REGISTRY = SchemeRegistry()
    return _BUILTIN_REGISTRY


class CertificateStatus(enum.Enum):
    """The state of a certificate as its issuer records it."""

    ACTIVE = "active"
    REVOKED = "revoked"
    CANCELLED = "cancelled"
    GIVEN_UP = "given-up"
    EXPIRED = "expired"

    @property
    def label(self) -> Message:
        """The status's translatable label."""
        return _STATUS_LABELS[self]

    @property
    def ends_validity(self) -> bool:
        """True for statuses that end validity from their date on (revoked, cancelled, given up)."""
        return self in _ENDING


_ENDING: Final = frozenset(
    {CertificateStatus.REVOKED, CertificateStatus.CANCELLED, CertificateStatus.GIVEN_UP}
)
_STATUS_LABELS: Final = {
    CertificateStatus.ACTIVE: Message.of(N_("active")),
    CertificateStatus.REVOKED: Message.of(N_("revoked")),
    # TRANSLATORS: 인증해지, the termination of the certification contract
    # (as opposed to 인증취소, a revocation by the issuer).
    CertificateStatus.CANCELLED: Message.of(N_("cancelled (contract terminated)")),
    CertificateStatus.GIVEN_UP: Message.of(N_("given up")),
    CertificateStatus.EXPIRED: Message.of(N_("expired")),
}


class CertificateRef(NamedTuple):
    """A certificate as a purchase claims it: scheme id and certificate number."""

    scheme: str
    number: str


@attrs.frozen
class CertificateCheck:
    """The answer to "was this certificate valid on that day?", with the reason if not.

    Attributes:
        valid: True when the certificate was valid.
        code: a stable reason code: ``"valid"``, ``"unknown-certificate"``,
            ``"not-yet-valid"``, ``"expired"``, ``"revoked"``, ``"cancelled"``,
            ``"given-up"``.
        reason: the translatable reason (None when valid).
        certificate: the certificate consulted, if one was found.
    """

    valid: bool
    code: str
    reason: Message | None = None
    certificate: Certificate | None = None


def _plain_text(value: object) -> str:
    # One spelling per value: NFC (some systems write decomposed Hangul), no
    # surrounding spaces.
    if not isinstance(value, str):
        raise CertificateError(N_("certificate text {value!r} is not a string"), value=value)
    return unicodedata.normalize("NFC", value).strip()


def _is_day(value: object) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)


def _scheme_text(value: object) -> str:
    return _check_text(value, "scheme")


def _number_text(value: object) -> str:
    return _check_text(value, "number")


def _check_text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CertificateError(
            N_("certificate field {field} must be a non-empty string, not {value!r}"),
            field=field,
            value=value,
        )
    return value.strip()


@attrs.frozen
class Certificate:
    """One certificate of one scheme.

    Attributes:
        scheme: the scheme id (``"kr-eco-label"``).
        number: the certificate number as issued (``"16052"``).
        valid_from: the first valid day.
        valid_until: the last valid day (None for a certificate with no end).
        holder: the company that holds it (NFC-normalised, stripped, like
            the product and the product group).
        product: the certified product's name.
        product_group: the scheme's product-group code (``"EL250"``).
        status: the issuer's recorded status.
        status_date: the day the status took effect (for revoked, cancelled,
            given up, or an early expiry).

    Raises:
        CertificateError: an empty scheme or number, a start, end or status
            date that is not a ``datetime.date`` (a ``datetime`` is refused
            too: it cannot be compared with dates), an end before the start,
            or a status that is not a :class:`CertificateStatus`. A status
            date before the start is accepted: a certificate can be given up
            before its validity begins, and is then never valid.
    """

    scheme: str = attrs.field(converter=_scheme_text)
    number: str = attrs.field(converter=_number_text)
    valid_from: _dt.date
    valid_until: _dt.date | None
    holder: str = attrs.field(default="", converter=_plain_text)
    product: str = attrs.field(default="", converter=_plain_text)
    product_group: str = attrs.field(default="", converter=_plain_text)
    status: CertificateStatus = CertificateStatus.ACTIVE
    status_date: _dt.date | None = None

    def __attrs_post_init__(self) -> None:
        for field, value, optional in (
            ("valid_from", self.valid_from, False),
            ("valid_until", self.valid_until, True),
            ("status_date", self.status_date, True),
        ):
            if (value is None and optional) or _is_day(value):
                continue
            raise CertificateError(
                N_("certificate {number}: {field} {value!r} is not a calendar date"),
                number=self.number,
                field=field,
                value=value,
            )
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise CertificateError(
                N_("certificate {number}: valid until {until} is before valid from {start}"),
                number=self.number,
                until=self.valid_until.isoformat(),
                start=self.valid_from.isoformat(),
            )
        if not isinstance(self.status, CertificateStatus):
            raise CertificateError(
                N_("certificate {number}: unknown status {value!r}"),
                number=self.number,
                value=self.status,
            )

    @property
    def ref(self) -> CertificateRef:
        """The (scheme, number) pair purchases use to claim this certificate."""
        return CertificateRef(self.scheme, self.number)

    @property
    def ends_on(self) -> _dt.date | None:
        """The last valid day, taking the status into account.

        ``status_date`` is the first day of the new status: a certificate
        revoked on 1 June was valid on 31 May and not on 1 June. None means
        no end. A certificate revoked, cancelled or given up with no known
        date, or expired with neither an end nor a status date, ends the day
        before it started: it is never valid, because nothing proves when it
        was.

        Example:
            >>> import datetime as dt
            >>> c = Certificate("kr-gr", "GR-1", dt.date(2024, 1, 22), dt.date(2028, 1, 21))
            >>> c.ends_on
            datetime.date(2028, 1, 21)
            >>> c.with_status(CertificateStatus.GIVEN_UP, dt.date(2025, 5, 1)).ends_on
            datetime.date(2025, 4, 30)
            >>> c.with_status(CertificateStatus.REVOKED).ends_on   # date unknown: never valid
            datetime.date(2024, 1, 21)
        """
        end = self.valid_until
        status = self.status
        if status is not CertificateStatus.ACTIVE and (
            status.ends_validity or status is CertificateStatus.EXPIRED
        ):
            if self.status_date is None:
                if self.status.ends_validity or end is None:
                    return self.valid_from - _dt.timedelta(days=1)
                return end
            cut = self.status_date - _dt.timedelta(days=1)
            end = cut if end is None else min(end, cut)
        return end

    def valid_on(self, day: _dt.date) -> bool:
        """True if the certificate was valid on ``day`` (both ends of the interval count)."""
        if day < self.valid_from:
            return False
        end = self.ends_on
        return end is None or day <= end

    def check(self, day: _dt.date) -> CertificateCheck:
        """Whether the certificate was valid on ``day``, and if not, why."""
        label = f"{self.scheme} {self.number}"
        if day < self.valid_from:
            return CertificateCheck(
                False,
                "not-yet-valid",
                Message.of(
                    N_("certificate {certificate} was not yet valid: valid from {start}"),
                    certificate=label,
                    start=self.valid_from,
                ),
                self,
            )
        end = self.ends_on
        if end is None or day <= end:
            return CertificateCheck(True, "valid", None, self)
        if self.status is CertificateStatus.EXPIRED and end < self.valid_from:
            return CertificateCheck(
                False,
                "expired",
                Message.of(
                    N_("certificate {certificate} was {status} (date unknown)"),
                    certificate=label,
                    status=self.status.label,
                ),
                self,
            )
        if self.status.ends_validity:
            code = self.status.value
            if self.status_date is None:
                reason = Message.of(
                    N_("certificate {certificate} was {status} (date unknown)"),
                    certificate=label,
                    status=self.status.label,
                )
            elif self.valid_until is None or self.status_date <= self.valid_until:
                reason = Message.of(
                    N_("certificate {certificate} was {status} on {date}"),
                    certificate=label,
                    status=self.status.label,
                    date=self.status_date,
                )
            else:
                code = "expired"
                reason = Message.of(
                    N_("certificate {certificate} expired: valid until {date}"),
                    certificate=label,
                    date=end,
                )
            return CertificateCheck(False, code, reason, self)
        return CertificateCheck(
            False,
            "expired",
            Message.of(
                N_("certificate {certificate} expired: valid until {date}"),
                certificate=label,
                date=end,
            ),
            self,
        )

    def with_status(
        self, status: CertificateStatus, status_date: _dt.date | None = None
    ) -> Certificate:
        """A copy with another status (e.g. revoked on a date)."""
        return attrs.evolve(self, status=status, status_date=status_date)


@attrs.frozen
class CertificateConflict:
    """Two entries for one (scheme, number) with overlapping validity and different holders.

    Attributes:
        ref: the scheme and number listed twice.
        first: the entry kept.
        second: the conflicting entry.
    """

    ref: CertificateRef
    first: Certificate
    second: Certificate

    @property
    def message(self) -> Message:
        """A translatable description of the conflict."""
        return Message.of(
            N_(
                "certificate {certificate} is listed twice with overlapping validity"
                " for different holders: {first} and {second}"
            ),
            certificate=f"{self.ref.scheme} {self.ref.number}",
            first=self.first.holder or "?",
            second=self.second.holder or "?",
        )


def _different_holders(a: Certificate, b: Certificate) -> bool:
    # Spelling differences (spaces, full-width letters) are not different
    # companies; an entry without a holder cannot prove a difference.
    first, second = _fold(a.holder), _fold(b.holder)
    return bool(first) and bool(second) and first != second


def _overlap(a: Certificate, b: Certificate) -> bool:
    a_end = a.valid_until or _dt.date.max
    b_end = b.valid_until or _dt.date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


_VALID_FROM: Final = operator.attrgetter("valid_from")
_SCHEME: Final = operator.attrgetter("scheme")
_NUMBER: Final = operator.attrgetter("number")


class CertificateRegistry:
    """An immutable index of certificates by (scheme, number).

    Several entries may share a number (a renewal keeps its number): each
    keeps its own validity. Entries with overlapping validity but different
    holders are **conflicts**: both are kept, and :attr:`conflicts` reports
    them instead of letting one silently overwrite the other. Holders are
    compared ignoring case, width and spaces; an entry without a holder
    conflicts with nobody. Exact duplicates are kept once.

    Example:
        >>> import datetime as dt
        >>> registry = CertificateRegistry([
        ...     Certificate("kr-eco-label", "16052", dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
        ...     Certificate("kr-eco-label", "16052", dt.date(2022, 1, 1), dt.date(2024, 12, 31)),
        ... ])
        >>> registry.valid_on(("kr-eco-label", "16052"), dt.date(2022, 3, 1))
        True
        >>> registry.check(("kr-eco-label", "99999"), dt.date(2022, 3, 1)).code
        'unknown-certificate'
    """

    def __init__(self, certificates: Iterable[Certificate] = ()) -> None:
        items = list(certificates)
        with paused_gc():  # tens of thousands of tuples, no cycles (see _gc)
            self._build(items)

    def _build(self, items: list[Certificate]) -> None:
        # CertificateRef(scheme, number), without its checks, for every entry.
        refs = list(
            map(
                tuple.__new__,
                repeat(CertificateRef),
                zip(map(_SCHEME, items), map(_NUMBER, items), strict=True),
            )
        )
        unique: dict[CertificateRef, tuple[Certificate, ...]] = dict(
            zip(refs, zip(items), strict=True)  # ref -> (certificate,)
        )
        if len(unique) == len(items):
            # One entry per certificate (the usual list): nothing to merge or compare.
            self._index: dict[CertificateRef, tuple[Certificate, ...]] = unique
            self._count = len(items)
            #: Conflicting entries found while building the registry.
            self.conflicts: tuple[CertificateConflict, ...] = ()
            return
        index: dict[CertificateRef, list[Certificate]] = {}
        conflicts: list[CertificateConflict] = []
        count = 0
        for ref, certificate in zip(refs, items, strict=True):
            entries = index.get(ref)
            if entries is None:
                index[ref] = [certificate]
                count += 1
                continue
            if certificate in entries:
                continue
            for other in entries:
                if _different_holders(other, certificate) and _overlap(other, certificate):
                    conflicts.append(CertificateConflict(certificate.ref, other, certificate))
            entries.append(certificate)
            count += 1
        self._index = {
            ref: tuple(entries) if len(entries) == 1 else tuple(sorted(entries, key=_VALID_FROM))
            for ref, entries in index.items()
        }
        self._count = count
        self.conflicts = tuple(conflicts)

    def get(self, ref: CertificateRef | tuple[str, str]) -> tuple[Certificate, ...]:
        """Every entry for ``(scheme, number)``, oldest first (empty if none)."""
        return self._index.get(CertificateRef(*ref), ())

    def find(self, ref: CertificateRef | tuple[str, str], day: _dt.date) -> Certificate | None:
        """The entry valid on ``day``, or None."""
        for certificate in self._index.get(CertificateRef(*ref), ()):
            if certificate.valid_on(day):
                return certificate
        return None

    def valid_on(self, ref: CertificateRef | tuple[str, str], day: _dt.date) -> bool:
        """True if some entry for ``ref`` was valid on ``day``."""
        return self.find(ref, day) is not None

    def check(self, ref: CertificateRef | tuple[str, str], day: _dt.date) -> CertificateCheck:
        """Whether ``ref`` was valid on ``day``; if not, the reason of the nearest entry."""
        key = CertificateRef(*ref)
        return check_entries(key, self._index.get(key, ()), day)

    def __iter__(self) -> Iterator[Certificate]:
        for entries in self._index.values():
            yield from entries

    def __len__(self) -> int:
        return self._count

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, tuple) and len(ref) == 2 and CertificateRef(*ref) in self._index

    def refs(self) -> Mapping[CertificateRef, tuple[Certificate, ...]]:
        """A read-only view of the index."""
        return dict(self._index)


def _code_on(certificate: Certificate, day: _dt.date) -> str:
    """``certificate.check(day).code`` without building the reason."""
    if day < certificate.valid_from:
        return "not-yet-valid"
    end = certificate.ends_on
    if end is None or day <= end:
        return "valid"
    return _code_after(certificate)


def _code_after(certificate: Certificate) -> str:
    """``_code_on(certificate, day)`` for a day after the certificate's last valid day."""
    status = certificate.status
    if status is CertificateStatus.ACTIVE or status not in _ENDING:  # EXPIRED is not in it
        return "expired"
    if (
        certificate.status_date is None
        or certificate.valid_until is None
        or certificate.status_date <= certificate.valid_until
    ):
        return str(status.value)
    return "expired"


def _check_code(entries: Sequence[Certificate], day: _dt.date) -> str:
    """``check_entries(ref, entries, day).code`` without building reasons (for caches)."""
    if not entries:
        return "unknown-certificate"
    nearest = _code_on(entries[0], day)
    for certificate in entries:
        code = _code_on(certificate, day)
        if code == "valid":
            return code
        if certificate.valid_from <= day:
            nearest = code
    return nearest


def _certificate_setter(name: str) -> Any:
    return Certificate.__dict__[name].__set__


_CERTIFICATE_SETTERS: Final = tuple(
    map(
        _certificate_setter,
        (
            "scheme",
            "number",
            "valid_from",
            "valid_until",
            "holder",
            "product",
            "product_group",
            "status",
            "status_date",
        ),
    )
)


def _trusted_certificate(
    scheme: str,
    number: str,
    valid_from: _dt.date,
    valid_until: _dt.date | None,
    holder: str,
    product: str,
    product_group: str,
    status: CertificateStatus,
    status_date: _dt.date | None,
) -> Certificate:
    """A certificate built without converting or validating.

    Private: for the loaders' fast path, which has already made every value
    what :class:`Certificate` would make of it and checked everything it
    checks (stripped non-empty scheme and number, NFC stripped texts,
    ``datetime.date`` days, an end not before the start, a
    :class:`CertificateStatus`). The result equals ``Certificate(scheme,
    number, valid_from, valid_until, holder=holder, product=product,
    product_group=product_group, status=status, status_date=status_date)``.
    """
    certificate: Certificate = object.__new__(Certificate)
    (
        set_scheme,
        set_number,
        set_from,
        set_until,
        set_holder,
        set_product,
        set_group,
        set_status,
        set_status_date,
    ) = _CERTIFICATE_SETTERS
    set_scheme(certificate, scheme)
    set_number(certificate, number)
    set_from(certificate, valid_from)
    set_until(certificate, valid_until)
    set_holder(certificate, holder)
    set_product(certificate, product)
    set_group(certificate, product_group)
    set_status(certificate, status)
    set_status_date(certificate, status_date)
    return certificate


def _stretch_codes(
    entries: Sequence[Certificate],
) -> tuple[tuple[_dt.date, ...], tuple[str, ...]]:
    """``_check_code(entries, day)`` for every day at once: ``(points, codes)``.

    ``points`` are the days on which the answer may change (each entry's
    first valid day and the day after its last), ascending; the answer on
    ``day`` is ``codes[bisect_right(points, day)]``. For caches that answer
    many days of one certificate.
    """
    if not entries:
        return (), ("unknown-certificate",)
    if len(entries) == 1:  # most certificates: their answer at a glance
        certificate = entries[0]
        start = certificate.valid_from
        end = certificate.ends_on
        if end is None or end == _dt.date.max:
            return (start,), ("not-yet-valid", "valid")
        if end >= start:
            return (start, end + _ONE_DAY), ("not-yet-valid", "valid", _code_after(certificate))
        # Never valid: not yet valid before its first day, then ended.
        after = _code_after(certificate)
        if end + _ONE_DAY == start:
            return (start,), ("not-yet-valid", after)
        return (end + _ONE_DAY, start), ("not-yet-valid", "not-yet-valid", after)
    # Per entry: its first and last valid day and its code after the last.
    spans = []
    bounds: set[_dt.date] = set()
    for certificate in entries:
        start = certificate.valid_from
        end = certificate.ends_on
        bounds.add(start)
        if end is not None and end < _dt.date.max:
            bounds.add(end + _ONE_DAY)
        spans.append((start, end, _code_after(certificate) if end is not None else ""))
    points = tuple(sorted(bounds))
    codes = []
    # A day of each stretch: the day before the first point, then each point.
    first = points[0]
    for day in (first - _ONE_DAY if first > _dt.date.min else first, *points):
        nearest = ""
        for index, (start, end, after) in enumerate(spans):
            if day < start:
                code = "not-yet-valid"
            elif end is None or day <= end:
                break
            else:
                code = after
            if index == 0 or start <= day:
                nearest = code
        else:
            codes.append(nearest)
            continue
        codes.append("valid")
    return points, tuple(codes)


_ONE_DAY: Final = _dt.timedelta(days=1)


def check_entries(
    ref: CertificateRef, entries: Sequence[Certificate], day: _dt.date
) -> CertificateCheck:
    """Whether one of ``entries`` (all the list's entries for ``ref``) was valid on ``day``.

    This is :meth:`CertificateRegistry.check` without the look-up: if none was
    valid, the reason of the latest entry that had started by then (or of
    the first, if none had), and ``unknown-certificate`` for no entries.
    """
    if not entries:
        return CertificateCheck(
            False,
            "unknown-certificate",
            Message.of(
                N_("certificate {certificate} is not in the certificate list"),
                certificate=f"{ref.scheme} {ref.number}",
            ),
        )
    nearest = entries[0].check(day)
    for certificate in entries:
        result = certificate.check(day)
        if result.valid:
            return result
        if certificate.valid_from <= day:
            nearest = result  # the latest entry that had started by then
    return nearest
