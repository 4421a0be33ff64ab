"""Fuzzing the core: mutated models through load → plan → evaluate → JSON → simulate → report.

    python bench/fuzz.py [--count 100000] [--seed 2019] [--workers 2] [--report-every 20]
                         [--documents-every 50]

Every mutant starts from one of ``examples/*.yaml`` (and the tests' minimal model) and
gets one to three mutations, either *structural* (on the parsed tree: delete, duplicate
or swap keys and list items, rename a key, replace a value with an odd number, text,
formula, distribution or a deep nesting) or *byte-wise* (on the text: flip, insert,
delete or duplicate bytes and lines, control characters, anchors, brackets, truncation).
Structural mutants are written back as block YAML. The small examples are picked ten
times as often as the De Bilt ones (a De Bilt mutant costs as much as ten small ones);
the report (HTML, with its Monte Carlo and tornado) is made for one mutant in
``--report-every``, and every kind of document (PDF, Word, Excel, HTML and the till
receipts) for one in ``--documents-every``. Names and texts are also mutated with what a
hostile or careless author types: control characters, YAML escapes (``"\u0000"``,
``"\x1b"``, ``"\u202e"``), invisible characters and very long strings; the loader must
refuse them with a located problem, or every writer must take them. Each mutant runs
through the whole pipeline and gets one outcome:

``valid``           every step ran and every figure is finite;
``model_error``     the loader refused it with located problems (file, message; the
                    usual outcome: most mutants are broken models);
``unhandled``       any other exception, in any step: a bug;
``hang``            one step took more than 2 s of CPU time (the report: 30 s; CPU time, so
                    that other work on the machine does not count);
``non_finite``      a NaN or infinity in the results, the simulation or their JSON.

Mutant *i* of seed *s* is the same on every machine (its own ``random.Random``), so a
finding is reproduced with ``--only i``; the first few of each bad kind are also written
to ``bench/fuzz-findings/``. The test suite runs a bounded part (``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = [*sorted(EXAMPLES.glob("*.yaml")), ROOT / "tests" / "fixtures" / "minimal.yaml"]
FINDINGS = ROOT / "bench" / "fuzz-findings"
HANG_SECONDS = 2.0
REPORT_SECONDS = 30.0
DOCUMENTS_SECONDS = 120.0
"""Five documents, two of them PDFs, of a mutant whose texts may be at their limits."""
"""The report renders charts (Vega) and a long page: seconds, by design; a hang is more."""
OUTCOMES = ("valid", "model_error", "unhandled", "hang", "non_finite")

ODD_NUMBERS: list[Any] = [
    0,
    -1,
    1,
    0.5,
    150,
    1e15,
    1e16,
    -1e15,
    1e-13,
    1e-300,
    1e308,
    2**63,
    10**400,
    math.nan,
    math.inf,
    -math.inf,
    99999999999999999999,
]
ODD_TEXTS = [
    "",
    " ",
    "abc",
    "ja",
    "25%",
    "150%",
    "-5%",
    "1,5",
    "1.800",
    "€ 5",
    "1e5",
    "0x10",
    ".inf",
    "=1/0",
    "=reach/0",
    "=reach * 1e300",
    "=reach ** 0.5",
    "=(-1) ** 0.5",
    "=0 ** -1",
    "=reach - reach",
    "=min(reach, 0) - 1",
    "=1e308 * 10",
    "=10 ** 400",
    "=",
    "=reach.x",
    "=__import__('os')",
    "=" + "(" * 300 + "1" + ")" * 300,
    "=1" + "+1" * 3000,
    "=-" * 50 + "1",
    "x\x07y",
    "2019-13-45",
    "&a",
    "*a",
    "[",
    "{",
    "- -",
    "#",
    "%",
]
HOSTILE_PIECES = [
    "\x00",
    "\x1b",
    "\x0b",
    "\x0c",
    "\x07",
    "\x7f",
    "\x85",
    "\x9b",
    "\t",
    "\n",
    "\r",
    "\u202e",
    "\u202a",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200e",
    "\u200f",
    "\u00ad",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "<script>",
    "&amp;",
    "]]>",
    "{{ x }}",
    '=HYPERLINK("x")',
]
"""Put into a name or text: characters no document format holds, invisible ones that
reorder or hide text, and text other formats read as markup."""
LONG_LENGTHS = [199, 200, 201, 5_000, 19_999, 20_000, 20_001, 150_000]
"""Lengths around the limits of a name (200) and a long text (20,000), and far beyond."""
ESCAPES = ["\\u0000", "\\x1b", "\\u202e", "\\v", "\\f", "\\e", "\\ud800", "\\uFFFF"]
"""YAML double-quoted escapes written into a name's line (the loader sees the character)."""
ODD_DISTRIBUTIONS: list[Any] = [
    {"normal": {"mean": 1e300, "sd": 1}},
    {"normal": {"mean": 10, "sd": 1e300}},
    {"lognormal": {"mean": 10, "sd": 1e300}},
    {"lognormal": {"mean": 1e-300, "sd": 1}},
    {"uniform": [0, math.inf]},
    {"uniform": [5, 1]},
    {"uniform": [-10, 10]},
    {"uniform": [0, 1], "point": 5},
    {"triangular": [1, 2]},
    {"triangular": [3, 2, 1]},
    {"pert": [0, 0.5, 1]},
    {"pert": ["10%", "20%", "30%"]},
    {"beta": {"mean": 0.5, "sd": 1e-200}},
    {"beta": {"alpha": 1e-300, "beta": 1}},
    {"beta": {"alpha": 2, "beta": 5}},
    {"ci90": [1e-10, 1e14]},
    {"ci90": [-5, 5]},
    {"ci90": [1, 2], "point": math.nan},
    {"normal": {"mean": 0, "sd": 1}},
    {"gamma": [1, 2]},
    {"normal": [1, 2]},
]
BYTES = [
    b"\x00",
    b"\x07",
    b"\x1b",
    b"\t",
    b"\r",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b":",
    b"- ",
    b"&a ",
    b"*a",
    b"[",
    b"{",
    b"]",
    b"}",
    b"'",
    b'"',
    b"#",
    b"%",
    b"!!python/object ",
    b"<<: *a",
    b"\n",
    b"  ",
    b"=",
    b"\\",
    b"\xe2\x80\xa8",
    b"?",
]


class Hang(Exception):
    """A step that did not finish within :data:`HANG_SECONDS`."""


@dataclass
class Outcome:
    kind: str
    stage: str = ""
    detail: str = ""
    seconds: float = 0.0


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[tuple[int, Outcome]]] = field(default_factory=dict)

    def add(self, index: int, outcome: Outcome) -> None:
        self.counts[outcome.kind] += 1
        if outcome.kind not in ("valid", "model_error"):
            self.examples.setdefault(outcome.kind, []).append((index, outcome))
            if self.verbose:  # at once: a long run shows what it finds while it runs
                print(f"  {outcome.kind} #{index} [{outcome.stage}] {outcome.detail}", flush=True)

    verbose: bool = False


# ------------------------------------------------------------------ mutation
def _plain(path: Path) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text("utf-8"))


_TREES: dict[Path, Any] = {}


def _weight(path: Path) -> float:
    """Small examples are chosen more often: a De Bilt mutant costs ten small ones."""
    return 1.0 if path.stat().st_size < 20_000 else 0.1


def _nodes(tree: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every node with its path, outer ones first (not below 40 levels: deep on purpose)."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        yield path, node
        if len(path) > 40:
            continue
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))


def _ids(tree: Any) -> list[str]:
    return [
        v["id"] for _, v in _nodes(tree) if isinstance(v, dict) and isinstance(v.get("id"), str)
    ]


def _nested(rng: random.Random) -> Any:
    depth = rng.choice([3, 30, 60, 200, 2000])
    value: Any = rng.choice([1, "x", "=1"])
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def _odd_value(rng: random.Random, tree: Any) -> Any:
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(ODD_NUMBERS)
    if roll < 0.5:
        return rng.choice(ODD_TEXTS)
    if roll < 0.65:
        names = [*_ids(tree), "reach", "x"]
        a, b = rng.choice(names), rng.choice(names)
        op = rng.choice(["+", "-", "*", "/", "**"])
        return (
            f"={a} {op} {b}"
            if rng.random() < 0.7
            else f"={a} {op} {rng.choice([0, 1e300, -1, 0.5])}"
        )
    if roll < 0.85:
        return json.loads(json.dumps(rng.choice(ODD_DISTRIBUTIONS)))
    if roll < 0.93:
        return _nested(rng)
    return rng.choice([None, True, [], {}, [1, 2], {"id": "x"}, "2024-01-01"])


def _hostile_text(tree: Any, rng: random.Random) -> None:
    """One name or text changed the way a hostile or careless author would: a character
    no format holds or an invisible one put in, or the text made very long."""
    texts = [(p, v) for p, v in _nodes(tree) if p and isinstance(v, str) and isinstance(p[-1], str)]
    if not texts:
        return
    path, value = rng.choice(texts)
    parent = tree
    for key in path[:-1]:
        parent = parent[key]
    if rng.random() < 0.7:
        at = rng.randrange(len(value) + 1)
        piece = rng.choice(HOSTILE_PIECES) * rng.choice([1, 1, 3])
        parent[path[-1]] = value[:at] + piece + value[at:]
    else:
        length = rng.choice(LONG_LENGTHS)
        words = (value or "naam") + " "
        parent[path[-1]] = (words * (length // len(words) + 1))[:length]


def _escaped(data: bytes, rng: random.Random) -> bytes:
    """A name written as a double-quoted YAML string with an escape in it."""
    lines = data.split(b"\n")
    names = [i for i, line in enumerate(lines) if re.match(rb"\s*(- )?(name|title|client): ", line)]
    if not names:
        return data
    index = rng.choice(names)
    head, _, value = lines[index].partition(b": ")
    text = value.decode("utf-8", "replace").strip().strip("'\"").replace("\\", "").replace('"', "")
    at = rng.randrange(len(text) + 1)
    quoted = '"' + text[:at] + rng.choice(ESCAPES) + text[at:] + '"'
    lines[index] = head + b": " + quoted.encode("utf-8")
    return b"\n".join(lines)


def _structural(tree: Any, rng: random.Random) -> None:
    nodes = list(_nodes(tree))[1:]
    path, node = rng.choice(nodes)
    parent = tree
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    op = rng.random()
    if op < 0.2:
        del parent[last]
    elif op < 0.3 and isinstance(parent, list):
        parent.insert(last, node)  # the same object twice: dumped as two copies
    elif op < 0.4:
        other_path, other = rng.choice(nodes)
        if other_path[: len(path)] != path and path[: len(other_path)] != other_path:
            holder = tree
            for key in other_path[:-1]:
                holder = holder[key]
            parent[last], holder[other_path[-1]] = other, node
    elif op < 0.5 and isinstance(parent, dict):
        renamed = rng.choice([str(last)[:-1], str(last) + "s", "id", "set", "reach", "value"])
        parent[renamed] = parent.pop(last)
    elif op < 0.6 and isinstance(node, str):
        ids = _ids(tree) or ["x"]
        parent[last] = rng.choice(ids)
    else:
        parent[last] = _odd_value(rng, tree)


def _scalar(node: Any) -> str:
    if node is None:
        return "null"
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, float) and not math.isfinite(node):
        return ".nan" if math.isnan(node) else (".inf" if node > 0 else "-.inf")
    if isinstance(node, int | float):
        return repr(node)
    if hasattr(node, "isoformat"):
        return str(node.isoformat())
    return json.dumps(str(node), ensure_ascii=False)  # a JSON string is YAML double-quoted


def _dump(tree: Any) -> str:
    """Block-style YAML (what authors write, and what the parser reads fastest); lists and
    blocks nested deeper than 30 levels are written in flow style, as one line."""
    out: list[str] = []

    def flow(node: Any, depth: int) -> str:
        if depth > 5000:
            return "x"
        if isinstance(node, dict):
            inner = ", ".join(f"{_scalar(str(k))}: {flow(v, depth + 1)}" for k, v in node.items())
            return "{" + inner + "}"
        if isinstance(node, list):
            return "[" + ", ".join(flow(v, depth + 1) for v in node) + "]"
        return _scalar(node)

    def block(node: Any, indent: int, depth: int) -> None:
        pad = " " * indent
        if isinstance(node, dict):
            for key, value in node.items():
                head = f"{pad}{_scalar(str(key))}:"
                if isinstance(value, dict | list) and value and depth < 30:
                    out.append(head)
                    block(value, indent + 2, depth + 1)
                else:
                    out.append(f"{head} {_flat(value, depth)}")
        else:
            for value in node:
                if isinstance(value, dict | list) and value and depth < 30:
                    out.append(f"{pad}-")
                    block(value, indent + 2, depth + 1)
                else:
                    out.append(f"{pad}- {_flat(value, depth)}")

    def _flat(value: Any, depth: int) -> str:
        try:
            return flow(value, depth)
        except RecursionError:
            return "[" * 3000 + "]" * 3000

    if isinstance(tree, dict | list) and tree:
        block(tree, 0, 0)
        return "\n".join(out) + "\n"
    return _flat(tree, 0) + "\n"


def _bytewise(data: bytes, rng: random.Random) -> bytes:
    op = rng.random()
    at = rng.randrange(len(data) + 1)
    if op < 0.25:
        return data[:at] + rng.choice(BYTES) + data[at:]
    if op < 0.4 and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]
    if op < 0.55:
        return data[:at] + data[at + rng.randrange(1, 200) :]
    lines = data.split(b"\n")
    if op < 0.7:
        start = rng.randrange(len(lines))
        end = min(len(lines), start + rng.randrange(1, 30))
        return b"\n".join(lines[:end] + lines[start:end] + lines[end:])
    if op < 0.8:
        start = rng.randrange(len(lines))
        end = min(len(lines), start + rng.randrange(1, 30))
        return b"\n".join(lines[:start] + lines[end:])
    if op < 0.9:
        index = rng.randrange(len(lines))
        line = lines[index]
        lines[index] = (
            (b" " * rng.choice([1, 2, 4]) + line) if rng.random() < 0.5 else line.lstrip()
        )
        return b"\n".join(lines)
    return data[:at]


def mutant(seed: int, index: int) -> tuple[str, bytes]:
    """Mutant ``index`` of ``seed``: (which example it came from, its bytes)."""
    rng = random.Random(f"{seed}-{index}")
    source = rng.choices(SEEDS, weights=[_weight(p) for p in SEEDS])[0]
    roll = rng.random()
    if roll < 0.15:  # names and texts: hostile characters, escapes, lengths
        if rng.random() < 0.3:
            return source.name, _escaped(source.read_bytes(), rng)
        if source not in _TREES:
            _TREES[source] = _plain(source)
        tree = copy.deepcopy(_TREES[source])
        for _ in range(rng.choice([1, 1, 2])):
            _hostile_text(tree, rng)
        return source.name, _dump(tree).encode("utf-8", "surrogatepass")
    if roll < 0.6:
        if source not in _TREES:
            _TREES[source] = _plain(source)
        tree = copy.deepcopy(_TREES[source])
        for _ in range(rng.choice([1, 1, 2, 3])):
            _structural(tree, rng)
        return source.name, _dump(tree).encode("utf-8")
    data = source.read_bytes()
    for _ in range(rng.choice([1, 1, 2, 3])):
        data = _bytewise(data, rng)
    return source.name, data


# ------------------------------------------------------------------ the pipeline
def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang


def _timed(stage: str, step: Callable[[], Any]) -> Any:
    """Run one step with a limit on its CPU time (not wall time: other processes on the
    machine must not turn a slow moment into a hang)."""
    signal.signal(signal.SIGPROF, _alarm)
    limit = {"report": REPORT_SECONDS, "documents": DOCUMENTS_SECONDS}.get(stage, HANG_SECONDS)
    signal.setitimer(signal.ITIMER_PROF, limit)
    try:
        return step()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _all_finite(document: Any) -> bool:
    try:
        json.dumps(document, allow_nan=False)
    except ValueError:
        return False
    return True


def write_documents(results: Any, folder: Path) -> None:
    """Every kind of document the CLI and the web app make: PDF, Word, Excel, HTML and the
    till receipts (a PDF), each in the model's currency."""
    from rendement.i18n import language
    from rendement.model import BASE_SCENARIO
    from rendement.money import currency
    from rendement.present.receipt import receipt
    from rendement.report import receipts_outline, write_pdf, write_report

    for fmt in ("pdf", "docx", "xlsx", "html"):
        write_report(results, folder / f"d.{fmt}", fmt=fmt)
    with language("nl"), currency(results.currency):
        bons = [
            receipt(results, r.get(r.evaluations[0].variant, BASE_SCENARIO))
            for r in results.interventions
        ]
        write_pdf(receipts_outline(results, bons), folder / "kassabon.pdf")


def run_one(
    data: bytes, folder: Path, report: bool, draws: int = 32, documents: bool = False
) -> Outcome:
    """One mutant through the whole pipeline; the outcome and, if bad, where and what."""
    from rendement.engine import build_plan, evaluate
    from rendement.model import ModelError, load_model, loads
    from rendement.report import analyse_uncertainty, write_report
    from rendement.uncertainty import simulate

    stage = "load"
    try:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            path = folder / "mutant.yaml"
            path.write_bytes(data)
            try:
                _timed(stage, lambda: load_model(path))
            except ModelError as error:
                return Outcome("model_error", stage, error.problems[0].code)
            return Outcome("unhandled", stage, "bytes that are not UTF-8 were accepted")
        try:
            model = _timed(stage, lambda: loads(text, "mutant.yaml", EXAMPLES))
        except ModelError as error:
            if not error.problems or not all(p.message and p.file for p in error.problems):
                return Outcome("unhandled", stage, f"ModelError without a message: {error}")
            return Outcome("model_error", stage, error.problems[0].code)
        stage = "plan"
        _timed(stage, lambda: build_plan(model))
        stage = "evaluate"
        results = _timed(stage, lambda: evaluate(model))
        stage = "json"
        if not _all_finite(results.to_json()):
            return Outcome("non_finite", stage, "NaN or infinity in run --json")
        stage = "simulate"
        simulation = _timed(stage, lambda: simulate(model, draws=draws, seed=7))
        if not _all_finite(simulation.to_json(True)):
            return Outcome("non_finite", stage, "NaN or infinity in simulate --json")
        if report:  # with the Monte Carlo and tornado of the report when it has them
            stage = "report"
            simulation_, tornados = _timed(
                stage, lambda: analyse_uncertainty(results, draws=200, seed=7)
            )
            if not _all_finite([t.to_json() for t in tornados]):
                return Outcome("non_finite", stage, "NaN or infinity in sensitivity --json")
            _timed(
                stage,
                lambda: write_report(
                    results, folder / "r.html", "html", None, "nl", simulation_, tornados
                ),
            )
        if documents:
            stage = "documents"
            _timed(stage, lambda: write_documents(results, folder))
        return Outcome("valid", stage)
    except Hang:
        limit = {"report": REPORT_SECONDS, "documents": DOCUMENTS_SECONDS}.get(stage, HANG_SECONDS)
        return Outcome("hang", stage, f"more than {limit:g} s")
    except Exception as error:  # every other exception is what the fuzzer looks for
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Outcome(
            "unhandled",
            stage,
            f"{type(error).__name__}: {str(error)[:200]} "
            f"({Path(where.filename).name}:{where.lineno})",
        )


def work(args: tuple[int, int, int, int, int, int]) -> list[tuple[int, Outcome]]:
    """Mutants ``start`` to ``stop`` (a chunk, in a worker process)."""
    seed, start, stop, report_every, draws, documents_every = args
    out = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(start, stop):
            _, data = mutant(seed, index)
            began = time.perf_counter()
            outcome = run_one(
                data,
                Path(folder),
                report_every > 0 and index % report_every == 0,
                draws,
                documents_every > 0 and index % documents_every == documents_every // 2,
            )
            outcome.seconds = time.perf_counter() - began
            out.append((index, outcome))
    return out


def fuzz(
    count: int,
    seed: int = 2019,
    workers: int = 1,
    report_every: int = 20,
    draws: int = 32,
    progress: Callable[[Tally], None] | None = None,
    documents_every: int = 0,
) -> Tally:
    """Run ``count`` mutants; the tally of outcomes and the bad ones with their index."""
    tally = Tally(verbose=progress is not None)
    chunk = 50
    jobs = [
        (seed, start, min(start + chunk, count), report_every, draws, documents_every)
        for start in range(0, count, chunk)
    ]
    if workers <= 1:
        for job in jobs:
            for index, outcome in work(job):
                tally.add(index, outcome)
            if progress:
                progress(tally)
        return tally
    from multiprocessing import get_context

    import rendement.report  # noqa: F401  (imported once here; every worker forks with it)

    # a worker is replaced after 40 chunks: caches that grow with every model (the Monte
    # Carlo keeps each model it ran) must not turn a garbage collection into a "hang"
    # Closed and joined, not terminated (which ``with Pool`` does): terminating sends each
    # worker SIGTERM while one of them may hold the task queue's lock, and a worker that
    # survives the signal then waits for that lock forever (a CI run hung so, once).
    pool = get_context("fork").Pool(workers, maxtasksperchild=40)
    try:
        for batch in pool.imap_unordered(work, jobs):
            for index, outcome in batch:
                tally.add(index, outcome)
            if progress:
                progress(tally)
        pool.close()  # every worker ends after its last job, on the queue's own sentinel
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--report-every", type=int, default=20, help="0: never the report")
    parser.add_argument("--draws", type=int, default=32)
    parser.add_argument("--only", type=int, help="run this one mutant and show it")
    parser.add_argument(
        "--documents-every", type=int, default=50, help="every document (PDF, Word, ...); 0: never"
    )
    args = parser.parse_args()
    if args.only is not None:
        name, data = mutant(args.seed, args.only)
        sys.stdout.write(f"# mutant {args.only} of seed {args.seed}, from {name}\n")
        with tempfile.TemporaryDirectory() as folder:
            outcome = run_one(data, Path(folder), True, args.draws, documents=True)
        print(outcome)
        FINDINGS.mkdir(exist_ok=True)
        (FINDINGS / f"mutant-{args.seed}-{args.only}.yaml").write_bytes(data)
        return
    started = time.perf_counter()
    last = [0.0]

    def progress(tally: Tally) -> None:
        now = time.perf_counter()
        if now - last[0] > 30:
            last[0] = now
            done = sum(tally.counts.values())
            counts = ", ".join(f"{k} {tally.counts.get(k, 0)}" for k in OUTCOMES)
            print(f"  {done}/{args.count} in {now - started:.0f} s: {counts}", flush=True)

    tally = fuzz(
        args.count,
        args.seed,
        args.workers,
        args.report_every,
        args.draws,
        progress,
        args.documents_every,
    )
    seconds = time.perf_counter() - started
    print(f"{args.count} mutants (seed {args.seed}, {args.workers} processes) in {seconds:.0f} s")
    for kind in OUTCOMES:
        print(f"  {kind:12} {tally.counts.get(kind, 0)}")
    FINDINGS.mkdir(exist_ok=True)
    for kind, found in tally.examples.items():
        for index, outcome in found[:20]:
            print(f"  {kind} #{index} [{outcome.stage}] {outcome.detail}")
        for index, _ in found[:5]:
            _, data = mutant(args.seed, index)
            (FINDINGS / f"mutant-{args.seed}-{index}.yaml").write_bytes(data)


if __name__ == "__main__":
    main()
