"""Stress briefings: each pushes one part of a memo's layout to its limit (issue 10, point 6).

Built in tmp_path by the tests, never shipped. Each is a dict that dumps to a valid briefing; the tests
build every one to PDF and Word and expect zero preflight findings.
"""

from __future__ import annotations

from typing import Any

from memo.models import MAX_ITEMS, MAX_LINE

G, H = "gazette-2025-04-27", "herald-2025-03-01"
CYRILLIC, CJK = "cyrillic-source", "cjk-source"

# Extra sources with non-Latin bylines, written next to the tiny project's two.
SOURCES = {
    CYRILLIC: (
        f"id: {CYRILLIC}\ntype: article-newspaper\ntitle: Переговоры в Эр-Рияде\n"
        "container-title: Коммерсантъ\nauthor: [{family: Юдина, given: Елена}]\nissued: 2025-02-19\n"
    ),
    CJK: f"id: {CJK}\ntype: article-newspaper\ntitle: 中美俄三角关系\ncontainer-title: 环球时报\nauthor: [{{literal: 何燕}}]\n",
}

WORDS = (
    "Delegations met again in Riyadh and agreed to keep talking about the grain corridor and prisoners. "
    "Envoys from both capitals compared notes on shipping lanes, insurance and inspections. "
    "Officials described the mood as businesslike, though neither side moved on the core questions. "
    "Analysts cautioned that earlier rounds had ended with similar statements and little change. "
)
_count = iter(range(1_000_000))


def base(**overrides: Any) -> dict[str, Any]:
    b: dict[str, Any] = {
        "title": "Grain talks: a stress test",
        "as_of": "2025-04-27",
        "status": "review",
        "summary": f"Talks resumed after a pause [@{G}].",
        "perspectives": {
            "optimistic": {"points": [f"Both sides want a result [@{G}]."]},
            "sceptical": {"points": [f"Trust is thin [@{H}]."]},
        },
    }
    b.update(overrides)
    return b


def _text(chars: int) -> str:
    """About ``chars`` characters of prose, numbered so no two paragraphs or lines repeat each other
    (a repeated line looks like a table header repeated on a new page)."""
    n = next(_count)
    start = (n * 37) % len(WORDS)
    body = f"Item {n}: " + (WORDS[start:] + WORDS * (chars // len(WORDS) + 1))
    return body[:chars].rsplit(" ", 1)[0].rstrip(".,:;") + "."


STRESS: dict[str, dict[str, Any]] = {
    # the page head: a title at its limit and a long protective marking, on every page
    "long-head": base(
        title=_text(MAX_LINE - 1),
        classification="OFFICIAL-SENSITIVE // UK AND US EYES ONLY // RELEASABLE TO FIVE EYES PARTNERS ONLY // ORCON // NOT FOR MINUTING OR FILING",
        audience=_text(200),
        background="\n\n".join(_text(600) for _ in range(6)),
    ),
    # sixty notes called from one short stretch of text
    "sixty-notes": base(background=" ".join(f"Claim {i} [@{G if i % 2 else H}]." for i in range(60))),
    # a developments table long enough to run over several pages
    "sixty-rows": base(
        developments=[
            {"date": f"2025-{1 + i % 12:02d}", "title": f"Round {i}", "detail": _text(90 + 7 * (i % 9)) + f" [@{G}]"}
            for i in range(60)
        ]
    ),
    # perspectives that cannot fit on one page
    "long-perspectives": base(
        perspectives={
            "optimistic": {
                "summary": "Optimists see a path to a settlement.",
                "points": [_text(120 + 9 * (i % 7)) + f" [@{G}]" for i in range(25)],
            },
            "sceptical": {
                "summary": "Sceptics see stalling.",
                "points": [_text(100 + 11 * (i % 5)) + f" [@{H}]" for i in range(25)],
            },
        }
    ),
    # right-to-left quotations and non-Latin names
    "scripts": base(
        quotes=[
            {"text": "نحن مستعدون للحوار، ولكن ليس بأي ثمن.", "speaker": "وزير الخارجية", "source": G},
            {"text": "אנחנו מוכנים לדבר, אבל לא בכל מחיר.", "speaker": "שר החוץ", "source": H},
            {
                "text": "Мы готовы к переговорам.",
                "speaker": "Сергей Лавров",
                "role": "министр иностранных дел",
                "source": CYRILLIC,
            },
            {"text": "我们愿意对话。", "speaker": "王毅", "role": "外交部长", "source": CJK},
        ],
        key_points=[f"Юрий Ушаков and 何燕 both commented [@{CYRILLIC}; @{CJK}]."],
    ),
    # nothing optional at all
    "bare": base(),
    # every list at its item limit (the longest memo a briefing can make, short of the size limit)
    "full-lists": base(
        subtitle=_text(150),
        audience="Director, Europe and Eurasia",
        key_points=[_text(80) + f" [@{G}]" for _ in range(MAX_ITEMS // 4)],
        background="\n\n".join(_text(400) for _ in range(8)),
        developments=[{"date": "Ongoing", "title": "Talks", "detail": _text(120)} for _ in range(MAX_ITEMS)],
        quotes=[
            {"text": _text(140), "speaker": "Jane Minister", "role": "Foreign minister", "source": H} for _ in range(10)
        ],
        outlook="\n\n".join(_text(300) for _ in range(6)),
        indicators=[_text(60) for _ in range(MAX_ITEMS)],
        recommendations=[_text(60) for _ in range(MAX_ITEMS)],
        related=["other-topic"],
    ),
}
