from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Money
from greenprocure.errors import CurrencyMismatchError
from greenprocure.i18n import (
    Bilingual,
    Message,
    format_date,
    format_decimal,
    format_money,
    format_percent,
    percent_text,
    translate,
)


def test_money_in_korean_and_english() -> None:
    assert format_money(Money.krw(1_234_000), "ko") == "1,234,000원"
    assert format_money(Money.krw(1_234_000), "en") == "₩1,234,000"
    assert format_money(Money.krw(1_234_000), "ko", style="symbol") == "₩1,234,000"
    assert format_money(Money.krw(1_234_000), "en", style="suffix") == "1,234,000원"
    assert format_money(Money("1234.5", "EUR"), "ko") == "€1,234.50"
    assert format_money(Money("1234.5", "EUR"), "en", style="code") == "EUR 1,234.50"


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (Decimal("0.784"), "78.4%"),
        (Decimal("0.62"), "62.0%"),
        (Decimal("0.62049"), "62.0%"),
        (Decimal("0.62050"), "62.1%"),  # babel alone would give 62.0% (half-even)
        (Decimal("0.62150"), "62.2%"),
        (Fraction(1121, 1000), "112.1%"),
        (Decimal("12.345"), "1,234.5%"),
    ],
)
def test_percent_rounds_half_up(ratio: Decimal | Fraction, expected: str) -> None:
    assert format_percent(ratio, "en") == expected
    assert format_percent(ratio, "ko") == expected


@given(st.integers(0, 10**6))
def test_percent_text_is_half_up_at_every_boundary(tenths_of_a_percent: int) -> None:
    # ratio = (n + 0.5) / 1000  → percentage n/10 + 0.05 → rounds up
    ratio = Fraction(2 * tenths_of_a_percent + 1, 2000)
    assert percent_text(ratio) == str(Decimal(tenths_of_a_percent + 1).scaleb(-1))


def test_decimal_and_dates() -> None:
    assert format_decimal(Decimal("1234.5"), "ko", places=0) == "1,235"
    assert format_date(dt.date(2022, 10, 20), "ko") == "2022년 10월 20일"
    assert format_date(dt.date(2022, 10, 20), "en") == "October 20, 2022"


def test_translation_and_message_rendering() -> None:
    message = Message.of(
        "cannot combine {left} and {right} amounts: convert one currency first",
        left="KRW",
        right="EUR",
    )
    assert message.render("en") == (
        "cannot combine KRW and EUR amounts: convert one currency first"
    )
    assert "KRW" in message.render("ko")
    assert message.render("ko") != message.render("en")
    assert message == Message.of(message.msgid, right="EUR", left="KRW")


def test_errors_render_in_korean() -> None:
    with pytest.raises(CurrencyMismatchError) as caught:
        Money.krw(1) + Money("1", "EUR")
    assert caught.value.render("ko") == translate(caught.value.msgid, "ko", left="KRW", right="EUR")
    assert "통화" in caught.value.render("ko")


def test_unsupported_locale_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported locale 'fr'"):
        translate("x", "fr")


@pytest.mark.parametrize(
    ("given", "language"),
    [("ko_KR", "ko"), ("ko-KR", "ko"), ("ko_KR.UTF-8", "ko"), ("en_US", "en"), ("EN", "en")],
)
def test_a_locale_with_a_region_stands_for_its_language(given: str, language: str) -> None:
    from greenprocure.i18n import check_locale

    assert check_locale(given) == language
    assert translate("explicit target", given) == translate("explicit target", language)
    assert format_money(Money.krw(1_234_000), given) == format_money(Money.krw(1_234_000), language)
    assert format_percent(Decimal("0.6205"), given) == format_percent(Decimal("0.6205"), language)
    assert format_decimal(Decimal("1234.5"), given, places=0) == format_decimal(
        Decimal("1234.5"), language, places=0
    )
    assert format_date(dt.date(2022, 10, 20), given) == format_date(dt.date(2022, 10, 20), language)
    assert format_money(Money.krw(1_234_000), "ko_KR") == "1,234,000원"


@pytest.mark.parametrize("locale", ["fr", "fr_FR", "", "kor", None, 1])
def test_an_unsupported_locale_is_a_locale_error_naming_it_and_the_supported(
    locale: object,
) -> None:
    from greenprocure.errors import GreenprocureError, LocaleError

    with pytest.raises(LocaleError) as caught:
        translate("x", locale)  # type: ignore[arg-type]
    assert isinstance(caught.value, GreenprocureError)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == f"unsupported locale {locale!r}: choose one of ko, en"
    assert caught.value.render("ko") == (
        f"지원하지 않는 로캘 {locale!r}입니다. 다음 중에서 선택하십시오: ko, en"
    )


@given(
    st.text(st.characters(blacklist_characters="{}"), max_size=30),  # no placeholders
    st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.one_of(st.text(max_size=10), st.integers(), st.dates()),
        max_size=3,
    ),
    st.text(min_size=1, max_size=10).filter(str.strip),
)
def test_messages_survive_pickling(msgid: str, params: dict[str, Any], ko: str) -> None:
    # Workers send reasons' messages to the parent process pickled (as their
    # fields, see Message.__reduce__): equal, of the same type, same hash.
    import pickle

    place = Bilingual(ko, "Jeju")
    for message in (Message.of(msgid, **params), Message.of(msgid, place=place), place):
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            again = pickle.loads(pickle.dumps(message, protocol=protocol))
            assert again == message
            assert type(again) is type(message)
            assert hash(again) == hash(message)
            assert again.render("ko") == message.render("ko")


def test_a_message_subclass_survives_copying_and_pickling() -> None:
    # Only a plain Message is pickled as its two fields; a subclass keeps
    # its type and its own fields.
    import copy
    import pickle

    import attrs

    @attrs.frozen
    class Tagged(Message):
        tag: int = 0

    tagged = Tagged("hello {x}", (("x", 1),), 5)
    for again in (copy.copy(tagged), copy.deepcopy(tagged)):
        assert again == tagged
        assert type(again) is Tagged
    plain = Message.of("hello {x}", x=1)
    assert pickle.loads(pickle.dumps(plain)) == plain
    assert pickle.dumps(plain).count(b"_message") == 1  # the fast form
