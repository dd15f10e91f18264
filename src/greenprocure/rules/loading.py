"""Loading rules and rule sets by name: built-in table, dotted path, entry points.

Three places are searched, in this order (babel's extractor model):

1. the **built-in table** (:data:`~greenprocure.rules.builtin.BUILTIN_RULESETS`
   and :data:`~greenprocure.rules.builtin.BUILTIN_RULES`);
2. a **dotted path** ``package.module:object`` (or ``path/to/file.py:object``);
3. **entry points** of installed packages in the group ``greenprocure.rules``,
   whose name is the rule set's ``name@version`` (or ``name``) or the rule's id.

A rule-set name without a version (``kr-priority-cities``) means its latest
version. An unknown name raises :class:`~greenprocure.errors.RuleLoadError`
listing every name available.

A plugin package declares its rules in ``pyproject.toml``::

    [project.entry-points."greenprocure.rules"]
    "acme-cities@2023" = "acme_rules:ACME_CITIES"
    "acme.exclude-small" = "acme_rules:exclude_small"

Examples:
    >>> str(load_ruleset("kr-priority-cities"))
    'kr-priority-cities@2022'
    >>> load_rule("greenprocure.rules.builtin:PREVIOUS_YEAR_GROWTH").id
    'kr.target.previous-year-growth'
    >>> load_ruleset("no-such-set")
    Traceback (most recent call last):
    ...
    greenprocure.errors.RuleLoadError: no rule set 'no-such-set'; available: ...
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from greenprocure.errors import RuleLoadError
from greenprocure.i18n import N_
from greenprocure.rules.builtin import BUILTIN_RULES, BUILTIN_RULESETS
from greenprocure.rules.core import Rule
from greenprocure.rules.ruleset import RuleSet

if TYPE_CHECKING:
    from importlib import metadata

__all__ = [
    "ENTRY_POINT_GROUP",
    "available_rules",
    "available_rulesets",
    "load_object",
    "load_rule",
    "load_rules",
    "load_ruleset",
]

#: The entry-point group where installed packages declare rules and rule sets.
ENTRY_POINT_GROUP: Final = "greenprocure.rules"


def _entry_points() -> list[metadata.EntryPoint]:
    # Imported here: importlib.metadata (and the email package it brings)
    # is a noticeable part of the import time, and only plugins need it.
    from importlib import metadata

    return sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _import_file(path: Path) -> Any:
    name = "greenprocure_rules_" + "".join(c if c.isalnum() else "_" for c in str(path.resolve()))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuleLoadError(N_("cannot import rules from {path}"), path=str(path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def load_object(path: str) -> Any:
    """The object at ``package.module:attribute.path`` (or ``file.py:attribute``).

    Raises:
        RuleLoadError: the module cannot be imported or has no such attribute.
    """
    module_name, _, attribute = path.partition(":")
    if not module_name or not attribute:
        raise RuleLoadError(
            N_("{path!r} is not a dotted path of the form package.module:object"), path=path
        )
    try:
        if module_name.endswith(".py"):
            file = Path(module_name)
            if not file.is_file():
                raise RuleLoadError(N_("no rules file {path}"), path=module_name)
            found: Any = _import_file(file)
        else:
            found = importlib.import_module(module_name)
    except ImportError as error:
        raise RuleLoadError(
            N_("cannot import {module} for {path!r}: {error}"),
            module=module_name,
            path=path,
            error=str(error),
        ) from error
    for part in attribute.split("."):
        try:
            found = getattr(found, part)
        except AttributeError:
            raise RuleLoadError(
                N_("{module} has no attribute {name!r} (from {path!r})"),
                module=module_name,
                name=attribute,
                path=path,
            ) from None
    return found


def _realise(value: Any, path: str) -> Any:
    # A factory (a zero-argument function returning a rule or rule set) is called.
    if isinstance(value, Rule | RuleSet) or not callable(value):
        return value
    try:
        return value()
    except TypeError as error:
        raise RuleLoadError(
            N_("{path!r} is neither a rule, a rule set nor a function of no arguments: {error}"),
            path=path,
            error=str(error),
        ) from error


def available_rulesets() -> tuple[str, ...]:
    """Every rule-set name that :func:`load_ruleset` knows: built-ins and entry points."""
    names = set(BUILTIN_RULESETS)
    names.update(ep.name for ep in _entry_points() if "@" in ep.name or "." not in ep.name)
    return tuple(sorted(names))


def available_rules() -> tuple[str, ...]:
    """Every rule id that :func:`load_rule` knows: built-ins and entry points."""
    names = set(BUILTIN_RULES)
    names.update(ep.name for ep in _entry_points() if "." in ep.name and "@" not in ep.name)
    return tuple(sorted(names))


def _latest(candidates: Iterable[RuleSet]) -> RuleSet | None:
    def key(item: RuleSet) -> tuple[int, tuple[int, ...], str]:
        digits = item.version.split(".")
        numeric = all(part.isdigit() for part in digits)
        return (int(numeric), tuple(int(p) for p in digits) if numeric else (), item.version)

    ordered = sorted(candidates, key=key)
    return ordered[-1] if ordered else None


def _from_entry_points(name: str, kind: type[Any]) -> Any:
    for ep in _entry_points():
        if ep.name != name:
            continue
        try:
            loaded = ep.load()
        except Exception as error:
            raise RuleLoadError(
                N_("entry point {name!r} ({value}) cannot be loaded: {error}"),
                name=ep.name,
                value=ep.value,
                error=f"{type(error).__name__}: {error}",
            ) from error
        value = _realise(loaded, ep.value)
        if isinstance(value, kind):
            return value
    return None


def load_ruleset(name: str | RuleSet) -> RuleSet:
    """The rule set called ``name`` (``name@version``, ``name`` or ``module:object``).

    Raises:
        RuleLoadError: nothing of that name; the message lists the available rule sets.
    """
    if isinstance(name, RuleSet):
        return name
    if ":" in name:
        value = _realise(load_object(name), name)
        if isinstance(value, RuleSet):
            return value
        raise RuleLoadError(N_("{path!r} is not a rule set but {value!r}"), path=name, value=value)
    found = BUILTIN_RULESETS.get(name)
    if found is None and "@" not in name:
        found = _latest(s for s in BUILTIN_RULESETS.values() if s.name == name)
    if found is None:
        found = _from_entry_points(name, RuleSet)
    if found is None and "@" not in name:
        for ep_name in available_rulesets():
            if ep_name.partition("@")[0] == name and ep_name not in BUILTIN_RULESETS:
                candidate = _from_entry_points(ep_name, RuleSet)
                if candidate is not None:
                    found = _latest(x for x in (found, candidate) if x is not None)
    if found is None:
        raise RuleLoadError(
            N_("no rule set {name!r}; available: {available}"),
            name=name,
            available=", ".join(available_rulesets()),
        )
    return found


def load_rule(name: str | Rule) -> Rule:
    """The rule with id ``name`` or at the dotted path ``module:object``.

    Raises:
        RuleLoadError: nothing of that name; the message lists the available rules.
    """
    if isinstance(name, Rule):
        return name
    if ":" in name:
        value = _realise(load_object(name), name)
        if isinstance(value, Rule):
            return value
        raise RuleLoadError(N_("{path!r} is not a rule but {value!r}"), path=name, value=value)
    found = BUILTIN_RULES.get(name)
    if found is None:
        found = _from_entry_points(name, Rule)
    if found is None:
        raise RuleLoadError(
            N_("no rule {name!r}; available: {available}"),
            name=name,
            available=", ".join(available_rules()),
        )
    return found


def load_rules(names: Iterable[str | Rule]) -> tuple[Rule, ...]:
    """Several rules by name or dotted path (a path may name a list or tuple of rules)."""
    loaded: list[Rule] = []
    for name in names:
        if isinstance(name, str) and ":" in name:
            value = _realise(load_object(name), name)
            if isinstance(value, list | tuple) and all(isinstance(v, Rule) for v in value):
                loaded.extend(value)
                continue
        loaded.append(load_rule(name))
    return tuple(loaded)
