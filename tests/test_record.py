"""Records (memo.record) behave as the frozen dataclasses they replaced: the build cache, the fork pool and
serve's "what changed" rely on their equality, hashing and pickling."""

from __future__ import annotations

import copy
import pickle
from datetime import date

import pytest

from memo.document import Emph, Header, Memo, NoteRef, Paragraph, Section, Table, Text
from memo.record import Record, replace


def _memo(word: str = "a") -> Memo:
    header = Header("Title", None, date(2025, 4, 27), "draft", "OFFICIAL", None, "Desk")
    para = Paragraph((Text(word), Emph((Text("b"),)), NoteRef(1)))
    return Memo("topic", header, (Section("s", "S", (para,)),), keywords=("k",))


def test_construction_defaults_and_repr() -> None:
    assert Paragraph(()) == Paragraph(runs=(), role="body") == Paragraph((), "body")
    assert Table(header=("a",), rows=()).widths == ()
    assert repr(Paragraph((Text("x"),))) == "Paragraph(runs=(Text(text='x'),), role='body')"
    assert repr(Table(widths=(1,), rows=(), header=())) == "Table(header=(), rows=(), widths=(1,))"


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "missing required argument 'text'"),
        (("a", "b"), {}, "takes 1 arguments, 2 given"),
        (("a",), {"text": "b"}, "got multiple values for argument 'text'"),
        ((), {"txt": "b"}, "got an unexpected keyword argument 'txt'"),
    ],
)
def test_wrong_arguments_are_type_errors(args: tuple, kwargs: dict, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        Text(*args, **kwargs)


def test_equality_and_hash_follow_the_fields() -> None:
    assert _memo() == _memo() and hash(_memo()) == hash(_memo())
    assert _memo("a") != _memo("z")
    assert Emph((Text("a"),)) != Text("a")  # another class is never equal, as with dataclasses
    assert len({Text("a"), Text("a"), Text("b")}) == 2


def test_frozen() -> None:
    memo = _memo()
    with pytest.raises(AttributeError):
        memo.topic = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del memo.topic  # type: ignore[misc]


def test_pickle_and_copy_round_trip() -> None:
    memo = _memo()
    for again in (pickle.loads(pickle.dumps(memo)), copy.deepcopy(memo), copy.copy(memo)):
        assert again == memo and repr(again) == repr(memo)
        assert again.header.status_mark == "DRAFT" and again.is_draft


def test_replace() -> None:
    memo = _memo()
    other = replace(memo, topic="other")
    assert other.topic == "other" and other.sections is memo.sections and memo.topic == "topic"
    with pytest.raises(TypeError):
        replace(memo, nonsense=1)


def test_a_default_before_a_required_field_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default field 'b' follows a default one"):

        class Bad(Record):
            a: int = 1
            b: int


def test_subclass_inherits_fields() -> None:
    class Base(Record):
        a: int
        b: int = 2

    class Sub(Base):
        c: int = 3

    assert repr(Sub(1)).endswith(".Sub(a=1, b=2, c=3)")  # the qualified name, as dataclasses print
    assert Sub(1, c=4) == Sub(a=1, b=2, c=4)


def test_order_compares_field_by_field_within_one_class() -> None:
    from memo.preflight.findings import Finding
    from memo.problems import Problem, Severity, error, warning

    problems = [
        warning("b.yaml", 1, 1, "w"),
        error("a.yaml", 9, 1, "e"),
        error("a.yaml", 2, 5, "z"),
        error("a.yaml", 2, 5, "a"),
    ]
    assert [(p.file, p.line, p.message) for p in sorted(problems)] == [
        ("a.yaml", 2, "a"), ("a.yaml", 2, "z"), ("a.yaml", 9, "e"), ("b.yaml", 1, "w"),
    ]  # fmt: skip
    assert error("a", 1, 1, "m") <= error("a", 1, 1, "m") and not error("a", 1, 1, "m") < error("a", 1, 1, "m")
    assert error("a", 1, 2, "m") > error("a", 1, 1, "m") >= error("a", 1, 1, "m")
    assert error("a", 1, 1, "m") == Problem("a", 1, 1, Severity.ERROR, "m") != ("a", 1, 1, Severity.ERROR, "m")
    with pytest.raises(TypeError):  # as dataclasses: no order between classes, nor with a plain tuple
        _ = error("a", 1, 1, "m") < Finding(1, Severity.ERROR, "m")  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Text("a") < Text("b")  # type: ignore[operator]
    again = pickle.loads(pickle.dumps(problems))
    assert sorted(again) == sorted(problems) and hash(again[0]) == hash(problems[0])
