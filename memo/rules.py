"""Check one loaded YAML value against a model's field table: the typed model, or errors in pydantic's shape.

The machinery of memo.models lives here too: a ``Model`` with its table of ``Field``s.
Each rule takes a value and its key path and returns the value as the model holds it (text stripped, a
date parsed) or ``FAIL`` after adding errors. An error is the dict pydantic's ``ValidationError.errors()``
gives (type, loc, msg, input, ctx), union member names in ``loc`` included: pydantic checked briefings
until it cost every command 0.15 s of start-up, memo.validate turns these dicts into the lines editors
know, and tests/test_models_parity.py holds this module to the pydantic models of memo.schema_models.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

FAIL: Any = type("Fail", (), {"__repr__": lambda self: "FAIL", "__slots__": ()})()
Loc = tuple[str | int, ...]
Errors = list[dict[str, Any]]
Check = Callable[[Any, Loc, Errors], Any]

# A whole number written as text, as pydantic's lax mode takes it: "90", "+5", "1_000", "90.0" (ASCII digits only).
_INT_TEXT = re.compile(r"[+-]?[0-9](?:_?[0-9])*(?:\.0+)?")
_I64 = 2**63  # pydantic-core reads a float as a whole number, and a number as a yes/no, within a 64-bit integer
_TOO_BIG = "Unable to parse input string as an integer, exceeded maximum size"
_TRUE = {"t", "y", "on", "yes", "true", "1"}
_FALSE = {"f", "n", "no", "off", "false", "0"}


def _err(errors: Errors, kind: str, loc: Loc, value: Any, msg: str, **ctx: Any) -> Any:
    errors.append({"type": kind, "loc": loc, "msg": msg, "input": value, **({"ctx": ctx} if ctx else {})})
    return FAIL


def _value_error(errors: Errors, loc: Loc, value: Any, exc: ValueError) -> Any:
    return _err(errors, "value_error", loc, value, f"Value error, {exc}", error=exc)


class Rule:
    """A field's check, and the model it holds if any (for did-you-mean and the key order of `memo fmt`)."""

    __slots__ = ("check", "model")

    def __init__(self, check: Check, model: Any = None) -> None:
        self.check = check
        self.model = model


def text(min_length: int = 0, max_length: int | None = None, pattern: str | None = None) -> Check:
    """A string, stripped at both ends (the models' ``str_strip_whitespace``), then its length or pattern."""
    regex = re.compile(pattern) if pattern else None

    def check(value: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(value, str):
            return _err(errors, "string_type", loc, value, "Input should be a valid string")
        out = value.strip()
        if len(out) < min_length:
            s = "s" if min_length > 1 else ""
            return _err(errors, "string_too_short", loc, value, f"String should have at least {min_length} character{s}", min_length=min_length)  # fmt: skip
        if max_length is not None and len(out) > max_length:
            s = "s" if max_length > 1 else ""
            return _err(errors, "string_too_long", loc, value, f"String should have at most {max_length} character{s}", max_length=max_length)  # fmt: skip
        if regex is not None and not regex.search(out):
            return _err(errors, "string_pattern_mismatch", loc, value, f"String should match pattern '{pattern}'", pattern=pattern)  # fmt: skip
        return out

    return check


def after(inner: Check, fn: Callable[[Any], Any]) -> Check:
    """``inner``, then ``fn`` on its result; a ValueError from ``fn`` is an error about the value as written."""

    def check(value: Any, loc: Loc, errors: Errors) -> Any:
        out = inner(value, loc, errors)
        if out is FAIL:
            return FAIL
        try:
            return fn(out)
        except ValueError as exc:
            return _value_error(errors, loc, value, exc)

    return check


def before(fn: Callable[[Any], Any], inner: Check) -> Check:
    """``fn`` on the value as written, then ``inner`` on its result."""

    def check(value: Any, loc: Loc, errors: Errors) -> Any:
        try:
            out = fn(value)
        except ValueError as exc:
            return _value_error(errors, loc, value, exc)
        return inner(out, loc, errors)

    return check


def optional(inner: Check) -> Check:
    """``inner``, or None as written."""

    def check(value: Any, loc: Loc, errors: Errors) -> Any:
        return None if value is None else inner(value, loc, errors)

    return check


def one_of(choices: tuple[str, ...]) -> Check:
    quoted = [f"'{c}'" for c in choices]
    expected = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
    allowed = frozenset(choices)

    def check(value: Any, loc: Loc, errors: Errors) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        return _err(errors, "literal_error", loc, value, f"Input should be {expected}", expected=expected)

    return check


def whole(value: Any, loc: Loc, errors: Errors) -> Any:
    """A whole number as pydantic's lax mode takes one: a yes/no, an integral float, digits as text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return _err(errors, "finite_number", loc, value, "Input should be a finite number")
        if not value.is_integer():
            msg = "Input should be a valid integer, got a number with a fractional part"
            return _err(errors, "int_from_float", loc, value, msg)
        if abs(value) >= _I64:
            return _err(errors, "int_parsing_size", loc, value, _TOO_BIG)
        return int(value)
    if isinstance(value, str):
        stripped = value.strip()
        if _INT_TEXT.fullmatch(stripped):
            return whole_text(stripped, loc, errors, value)
        msg = "Input should be a valid integer, unable to parse string as an integer"
        return _err(errors, "int_parsing", loc, value, msg)
    return _err(errors, "int_type", loc, value, "Input should be a valid integer")


def whole_text(text: str, loc: Loc, errors: Errors, value: Any) -> Any:
    """Digits as text (``_INT_TEXT``), as pydantic reads them: past 4,300 significant digits (Python's limit
    for turning text into a number; leading zeros and underscores do not count) it gives up, as pydantic does."""
    number = text.split(".")[0]
    sign = "-" if number.startswith("-") else ""
    digits = number.lstrip("+-").replace("_", "").lstrip("0") or "0"
    if len(digits) > 4300:
        return _err(errors, "int_parsing_size", loc, value, _TOO_BIG)
    return int(sign + digits)


def yes_no(value: Any, loc: Loc, errors: Errors) -> Any:
    """A yes/no as pydantic's lax mode takes one: also 0 and 1, and words such as 'yes', 'off' in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    if (
        isinstance(value, str)
        or (isinstance(value, int) and -_I64 <= value < _I64)
        or (isinstance(value, float) and value.is_integer() and -_I64 < value < _I64)
    ):
        return _err(errors, "bool_parsing", loc, value, "Input should be a valid boolean, unable to interpret input")
    return _err(errors, "bool_type", loc, value, "Input should be a valid boolean")


def union(*members: tuple[str, Check, Callable[[Any], bool]]) -> Check:
    """pydantic's smart union: the member whose type the value has exactly, else the first member that takes
    it (in order); else every member's errors, each under the member's name in its location."""

    def check(value: Any, loc: Loc, errors: Errors) -> Any:
        for tag, member, exact in members:
            if exact(value):
                out = member(value, (*loc, tag), [])
                if out is not FAIL:
                    return out
        found: Errors = []
        for tag, member, _ in members:
            out = member(value, (*loc, tag), found)
            if out is not FAIL:
                return out
        errors.extend(found)
        return FAIL

    return check


def exactly(kind: type) -> Callable[[Any], bool]:
    """Whether a value is of ``kind`` exactly as pydantic's strict mode sees it (a yes/no is no number)."""
    return lambda value: isinstance(value, kind) and (kind is bool or not isinstance(value, bool))


def items(item: Check, min_length: int = 0, max_length: int | None = None) -> Check:
    """A list: its length first (a list too long is reported alone), then every item."""

    def check(value: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(value, list):
            return _err(errors, "list_type", loc, value, "Input should be a valid list")
        n = len(value)
        if max_length is not None and n > max_length:
            msg = f"List should have at most {max_length} item{'s' if max_length > 1 else ''} after validation, not {n}"
            return _err(errors, "too_long", loc, value, msg, field_type="List", max_length=max_length, actual_length=n)
        out = [item(v, (*loc, i), errors) for i, v in enumerate(value)]
        if any(v is FAIL for v in out):
            return FAIL
        if n < min_length:
            msg = (
                f"List should have at least {min_length} item{'s' if min_length > 1 else ''} after validation, not {n}"
            )
            return _err(errors, "too_short", loc, value, msg, field_type="List", min_length=min_length, actual_length=n)
        return out

    return check


def is_date(value: Any, loc: Loc, errors: Errors) -> Any:
    """A date a before-rule has made (it lets nothing else through)."""
    if isinstance(value, date):
        return value
    return _err(errors, "date_type", loc, value, "Input should be a valid date")


def nested(model: Any) -> Check:
    """A mapping checked against ``model``'s field table."""

    def check(value: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(value, dict):
            msg = f"Input should be a valid dictionary or instance of {model.__name__}"
            return _err(errors, "model_type", loc, value, msg, class_name=model.__name__)
        return validate_model(model, value, loc, errors)

    return check


def validate_model(model: Any, data: dict[str, Any], loc: Loc, errors: Errors) -> Any:
    """Every field in the table's order, then unknown keys in the file's order, then the model's own rule
    (pydantic's ``model_post_init``), which runs only when every field was right."""
    values: dict[str, Any] = {}
    ok = True
    for f in model.FIELDS:
        if f.key in data:
            out = f.rule.check(data[f.key], (*loc, f.key), errors)
            if out is FAIL:
                ok = False
            else:
                values[f.name] = out
        elif f.required:
            _err(errors, "missing", (*loc, f.key), data, "Field required")
            ok = False
    for key, value in data.items():
        if key not in model.KEYS:
            _err(errors, "extra_forbidden", (*loc, key), value, "Extra inputs are not permitted")
            ok = False
    if not ok:
        return FAIL
    instance = model(**values)
    wrong = instance.invalid()
    if wrong is not None:
        return _value_error(errors, loc, data, ValueError(wrong))
    return instance


class Field:
    """One key of a model: its attribute name, its key in the file, its rule and, if it may be left out, its
    default (a list default is a new empty list for each model)."""

    __slots__ = ("default", "key", "name", "required", "rule")
    REQUIRED: ClassVar[Any] = object()

    def __init__(self, name: str, rule: Rule, default: Any = REQUIRED, key: str | None = None) -> None:
        self.name, self.key, self.rule = name, key or name, rule
        self.required, self.default = default is Field.REQUIRED, default


class Model:
    """A checked, frozen value with a field table; built by memo.rules.validate_model, or by `from_data`."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    KEYS: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls) -> None:
        cls.KEYS = frozenset(f.key for f in cls.FIELDS)

    def __init__(self, **values: Any) -> None:
        """The fields' values, already checked; a field left out takes its default."""
        for f in self.FIELDS:
            if f.name in values:
                value = values[f.name]
            elif f.required:
                raise TypeError(f"{type(self).__name__} needs '{f.name}'")
            else:
                value = [] if f.default == [] else f.default
            object.__setattr__(self, f.name, value)

    @classmethod
    def from_data(cls, data: Any) -> Any:
        """A model from plain data (a mapping as YAML or JSON gives it), or ValueError with the errors pydantic
        would have listed; memo.validate.check does the same with positions in a file."""
        errors: Errors = []
        if not isinstance(data, dict):
            raise ValueError(f"expected a mapping, found {type(data).__name__}")
        value = validate_model(cls, data, (), errors)
        if value is FAIL:
            raise ValueError("; ".join(f"{e['loc']}: {e['msg']}" for e in errors))
        return value

    def invalid(self) -> str | None:
        """What is wrong with the fields together, if anything (each field is right on its own)."""
        return None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (a build's worker processes) and copied by its fields, as ``__setattr__`` refuses."""
        return (_rebuild, (type(self), tuple(getattr(self, f.name) for f in self.FIELDS)))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in self.FIELDS)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, f.name) for f in self.FIELDS))

    def __repr__(self) -> str:
        inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.FIELDS)
        return f"{type(self).__name__}({inner})"


def _rebuild(model: type[Model], values: tuple[Any, ...]) -> Model:
    return model(**{f.name: v for f, v in zip(model.FIELDS, values, strict=True)})


def slots_of(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields)


def as_json(value: Any) -> Any:
    """A value as JSON holds it, by the keys of the file, leaving out what is not there (None)."""
    if isinstance(value, Model):
        return {f.key: as_json(v) for f in value.FIELDS if (v := getattr(value, f.name)) is not None}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def known_keys(model: type[Model], loc: tuple[str | int, ...]) -> list[str]:
    """The key names allowed at a location, for did-you-mean suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for f in getattr(current, "FIELDS", ()) if f.key == part), None)
        if field is None:
            return []
        current = field.rule.model
    return [f.key for f in getattr(current, "FIELDS", ())]


def key_order(model: type[Model]) -> dict[str, Any]:
    """Every key of a model in its table's order, each with the key order of the model it holds (or None)."""
    return {f.key: key_order(f.rule.model) if f.rule.model is not None else None for f in model.FIELDS}
