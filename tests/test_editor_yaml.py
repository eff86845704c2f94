"""YAML traps an editor falls into (issue 11): each gives one line at the parser's position that says what to do."""

from __future__ import annotations

import pytest

from memo.yamlio import QUOTE_IT
from tests.conftest import Tiny

P = "briefings/grain-talks.yaml"

SYNTAX = [
    pytest.param(
        'title: "Grain talks: a pause or a turning point?"',
        "title: Grain talks: a pause",
        f"{P}:1:19: error: YAML syntax: ': ' inside a value starts a mapping: {QUOTE_IT}; if this is a key, check "
        "its indentation",
        id="colon-in-value",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - Keep: channels open",
        f"{P}:40:5: error: recommendations[0]: expected text, found a mapping: ': ' inside the text starts one; "
        f"{QUOTE_IT}",
        id="colon-in-bullet",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - *Keep* channels open",
        f"{P}:40:5: error: YAML syntax: a value cannot start with '*' unquoted: {QUOTE_IT}",
        id="star",
    ),
    pytest.param(
        "  - A date for the next round",
        "  - [@gazette-2025-04-27] set a date",
        f"{P}:38:6: error: YAML syntax: a value cannot start with '[' unquoted: {QUOTE_IT}",
        id="citation-first",
    ),
    pytest.param(
        "audience: Director, Europe",
        "audience: {Director} Europe",
        f"{P}:5:22: error: YAML syntax: a value cannot start with '{{' unquoted: {QUOTE_IT}",
        id="brace",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - !Important: keep channels open",
        f"{P}:40:5: error: a value cannot start with '!' unquoted (!Important: reads as a tag): {QUOTE_IT}",
        id="bang",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - & keep channels open",
        f"{P}:40:6: error: YAML syntax: a value cannot start with '&' unquoted: {QUOTE_IT}",
        id="ampersand",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - &keep channels open",
        f"{P}:40:5: error: a value cannot start with '&' unquoted (it names an anchor): {QUOTE_IT}",
        id="anchor-eats-a-word",
    ),
    pytest.param(
        "audience: Director, Europe",
        "audience: @director",
        f"{P}:5:11: error: YAML syntax: a value cannot start with '@' unquoted: {QUOTE_IT}",
        id="at",
    ),
    pytest.param(
        "  - Keep channels open",
        "  - `grain` deal",
        f"{P}:40:5: error: YAML syntax: a value cannot start with a backtick unquoted: {QUOTE_IT}",
        id="backtick",
    ),
    pytest.param(
        "after a pause [@gazette-2025-04-27].\n",
        "after a pause\n[@gazette-2025-04-27].\n",
        f"{P}:8:1: error: YAML syntax: this line is not indented, so it ends the value above and YAML reads it as a "
        "key; indent it as the lines of the value above (or, if it is a key, end the key with ':')",
        id="unindented-continuation",
    ),
    pytest.param(
        "after a pause [@gazette-2025-04-27].\n",
        "after a pause\nbefore the next round.\n",
        f"{P}:8:1: error: YAML syntax: this line is not indented, so it ends the value above and YAML reads it as a "
        "key; indent it as the lines of the value above (or, if it is a key, end the key with ':')",
        id="unindented-words",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), SYNTAX)
def test_syntax_errors_say_what_to_do(tiny: Tiny, edit, old: str, new: str, expected: str) -> None:
    edit(old, new)
    result = tiny.run("validate", "grain-talks")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [expected]
