"""The preview's own HTML: the index of topics, and what it adds to a memo's page (the problems over it and
a small script that reloads it on a change, keeping the scroll position). The memo's HTML is untouched
but for this, inserted before ``</body>``."""

from __future__ import annotations

import json
import time
from html import escape
from pathlib import Path
from urllib.parse import quote

from memo.problems import Problem, counted, visible
from memo.serve.state import Row

STYLE = """
#memo-serve-problems{position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;max-height:45vh;
overflow:auto;margin:0;padding:.75rem 1rem;font:14px/1.45 system-ui,sans-serif;color:#1a1a1a;background:#fff8f6;
border:2px solid #b3261e;border-radius:6px;box-shadow:0 6px 24px rgba(0,0,0,.25)}
#memo-serve-problems.warnings{background:#fffbea;border-color:#9a6700}
#memo-serve-problems header{display:flex;gap:1rem;align-items:baseline;margin-bottom:.4rem}
#memo-serve-problems header p{margin:0;flex:1}
#memo-serve-problems ul{margin:0;padding:0;list-style:none}
#memo-serve-problems li{font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
#memo-serve-problems .error{color:#b3261e;font-weight:600}
#memo-serve-problems .warning{color:#9a6700;font-weight:600}
#memo-serve-problems a{color:#0b57d0}
"""

# Reloads the page when the server announces a change to its topic (or, on the index, to the list), and
# puts the reader back where they were; links to related memos ("other.html" beside the file) go to their
# preview. The stream says `reload` when the page may have missed a change (the server restarted).
SCRIPT = """
(() => {
  const here = document.currentScript.dataset, since = Number(here.generation);
  const key = "memo-serve-scroll:" + location.pathname, y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, Number(y)); }
  for (const a of document.querySelectorAll("a[href]")) {
    const m = /^([a-z0-9]+(?:-[a-z0-9]+)*)\\.html(#.*)?$/.exec(a.getAttribute("href"));
    if (m) a.setAttribute("href", "/" + m[1] + (m[2] || ""));
  }
  const panel = document.getElementById("memo-serve-problems");
  if (panel) panel.querySelector("button").onclick = () => { panel.hidden = true; };
  const reload = () => { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); };
  const events = new EventSource("/_events?since=" + since);
  events.onmessage = (message) => {
    const e = JSON.parse(message.data);
    if (e.reload || (here.topic ? e.topics.includes(here.topic) : e.index)) { events.close(); reload(); }
  };
})();
"""


def editor_link(root: Path, problem: Problem) -> str:
    """vscode://file/... opens the file at the line and column in VS Code (and editors that take its links)."""
    path = Path(problem.file) if Path(problem.file).is_absolute() else root / problem.file
    return f"vscode://file{quote(path.as_posix())}:{problem.line}:{problem.col}"


def where(root: Path, problem: Problem) -> str:
    """``path:line:col`` of the problem's line, the path from the project root."""
    path = Path(problem.file)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else problem.file
    return visible(f"{shown}:{problem.line}:{problem.col}")


def problem_list(root: Path, problems: list[Problem]) -> str:
    """Each problem as its one line, its place a link that opens the file there."""
    items = [
        f'<li><a href="{escape(editor_link(root, p))}">{escape(where(root, p))}</a>: '
        f'<span class="{p.severity}">{p.severity}</span>: {escape(visible(p.message))}</li>'
        for p in problems
    ]
    return "<ul>" + "".join(items) + "</ul>"


def overlay(root: Path, problems: list[Problem], rendered_at: float | None, pdf: bool = False) -> str:
    if not problems:
        return ""
    errors = sum(p.is_error for p in problems)
    summary = ", ".join(counted(n, kind) for n, kind in ((errors, "error"), (len(problems) - errors, "warning")) if n)
    if pdf:  # /TOPIC/pdf: no PDF is made from a briefing with errors
        under = "the PDF is made again once they are fixed." if errors else "the PDF below is up to date."
    elif rendered_at is None:
        under = "no good render of this memo yet."
    elif errors:
        under = f"below is the last good render, from {time.strftime('%H:%M:%S', time.localtime(rendered_at))}."
    else:
        under = "the memo below is up to date."
    return (
        f'<aside id="memo-serve-problems" class="{"errors" if errors else "warnings"}" role="alert">'
        f"<header><p><strong>{summary}</strong>; {under}</p>"
        f'<button type="button">hide</button></header>{problem_list(root, problems)}</aside>'
    )


def script(nonce: str, generation: int, topic: str) -> str:
    return f'<script nonce="{nonce}" data-generation="{generation}" data-topic="{escape(topic)}">{SCRIPT}</script>'


def topic_page(html: bytes | None, added: str) -> bytes:
    """The memo's page with ``added`` before its ``</body>`` (or an empty page holding only that)."""
    if html is None:
        html = b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>memo serve</title></head>\n<body>\n</body>\n</html>\n'
    extra = added.encode("utf-8")
    at = html.rfind(b"</body>")
    return html[:at] + extra + html[at:] if at >= 0 else html + extra


def preview_additions(
    nonce: str, generation: int, topic: str, root: Path, problems: list[Problem], at: float | None, pdf: bool = False
) -> str:
    shown = overlay(root, problems, at, pdf)
    return f'<style nonce="{nonce}">{STYLE}</style>{shown}{script(nonce, generation, topic)}'


PDF_STYLE = "html,body{margin:0;height:100%;background:#525659}iframe{display:block;border:0;width:100%;height:100%}"


def pdf_page(topic: str, nonce: str, added: str, framed: bool = True) -> bytes:
    """A page holding the topic's PDF in a frame the size of the window (or, while the briefing has errors,
    nothing under the problems: no PDF is made from it), and what the preview adds."""
    name = escape(topic)
    shown = f'<iframe src="/{name}.pdf" title="{name}.pdf"></iframe>' if framed else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{name}.pdf: memo serve</title>'
        f'<style nonce="{nonce}">{PDF_STYLE}</style></head><body>{shown}{added}</body></html>\n'
    ).encode()


INDEX_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.4rem} table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.35rem .6rem;
border-bottom:1px solid #ddd;vertical-align:top} th{font-size:.85rem;color:#555} .n{text-align:right}
.files{white-space:nowrap} .bad{color:#b3261e;font-weight:600} .warn{color:#9a6700} .stale{color:#b3261e} .muted{color:#666}
code{font:13px ui-monospace,monospace} ul{padding-left:1.2rem} li{font:13px/1.5 ui-monospace,monospace}
"""


def index_page(nonce: str, generation: int, root: Path, rows: list[Row], others: list[Problem]) -> bytes:
    body = []
    for r in rows:
        count = (
            (f'<span class="bad">{r.problems}</span>' if r.errors else f'<span class="warn">{r.problems}</span>')
            if r.problems
            else "0"
        )
        body.append(
            f'<tr><td><a href="/{r.topic}"><code>{escape(r.topic)}</code></a></td><td>{escape(r.title)}</td>'
            f"<td>{escape(r.status)}</td><td>{escape(r.as_of)}{' <span class=stale title=stale>!</span>' if r.stale else ''}</td>"
            f'<td class="n">{count}</td><td class="files"><a href="/{r.topic}/pdf">PDF</a> (<a href="/{r.topic}.pdf">file</a>) · <a href="/{r.topic}.docx">Word</a></td></tr>'
        )
    table = (
        "<table><thead><tr><th>topic</th><th>title</th><th>status</th><th>as of</th><th class=n>problems</th>"
        f"<th>files</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
        if rows
        else '<p class="muted">No briefings yet: <code>memo new TOPIC</code> starts one.</p>'
    )
    project = f"<h2>Other problems</h2>{problem_list(root, others)}" if others else ""
    data = json.dumps(root.name)[1:-1]
    html = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>memo serve</title>'
        f'<style nonce="{nonce}">{INDEX_STYLE}</style></head><body>'
        f"<h1>{escape(data)}: {counted(len(rows), 'memo')}</h1>{table}{project}"
        '<p class="muted">Live preview: each page follows every save. <code>!</code> marks a topic whose '
        "as-of date is older than <code>stale-days</code>. <code>memo build</code> publishes.</p>"
        f"{script(nonce, generation, '')}</body></html>\n"
    )
    return html.encode("utf-8")
