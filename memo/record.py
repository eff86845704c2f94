"""Frozen records: small immutable value classes, cheap to define.

``@dataclass(frozen=True)`` generates and ``exec``s the source of ``__init__``, ``__eq__``, ``__hash__``,
``__repr__`` and ``__setattr__`` for every class, about 1 ms each: the document model's two dozen classes
cost every command ~20 ms before it reads a file. A ``Record`` subclass instead records its field names
and defaults from its annotations once, and shares one generic set of methods. What its users see is a
frozen dataclass's behaviour: keyword or positional construction with defaults, equality and hashing on
the fields, the same ``repr``, no assignment, pickling, and ``replace`` for ``dataclasses.replace``; with
``class P(Record, order=True)``, ``order=True``'s comparisons (field by field, between instances of one class).
(``typing.dataclass_transform`` tells mypy the class-level annotations are the ``__init__`` parameters.)
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar, dataclass_transform

R = TypeVar("R", bound="Record")


@dataclass_transform(eq_default=True, frozen_default=True)
class Record:
    """Base of an immutable value class: declare fields as annotations, defaults as plain values."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, order: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if order:
            for name, compare in (("__lt__", _lt), ("__le__", _le), ("__gt__", _gt), ("__ge__", _ge)):
                setattr(cls, name, compare)
        fields, defaults = list(cls._fields), dict(cls._defaults)  # a base record's, inherited
        # (the class's own annotations; inspect.get_annotations would import inspect, ~4 ms, for the same dict)
        for name, kind in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
            if "ClassVar" in str(kind):
                continue
            if name not in fields:
                fields.append(name)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
            elif defaults and name not in defaults:
                raise TypeError(f"{cls.__name__}: non-default field {name!r} follows a default one")
        cls._fields = tuple(fields)
        cls._defaults = defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self._fields
        values = self.__dict__
        if len(args) == len(names) and not kwargs:
            values.update(zip(names, args, strict=True))
            return
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes {len(names)} arguments, {len(args)} given")
        given = dict(zip(names, args, strict=False))
        for name in kwargs:
            if name in given or name not in names:
                why = "got multiple values for" if name in given else "got an unexpected keyword"
                raise TypeError(f"{type(self).__name__}() {why} argument {name!r}")
        given.update(kwargs)
        defaults = self._defaults
        for name in names:  # in declaration order, as repr, hash and pickling read them
            if name in given:
                values[name] = given[name]
            elif name in defaults:
                values[name] = defaults[name]
            else:
                raise TypeError(f"{type(self).__name__}() missing required argument {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self.__dict__ == other.__dict__
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__qualname__}({inner})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")  # the message dataclasses' FrozenInstanceError gives

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return (self.__class__, tuple(self.__dict__.values()))  # positional: the fields in declaration order


def _lt(a: Record, b: object) -> bool:
    if b.__class__ is a.__class__:
        return tuple(a.__dict__.values()) < tuple(b.__dict__.values())
    return NotImplemented


def _le(a: Record, b: object) -> bool:
    if b.__class__ is a.__class__:
        return tuple(a.__dict__.values()) <= tuple(b.__dict__.values())
    return NotImplemented


def _gt(a: Record, b: object) -> bool:
    if b.__class__ is a.__class__:
        return tuple(a.__dict__.values()) > tuple(b.__dict__.values())
    return NotImplemented


def _ge(a: Record, b: object) -> bool:
    if b.__class__ is a.__class__:
        return tuple(a.__dict__.values()) >= tuple(b.__dict__.values())
    return NotImplemented


def replace(record: R, /, **changes: Any) -> R:
    """A copy of ``record`` with ``changes``: ``dataclasses.replace`` for records."""
    return record.__class__(**{**record.__dict__, **changes})
