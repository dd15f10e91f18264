"""Rule sets: named, versioned, immutable, composable; compiled into one function per stage.

A :class:`RuleSet` keeps its rules in stage order (eligibility, valuation,
target, status, score) and, inside a stage, in the order given. It never
changes: :meth:`~RuleSet.with_rules`, :meth:`~RuleSet.without`,
:meth:`~RuleSet.replace` and :meth:`~RuleSet.with_parameters` return new
sets. How the rules of a stage combine:

* **eligibility**: every rule must accept; the first that refuses (or
  excludes) decides, and its reason is counted;
* **valuation**, **target**, **status**: the first rule that gives an
  answer (not None) decides. With no valuation answer the full amount
  counts; with no target answer there is no target.
* **score**: a set has at most one score rule (replace it to rank by
  something else); a row whose score is None is unranked.

Examples:
    >>> import datetime as dt
    >>> from greenprocure import Money, Period
    >>> from greenprocure.purchases import Purchase
    >>> from greenprocure.rules import KR_PRIORITY_CITIES_2022, Context, Verdict, eligibility
    >>> @eligibility("acme.no-paper")
    ... def no_paper(purchase, context):
    ...     '''Paper does not count.'''
    ...     if purchase.category == "paper":
    ...         return Verdict.refuse("paper", "paper does not count")
    ...     return Verdict.accept()
    >>> acme = KR_PRIORITY_CITIES_2022.with_rules(no_paper).named("acme", "1")
    >>> str(acme), acme.stage("eligibility")[-1].id
    ('acme@1', 'acme.no-paper')
    >>> p = Purchase(id="p1", buyer="2600000000", date=dt.date(2022, 3, 2), category="paper",
    ...              amount=Money.krw(5000))
    >>> explanation = acme.explain(p, Context(Period(2022, 1, 9)))
    >>> [(v.rule_id, v.verdict.code) for v in explanation.verdicts if not v.verdict.accepted]
    [('kr.eligibility.valid-certificate', 'no-certificate'), ('acme.no-paper', 'paper')]
    >>> explanation.counted, explanation.decided_by
    (False, 'kr.eligibility.valid-certificate')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from greenprocure.errors import RuleError, RuleSetError
from greenprocure.i18n import N_, Message
from greenprocure.money import Money, currency_exponent
from greenprocure.purchases import Purchase
from greenprocure.rules.context import Context
from greenprocure.rules.core import ACCEPTED, Rule, Stage, Verdict, VerdictKind
from greenprocure.rules.rows import AttainmentRow, Score, Status
from greenprocure.targets import Target

__all__ = [
    "CURRENCY_GUARD",
    "CompiledRuleSet",
    "PurchaseExplanation",
    "RuleSet",
    "RuleVerdict",
]

#: The id under which the engine itself refuses a purchase in another currency
#: when no rule of the set did (money of two currencies is never added up).
CURRENCY_GUARD: Final = "greenprocure.currency"


_GUARD_DESCRIPTION: Final = Message.of(
    N_("amounts in a currency other than the rule set's are never added up")
)


def _currency_refusal(purchase: Purchase, expected: str) -> Verdict:
    """The refusal of a purchase whose currency is not ``expected``."""
    return Verdict.refuse(
        "currency-mismatch",
        Message.of(
            N_("amount {amount} is in {currency}, not in the rule set's currency {expected}"),
            amount=purchase.amount,
            currency=purchase.amount.currency,
            expected=expected,
        ),
    )


def _check_name(instance: object, attribute: attrs.Attribute[str], value: Any) -> None:
    if (
        not isinstance(value, str)
        or not value.strip()
        or "@" in value
        or ":" in value
        or any(char.isspace() for char in value)
    ):
        raise RuleSetError(
            N_("rule set {part} {value!r} must be non-empty, without spaces, '@' or ':'"),
            part=attribute.name,
            value=value,
        )


def _order(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    items = tuple(rules)
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, Rule):
            raise RuleSetError(N_("{value!r} is not a Rule"), value=item)
        if item.id in seen:
            raise RuleSetError(N_("rule id {rule!r} appears twice in the rule set"), rule=item.id)
        seen.add(item.id)
    scores = [item.id for item in items if item.stage is Stage.SCORE]
    if len(scores) > 1:
        raise RuleSetError(
            N_("a rule set ranks by one score rule, not by {rules}: replace the score rule"),
            rules=", ".join(scores),
        )
    # A stable sort: the stages in order, each stage's rules in the order given.
    return tuple(sorted(items, key=lambda item: item.stage.order))


def _currency(value: object) -> str:
    code = value.upper() if isinstance(value, str) else str(value)
    currency_exponent(code)  # raises CurrencyError when unknown
    return code


def _optional_message(value: object) -> Message | None:
    if value is None or isinstance(value, Message):
        return value
    if isinstance(value, str):
        return Message.of(value)
    raise RuleSetError(N_("a rule set description must be a Message, not {value!r}"), value=value)


@attrs.frozen(repr=False)
class RuleSet:
    """A named, versioned, immutable sequence of rules.

    Attributes:
        name: the set's name (``"kr-priority-cities"``).
        version: its version (``"2022"``).
        rules: the rules, kept in stage order (a stable sort of what is given).
        currency: the currency amounts are counted in; purchases in another
            currency are refused with a reason.
        description: what the set measures, translatable.

    Raises:
        RuleSetError: two rules with one id, two score rules, something that
            is not a :class:`~greenprocure.rules.Rule`, or a malformed name or
            version.

    ``str(ruleset)`` is ``"name@version"``. Rule sets compare equal when
    their name, version, rules, currency and description are equal, and
    they are hashable and picklable.
    """

    name: str = attrs.field(validator=_check_name)
    version: str = attrs.field(validator=_check_name)
    rules: tuple[Rule, ...] = attrs.field(converter=_order)
    currency: str = attrs.field(default="KRW", converter=_currency)
    description: Message | None = attrs.field(default=None, converter=_optional_message)

    # -- views -------------------------------------------------------------------

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids, in order."""
        return tuple(item.id for item in self.rules)

    def stage(self, stage: Stage | str) -> tuple[Rule, ...]:
        """The rules of one stage, in order."""
        wanted = Stage(stage) if isinstance(stage, str) else stage
        return tuple(item for item in self.rules if item.stage is wanted)

    def get(self, rule_id: str) -> Rule:
        """The rule with this id; an unknown id raises :class:`RuleSetError` listing the ids."""
        for item in self.rules:
            if item.id == rule_id:
                return item
        raise RuleSetError(
            N_("rule set {ruleset} has no rule {rule!r}; its rules are: {known}"),
            ruleset=str(self),
            rule=rule_id,
            known=", ".join(self.ids),
        )

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Rule):
            return item in self.rules
        return any(rule.id == item for rule in self.rules)

    def __str__(self) -> str:
        return f"{self.name}@{self.version}"

    def __repr__(self) -> str:
        return f"RuleSet({str(self)!r}, {len(self.rules)} rules)"

    # -- composition -----------------------------------------------------------

    def with_rules(self, *rules: Rule, before: str | None = None) -> RuleSet:
        """A new set with ``rules`` added at the end of their stages, or ``before`` a rule.

        Raises:
            RuleSetError: an id already in the set, or ``before`` names a rule
                that is missing or of another stage.
        """
        if before is None:
            return attrs.evolve(self, rules=(*self.rules, *rules))
        anchor = self.get(before)
        for item in rules:
            if item.stage is not anchor.stage:
                raise RuleSetError(
                    N_("rule {rule} is a {stage} rule and cannot go before {anchor}"),
                    rule=item.id,
                    stage=item.stage.value,
                    anchor=before,
                )
        index = self.rules.index(anchor)
        return attrs.evolve(self, rules=(*self.rules[:index], *rules, *self.rules[index:]))

    def without(self, *rule_ids: str) -> RuleSet:
        """A new set without the rules of these ids (each must be present)."""
        for rule_id in rule_ids:
            self.get(rule_id)
        drop = set(rule_ids)
        return attrs.evolve(self, rules=tuple(r for r in self.rules if r.id not in drop))

    def replace(self, *rules: Rule) -> RuleSet:
        """A new set where each rule replaces the rule of the same id, in place."""
        replacements = {item.id: item for item in rules}
        for item in rules:
            old = self.get(item.id)
            if old.stage is not item.stage:
                raise RuleSetError(
                    N_("rule {rule} is a {old} rule; its replacement is a {new} rule"),
                    rule=item.id,
                    old=old.stage.value,
                    new=item.stage.value,
                )
        return attrs.evolve(self, rules=tuple(replacements.get(r.id, r) for r in self.rules))

    def with_parameters(self, rule_id: str, **changes: Any) -> RuleSet:
        """A new set where one rule's parameters are changed.

        Examples:
            >>> from decimal import Decimal
            >>> from greenprocure.rules import KR_PRIORITY_CITIES_2022 as kr
            >>> five = kr.with_parameters("kr.target.previous-year-growth",
            ...                           growth=Decimal("1.05"))
            >>> five.get("kr.target.previous-year-growth").parameters["growth"]
            Decimal('1.05')
        """
        return self.replace(self.get(rule_id).with_parameters(**changes))

    def named(self, name: str, version: str) -> RuleSet:
        """The same rules under another name and version (do this when you change a set)."""
        return attrs.evolve(self, name=name, version=version)

    # -- use ---------------------------------------------------------------------

    def compile(self) -> CompiledRuleSet:
        """The set compiled into one function per stage (what the evaluation calls)."""
        return CompiledRuleSet.of(self)

    def explain(self, purchase: Purchase, context: Context) -> PurchaseExplanation:
        """Every eligibility rule's verdict on one purchase, and how much of it counts."""
        return self.compile().explain(purchase, context)


# -- compiled form ----------------------------------------------------------------

_Bound = tuple[str, Callable[..., Any]]


def _rule_failed(
    rule_id: str, subject: str, error: Exception, purchase: str | None = None
) -> RuleError:
    """The :class:`~greenprocure.errors.RuleError` for a rule that raised ``error``."""
    return RuleError(
        N_("rule {rule} failed on {subject}: {error}"),
        rule=rule_id,
        subject=subject,
        error=f"{type(error).__name__}: {error}",
        purchase=purchase,
    )


def _bad_answer(rule_id: str, subject: str, value: object, expected: str) -> RuleError:
    """The :class:`~greenprocure.errors.RuleError` for a rule that answered ``value``."""
    return RuleError(
        N_("rule {rule} returned {value!r} for {subject}, not {expected}"),
        rule=rule_id,
        subject=subject,
        value=value,
        expected=expected,
    )


def _purchase_subject(purchase: Purchase) -> str:
    """How errors name a purchase: ``purchase '2022-000123'``."""
    return f"purchase {getattr(purchase, 'id', '?')!r}"


@attrs.frozen
class RuleVerdict:
    """One eligibility rule's verdict on one purchase.

    Attributes:
        rule_id: the rule.
        description: the rule's description.
        verdict: what it said.
    """

    rule_id: str
    description: Message
    verdict: Verdict


@attrs.frozen
class PurchaseExplanation:
    """Why one purchase counts or not, rule by rule.

    Attributes:
        purchase_id: the purchase's id.
        verdicts: every eligibility rule's verdict, in order (all are asked,
            even after a refusal, so that every reason shows).
        decided_by: the first rule that refused or excluded it (None when it counts).
        counted: True when it counts as green.
        excluded: True when it is outside the measure.
        value: how much of it counts (None when it does not count).
        valued_by: the valuation rule that decided the value (None: the full amount).
    """

    purchase_id: str
    verdicts: tuple[RuleVerdict, ...]
    decided_by: str | None
    counted: bool
    excluded: bool
    value: Money | None
    valued_by: str | None

    @property
    def verdict(self) -> Verdict:
        """The deciding verdict (the acceptance when it counts)."""
        for item in self.verdicts:
            if item.rule_id == self.decided_by:
                return item.verdict
        return ACCEPTED


def _compile_eligibility(
    rules: tuple[_Bound, ...],
) -> Callable[[Purchase, Context], tuple[str, Verdict] | None]:
    """The eligibility stage as one function, with everything it needs bound locally."""
    accepted = ACCEPTED
    accept = VerdictKind.ACCEPT

    def check(purchase: Purchase, context: Context) -> tuple[str, Verdict] | None:
        for rule_id, function in rules:
            try:
                verdict = function(purchase, context)
            except Exception as error:
                raise _rule_failed(
                    rule_id, _purchase_subject(purchase), error, purchase.id
                ) from error
            if verdict is accepted:
                continue
            if not isinstance(verdict, Verdict):
                raise _bad_answer(rule_id, _purchase_subject(purchase), verdict, "a Verdict")
            if verdict.kind is not accept:
                return rule_id, verdict
        if purchase.amount.currency != context.currency:
            return CURRENCY_GUARD, _currency_refusal(purchase, context.currency)
        return None

    return check


@attrs.frozen
class CompiledRuleSet:
    """A rule set turned into one function per stage, with the parameters bound.

    Every call of a rule is guarded: an exception becomes a
    :class:`~greenprocure.errors.RuleError` naming the rule and the
    purchase (or jurisdiction), with the original exception chained, and an
    answer of the wrong type is an error too.

    Attributes:
        ruleset: the rule set compiled.
        eligibility: the eligibility rules, bound to their parameters, in order.
        valuation: the valuation rules, bound, in order.
        targets: the target rules, bound, in order.
        statuses: the status rules, bound, in order.
        scores: the score rule, bound (at most one).
    """

    ruleset: RuleSet
    eligibility: tuple[_Bound, ...]
    valuation: tuple[_Bound, ...]
    targets: tuple[_Bound, ...]
    statuses: tuple[_Bound, ...]
    scores: tuple[_Bound, ...]
    #: True when valuation is the full amount (no rule, or only the built-in
    #: full-amount rule), which the evaluation then skips.
    full_amount: bool
    #: ``check(purchase, context)``: the first refusal or exclusion as
    #: ``(rule id, verdict)``, or None when the purchase counts. A purchase in
    #: another currency that no rule refused is refused under
    #: :data:`CURRENCY_GUARD`. (A closure over the bound rules: the evaluation
    #: calls it once per purchase.)
    check: Callable[[Purchase, Context], tuple[str, Verdict] | None] = attrs.field(
        eq=False, repr=False
    )

    @classmethod
    def of(cls, ruleset: RuleSet) -> CompiledRuleSet:
        """Compile ``ruleset``."""

        def bound(stage: Stage) -> tuple[_Bound, ...]:
            return tuple((item.id, item.bound()) for item in ruleset.stage(stage))

        eligibility = bound(Stage.ELIGIBILITY)
        valuation = bound(Stage.VALUATION)
        full = all(getattr(f, "full_amount", False) for _, f in valuation)
        return cls(
            ruleset,
            eligibility,
            valuation,
            bound(Stage.TARGET),
            bound(Stage.STATUS),
            bound(Stage.SCORE),
            full,
            _compile_eligibility(eligibility),
        )

    def value(self, purchase: Purchase, context: Context) -> tuple[Money, str | None]:
        """How much of a counted purchase counts, and the rule that said so."""
        for rule_id, function in self.valuation:
            try:
                value = function(purchase, context)
            except Exception as error:
                raise _rule_failed(
                    rule_id, _purchase_subject(purchase), error, purchase.id
                ) from error
            if value is None:
                continue
            if not isinstance(value, Money) or value.currency != purchase.amount.currency:
                raise _bad_answer(
                    rule_id,
                    _purchase_subject(purchase),
                    value,
                    f"Money in {purchase.amount.currency} or None",
                )
            return value, rule_id
        return purchase.amount, None

    def target(self, code: str, year: int, context: Context) -> tuple[Target | None, str | None]:
        """The target of ``code`` for ``year``, and the rule that gave it."""
        subject = f"{code} ({year})"
        for rule_id, function in self.targets:
            try:
                answer = function(code, year, context)
            except Exception as error:
                raise _rule_failed(rule_id, subject, error) from error
            if answer is None:
                continue
            if not isinstance(answer, Target) or answer.jurisdiction != code or answer.year != year:
                raise _bad_answer(rule_id, subject, answer, f"a Target of {code} for {year}")
            return answer, rule_id
        return None, None

    def status(self, row: AttainmentRow, context: Context) -> Status | None:
        """The row's status (None when no rule answers)."""
        subject = f"{row.code} ({row.year})"
        for rule_id, function in self.statuses:
            try:
                answer = function(row, context)
            except Exception as error:
                raise _rule_failed(rule_id, subject, error) from error
            if answer is None:
                continue
            if not isinstance(answer, Status):
                raise _bad_answer(rule_id, subject, answer, "a Status")
            return answer
        return None

    def score(self, row: AttainmentRow, context: Context) -> Score | None:
        """The row's ranking key from the set's score rule (None: unranked)."""
        subject = f"{row.code} ({row.year})"
        for rule_id, function in self.scores:  # at most one
            try:
                answer = function(row, context)
            except Exception as error:
                raise _rule_failed(rule_id, subject, error) from error
            if answer is None:
                return None
            if isinstance(answer, bool) or not isinstance(answer, Decimal | Fraction | int):
                raise _bad_answer(rule_id, subject, answer, "a Decimal, Fraction or None")
            if isinstance(answer, Decimal) and not answer.is_finite():
                raise _bad_answer(rule_id, subject, answer, "a finite number")
            return Decimal(answer) if isinstance(answer, int) else answer
        return None

    def explain(self, purchase: Purchase, context: Context) -> PurchaseExplanation:
        """Every eligibility rule's verdict on ``purchase``, and its value if it counts."""
        verdicts: list[RuleVerdict] = []
        decided: tuple[str, Verdict] | None = None
        descriptions = {item.id: item.description for item in self.ruleset.rules}
        for rule_id, function in self.eligibility:
            try:
                verdict = function(purchase, context)
            except Exception as error:
                raise _rule_failed(
                    rule_id, _purchase_subject(purchase), error, purchase.id
                ) from error
            if not isinstance(verdict, Verdict):
                raise _bad_answer(rule_id, _purchase_subject(purchase), verdict, "a Verdict")
            verdicts.append(RuleVerdict(rule_id, descriptions[rule_id], verdict))
            if decided is None and not verdict.accepted:
                decided = (rule_id, verdict)
        if decided is None and purchase.amount.currency != context.currency:
            guard = _currency_refusal(purchase, context.currency)
            verdicts.append(RuleVerdict(CURRENCY_GUARD, _GUARD_DESCRIPTION, guard))
            decided = (CURRENCY_GUARD, guard)
        if decided is not None:
            excluded = decided[1].kind is VerdictKind.EXCLUDE
            return PurchaseExplanation(
                purchase.id, tuple(verdicts), decided[0], False, excluded, None, None
            )
        value, valued_by = self.value(purchase, context)
        return PurchaseExplanation(
            purchase.id, tuple(verdicts), None, True, False, value, valued_by
        )
