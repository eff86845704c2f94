"""Benchmark `memo serve` (issue 12): how fast a save reaches the page, what a PDF costs, what memory does.

Starts `memo serve` on a free port in a copy of the real project, listens to its event stream as a page
does, and saves the longest briefing (ukraine-ceasefire) again and again with one more word of prose each
time (a change that needs only the HTML again: no citation, no source, no template changed).

    python benchmarks/serve.py [--repeat N] [--saves N]

- save -> reload sent: the server's own figure (it logs each topic it reloads, timed from the moment the
  watcher handed it the save), median of the timed saves;
- save -> new HTML served: from the write of the file to the end of a GET that returns the new text,
  through the event stream as a browser gets there, median of the timed saves;
- PDF after a change: a GET of /TOPIC.pdf right after a save, against warm processes that lay out the
  same HTML with bare WeasyPrint (`HTML(string=...).write_pdf()`, plain and with memo's PDF/UA-1 tags),
  taken in turns; wall and CPU time (the server's, from /proc), as the machine may be busy;
- memory: the server's resident memory before and after a run of saves, each waited for.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
TOPIC = "ukraine-ceasefire"

BARE = """
import sys, time
from pathlib import Path
import weasyprint
from memo.project import find_project, load_or_fail, related_titles
from memo.build import build_memo
from memo.render.html import render_html
from memo.templates import find_template_set
p = find_project(root=Path(sys.argv[1])); lo = load_or_fail(p); topic = sys.argv[2]
m = build_memo(topic, lo.briefings[topic][0], {k: v[0] for k, v in lo.sources.items()}, p.settings,
               related_titles(lo, topic))
html = render_html(m, find_template_set(p.templates_dir, p.settings.template), p.settings, paged=True)
options = {} if sys.argv[3] == "plain" else {"pdf_variant": p.settings.pdf_variant, "pdf_tags": True}
weasyprint.HTML(string=html).write_pdf(**options)  # warm
print("ready", flush=True)
for _ in sys.stdin:
    start, cpu = time.perf_counter(), time.process_time()
    weasyprint.HTML(string=html).write_pdf(**options)
    print(time.perf_counter() - start, time.process_time() - cpu, flush=True)
"""


class Server:
    """`memo serve` in a child process; its log lines on a queue, its event stream on another."""

    def __init__(self, root: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen(
            [PY, "-m", "memo", "--root", str(root), "serve", "--port", "0"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.log: queue.Queue[str] = queue.Queue()
        self.events: queue.Queue[tuple[float, dict]] = queue.Queue()
        threading.Thread(target=self._read_log, daemon=True).start()
        while True:
            line = self.log.get(timeout=60)
            if m := re.search(r"at http://localhost:(\d+)/", line):
                self.port = int(m.group(1))
                break
        threading.Thread(target=self._listen, daemon=True).start()

    def _read_log(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.put(line.rstrip("\n"))

    def _listen(self) -> None:
        conn = http.client.HTTPConnection("localhost", self.port)
        conn.request("GET", "/_events")
        response = conn.getresponse()
        while line := response.readline():
            if line.startswith(b"data: "):
                self.events.put((time.perf_counter(), json.loads(line[6:])))

    def get(self, path: str) -> bytes:
        conn = http.client.HTTPConnection("localhost", self.port, timeout=600)
        conn.request("GET", path)
        body = conn.getresponse().read()
        conn.close()
        return body

    def wait_for(self, topic: str) -> float:
        while True:
            at, event = self.events.get(timeout=30)
            if topic in event.get("topics", ()) or event.get("reload"):
                return at

    def page_with(self, topic: str, word: str) -> bytes:
        """The page, fetched as a browser does on each reload event, until it shows ``word`` (a save the
        watcher caught half-written shows as a problem first, then as itself on the writer's next event)."""
        while True:
            self.wait_for(topic)
            page = self.get(f"/{topic}")
            if word.encode() in page:
                return page

    def reloaded_ms(self, topic: str) -> float:
        """The server's own save -> reload figure for the topic's latest reload."""
        while True:
            line = self.log.get(timeout=30)
            if m := re.match(rf"{topic}: reloaded in ([0-9.]+) ms \(ok\)", line):
                return float(m.group(1))

    def cpu_s(self) -> float:
        """CPU seconds the server has used: on a busy machine a steadier measure than the clock."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]

    def stop(self) -> None:
        self.proc.send_signal(2)
        self.proc.wait(timeout=30)


class Bare:
    """A warm process that lays out the topic's paged HTML with WeasyPrint alone, on request."""

    def __init__(self, root: Path, kind: str) -> None:
        self.proc = subprocess.Popen(
            [PY, "-c", BARE, str(root), TOPIC, kind], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO,
        )  # fmt: skip
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def render(self) -> tuple[float, float]:
        """(wall, CPU) seconds of one layout and write."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        wall, cpu = self.proc.stdout.readline().split()
        return float(wall), float(cpu)

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait()
        self.proc.stdout.close()


class Saves:
    """Save the briefing with one more word in its summary each time: new prose, the same citations."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8").split("\n")
        at = next(i for i, line in enumerate(self.lines) if line.startswith("summary:"))
        self.at = at + 1 if self.lines[at].rstrip().endswith((">-", ">", "|")) else at
        self.n = 0

    def save(self) -> str:
        self.n += 1
        word = f"edit{self.n:04d}"
        lines = list(self.lines)
        lines[self.at] += f" {word}"
        self.path.write_text("\n".join(lines), encoding="utf-8")
        return word


Row = tuple  # (name, value, target, ok, format[, CPU figure])


def measure(work: Path, repeat: int, saves: int = 200) -> list[Row]:
    """(name, value, target, ok, format[, the same measured in CPU time]) rows."""
    root = work / "serve"
    root.mkdir(parents=True)
    for part in ("briefings", "seeds", "templates"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "pyproject.toml", root)
    server = Server(root)
    rows = []
    try:
        editor = Saves(root / "briefings" / f"{TOPIC}.yaml")
        server.get(f"/{TOPIC}")  # the editor opens the page: from now on each save renders it at once
        sent, served = [], []
        for _ in range(20):
            word = editor.save()
            saved = time.perf_counter()
            server.page_with(TOPIC, word)
            served.append(time.perf_counter() - saved)
            sent.append(server.reloaded_ms(TOPIC))
            time.sleep(0.05)
        median = statistics.median(sent)
        rows.append(
            ("serve: save seen -> reload sent (HTML-only change)", median, "<= 50 ms", median <= 50, "{:.1f} ms")
        )
        median = statistics.median(served) * 1000
        rows.append(("serve: save -> new HTML served (median of 20)", median, "<= 100 ms", median <= 100, "{:.1f} ms"))

        before = server.rss_mib()
        for _ in range(saves):
            server.page_with(TOPIC, editor.save())
        grown = server.rss_mib() - before
        rows.append((f"serve: memory growth over {saves} saves", grown, "<= 10 MiB", grown <= 10, "{:.1f} MiB"))
        rows.append((f"  (resident memory before the {saves} saves)", before, "info", True, "{:.0f} MiB"))

        # PDF: the server's, right after a save, against bare WeasyPrint laying out the same HTML in a warm
        # process, plain (the measure) and with the options memo's PDF has (PDF/UA-1, tagged).
        bares = {kind: Bare(root, kind) for kind in ("plain", "tagged")}
        server.get(f"/{TOPIC}.pdf")  # warm, as the bare processes are: WeasyPrint imported, one memo laid out
        ours: list[tuple[float, float]] = []
        theirs: dict[str, list[tuple[float, float]]] = {kind: [] for kind in bares}
        for _ in range(repeat):
            server.page_with(TOPIC, editor.save())
            time.sleep(0.3)  # the rest of the project checked again, so the CPU below is the PDF's
            start, cpu = time.perf_counter(), server.cpu_s()
            pdf = server.get(f"/{TOPIC}.pdf")
            ours.append((time.perf_counter() - start, server.cpu_s() - cpu))
            assert pdf.startswith(b"%PDF"), pdf[:200]
            for kind, bare in bares.items():
                theirs[kind].append(bare.render())
        for bare in bares.values():
            bare.close()
        wall, cpu = (statistics.median(x[i] for x in ours) for i in (0, 1))
        for kind, times in theirs.items():
            bare_wall, bare_cpu = (statistics.median(x[i] for x in times) for i in (0, 1))
            ratio = wall / bare_wall
            name = f"serve: PDF after a change vs warm bare WeasyPrint, same HTML, {kind}"
            target = "<= 1.1x" if kind == "plain" else "info"
            rows.append((name, ratio, target, ratio <= 1.1 or kind != "plain", "{:.2f}x", cpu / bare_cpu))
            rows.append((f"  (warm bare WeasyPrint, {kind})", bare_wall, "info", True, "{:.2f} s", bare_cpu))
        rows.append(("  (PDF after a change)", wall, "info", True, "{:.2f} s", cpu))
    finally:
        server.stop()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="PDF renders of each kind; the median is reported")
    ap.add_argument("--saves", type=int, default=200, help="saves for the memory row")
    opts = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="memo-bench-serve-"))
    try:
        for name, value, target, ok, fmt, *cpu in measure(work, opts.repeat, opts.saves):
            shown = fmt.format(value) + (f" (CPU {fmt.format(cpu[0])})" if cpu else "")
            print(f"  {name}: {shown} (target {target}) {'ok' if ok else 'MISSED'}", flush=True)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
