"""The fast road of the loader (libyaml) gives exactly what the round-trip road gives.

A valid model is read with PyYAML's C parser into ruamel's own values and validated; a
model with any problem is read again by ruamel's round-trip parser, which locates it. These
tests load every example and every broken fixture both ways — the round-trip road forced by
switching the fast one off — and compare: the same model, the same problems with the same
lines, paths and words. The tree the fast reader builds is compared node by node with the
round-trip tree, types included (the ``1.800`` check reads a float's written width).
Timing is in ``bench/load_model.py``, not here.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.scalarfloat import ScalarFloat

from rendement.model import ModelError, fastyaml, load_model, loader, loads, overrides, printed
from rendement.model import values as values_module

ROOT = Path(__file__).parents[1]
EXAMPLES = [  # the models among the examples (a price list is not one)
    p for p in sorted(ROOT.glob("examples/**/*.yaml")) if "\nrendement: 1" in "\n" + p.read_text()
]
FIXTURES = ROOT / "tests" / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml")) + sorted(
    p for p in FIXTURES.glob("*.yaml") if "mistakes" in p.name
)


def test_pyyaml_has_its_c_parser() -> None:
    """The wheels on PyPI carry libyaml; without it every load takes the slow road (still
    correct, ten times slower), which these tests must not pass over silently."""
    assert fastyaml.AVAILABLE


def _forget() -> None:
    """Empty the loader's memos, so the second road computes everything again itself."""
    values_module._PARSED.clear()
    printed._READ.clear()
    overrides._APPLIED.clear()


def _slow(load: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    _forget()
    with monkeypatch.context() as patch:
        patch.setattr(fastyaml, "AVAILABLE", False)
        before = loader.FAST_LOADS
        try:
            return load()
        finally:
            assert before == loader.FAST_LOADS  # the round-trip road, really


def _problems(error: ModelError) -> list[tuple[Any, ...]]:
    return [(p.file, p.line, p.path, str(p.text), p.code) for p in error.problems]


def _same_tree(fast: Any, slow: Any, where: str = "") -> None:
    """Equal values of the same types (ruamel's containers stand for dict and list)."""
    if isinstance(slow, dict):
        assert type(fast) is dict, where
        assert list(fast) == list(slow), where
        for (key, value), (slow_key, slow_value) in zip(fast.items(), slow.items(), strict=True):
            assert type(key) is type(slow_key), where
            _same_tree(value, slow_value, f"{where}.{key}")
    elif isinstance(slow, list):
        assert type(fast) is list and len(fast) == len(slow), where
        for n, (item, slow_item) in enumerate(zip(fast, slow, strict=True)):
            _same_tree(item, slow_item, f"{where}[{n}]")
    else:
        assert type(fast) is type(slow), (where, fast, slow)
        assert fast == slow, where
        if isinstance(slow, float):
            assert repr(fast) == repr(slow), where  # -0.0 too
        if isinstance(slow, ScalarFloat):
            for name in ("_width", "_prec", "_m_sign", "_m_lead0", "_exp"):
                assert getattr(fast, name, None) == getattr(slow, name, None), (where, name)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_loads_fast_to_the_same_model(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forget()
    before = loader.FAST_LOADS
    fast = load_model(path)
    assert before + 1 == loader.FAST_LOADS  # the fast road was taken
    assert fast.raw is None  # no round-trip tree was read …
    slow = _slow(lambda: load_model(path), monkeypatch)
    assert fast.case.model_dump() == slow.case.model_dump()
    assert fast.book == slow.book
    # every variant under every scenario: the interventions the engine evaluates
    assert set(fast._effective) == set(slow._effective)
    for key, intervention in slow._effective.items():
        assert fast._effective[key].model_dump() == intervention.model_dump()
    # … until something asks for lines: then it is the round-trip tree of the same text
    _same_tree(fastyaml.fast_load(fast.text), fast.tree())
    assert fast.tree().lc.line == slow.raw.lc.line  # with lines, as the slow road had


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_every_broken_fixture_says_the_same_on_both_roads(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forget()
    before = loader.FAST_LOADS
    with pytest.raises(ModelError) as fast:
        load_model(path)
    assert before == loader.FAST_LOADS  # a broken model never passes the fast road
    with pytest.raises(ModelError) as slow:
        _slow(lambda: load_model(path), monkeypatch)
    assert _problems(fast.value) == _problems(slow.value)
    assert all(p.file == str(path) for p in fast.value.problems)


def _minimal() -> str:
    return (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def test_a_dutch_thousands_dot_is_read_with_its_width_and_refused_at_its_line() -> None:
    text = _minimal()
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip().startswith("reach:"))
    lines[at] = lines[at].split(":")[0] + ": 1.800"
    changed = "\n".join(lines) + "\n"
    # the fast reader keeps what the check needs: 5 characters, the point after 1
    (intervention,) = fastyaml.fast_load(changed)["interventions"]
    reach = intervention["reach"]
    assert isinstance(reach, ScalarFloat) and reach == 1.8
    assert (reach._width, reach._prec) == (5, 1)
    before = loader.FAST_LOADS
    with pytest.raises(ModelError) as caught:
        loads(changed, "m.yaml")
    assert before == loader.FAST_LOADS
    (problem,) = caught.value.problems
    assert problem.line == at + 1
    assert "bedoelde u 1800?" in str(problem.text)
    # 46.875 is a number as written, and the fast road takes it
    lines[at] = lines[at].split(":")[0] + ": 46.875"
    model = loads("\n".join(lines) + "\n", "m.yaml")
    assert before + 1 == loader.FAST_LOADS
    assert model.case.interventions[0].reach.literal == 46.875


def test_the_fast_reader_types_plain_scalars_as_yaml_1_2_does() -> None:
    text = (
        "a: yes\nb: 1.50\nc: -0.50\nd: 2019-05-08\ne: ~\nf: True\ng: 'één'\n"
        'h: "twee"\ni: |\n  letterlijk\n  tekst\nj: >\n  gevouwen\n  tekst\nk: 12\n'
        "l: -3\nm: 1.\nn: =a * b\no: 25%\np: ''\nq:\nr: [1, x, 0.5]\ns: {t: null}\n"
        "u: 0\nv: no\nw: FALSE\nx: 007.5\n"
    )
    fast = fastyaml.fast_load(text)
    assert fast["a"] == "yes" and fast["v"] == "no"  # YAML 1.1 booleans are text in 1.2
    assert fast["d"] == datetime.date(2019, 5, 8)
    assert fast["e"] is None and fast["q"] is None and fast["f"] is True
    assert fast["w"] is False
    assert fast["i"] == "letterlijk\ntekst\n" and fast["j"] == "gevouwen tekst\n"
    _same_tree(fast, loader._yaml().load(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # an anchor and an alias
        "a: !!float 1\n",  # a tag
        "a: 1\na: 2\n",  # a duplicate key
        "a: 0x1F\n",  # hexadecimal
        "a: 1_000\n",  # an underscore
        "a: 1e3\n",  # an exponent
        "a: .inf\n",
        "a: 010\n",  # a leading zero
        "a: 2024-13-15\n",  # an impossible date
        "a: 2019-05-08 10:00:00\n",  # a time of day
        "%YAML 1.1\n---\na: 1\n",  # a directive
        "a: [1, 2\n",  # libyaml's own complaint
        "",  # nothing
        "? [a, b]\n: 1\n",  # a key that is a list
        "a: 1\n\u2028  b: 2\n",  # a line separator: libyaml reads a break, ruamel refuses
        "a: 1\rb: 2\n",  # a lone carriage return
        "a: x\x85y\n",  # next line (NEL)
        "a: \t40\n",  # a tab before a value: libyaml takes it, ruamel refuses it
    ],
)
def test_the_fast_reader_leaves_what_it_is_not_sure_of_to_ruamel(text: str) -> None:
    with pytest.raises(fastyaml.Unsure):
        fastyaml.fast_load(text)


def test_a_duplicate_key_is_located_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _minimal().replace("rendement: 1\n", "rendement: 1\nrendement: 1\n", 1)
    with pytest.raises(ModelError) as fast:
        loads(text, "m.yaml")
    with pytest.raises(ModelError) as slow:
        _slow(lambda: loads(text, "m.yaml"), monkeypatch)
    assert _problems(fast.value) == _problems(slow.value)
    second = text.splitlines().index("rendement: 1") + 2  # the line of the second one
    assert fast.value.problems[0].line == second


def test_the_garbage_collector_is_back_after_a_load_and_after_a_mistake() -> None:
    import gc

    assert gc.isenabled()
    loads(_minimal(), "m.yaml")
    assert gc.isenabled()
    with pytest.raises(ModelError):
        loads("- a\n", "m.yaml")
    assert gc.isenabled()


@pytest.mark.parametrize("rho_ac", [-0.9, 0.5, 0.7])
def test_impossible_correlations_are_found_per_linked_group(rho_ac: float) -> None:
    """The check factors each group of linked inputs alone; the verdict is that of the
    whole matrix, computed here another way (its smallest eigenvalue)."""
    import numpy as np

    a, b, c = (f"ouders_lokaal.effects.{e}.share" for e in ("huisarts", "cjg", "jeugdhulp"))
    d, e = "maatjesproject.effects.huisarts.units_per_case", "samen_oplopen.parameters.gezinnen"
    pairs = [(a, b, 0.9), (d, e, 0.5), (b, c, 0.9), (a, c, rho_ac)]  # two groups, interleaved
    written = "".join(f"  - between: [{x}, {y}]\n    rho: {r}\n" for x, y, r in pairs)
    text = (ROOT / "examples" / "de-bilt-2019-onzeker.yaml").read_text(encoding="utf-8")
    old = "  - between: [ouders_lokaal.effects.cjg.share, ouders_lokaal.effects.jeugdhulp.share]\n"
    text = text.replace(old + "    rho: 0.5\n", written)
    names = [a, b, d, e, c]
    matrix = np.eye(5)
    for x, y, r in pairs:
        matrix[names.index(x), names.index(y)] = matrix[names.index(y), names.index(x)] = r
    possible = np.linalg.eigvalsh(matrix).min() > 0
    assert possible == (rho_ac == 0.7)  # the hand computation: det 0,024 > 0 only for 0,7
    if possible:
        loads(text, str(ROOT / "examples" / "m.yaml"))
    else:
        with pytest.raises(ModelError) as caught:
            loads(text, str(ROOT / "examples" / "m.yaml"))
        assert [p.code for p in caught.value.problems] == ["impossible_correlation"]


def _fuzz() -> Any:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("fuzz", ROOT / "bench" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz"] = module
    spec.loader.exec_module(module)
    return module


def _outcome(text: str) -> tuple[Any, ...]:
    _forget()
    try:
        return ("model", loads(text, str(ROOT / "examples" / "m.yaml")).case.model_dump())
    except ModelError as error:
        return ("problems", _problems(error))


def test_mutated_models_end_the_same_on_both_roads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fuzzer's mutants (broken syntax, odd values, hostile texts): the same model or
    the same located problems either way. A longer run found the U+2028 case above."""
    fuzz = _fuzz()
    roads = {True: 0, False: 0}
    for index in range(60):
        _name, data = fuzz.mutant(7, index)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        before = loader.FAST_LOADS
        fast = _outcome(text)
        roads[before < loader.FAST_LOADS] += 1
        assert fast == _slow(lambda text=text: _outcome(text), monkeypatch), index
    assert roads[True] > 0 and roads[False] > 0  # both roads were taken
