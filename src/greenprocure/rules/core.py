"""Rules, their stages, verdicts and parameters, and the decorators that declare them.

A :class:`Rule` is a small immutable object: a dotted id
(``kr.eligibility.valid-certificate``), a :class:`Stage`, a translatable
description, a pure function and frozen parameters. The function is called
with the stage's arguments and the parameters as keyword arguments::

    eligibility  (purchase, context)        -> Verdict
    valuation    (purchase, context)        -> Money | None
    target       (jurisdiction, year, context) -> Target | None
    status       (row, context)             -> Status | None
    score        (row, context)             -> Decimal | Fraction | None

Rules are declared with the decorators :func:`eligibility`,
:func:`valuation`, :func:`target`, :func:`status` and :func:`score`, which
return the :class:`Rule` (they register nothing anywhere: a rule is a value,
and a module may define as many as it likes, or redefine one).

Examples:
    >>> from greenprocure import Money
    >>> @eligibility("acme.exclude-small", minimum=Money.krw(10_000))
    ... def exclude_small(purchase, context, *, minimum):
    ...     '''Purchases below a minimum amount do not count.'''
    ...     if purchase.amount < minimum:
    ...         return Verdict.refuse("too-small", "below {minimum}", minimum=minimum)
    ...     return Verdict.accept()
    >>> exclude_small
    Rule('acme.exclude-small', eligibility, minimum=Money('10000', 'KRW'))
    >>> exclude_small.description.render("en")
    'Purchases below a minimum amount do not count.'
    >>> exclude_small.with_parameters(minimum=Money.krw(5_000)).parameters["minimum"]
    Money('5000', 'KRW')
"""

from __future__ import annotations

import enum
import functools
import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from greenprocure.errors import RuleSetError
from greenprocure.i18n import N_, Message

__all__ = [
    "Parameters",
    "Rule",
    "Stage",
    "Verdict",
    "VerdictKind",
    "eligibility",
    "rule",
    "score",
    "status",
    "target",
    "valuation",
]

_RULE_ID: Final = re.compile(r"^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$")
_CODE: Final = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Stage(enum.Enum):
    """The stages of a rule set, in the order they run."""

    #: Does the purchase count as green? ``(purchase, context) -> Verdict``.
    ELIGIBILITY = "eligibility"
    #: How much of a counted purchase counts? ``(purchase, context) -> Money | None``.
    VALUATION = "valuation"
    #: What is the target? ``(jurisdiction code, year, context) -> Target | None``.
    TARGET = "target"
    #: Which status does a result row get? ``(row, context) -> Status | None``.
    STATUS = "status"
    #: The key that ranks rows. ``(row, context) -> Decimal | Fraction | None``.
    SCORE = "score"

    @property
    def order(self) -> int:
        """The stage's position: eligibility 0 … score 4."""
        return _STAGE_ORDER[self]

    @property
    def arity(self) -> int:
        """How many positional arguments the stage's functions take."""
        return 3 if self is Stage.TARGET else 2

    @property
    def label(self) -> Message:
        """The stage's translatable name."""
        return _STAGE_LABELS[self]


_STAGE_ORDER: Final = {stage: index for index, stage in enumerate(Stage)}
_STAGE_LABELS: Final = {
    Stage.ELIGIBILITY: Message.of(N_("eligibility")),
    Stage.VALUATION: Message.of(N_("valuation")),
    Stage.TARGET: Message.of(N_("target")),
    Stage.STATUS: Message.of(N_("status")),
    Stage.SCORE: Message.of(N_("score")),
}


def _to_stage(value: object) -> Stage:
    if isinstance(value, Stage):
        return value
    if isinstance(value, str):
        try:
            return Stage(value.strip().lower())
        except ValueError:
            pass
    raise RuleSetError(
        N_("unknown rule stage {stage!r}; the stages are {stages}"),
        stage=value,
        stages=", ".join(stage.value for stage in Stage),
    )


# -- verdicts -------------------------------------------------------------------


class VerdictKind(enum.Enum):
    """What an eligibility rule decided about a purchase."""

    #: The purchase may count.
    ACCEPT = "accept"
    #: The purchase is inside the measure but does not count as green.
    REFUSE = "refuse"
    #: The purchase is outside the measure: it counts neither as green nor in
    #: the total (e.g. an item for which no green product exists).
    EXCLUDE = "exclude"


ReasonLike = Message | str | Callable[[], Message]


class Verdict:
    """An eligibility rule's answer about one purchase, with the reason when it is not a yes.

    Build one with :meth:`accept`, :meth:`refuse` or :meth:`exclude`. A
    refusal carries a stable reason **code** (``"expired"``), which the
    evaluation counts, and a readable reason :class:`~greenprocure.i18n.Message`.
    The reason may be given lazily, as a function that builds the message:
    the evaluation asks for it only when it keeps an example.

    Examples:
        >>> Verdict.accept().accepted
        True
        >>> no = Verdict.refuse("no-certificate", "no certificate claimed")
        >>> no.accepted, no.code, no.reason.render("en")
        (False, 'no-certificate', 'no certificate claimed')
        >>> Verdict.exclude("no-green-product", "no green product exists for {item}",
        ...                 item="잡화").kind
        <VerdictKind.EXCLUDE: 'exclude'>
    """

    __slots__ = ("_reason", "code", "kind")

    kind: VerdictKind
    code: str
    _reason: ReasonLike | None

    def __init__(self, kind: VerdictKind, code: str, reason: ReasonLike | None = None) -> None:
        if not isinstance(kind, VerdictKind):
            raise RuleSetError(N_("unknown verdict kind {kind!r}"), kind=kind)
        if kind is not VerdictKind.ACCEPT and (not isinstance(code, str) or not code):
            raise RuleSetError(
                N_("a refusal needs a reason code such as 'expired', not {code!r}"), code=code
            )
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "_reason", reason)

    @classmethod
    def accept(cls) -> Verdict:
        """The purchase may count (one shared object)."""
        return ACCEPTED

    @classmethod
    def refuse(cls, code: str, reason: ReasonLike, /, **params: Any) -> Verdict:
        """The purchase does not count, for the reason ``code``.

        Args:
            code: a stable, lower-case reason code (``"expired"``).
            reason: a :class:`~greenprocure.i18n.Message`, a message id
                (with ``params`` for its placeholders), or a function of no
                arguments that builds the message when it is needed.
            **params: placeholders of a message id given as ``reason``.
        """
        return cls(VerdictKind.REFUSE, code, _reason(reason, params))

    @classmethod
    def exclude(cls, code: str, reason: ReasonLike, /, **params: Any) -> Verdict:
        """The purchase is outside the measure (neither green nor in the total)."""
        return cls(VerdictKind.EXCLUDE, code, _reason(reason, params))

    @property
    def accepted(self) -> bool:
        """True when the purchase may count."""
        return self.kind is VerdictKind.ACCEPT

    @property
    def reason(self) -> Message | None:
        """The readable reason (None for an acceptance)."""
        reason = self._reason
        if reason is None or isinstance(reason, Message):
            return reason
        if isinstance(reason, str):
            return Message.of(reason)
        built = reason()
        object.__setattr__(self, "_reason", built)
        return built

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Verdict is immutable: cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Verdict):
            return NotImplemented
        return (self.kind, self.code, self.reason) == (other.kind, other.code, other.reason)

    def __hash__(self) -> int:
        return hash((self.kind, self.code))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Verdict, (self.kind, self.code, self.reason))

    def __repr__(self) -> str:
        if self.accepted:
            return "Verdict.accept()"
        reason = self.reason
        text = "" if reason is None else f", {reason.render('en')!r}"
        return f"Verdict.{self.kind.value}({self.code!r}{text})"


def _reason(reason: ReasonLike, params: Mapping[str, Any]) -> ReasonLike:
    if isinstance(reason, str):
        return Message.of(reason, **params)
    if params:
        raise RuleSetError(
            N_("placeholders {names} were given with a reason that is not a message id"),
            names=", ".join(sorted(params)),
        )
    return reason


#: The shared acceptance.
ACCEPTED: Final = Verdict(VerdictKind.ACCEPT, "")


# -- parameters -----------------------------------------------------------------


def _freeze_value(value: Any) -> Any:
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return tuple(_freeze_value(item) for item in value)
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return Parameters(value)
    return value


class Parameters(Mapping[str, Any]):
    """A rule's parameters: an immutable, hashable, picklable mapping.

    Lists become tuples, sets frozensets and dicts :class:`Parameters`, so
    that a rule's parameters cannot change behind its back.

    Examples:
        >>> p = Parameters({"schemes": ["kr-eco-label", "kr-gr"]})
        >>> p["schemes"]
        ('kr-eco-label', 'kr-gr')
        >>> p.updated(schemes=("kr-gr",)) == Parameters(schemes=("kr-gr",))
        True
    """

    __slots__ = ("_items",)

    _items: dict[str, Any]

    def __init__(
        self, items: Mapping[str, Any] | Iterable[tuple[str, Any]] = (), /, **more: Any
    ) -> None:
        data = dict(items)
        data.update(more)
        for name in data:
            if not isinstance(name, str) or not name.isidentifier():
                raise RuleSetError(
                    N_("rule parameter name {name!r} is not a Python identifier"), name=name
                )
        frozen = {name: _freeze_value(data[name]) for name in sorted(data)}
        object.__setattr__(self, "_items", frozen)

    def __getitem__(self, name: str) -> Any:
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Parameters):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        try:
            return hash(tuple(self._items.items()))
        except TypeError:
            return hash(tuple(self._items))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Parameters are immutable: cannot set {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Parameters, (self._items,))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in self._items.items())
        return f"Parameters({inner})"

    def updated(self, **changes: Any) -> Parameters:
        """A copy with some values changed."""
        return Parameters({**self._items, **changes})


# -- rules ----------------------------------------------------------------------


def _check_rule_id(instance: object, attribute: object, value: Any) -> None:
    if not isinstance(value, str) or not _RULE_ID.match(value):
        raise RuleSetError(
            N_(
                "rule id {rule!r} is not a dotted name such as 'acme.eligibility.exclude-small'"
                " (letters, digits, '_' and '-', separated by dots)"
            ),
            rule=value,
        )


def _to_message(value: object) -> Message:
    if isinstance(value, Message):
        return value
    if isinstance(value, str) and value.strip():
        return Message.of(value.strip())
    raise RuleSetError(
        N_("a rule description must be a Message or a message id, not {value!r}"), value=value
    )


@attrs.frozen
class _FunctionRef:
    """A picklable reference to a module-level function hidden behind a :class:`Rule`."""

    module: str
    qualname: str

    def resolve(self) -> Callable[..., Any]:
        target: Any = importlib.import_module(self.module)
        for part in self.qualname.split("."):
            target = getattr(target, part)
        if isinstance(target, Rule):
            return target.function
        if not callable(target):
            raise RuleSetError(
                N_("{module}:{name} is not a function"), module=self.module, name=self.qualname
            )
        return target  # type: ignore[no-any-return]


def _function_ref(function: Callable[..., Any]) -> Callable[..., Any] | _FunctionRef:
    # A decorated function's module attribute is the Rule, not the function, so
    # pickle cannot find the function by name: refer to it through the Rule.
    module = getattr(function, "__module__", None)
    qualname = getattr(function, "__qualname__", None)
    if not module or not qualname or "<" in qualname:
        return function
    try:
        target: Any = importlib.import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError):
        return function
    if target is not function and isinstance(target, Rule) and target.function is function:
        return _FunctionRef(module, qualname)
    return function


def _rebuild_rule(
    rule_id: str,
    stage: str,
    description: Message,
    function: Callable[..., Any] | _FunctionRef,
    parameters: Mapping[str, Any],
) -> Rule:
    if isinstance(function, _FunctionRef):
        function = function.resolve()
    return Rule(rule_id, stage, description, function, parameters)


@attrs.frozen(repr=False)
class Rule:
    """One rule: an id, a stage, a description, a pure function and its parameters.

    Attributes:
        id: a dotted id, unique within a rule set (``"kr.target.previous-year-growth"``).
        stage: the :class:`Stage` it belongs to (a stage name is accepted).
        description: what the rule does, translatable. A plain string is
            taken as a message id.
        function: the pure function; it receives the stage's arguments and
            the parameters as keyword arguments. Define it at module level
            so that the rule can be pickled.
        parameters: the rule's frozen parameters (see :class:`Parameters`).

    Raises:
        RuleSetError: a malformed id, an unknown stage, or a function that
            cannot be called with the stage's arguments and these parameters.

    Calling a rule calls its function with the parameters:
    ``rule(purchase, context)``.
    """

    id: str = attrs.field(validator=_check_rule_id)
    stage: Stage = attrs.field(converter=_to_stage)
    description: Message = attrs.field(converter=_to_message)
    function: Callable[..., Any] = attrs.field()
    parameters: Parameters = attrs.field(factory=Parameters, converter=Parameters)

    def __attrs_post_init__(self) -> None:
        if not callable(self.function):
            raise RuleSetError(
                N_("rule {rule}: {value!r} is not a function"), rule=self.id, value=self.function
            )
        try:
            signature = inspect.signature(self.function)
        except (TypeError, ValueError):  # some builtins have no signature
            return
        try:
            signature.bind(*([None] * self.stage.arity), **self.parameters)
        except TypeError as error:
            raise RuleSetError(
                N_(
                    "rule {rule}: its function cannot be called as a {stage} rule"
                    " with parameters ({names}): {error}"
                ),
                rule=self.id,
                stage=self.stage.value,
                names=", ".join(self.parameters) or "-",
                error=str(error),
            ) from None

    def __call__(self, *args: Any) -> Any:
        return self.function(*args, **self.parameters)

    def bound(self) -> Callable[..., Any]:
        """The function with the parameters filled in (what a compiled rule set calls)."""
        if not self.parameters:
            return self.function
        return functools.partial(self.function, **self.parameters)

    def with_parameters(self, **changes: Any) -> Rule:
        """A copy with some parameters changed; an unknown name raises :class:`RuleSetError`.

        Examples:
            >>> from greenprocure.rules.builtin import PREVIOUS_YEAR_GROWTH
            >>> from decimal import Decimal
            >>> PREVIOUS_YEAR_GROWTH.with_parameters(growth=Decimal("1.05")).parameters
            Parameters(growth=Decimal('1.05'))
        """
        unknown = sorted(set(changes) - set(self.parameters))
        if unknown:
            raise RuleSetError(
                N_("rule {rule} has no parameter {names}; its parameters are: {known}"),
                rule=self.id,
                names=", ".join(unknown),
                known=", ".join(self.parameters) or "-",
            )
        return attrs.evolve(self, parameters=self.parameters.updated(**changes))

    def renamed(self, rule_id: str) -> Rule:
        """A copy under another id (to use one function twice with different parameters)."""
        return attrs.evolve(self, id=rule_id)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_rule,
            (
                self.id,
                self.stage.value,
                self.description,
                _function_ref(self.function),
                dict(self.parameters),
            ),
        )

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.parameters.items())
        return f"Rule({self.id!r}, {self.stage.value}{params})"


def rule(
    rule_id: str,
    stage: Stage | str,
    *,
    description: Message | str | None = None,
    **parameters: Any,
) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a rule of any stage: the decorated function becomes a :class:`Rule`.

    Args:
        rule_id: the rule's dotted id.
        stage: its stage.
        description: a :class:`~greenprocure.i18n.Message` or message id;
            by default the first line of the function's docstring.
        **parameters: the rule's parameters and their default values; the
            function receives them as keyword arguments.
    """

    def decorate(function: Callable[..., Any]) -> Rule:
        text: Message | str | None = description
        if text is None:
            doc = inspect.getdoc(function) or ""
            text = doc.strip().splitlines()[0] if doc.strip() else rule_id
        return Rule(rule_id, _to_stage(stage), _to_message(text), function, Parameters(parameters))

    return decorate


def eligibility(
    rule_id: str, *, description: Message | str | None = None, **parameters: Any
) -> Callable[[Callable[..., Any]], Rule]:
    """Declare an eligibility rule: ``(purchase, context, **parameters) -> Verdict``."""
    return rule(rule_id, Stage.ELIGIBILITY, description=description, **parameters)


def valuation(
    rule_id: str, *, description: Message | str | None = None, **parameters: Any
) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a valuation rule: ``(purchase, context, **parameters) -> Money | None``.

    The first valuation rule that returns an amount decides how much of a
    counted purchase counts; with none, the full amount counts.
    """
    return rule(rule_id, Stage.VALUATION, description=description, **parameters)


def target(
    rule_id: str, *, description: Message | str | None = None, **parameters: Any
) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a target rule: ``(jurisdiction code, year, context, **parameters) -> Target | None``.

    The first target rule that returns a target decides; put an override
    (explicit targets) before a derivation.
    """
    return rule(rule_id, Stage.TARGET, description=description, **parameters)


def status(
    rule_id: str, *, description: Message | str | None = None, **parameters: Any
) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a status rule: ``(row, context, **parameters) -> Status | None``."""
    return rule(rule_id, Stage.STATUS, description=description, **parameters)


def score(
    rule_id: str, *, description: Message | str | None = None, **parameters: Any
) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a score rule: ``(row, context, **parameters) -> Decimal | Fraction | None``.

    The score ranks rows (highest first); a row whose score is None is
    unranked. A rule set has at most one score rule.
    """
    return rule(rule_id, Stage.SCORE, description=description, **parameters)


def is_code(value: object) -> bool:
    """True for a well-formed reason or status code (``"expired"``, ``"on-track"``)."""
    return isinstance(value, str) and bool(_CODE.match(value))
