"""Check one loaded YAML value against a model's field table: the typed model, or errors in pydantic's shape.

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
from typing import Any

FAIL: Any = type("Fail", (), {"__repr__": lambda self: "FAIL", "__slots__": ()})()
Loc = tuple[str | int, ...]
Errors = list[dict[str, Any]]
Check = Callable[[Any, Loc, Errors], Any]

# A whole number written as text, as pydantic's lax mode takes it: "90", "+5", "1_000", "90.0" (ASCII digits only).
_INT_TEXT = re.compile(r"[+-]?[0-9](?:_?[0-9])*(?:\.0*)?")
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
        return int(value)
    if isinstance(value, str):
        stripped = value.strip()
        if _INT_TEXT.fullmatch(stripped):
            return int(stripped.split(".")[0])
        msg = "Input should be a valid integer, unable to parse string as an integer"
        return _err(errors, "int_parsing", loc, value, msg)
    return _err(errors, "int_type", loc, value, "Input should be a valid integer")


def yes_no(value: Any, loc: Loc, errors: Errors) -> Any:
    """A yes/no as pydantic's lax mode takes one: also 0 and 1, and words such as 'yes', 'off' in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    if isinstance(value, int | str) or (isinstance(value, float) and value.is_integer()):
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
