"""Benchmark memo's build: every target of the performance issues, as ratios measured in one run.

Generates synthetic projects (6, 60, 100 and 200 briefings, copies of the real
briefings under new ids) in a temporary folder, times each scenario in fresh
processes, and prints medians. Not a test: timings belong here, not in CI.

    python benchmarks/run.py [--repeat N] [--startup] [--serve] [--book] [--keep]

--startup runs only the start-up scenarios of issue 16, and `memo validate TOPIC` against the
commit before issue 11 (issue 11 holds it within 1.1x): a minute, not ten. --serve runs only
those of `memo serve` (issue 12, benchmarks/serve.py: two minutes); --book only the briefing book's.
The Word-versus-pandoc ratio needs pandoc: `pip install pypandoc-binary` puts
one in the venv (or have `pandoc` on PATH); without it that row is skipped.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def make_project(root: Path, count: int) -> list[str]:
    """A project of `count` briefings: the real ones, copied under new ids until there are enough."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "pyproject.toml", root)
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "briefings").mkdir()
    real = sorted((REPO / "briefings").glob("*.yaml"))
    topics = []
    for i in range(count):
        src = real[i % len(real)]
        topic = f"{src.stem}-{i:03d}"
        text = re.sub(r"(?m)^related:.*\n(?:\s+- .*\n)*", "", src.read_text(encoding="utf-8"))
        (root / "briefings" / f"{topic}.yaml").write_text(text, encoding="utf-8")
        topics.append(topic)
    return topics


def largest_project(root: Path) -> Path:
    """The tests' largest briefing memo accepts (every limit reached at once), alone in a project."""
    sys.path.insert(0, str(REPO))
    from tests.conftest import OTHER, PYPROJECT, SOURCE
    from tests.hostile.conftest import largest_briefing

    (root / "seeds").mkdir(parents=True)
    (root / "briefings").mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT)
    for sid, title in (("gazette-2025-04-27", "Talks resume"), ("herald-2025-03-01", "Talks open")):
        (root / "seeds" / f"{sid}.yaml").write_text(SOURCE.format(id=sid, title=title))
    (root / "briefings/grain-talks.yaml").write_text(largest_briefing())
    (root / "briefings/other-topic.yaml").write_text(OTHER)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


# CPU seconds (user + system) of each run, next to its wall time: on a busy machine the wall times
# swing by 2x while the CPU times hold, so the start-up rows print both.
CPU: list[float] = []


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    before = cpu_of_children()
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    CPU.append(cpu_of_children() - before)
    return wall


def memo(root: Path, *args: str) -> list[str]:
    return [PY, "-m", "memo", "--root", str(root), *args]


def console_script() -> list[str]:
    """`memo` as an editor types it: the venv's console script, else python -m memo."""
    script = Path(PY).with_name("memo")
    return [str(script)] if script.exists() else [PY, "-m", "memo"]


def pandoc() -> str | None:
    try:
        import pypandoc  # the pypandoc-binary wheel bundles pandoc itself

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


# A child that notes when it first opens a briefing, then runs memo as the console script does.
FIRST_READ = (
    "import sys, time\n"
    "def hook(event, args):\n"
    "    if event == 'open' and isinstance(args[0], str) and '/briefings/' in args[0]:\n"
    "        print('FIRST-READ', time.monotonic(), time.process_time(), file=sys.__stderr__, flush=True)\n"
    "        hook.__code__ = (lambda event, args: None).__code__\n"
    "sys.addaudithook(hook)\n"
    "from memo.cli import main\n"
    "main(sys.argv[1:], prog_name='memo')\n"
)


def first_read(root: Path, *args: str) -> float:
    """Seconds from starting the process to its opening the first briefing."""
    start = time.monotonic()
    done = subprocess.run(
        [PY, "-c", FIRST_READ, "--root", str(root), *args], cwd=root, capture_output=True, text=True, check=True
    )
    _, at, cpu = next(x for x in done.stderr.splitlines() if x.startswith("FIRST-READ ")).split()
    CPU.append(float(cpu))
    return float(at) - start


def median(fn: Callable[[], float], repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def medians(fn: Callable[[], float], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of `repeat` runs."""
    first = len(CPU)
    wall = median(fn, repeat)
    return wall, statistics.median(CPU[first:])


def alternating(a: Callable[[], float], b: Callable[[], float], repeat: int) -> tuple[tuple[float, float], ...]:
    """``medians`` of ``a`` and of ``b``, run by turns (a, b, a, b...): a machine whose load drifts during the
    run slows both alike, where ``repeat`` runs of one and then of the other would charge it to one side."""
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    a(), b()  # untimed: whatever ran before (a PDF build, WeasyPrint's imports) has left the page cache to them
    for _ in range(repeat):
        for fn, wall, cpu in ((a, walls[0], cpus[0]), (b, walls[1], cpus[1])):
            wall.append(fn())
            cpu.append(CPU[-1])
    return tuple((statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True))


# main just before issue 11's work was merged into it (d1bc919^1): issue 11 holds `memo validate TOPIC` within
# 1.1x of its time then. (The branch's own base, 195286b, predates the CSL source register and cannot read seeds/.)
BEFORE_EDITORS = "1a1955a"
# main before issue 16's third pass, which took the Word build under pandoc's time: the info row under that
# row runs the same build on it, by turns with ours.
BEFORE_WORD_PASS = "98cb369"


def checkout(rev: str, into: Path) -> Path | None:
    """The `memo` package as it was at ``rev`` (from git), compiled like ours; None outside a git checkout."""
    try:
        tar = subprocess.run(["git", "-C", str(REPO), "archive", rev, "memo"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=tar.stdout, check=True)
    compileall.compile_dir(into / "memo", quiet=1)
    return into


def against_base(root: Path, args: list[str], base: Path, repeat: int) -> tuple[float, float, float]:
    """Median wall times of ``args`` run by our memo and by the one in ``base``, alternating so a busy machine's
    swings fall on both alike, and the ratio of their median CPU times (steadier than wall time there)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(base), os.environ.get("PYTHONPATH", "")])}
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        ours.append(run(memo(root, *args), root))
        theirs.append(run(memo(root, *args), root, env))
    cpu = statistics.median(CPU[-2 * repeat :: 2]) / statistics.median(CPU[-2 * repeat + 1 :: 2])
    return statistics.median(ours), statistics.median(theirs), cpu


def bare_weasyprint(root: Path, topic: str) -> float:
    """The floor: a script that only imports WeasyPrint and renders memo's own HTML for the topic."""
    html = root / "bare.html"
    code = (
        "from pathlib import Path\nfrom memo.project import find_project, load_or_fail\n"
        "from memo.build import build_memo\nfrom memo.render.html import render_html\n"
        "from memo.templates import find_template_set\n"
        f"p = find_project(root=Path({str(root)!r})); lo = load_or_fail(p)\n"
        f"m = build_memo({topic!r}, lo.briefings[{topic!r}][0], {{k: v[0] for k, v in lo.sources.items()}}, p.settings)\n"
        f"Path({str(html)!r}).write_text(render_html(m, find_template_set(p.templates_dir, 'memo'), p.settings, True))\n"
    )
    subprocess.run([PY, "-c", code], check=True, cwd=REPO)
    script = (
        f"import weasyprint\nweasyprint.HTML(string=open({str(html)!r}).read()).write_pdf({str(root / 'bare.pdf')!r})\n"
    )
    return run([PY, "-c", script], cwd=root)


def in_process_ratios(root: Path, topic: str) -> tuple[float, float]:
    """Render cost alone, in a warm process: HTML and Word against PDF, without Python start-up."""
    code = (
        "import time, statistics\nfrom pathlib import Path\nfrom memo.project import find_project, load_or_fail\n"
        "from memo.build import build_memo\nfrom memo.render import renderer\nfrom memo.templates import find_template_set\n"
        f"p = find_project(root=Path({str(root)!r})); lo = load_or_fail(p)\n"
        f"m = build_memo({topic!r}, lo.briefings[{topic!r}][0], {{k: v[0] for k, v in lo.sources.items()}}, p.settings)\n"
        "t = find_template_set(p.templates_dir, 'memo')\nout = {}\n"
        "for f in ('pdf', 'docx', 'html'):\n    r = renderer(f); r(m, t, p.settings)\n    times = []\n"
        "    for _ in range(5):\n        s = time.perf_counter(); r(m, t, p.settings); times.append(time.perf_counter() - s)\n"
        "    out[f] = statistics.median(times)\n"
        "print(out['html'] / out['pdf'], out['docx'] / out['pdf'])\n"
    )
    done = subprocess.run([PY, "-c", code], check=True, cwd=REPO, capture_output=True, text=True)
    html, docx = done.stdout.split()
    return float(html), float(docx)


def book_vs_memos(root: Path, repeat: int) -> tuple[float, float]:
    """In one warm process: `memo book --all`'s work (load, build, PDF, Word, HTML, write) against the sum of
    rendering each of its memos' PDFs alone; medians of `repeat` rounds, each round timing both."""
    code = (
        "import time, statistics\nfrom pathlib import Path\n"
        "from memo.project import find_project, load_or_fail, related_titles\nfrom memo.build import build_memo\n"
        "from memo.render import pdf\nfrom memo.book_output import build_book\nfrom memo.templates import find_template_set\n"
        f"p = find_project(root=Path({str(root)!r})); lo = load_or_fail(p); s = {{k: v[0] for k, v in lo.sources.items()}}\n"
        "t = find_template_set(p.templates_dir, 'memo')\n"
        "memos = [build_memo(x, lo.briefings[x][0], s, p.settings, related_titles(lo, x)) for x in p.topic_ids()]\n"
        "pdf.render(memos[0], t, p.settings)\nbooks, sums = [], []\n"
        f"for _ in range({repeat}):\n"
        "    a = time.perf_counter()\n    for m in memos: pdf.render(m, t, p.settings)\n"
        "    sums.append(time.perf_counter() - a)\n"
        "    a = time.perf_counter(); build_book(p, None, p.output_dir, t); books.append(time.perf_counter() - a)\n"
        "print(statistics.median(books), statistics.median(sums))\n"
    )
    done = subprocess.run([PY, "-c", code], check=True, cwd=REPO, capture_output=True, text=True)
    book, memos = done.stdout.split()
    return float(book), float(memos)


def notes_per_memo(root: Path, topics: list[str]) -> list[int]:
    """Footnotes in each topic's memo (an author-date style has none: its citations are in the text)."""
    code = (
        "from pathlib import Path\nfrom memo.project import find_project, load_or_fail\nfrom memo.build import build_memo\n"
        f"p = find_project(root=Path({str(root)!r})); lo = load_or_fail(p); s = {{k: v[0] for k, v in lo.sources.items()}}\n"
        f"print(*[len(build_memo(t, lo.briefings[t][0], s, p.settings).notes) for t in {topics!r}])\n"
    )
    done = subprocess.run([PY, "-c", code], check=True, cwd=REPO, capture_output=True, text=True)
    return [int(n) for n in done.stdout.split()]


def citation_styles(root: Path, topics: list[str], repeat: int) -> None:
    """Per bundled citation style: notes per memo, and the PDF build of the longest memo (footnotes are the
    slowest thing WeasyPrint lays out, so fewer notes should show here)."""
    from memo.cite import BUNDLED

    pyproject = root / "pyproject.toml"
    original = pyproject.read_text()
    print("\n| citation style | notes per memo (" + ", ".join(t.rsplit("-", 1)[0] for t in topics) + ") | pdf build |")
    print("| --- | --- | --- |")
    try:
        for style in BUNDLED:
            pyproject.write_text(original.replace("[tool.memo]\n", f'[tool.memo]\ncitation-style = "{style}"\n'))
            notes = notes_per_memo(root, topics)
            pdf = median(lambda: run(memo(root, "build", topics[-1], "-f", "pdf", "--force", "-j", "1"), root), repeat)
            print(f"| {style} | {', '.join(map(str, notes))} | {pdf:.2f} s |", flush=True)
    finally:
        pyproject.write_text(original)


def peak_rss_mib(args: list[str], cwd: Path) -> float:
    """This command's own peak resident memory. (RUSAGE_CHILDREN's ru_maxrss is the largest of every child
    waited for so far: after the largest briefing's PDF it read that build's 220 MiB, whatever came next.)"""
    child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, args)
    return usage.ru_maxrss / 1024


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import weasyprint

    harfbuzz_subset = any(
        Path(d).glob("libharfbuzz-subset.so*")
        for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib")
    )
    return (
        f"{platform.system()} {platform.machine()}, {cpu}, {len(os.sched_getaffinity(0))} CPUs, "
        f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
        f"libharfbuzz-subset {'yes' if harfbuzz_subset else 'NO'}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per scenario; the median is reported")
    ap.add_argument("--keep", action="store_true", help="keep the generated projects")
    ap.add_argument("--startup", action="store_true", help="only the start-up scenarios (issue 16)")
    ap.add_argument("--citations", action="store_true", help="only the citation-style scenario")
    ap.add_argument("--validate", action="store_true", help=f"only memo validate TOPIC against {BEFORE_EDITORS}")
    ap.add_argument("--serve", action="store_true", help="only the memo serve scenarios (issue 12)")
    ap.add_argument("--book", action="store_true", help="only the briefing-book scenario")
    opts = ap.parse_args()
    r = opts.repeat
    work = Path(tempfile.mkdtemp(prefix="memo-bench-"))
    rows: list[tuple[str, str, str, bool]] = []

    def row(name: str, value: float, target: str, ok: bool, fmt: str = "{:.3g}x", cpu: float | None = None) -> None:
        shown = fmt.format(value) + ("" if cpu is None else f" (CPU {fmt.format(cpu)})")
        rows.append((name, shown, target, ok))
        print(f"  {name}: {shown} (target {target}) {'ok' if ok else 'MISSED'}", flush=True)

    print(f"machine: {machine()}")
    print(f"medians of {r} runs; projects in {work}", flush=True)
    # Time memo as installed, with its bytecode cached: under PYTHONDONTWRITEBYTECODE (set in some shells
    # and CI) a checkout compiles its 20-odd modules from source in every process (40 ms of CPU).
    compileall.compile_dir(REPO / "memo", quiet=1)
    if opts.serve:
        serve_rows(work, r, row)
        report(rows, "see benchmarks/serve.py for what each row times")
        if not opts.keep:
            shutil.rmtree(work)
        return
    six = work / "p6"
    t6 = make_project(six, 6)
    if opts.citations:
        citation_styles(six, t6, r)
        return
    if opts.book:
        book_row(six, r, row)
        report(rows, "")
        return
    topic = t6[-1]  # ukraine-ceasefire copy, the longest memo

    base = checkout(BEFORE_EDITORS, work / "before-editors")
    if base:
        ours, theirs, cpu = against_base(six, ["validate", topic], base, max(r, 7))
        row(
            f"memo validate TOPIC vs before issue 11 ({BEFORE_EDITORS}: {theirs * 1000:.0f} ms)",
            ours / theirs,
            "<= 1.1x",
            ours / theirs <= 1.1,
            "{:.2f}x",
            cpu=cpu,
        )
    else:
        print(f"  memo validate TOPIC vs {BEFORE_EDITORS}: skipped, not a git checkout", flush=True)
    if opts.validate:
        if not opts.keep:
            shutil.rmtree(work)
        return
    bare_python, bare_cpu = medians(lambda: run([PY, "-c", "pass"], six), r)
    # The first --help after memo or click changed asks click for the page and keeps it (memo/help_pages.py);
    # every later one prints the kept page. The row times the latter, the info row under it the former.
    (cold := work / "help-cold").mkdir(exist_ok=True)
    made = run([*console_script(), "--help"], six, {**os.environ, "TMPDIR": str(cold)})
    run([*console_script(), "--help"], six)
    helped, help_cpu = medians(lambda: run([*console_script(), "--help"], six), r)
    ratio = helped / bare_python
    row("memo --help vs python -c pass", ratio, "<= 3x", ratio <= 3, cpu=help_cpu / bare_cpu)
    row("  the first memo --help after memo or click changed (click makes the page) vs python -c pass",
        made / bare_python, "info", True)  # fmt: skip
    version, version_cpu = medians(lambda: run([*console_script(), "--version"], six), r)
    ratio = version / bare_python
    row("memo --version vs python -c pass", ratio, "<= 3x", ratio <= 3, cpu=version_cpu / bare_cpu)
    for args in (("validate", topic), ("build", topic, "-f", "html", "--force")):
        read, read_cpu = medians(lambda args=args: first_read(six, *args), r)
        name = f"memo {args[0]} TOPIC{' -f html' if args[0] == 'build' else ''}: first briefing read after"
        row(name, read * 1000, "<= 80 ms", read <= 0.080, "{:.0f} ms", cpu=read_cpu * 1000)

    pdf, pdf_cpu = medians(lambda: run(memo(six, "build", topic, "-f", "pdf", "--force", "-j", "1"), six), r)
    html, html_cpu = medians(lambda: run(memo(six, "build", topic, "-f", "html", "--force"), six), r)
    row("-f html vs -f pdf", html / pdf, "<= 0.10x", html / pdf <= 0.10, cpu=html_cpu / pdf_cpu)
    docx, docx_cpu = medians(lambda: run(memo(six, "build", topic, "-f", "docx", "--force"), six), r)
    row("-f docx vs -f pdf", docx / pdf, "<= 0.15x", docx / pdf <= 0.15, cpu=docx_cpu / pdf_cpu)
    converter = pandoc()
    if converter:  # memo's own HTML of the topic, to Word, by the tool an analyst would otherwise reach for
        page, word = six / "output" / f"{topic}.html", work / "pandoc.docx"
        (ours, ours_cpu), (by_pandoc, pandoc_cpu) = alternating(  # by turns: both see the same machine
            lambda: run(memo(six, "build", topic, "-f", "docx", "--force"), six),
            lambda: run([converter, str(page), "-o", str(word)], six),
            max(r, 7),
        )
        ratio = ours / by_pandoc
        row(
            "-f docx vs pandoc converting memo's HTML to .docx (run by turns)",
            ratio,
            "<= 1.0x",
            ratio <= 1.0,
            cpu=ours_cpu / pandoc_cpu,
        )
        # The floor under that row: a Python that imports what any Word build must (python-docx for the file;
        # the quick lane reads the command line without click, PyYAML only a briefing not read before).
        floor, floor_cpu = medians(lambda: run([PY, "-c", "import docx"], six), r)
        row(
            "  floor: python importing python-docx, nothing else (memo.quick reads the command line), vs pandoc",
            floor / by_pandoc,
            "info",
            True,
            cpu=floor_cpu / pandoc_cpu,
        )
        # What an editor's loop costs: a sentence of the briefing changed before each build, so the YAML and the
        # paragraph are read afresh (PyYAML's and markdown-it's imports included), not taken from the caches.
        briefing = six / "briefings" / f"{topic}.yaml"
        original = briefing.read_text(encoding="utf-8")
        assert "\nbackground: >-\n  " in original, "the edited row edits the background's first line"
        edits = iter(range(1_000_000))

        def edited_docx() -> float:
            edit = f"\nbackground: >-\n  Edit {next(edits)}. "
            briefing.write_text(original.replace("\nbackground: >-\n  ", edit, 1), encoding="utf-8")
            return run(memo(six, "build", topic, "-f", "docx", "--force"), six)

        try:
            (edited, edited_cpu), (again, again_cpu) = alternating(
                edited_docx, lambda: run([converter, str(page), "-o", str(word)], six), max(r, 7)
            )
        finally:
            briefing.write_text(original, encoding="utf-8")
        row("  a sentence edited, then -f docx, vs pandoc, by turns", edited / again, "info", True,
            cpu=edited_cpu / again_cpu)  # fmt: skip
    else:
        print("  -f docx vs pandoc: skipped, no pandoc (pip install pypandoc-binary)", flush=True)
    if before := checkout(BEFORE_WORD_PASS, work / "before-word-pass"):
        ours, theirs, cpu = against_base(six, ["build", topic, "-f", "docx", "--force"], before, max(r, 7))
        row(f"  -f docx vs the same build on {BEFORE_WORD_PASS}, by turns", ours / theirs, "info", True, cpu=cpu)

    def cold(fmt: str) -> float:
        """A build with an empty temp folder: nothing kept from earlier runs (memo/user_cache.py): files parsed,
        paragraphs parsed, citations worded and templates compiled afresh."""
        fresh = Path(tempfile.mkdtemp(dir=work))
        return run(memo(six, "build", topic, "-f", fmt, "--force"), six, {**os.environ, "TMPDIR": str(fresh)})

    cold_html, _ = medians(lambda: cold("html"), r)
    row("  -f html with cold caches (nothing kept from earlier runs) vs -f pdf", cold_html / pdf, "info", True)
    cold_docx, cold_cpu = medians(lambda: cold("docx"), r)
    row("  -f docx with cold caches vs -f pdf", cold_docx / pdf, "info", True)
    if converter:
        row("  the same: -f docx vs pandoc", cold_docx / by_pandoc, "info", True, cpu=cold_cpu / pandoc_cpu)
    if opts.startup:
        report(
            rows,
            f"python -c pass {bare_python * 1000:.0f} ms, memo --help {helped * 1000:.0f} ms, "
            f"pdf build {pdf:.2f} s, html {html:.2f} s, docx {docx:.2f} s"
            + (f", pandoc {by_pandoc:.2f} s" if converter else ""),
        )
        if not opts.keep:
            shutil.rmtree(work)
        return

    bare = median(lambda: bare_weasyprint(six, topic), r)
    row("memo build TOPIC -f pdf vs bare WeasyPrint script", pdf / bare, "<= 1.15x", pdf / bare <= 1.15)
    largest = largest_project(work / "largest")
    worst = median(lambda: run(memo(largest, "build", "grain-talks", "-f", "pdf", "--force", "-j", "1"), largest), 1)
    row("largest briefing accepted, its PDF (README 'Untrusted input')", worst, "<= 15 s", worst <= 15, "{:.1f} s")
    row("  the same vs one real memo's PDF", worst / pdf, "info", True)
    sixty = work / "p60"
    t60 = make_project(sixty, 60)
    big = work / "p200"
    make_project(big, 200)

    book_row(six, r, row)
    warm_html, warm_docx = in_process_ratios(six, topic)
    row("(render only, warm process) html vs pdf", warm_html, "info", True)
    row("(render only, warm process) docx vs pdf", warm_docx, "info", True)

    one = median(lambda: run(memo(sixty, "build", t60[0], "--force", "-j", "1"), sixty), r)
    full1 = median(lambda: run(memo(sixty, "build", "--force", "-j", "1"), sixty), r)
    per = (full1 - one) / 59
    row("60 memos, all formats, -j 1: seconds per memo after the first", per, "<= 0.45 s", per <= 0.45, "{:.3f} s")
    full2 = median(lambda: run(memo(sixty, "build", "--force", "-j", "2"), sixty), r)
    row("60 memos, -j 2 speed-up over -j 1", full1 / full2, ">= 1.7x", full1 / full2 >= 1.7)
    noop = median(lambda: run(memo(sixty, "build", "-j", "2"), sixty), r)
    row("rebuild, nothing changed, vs full build (-j 2)", noop / full2, "<= 0.05x", noop / full2 <= 0.05)

    def edit_one() -> float:
        path = sixty / "briefings" / f"{t60[7]}.yaml"
        path.write_text(path.read_text() + f"\n# edited {time.perf_counter_ns()}\n")
        return run(memo(sixty, "build", "-j", "2"), sixty)

    edited = median(edit_one, r)
    row("one briefing edited, rebuild of 60 vs full build (-j 2)", edited / full2, "<= 0.05x", edited / full2 <= 0.05)
    val = median(lambda: run(memo(big, "validate"), big), r)
    row("memo validate, 200 briefings", val, "<= 1.5 s", val <= 1.5, "{:.2f} s")
    hundred = work / "p100"
    make_project(hundred, 100)
    rss = peak_rss_mib(memo(hundred, "build", "-j", "1"), hundred)
    row("peak memory of a worker after 100 memos (-j 1)", rss, "<= 150 MiB", rss <= 150, "{:.0f} MiB")

    serve_rows(work, r, row)
    citation_styles(six, t6, r)
    report(
        rows,
        f"python -c pass {bare_python * 1000:.0f} ms, memo --help {helped * 1000:.0f} ms, pdf build {pdf:.2f} s, "
        f"bare WeasyPrint {bare:.2f} s, html {html:.2f} s, docx {docx:.2f} s, "
        + (f"pandoc {by_pandoc:.2f} s, " if converter else "")
        + f"60 memos -j1 {full1:.1f} s, -j2 {full2:.1f} s, no-op {noop:.2f} s, one edited {edited:.2f} s",
    )
    if not opts.keep:
        shutil.rmtree(work)


def serve_rows(work: Path, repeat: int, row: Callable[..., None]) -> None:
    """The rows of `memo serve` (benchmarks/serve.py), in this table."""
    import serve  # benchmarks/serve.py, beside this script

    for name, value, target, ok, fmt, *cpu in serve.measure(work, repeat):
        row(name, value, target, ok, fmt, cpu=cpu[0] if cpu else None)


def book_row(root: Path, repeat: int, row: Callable[..., None]) -> None:
    book, memos = book_vs_memos(root, repeat)
    row(
        f"memo book --all (6 memos; PDF, Word, HTML) vs its memos' PDFs rendered alone ({book:.1f} s, {memos:.1f} s)",
        book / memos,
        "<= 1.3x",
        book / memos <= 1.3,
    )


def report(rows: list[tuple[str, str, str, bool]], absolute: str) -> None:
    print("\n| scenario | measured | target | |\n| --- | --- | --- | --- |")
    for name, value, target, ok in rows:
        print(f"| {name} | {value} | {target} | {'ok' if ok else 'missed'} |")
    print(f"\nabsolute: {absolute}")


if __name__ == "__main__":
    main()
