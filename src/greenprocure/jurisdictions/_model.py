"""The values of the jurisdiction model: levels, kinds, jurisdictions, matches, cohorts."""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterator
from typing import Any, Final

import attrs

from greenprocure.errors import JurisdictionValueError
from greenprocure.i18n import N_, Message, translate

__all__ = [
    "Change",
    "Cohort",
    "Jurisdiction",
    "JurisdictionDataWarning",
    "Kind",
    "Level",
    "Match",
    "MatchKind",
]


class JurisdictionDataWarning(UserWarning):
    """The jurisdiction data may not know the answer for the date asked.

    :meth:`Registry.on <greenprocure.jurisdictions.Registry.on>` warns so for a
    day after the data was compiled (metadata ``compiled``): the answer is
    that of the data, but renames, mergers and new governments after that day
    are unknown to it. Like the errors, the warning carries a message id and
    parameters; ``str(warning)`` is English and :meth:`render` gives another
    locale.

    Examples:
        >>> import warnings
        >>> from greenprocure.jurisdictions import korea
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     len(korea().on("2031-03-01").metros())
        16
        >>> [type(w.message).__name__ for w in caught]
        ['JurisdictionDataWarning']
    """

    msgid: str
    params: dict[str, Any]

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.msgid = msgid
        self.params = dict(params)
        super().__init__(self.render("en"))

    def render(self, locale: str = "en") -> str:
        """The message in ``locale`` (``"ko"`` or ``"en"``)."""
        return translate(self.msgid, locale, **self.params)


class Level(enum.Enum):
    """The tier of a local government.

    ``METRO`` is a metropolitan government (광역자치단체: 특별시, 광역시,
    특별자치시, 도, 특별자치도); ``BASIC`` a basic government (기초자치단체:
    시, 군, 자치구) under one metro.

    Examples:
        >>> Level("basic"), Level.METRO.value
        (<Level.BASIC: 'basic'>, 'metro')
    """

    METRO = "metro"
    BASIC = "basic"

    @property
    def label(self) -> Message:
        """A translatable label for people (``metropolitan`` / ``광역``)."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS: Final = {
    Level.METRO: Message.of(N_("metropolitan")),
    Level.BASIC: Message.of(N_("basic")),
}


class Kind(enum.Enum):
    """The legal kind of a local government; the value is the Korean term.

    특례시 (special-case city, since 2022-01-13) is a status of a 시: it stays a
    basic government and counts as a 시 (:attr:`base` is :attr:`CITY`).

    Examples:
        >>> Kind("특례시").base, Kind.AUTONOMOUS_DISTRICT.level
        (<Kind.CITY: '시'>, <Level.BASIC: 'basic'>)
        >>> Kind.parse("province"), Kind.parse("SPECIAL_CITY")
        (<Kind.PROVINCE: '도'>, <Kind.SPECIAL_CITY: '특별시'>)
    """

    SPECIAL_CITY = "특별시"
    METROPOLITAN_CITY = "광역시"
    SPECIAL_SELF_GOVERNING_CITY = "특별자치시"
    PROVINCE = "도"
    SPECIAL_SELF_GOVERNING_PROVINCE = "특별자치도"
    CITY = "시"
    SPECIAL_CASE_CITY = "특례시"
    COUNTY = "군"
    AUTONOMOUS_DISTRICT = "자치구"

    @property
    def level(self) -> Level:
        """The level every government of this kind belongs to."""
        return Level.BASIC if self in _BASIC_KINDS else Level.METRO

    @property
    def base(self) -> Kind:
        """The kind counted in statistics: :attr:`CITY` for a 특례시, else itself."""
        return Kind.CITY if self is Kind.SPECIAL_CASE_CITY else self

    @property
    def label(self) -> Message:
        """A translatable label for people (``special city`` / ``특별시``)."""
        return Message.of(_KIND_LABELS[self])

    @property
    def suffix_ko(self) -> str | None:
        """The last syllable of a basic government's Korean name (시, 군, 구)."""
        return _SUFFIXES.get(self, (None, None))[0]

    @property
    def suffix_en(self) -> str | None:
        """The suffix of a basic government's romanized name (-si, -gun, -gu)."""
        return _SUFFIXES.get(self, (None, None))[1]

    @classmethod
    def parse(cls, text: str) -> Kind:
        """The kind named by its Korean value, member name or English label.

        Raises:
            JurisdictionValueError: no kind has this name.
        """
        cleaned = " ".join(text.split())
        for kind in cls:
            if cleaned in (kind.value, kind.name) or cleaned.casefold() in (
                kind.name.casefold(),
                _KIND_LABELS[kind].casefold(),
            ):
                return kind
        raise JurisdictionValueError(N_("kind {value!r} is unknown"), value=text)


_BASIC_KINDS: Final = frozenset(
    {Kind.CITY, Kind.SPECIAL_CASE_CITY, Kind.COUNTY, Kind.AUTONOMOUS_DISTRICT}
)
_KIND_LABELS: Final = {
    Kind.SPECIAL_CITY: N_("special city"),
    Kind.METROPOLITAN_CITY: N_("metropolitan city"),
    Kind.SPECIAL_SELF_GOVERNING_CITY: N_("special self-governing city"),
    Kind.PROVINCE: N_("province"),
    Kind.SPECIAL_SELF_GOVERNING_PROVINCE: N_("special self-governing province"),
    Kind.CITY: N_("city"),
    Kind.SPECIAL_CASE_CITY: N_("special-case city"),
    Kind.COUNTY: N_("county"),
    Kind.AUTONOMOUS_DISTRICT: N_("autonomous district"),
}
_SUFFIXES: Final = {
    Kind.CITY: ("시", "-si"),
    Kind.SPECIAL_CASE_CITY: ("시", "-si"),
    Kind.COUNTY: ("군", "-gun"),
    Kind.AUTONOMOUS_DISTRICT: ("구", "-gu"),
}


class Change(enum.Enum):
    """How a jurisdiction's record ended (``Jurisdiction.ended_by``).

    ``RENAME``: new name or code, same government (강원도 → 강원특별자치도);
    ``MOVE``: to another parent (경상북도 군위군 → 대구광역시 군위군);
    ``MERGE``: joined with others (광주광역시 + 전라남도 → 전남광주통합특별시);
    ``SPLIT``: divided or reorganised (인천 서구 → 서해구, 검단구);
    ``STATUS``: same code, new kind (수원시 becomes a 특례시);
    ``ABOLISH``: ended without a successor.
    """

    RENAME = "rename"
    MOVE = "move"
    MERGE = "merge"
    SPLIT = "split"
    STATUS = "status"
    ABOLISH = "abolish"


def _is_digits(value: object, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and value.isascii() and value.isdigit()


@attrs.frozen(repr=False)
class Jurisdiction:
    """One local government in one state, valid from one date until another.

    A government that is renamed, recoded, moved or changes status gets a new
    record; the old record ends the day before and both are linked
    (:attr:`successors`, :attr:`predecessors`). A code is therefore unique on
    any one date, not across time.

    Attributes:
        code: the official 10-digit legal-dong code (법정동코드), e.g.
            ``"2623000000"`` for 부산진구. The first 2 digits name the metro,
            the first 5 the basic government.
        name_ko: the Korean name without the parent (``"부산진구"``).
        name_en: the English name (``"Busanjin-gu"``).
        level: :attr:`Level.METRO` or :attr:`Level.BASIC`.
        kind: the legal kind (:class:`Kind`).
        parent_code: the code of the metro a basic government belongs to;
            ``None`` for a metro.
        valid_from: the first day of this record. For records that already
            existed when the data's coverage starts, that first day.
        valid_until: the last day of this record; ``None`` while it exists.
        aliases: other names it answers to: short names (서울, 경남),
            특례시 forms (수원특례시), English forms, and full forms of a
            city's non-autonomous districts (수원시 장안구).
        agency_code: the 7-digit agency code (행정기관코드), a different code
            system, where known (metros).
        predecessors: codes of the records this one continues, each valid
            the day before :attr:`valid_from`.
        successors: codes of the records that continue this one, each valid
            the day after :attr:`valid_until`.
        ended_by: how this record ended (:class:`Change`), ``None`` while valid.

    Raises:
        JurisdictionValueError: a code that is not 10 digits, an empty name, a
            kind of the other level, a metro with a parent or a basic government
            without one, or a record that ends before it starts.

    Examples:
        >>> import datetime
        >>> j = Jurisdiction("2623000000", "부산진구", "Busanjin-gu", Level.BASIC,
        ...                  Kind.AUTONOMOUS_DISTRICT, "2600000000", datetime.date(2019, 1, 1))
        >>> j
        <Jurisdiction 2623000000 부산진구 (Busanjin-gu) 2019-01-01..>
        >>> j.short_code, j.valid_on(datetime.date(2022, 10, 20))
        ('26230', True)
    """

    code: str
    name_ko: str
    name_en: str
    level: Level
    kind: Kind
    parent_code: str | None
    valid_from: _dt.date
    valid_until: _dt.date | None = None
    aliases: tuple[str, ...] = ()
    agency_code: str | None = None
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    ended_by: Change | None = None

    def __attrs_post_init__(self) -> None:
        if not _is_digits(self.code, 10):
            raise JurisdictionValueError(N_("code {value!r} is not 10 digits"), value=self.code)
        if not self.name_ko.strip() or not self.name_en.strip():
            raise JurisdictionValueError(
                N_("jurisdiction {code} has an empty name"), code=self.code
            )
        if self.kind.level is not self.level:
            raise JurisdictionValueError(
                N_("kind {kind} is not a kind of the {level} level"),
                kind=self.kind.value,
                level=self.level.value,
            )
        if self.level is Level.METRO and self.parent_code is not None:
            raise JurisdictionValueError(
                N_("metropolitan government {code} cannot have a parent ({value!r})"),
                code=self.code,
                value=self.parent_code,
            )
        if self.level is Level.BASIC and not _is_digits(self.parent_code, 10):
            raise JurisdictionValueError(
                N_("basic government {code} needs a 10-digit parent code, not {value!r}"),
                code=self.code,
                value=self.parent_code,
            )
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise JurisdictionValueError(
                N_("jurisdiction {code} ends on {end} before it starts on {start}"),
                code=self.code,
                start=self.valid_from,
                end=self.valid_until,
            )
        if self.agency_code is not None and not _is_digits(self.agency_code, 7):
            raise JurisdictionValueError(
                N_("agency code {value!r} is not 7 digits"), value=self.agency_code
            )
        for code in (*self.predecessors, *self.successors):
            if not _is_digits(code, 10):
                raise JurisdictionValueError(N_("code {value!r} is not 10 digits"), value=code)

    def __repr__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else ""
        return (
            f"<Jurisdiction {self.code} {self.name_ko} ({self.name_en})"
            f" {self.valid_from.isoformat()}..{until}>"
        )

    @property
    def prefix(self) -> str:
        """The first 2 digits of the code: the metro (``"26"``)."""
        return self.code[:2]

    @property
    def short_code(self) -> str:
        """The first 5 digits of the code (시군구 코드, ``"26230"``)."""
        return self.code[:5]

    @property
    def is_metro(self) -> bool:
        """Whether this is a metropolitan government."""
        return self.level is Level.METRO

    @property
    def is_basic(self) -> bool:
        """Whether this is a basic government."""
        return self.level is Level.BASIC

    def valid_on(self, day: _dt.date) -> bool:
        """Whether this record is in force on ``day``."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def name(self, locale: str = "ko") -> str:
        """The name in ``locale``: Korean for ``"ko"``, English otherwise."""
        return self.name_ko if locale == "ko" else self.name_en


class MatchKind(enum.Enum):
    """How a name or code found a jurisdiction (``Match.how``).

    ``CODE``: a 2-, 5- or 10-digit code; ``NAME``: the official Korean or
    English name; ``ALIAS``: a listed alias (서울, 수원특례시, Gyeongnam);
    ``SHORT_NAME``: a basic government's name without its suffix (수원,
    Suwon); ``QUALIFIED``: the parent's name and the name (대구 중구,
    Jung-gu, Daegu).
    """

    CODE = "code"
    NAME = "name"
    ALIAS = "alias"
    SHORT_NAME = "short_name"
    QUALIFIED = "qualified"


@attrs.frozen
class Match:
    """The jurisdiction a name means, and how the name found it.

    Attributes:
        jurisdiction: the jurisdiction, as of the date asked.
        how: how the name matched (:class:`MatchKind`).
        matched: the form that matched, as written in the data
            (``"강원도"``, ``"수원특례시"``).
        via: when the name belongs to another date, the record that bears
            it (강원도 until 2023-06-10); ``None`` when the name is current.
        note: a translatable note for people when the name belongs to
            another date ("강원도 was renamed 강원특별자치도 on ...").
    """

    jurisdiction: Jurisdiction
    how: MatchKind
    matched: str
    via: Jurisdiction | None = None
    note: Message | None = None

    @property
    def is_historical(self) -> bool:
        """Whether the name belongs to another date than the one asked."""
        return self.via is not None


@attrs.frozen
class Cohort:
    """A named group of jurisdictions taking part in a programme in one year.

    Attributes:
        name: an identifier (``"priority-cities-2022"``).
        year: the programme year.
        members: the member jurisdictions, in the programme's order.
        name_ko: the Korean name, if any.
        name_en: the English name, if any.

    Raises:
        JurisdictionValueError: a member listed twice.

    Examples:
        >>> from greenprocure.jurisdictions import korea
        >>> seoul = korea().on("2022-10-20").lookup("서울")
        >>> cohort = Cohort("example", 2022, (seoul,), name_en="Example cohort")
        >>> len(cohort), "1100000000" in cohort, [j.name_ko for j in cohort.metros()]
        (1, True, ['서울특별시'])
    """

    name: str
    year: int
    members: tuple[Jurisdiction, ...]
    name_ko: str | None = None
    name_en: str | None = None

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for member in self.members:
            if member.code in seen:
                raise JurisdictionValueError(
                    N_("cohort {name} lists {code} twice"), name=self.name, code=member.code
                )
            seen.add(member.code)

    def __len__(self) -> int:
        return len(self.members)

    def __iter__(self) -> Iterator[Jurisdiction]:
        return iter(self.members)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Jurisdiction):
            return item in self.members
        return any(member.code == item for member in self.members)

    @property
    def codes(self) -> tuple[str, ...]:
        """The members' codes, in order."""
        return tuple(member.code for member in self.members)

    def metros(self) -> tuple[Jurisdiction, ...]:
        """The metropolitan members, in order."""
        return tuple(member for member in self.members if member.is_metro)

    def basics(self) -> tuple[Jurisdiction, ...]:
        """The basic members, in order."""
        return tuple(member for member in self.members if member.is_basic)
